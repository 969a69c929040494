/**
 * The analysts' commands: search, export, metadata. Each is a thin layer over a library
 * function of src/analysis/ (searchIndicators, exportView, writeDataPackage,
 * datasetteMetadata), on a database opened with openExisting (its analysis brought up to
 * date there).
 */
import { Command, Option } from "commander";
import { DEFAULT_DB, openExisting } from "./common.js";
import type { Io } from "./main.js";

const VIEWS_HELP = "v_indicators, v_indicators_best, v_services, v_charters, v_checks";

function limit(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error("--limit must be a whole number of at least 1.");
  return n;
}

export function addAnalysisCommands(program: Command, io: Io): void {
  const { out, err } = io;

  program
    .command("search")
    .description("Full-text search over service names and descriptions, indicator descriptions, formulas and notes (accents folded).")
    .argument("<query...>", "words that must all appear (with --raw: an FTS5 query)")
    .option("--db <file>", "SQLite database to read", DEFAULT_DB)
    .addOption(new Option("--format <format>", "output format").choices(["table", "csv", "jsonl"]).default("table"))
    .option("--best", "only each charter's best file (v_indicators_best)", false)
    .option("--raw", "pass the query to FTS5 as it is (OR, NEAR, prefix*, column:word)", false)
    .option("--limit <n>", "at most this many rows, best matches first", limit, 50)
    .addHelpText("after", `
Rows are indicators of v_indicators (or v_indicators_best), best matches first, with a
snippet of the matching text in [brackets]. "reclami" finds "reclami"; "qualita" finds
"qualità"; use --raw 'reclam*' for every word starting so.

Examples:
  charters search reclami
  charters search "tempo di risposta" --best --format csv > risposta.csv
  charters search --raw 'formula:giorni AND NOT lavorativi' --format jsonl`)
    .action(async (words: string[], o: { db: string; format: "table" | "csv" | "jsonl"; best: boolean; raw: boolean; limit: number }) => {
      const { searchIndicators } = await import("../analysis/search.js");
      const { csvLines, jsonLines, tableLines } = await import("../analysis/writers.js");
      const db = await openExisting(o.db);
      try {
        const { columns, rows } = searchIndicators(db, { query: words.join(" "), raw: o.raw, best: o.best, limit: o.limit });
        const lines = o.format === "csv" ? csvLines(columns, rows, { bom: false }) : o.format === "jsonl" ? jsonLines(columns, rows) : tableLines(columns, rows);
        for (const l of lines) out(l);
        if (rows.length === 0) err(`charters: nothing found for ${JSON.stringify(words.join(" "))}\n`);
      } finally {
        db.close();
      }
    });

  program
    .command("export")
    .description("Export a view as CSV (UTF-8 with BOM, for Excel), XLSX or JSON lines, or every view as a Frictionless data package.")
    .option("--db <file>", "SQLite database to read", DEFAULT_DB)
    .option("--view <name>", `the view to export: ${VIEWS_HELP}`, "v_indicators")
    .option("--where <sql>", "only the rows where this SQL condition holds, e.g. \"year = 2021 AND best = 1\"")
    .addOption(new Option("--format <format>", "csv, xlsx or jsonl").choices(["csv", "xlsx", "jsonl"]))
    .option("-o, --out <file>", "write to this file (default: standard output; xlsx needs a file unless the output is piped)")
    .option("--datapackage <dir>", "write every view (or the one named by --view) as CSV into DIR with a Frictionless datapackage.json")
    .addHelpText("after", `
The rows are exactly the view's (those --where keeps), in a stable order. CSV is RFC 4180
with a UTF-8 byte-order mark so that Excel shows accents right; XLSX has typed numbers,
a bold header row, frozen panes and filters; JSON lines has one object per row. The data
package's CSVs carry no byte-order mark; datapackage.json gives every field's type,
description and unit (from the database's docs table).

Examples:
  charters export --format csv --out indicatori.csv
  charters export --view v_checks --where "severity = 'error'" --format xlsx --out errori.xlsx
  charters export --view v_indicators_best --format jsonl | jq .target_value
  charters export --datapackage open-data/`)
    .action(async (o: { db: string; view: string; where?: string; format?: "csv" | "xlsx" | "jsonl"; out?: string; datapackage?: string }, cmd: Command) => {
      const { UsageError } = await import("../pipeline/import.js");
      if (!o.datapackage && !o.format) throw new UsageError("export needs --format csv|xlsx|jsonl (or --datapackage DIR)");
      if (o.datapackage && (o.format || o.out)) throw new UsageError("--datapackage writes its own CSVs: leave out --format and --out");
      if (o.format === "xlsx" && !o.out && process.stdout.isTTY) throw new UsageError("xlsx is binary: give --out FILE or pipe the output");
      const db = await openExisting(o.db);
      try {
        if (o.datapackage) {
          const { writeDataPackage } = await import("../analysis/datapackage.js");
          const { VIEW_DOCS } = await import("../db/docs.js");
          const views = cmd.getOptionValueSource("view") === "default" ? VIEW_DOCS.map((v) => v.name) : [o.view];
          const s = await writeDataPackage(db, o.datapackage, views, o.where);
          err(`charters: ${s.path}: ${s.resources.map((r) => `${r.name} ${r.rows} rows`).join(", ")}\n`);
          return;
        }
        const { exportView } = await import("../analysis/export.js");
        const n = await exportView(db, { view: o.view, where: o.where, format: o.format! }, o.out ?? process.stdout);
        if (o.out) err(`charters: ${o.out}: ${n} rows of ${o.view}\n`);
      } finally {
        db.close();
      }
    });

  program
    .command("metadata")
    .description("Print Datasette metadata for the database: title, source, every view and column described, facets, search, internal tables hidden.")
    .option("--db <file>", "SQLite database to describe", DEFAULT_DB)
    .option("--name <name>", "the database's name in Datasette (default: the file name without its extension)")
    .option("-o, --out <file>", "write to this file instead of standard output")
    .addHelpText("after", `
Examples:
  charters metadata > metadata.json && datasette output/charters.sqlite -m metadata.json
  charters metadata --db archive.sqlite --out archive.metadata.json`)
    .action(async (o: { db: string; name?: string; out?: string }) => {
      const { databaseName, datasetteMetadata } = await import("../analysis/metadata.js");
      const db = await openExisting(o.db);
      try {
        const json = JSON.stringify(datasetteMetadata(db, o.name ?? databaseName(o.db)), null, 2) + "\n";
        if (o.out) (await import("node:fs")).writeFileSync(o.out, json);
        else out(json);
      } finally {
        db.close();
      }
    });
}
