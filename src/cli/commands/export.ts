/** `charters export`: a thin layer over src/analysis/export.ts and datapackage.ts (a view as CSV, XLSX, JSON lines, or a data package). */
import { Option, type Command } from "commander";
import { DEFAULT_DB, openExisting } from "../common.js";
import type { Io } from "../io.js";

const VIEWS_HELP = "v_indicators, v_indicators_best, v_services, v_charters, v_checks";

interface ExportCliOptions {
  db: string;
  view: string;
  where?: string;
  format?: "csv" | "xlsx" | "jsonl";
  out?: string;
  datapackage?: string;
}

export function addExportCommand(program: Command, io: Io): void {
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
    .action((o: ExportCliOptions, cmd: Command) => exportAction(io, o, cmd));
}

async function exportAction(io: Io, o: ExportCliOptions, cmd: Command): Promise<void> {
  const { UsageError } = await import("../../pipeline/import.js");
  if (!o.datapackage && !o.format) throw new UsageError("export needs --format csv|xlsx|jsonl (or --datapackage DIR)");
  if (o.datapackage && (o.format || o.out)) throw new UsageError("--datapackage writes its own CSVs: leave out --format and --out");
  if (o.format === "xlsx" && !o.out && process.stdout.isTTY) throw new UsageError("xlsx is binary: give --out FILE or pipe the output");
  const db = await openExisting(o.db);
  try {
    if (o.datapackage) {
      const { writeDataPackage } = await import("../../analysis/datapackage.js");
      const { VIEW_DOCS } = await import("../../db/docs.js");
      const views = cmd.getOptionValueSource("view") === "default" ? VIEW_DOCS.map((v) => v.name) : [o.view];
      const s = await writeDataPackage(db, o.datapackage, views, o.where);
      io.err(`charters: ${s.path}: ${s.resources.map((r) => `${r.name} ${r.rows} rows`).join(", ")}\n`);
      return;
    }
    const { exportView } = await import("../../analysis/export.js");
    const n = await exportView(db, { view: o.view, where: o.where, format: o.format! }, o.out ?? process.stdout);
    if (o.out) io.err(`charters: ${o.out}: ${n} rows of ${o.view}\n`);
  } finally {
    db.close();
  }
}
