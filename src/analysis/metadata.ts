/**
 * `charters metadata`: Datasette metadata for the database, built from the database's own
 * `docs` table (descriptions of every view and column, their units) and the views'
 * configuration in src/db/docs.ts (facets, the full-text index behind each search box):
 * title, source, a description of the dataset and its units, every public view described
 * column by column, and every other table hidden.
 */
import type Database from "better-sqlite3";
import { basename, extname } from "node:path";
import { VIEW_DOCS } from "../db/docs.js";

export const DATASET = {
  title: "Carte dei servizi: standard e risultati di qualità (charters)",
  description:
    "Service charters published by Italian public administrations (\"Standard qualità dei servizi erogati\", \"Carta dei servizi\", \"Risultati della qualità dei servizi\"), read from PDF, spreadsheets and text into one dataset: services, their quality indicators (CiVIT dimensions), targets and achieved values, with checks of the data and of the rule that a target may not be worse than the year before.",
  source: "Service charters published by Italian public administrations (Amministrazione trasparente > Servizi erogati)",
};

export interface DocRow {
  type: string | null;
  unit: string | null;
  description: string;
}

/** The docs table: object -> column ('' for the object itself) -> its documentation, in order. */
export function readDocs(db: Database.Database): Map<string, Map<string, DocRow>> {
  const out = new Map<string, Map<string, DocRow>>();
  const rows = db.prepare("SELECT object, column_name, type, unit, description FROM docs ORDER BY object, position").all() as ({ object: string; column_name: string } & DocRow)[];
  for (const r of rows) {
    let m = out.get(r.object);
    if (!m) out.set(r.object, (m = new Map()));
    m.set(r.column_name, { type: r.type, unit: r.unit, description: r.description });
  }
  return out;
}

/** A column's description with its unit, as Datasette shows it. */
function describe(d: DocRow): string {
  return d.unit ? `${d.description} Unit: ${d.unit}.` : d.description;
}

/** Datasette's name for a database file: its name without the extension. */
export function databaseName(path: string): string {
  return basename(path, extname(path));
}

export function datasetteMetadata(db: Database.Database, name: string): Record<string, unknown> {
  const docs = readDocs(db);
  const units = [...(docs.get("units") ?? new Map<string, DocRow>())].filter(([k]) => k !== "");
  const tables: Record<string, unknown> = {};
  for (const v of VIEW_DOCS) {
    const d = docs.get(v.name);
    if (!d) continue;
    tables[v.name] = {
      description: d.get("")?.description ?? "",
      columns: Object.fromEntries([...d].filter(([c]) => c !== "").map(([c, doc]) => [c, describe(doc)])),
      facets: [...v.facets],
      ...(v.fts ? { fts_table: v.fts.table, fts_pk: v.fts.pk } : {}),
    };
  }
  const internal = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  for (const t of internal) tables[t.name] = { hidden: true };
  const unitList = units.map(([code, d]) => `${code}: ${d.description}`).join("; ");
  const measures = [...(docs.get("measure_units") ?? new Map<string, DocRow>())].map(([code, d]) => `${code}: ${d.description}`).join("; ");
  return {
    title: DATASET.title,
    description: DATASET.description,
    source: DATASET.source,
    databases: {
      [name]: {
        description: `${DATASET.description} Start with v_indicators_best (each charter counted once), v_indicator_dimensions, v_charters and v_checks. Units of target_unit and actual_unit: ${unitList}.${measures ? ` Comparable units of target_norm and actual_norm: ${measures}.` : ""}`,
        tables,
      },
    },
  };
}
