/**
 * `charters export --datapackage DIR`: each view as a CSV (UTF-8, no byte-order mark: the
 * package is for tools) and a Frictionless Tabular Data Package descriptor,
 * datapackage.json, whose field types, descriptions and units come from the database's
 * own `docs` table.
 */
import type Database from "better-sqlite3";
import { writeFileSync } from "node:fs";
import { makeFolders } from "../pipeline/paths.js";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { DATASET, readDocs, type DocRow } from "./metadata.js";
import { openOutput, outputError, watchErrors } from "./output.js";
import { publicView, viewRows } from "./read.js";
import { csvLines, pump } from "./writers.js";

export interface PackageSummary {
  path: string;
  resources: { name: string; path: string; rows: number }[];
}

function field(name: string, doc: DocRow | undefined): Record<string, unknown> {
  const type = doc?.type ?? "string";
  const f: Record<string, unknown> = { name, type, description: doc?.description ?? "" };
  if (type === "boolean") Object.assign(f, { trueValues: ["1"], falseValues: ["0"] });
  if (doc?.unit) f.unit = doc.unit;
  return f;
}

/** Write the views (all public ones, or those named) with a datapackage.json into `dir`: a usage error when it cannot be written there, an output error when a write fails. */
export async function writeDataPackage(db: Database.Database, dir: string, views: string[], where?: string): Promise<PackageSummary> {
  try {
    return await writePackage(db, dir, views, where);
  } catch (e) {
    throw outputError(e, dir);
  }
}

async function writePackage(db: Database.Database, dir: string, views: string[], where?: string): Promise<PackageSummary> {
  makeFolders(dir);
  const docs = readDocs(db);
  const resources: Record<string, unknown>[] = [];
  const summary: PackageSummary = { path: join(dir, "datapackage.json"), resources: [] };
  for (const name of views) {
    const view = publicView(name);
    const { columns, rows } = viewRows(db, view, { where });
    const path = `${view.name}.csv`;
    const out = openOutput(join(dir, path));
    const errors = watchErrors(out);
    const n = (await pump(csvLines(columns, rows, { bom: false }), out)) - 1;
    out.end();
    await finished(out).finally(() => errors.dispose());
    const cols = docs.get(view.name);
    resources.push({
      name: view.name,
      path,
      profile: "tabular-data-resource",
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      description: cols?.get("")?.description ?? "",
      dialect: { delimiter: ",", doubleQuote: true, lineTerminator: "\r\n", header: true },
      schema: { fields: columns.map((c) => field(c, cols?.get(c))), missingValues: [""] },
    });
    summary.resources.push({ name: view.name, path, rows: n });
  }
  const units = docs.get("units");
  const descriptor = {
    profile: "tabular-data-package",
    name: "charters",
    title: DATASET.title,
    description: `${DATASET.description}${where ? ` Rows where ${where}.` : ""}`,
    created: new Date().toISOString(),
    sources: [{ title: DATASET.source }],
    units: units ? Object.fromEntries([...units].filter(([k]) => k !== "").map(([k, d]) => [k, d.description])) : {},
    resources,
  };
  writeFileSync(summary.path, JSON.stringify(descriptor, null, 2) + "\n");
  return summary;
}
