/** `charters export`: a thin layer over src/analysis/export.ts and datapackage.ts (a view as CSV, XLSX, JSON lines, a read-only query, every view as one workbook or a data package). */
import { Option, type Command } from "commander";
import { dbOption, openExisting } from "../common.js";
import type { Io } from "../io.js";

const VIEWS_HELP = "v_indicators, v_indicators_best, v_indicator_dimensions, v_services, v_charters, v_charter_versions, v_actions, v_checks";

interface ExportCliOptions {
  db: string;
  view: string;
  where?: string;
  columns?: string;
  sort?: string;
  sql?: string;
  format?: "csv" | "xlsx" | "jsonl";
  csvLocale?: "it";
  allViews: boolean;
  out?: string;
  datapackage?: string;
}

const list = (s: string | undefined) => (s === undefined ? undefined : s.split(",").map((x) => x.trim()).filter(Boolean));

export function addExportCommand(program: Command, io: Io): void {
  program
    .command("export")
    .description("Export a view as CSV (UTF-8 with BOM, for Excel), XLSX or JSON lines, a read-only SQL query's rows, every view as one workbook, or every view as a Frictionless data package.")
    .addOption(dbOption("SQLite database to read"))
    .option("--view <name>", `the view to export: ${VIEWS_HELP}`, "v_indicators")
    .option("--where <sql>", "only the rows where this SQL condition holds, e.g. \"year = 2021 AND best = 1\"")
    .option("--columns <list>", "only these columns, in this order, comma-separated, e.g. issuer_label,year,description")
    .option("--sort <list>", "sort by these columns first, comma-separated; 'year desc' or '-year' for descending")
    .option("--sql <query>", "export the rows of one SQL query that reads (the database is opened read-only) instead of a view")
    .addOption(new Option("--format <format>", "csv, xlsx or jsonl").choices(["csv", "xlsx", "jsonl"]))
    .addOption(new Option("--csv-locale <locale>", "it: ';' between fields and a decimal comma, as Excel in an Italian locale opens CSV").choices(["it"]))
    .option("--all-views", "with --format xlsx: every view in one workbook, one sheet each, the docs table (every column described) first", false)
    .option("-o, --out <file>", "write to this file (default: standard output; xlsx needs a file unless the output is piped)")
    .option("--datapackage <dir>", "write every view (or the one named by --view) as CSV into DIR with a Frictionless datapackage.json")
    .addHelpText("after", `
The rows are exactly the view's (those --where keeps), in a stable order (--sort first).
CSV is RFC 4180 with a UTF-8 byte-order mark so that Excel shows accents right; with
--csv-locale it, fields are separated by ';' and numbers have a decimal comma, which
Excel in an Italian locale splits into columns. XLSX has typed numbers, a bold header row,
frozen panes and filters, and may go to a pipe. JSON lines has one object per row. --sql
runs one query that reads, on a connection opened read-only: a statement that would write
is refused. The data package's CSVs carry no byte-order mark; datapackage.json gives every
field's type, description and unit (from the database's docs table).

Examples:
  charters export --format csv --out indicatori.csv
  charters export --format csv --csv-locale it --columns issuer_label,year,description,target_raw --sort "year desc" > indicatori.csv
  charters export --view v_checks --where "severity = 'error'" --format xlsx --out errori.xlsx
  charters export --format xlsx | cat > indicatori.xlsx
  charters export --format xlsx --all-views --out charters.xlsx
  charters export --sql "SELECT issuer_label, year, count(*) n FROM v_indicators_best GROUP BY 1, 2" --format csv
  charters export --view v_indicators_best --format jsonl | jq .target_value
  charters export --datapackage open-data/`)
    .action((o: ExportCliOptions, cmd: Command) => exportAction(io, o, cmd));
}

/** The options that do not go together, as a usage error. */
async function checkOptions(o: ExportCliOptions, cmd: Command): Promise<void> {
  const { UsageError } = await import("../../pipeline/errors.js");
  const named = (k: string) => cmd.getOptionValueSource(k) === "cli";
  const viewOptions = ["view", "where", "columns", "sort"].filter(named).map((k) => `--${k}`);
  if (!o.datapackage && !o.format) throw new UsageError("export needs --format csv|xlsx|jsonl (or --datapackage DIR)");
  if (o.datapackage && (o.format || o.out || o.sql || o.allViews)) throw new UsageError("--datapackage writes its own CSVs: leave out --format, --out, --sql and --all-views");
  if (o.sql && viewOptions.length) throw new UsageError(`--sql exports its own query: leave out ${viewOptions.join(", ")}`);
  if (o.csvLocale && o.format !== "csv") throw new UsageError("--csv-locale is for --format csv");
  if (o.allViews && o.format !== "xlsx") throw new UsageError("--all-views writes one workbook: use it with --format xlsx");
  if (o.allViews && (viewOptions.length || o.sql)) throw new UsageError(`--all-views writes every view whole: leave out ${[...viewOptions, ...(o.sql ? ["--sql"] : [])].join(", ")}`);
  if (o.format === "xlsx" && !o.out && process.stdout.isTTY) throw new UsageError("xlsx is binary: give --out FILE or pipe the output");
}

async function exportAction(io: Io, o: ExportCliOptions, cmd: Command): Promise<void> {
  await checkOptions(o, cmd);
  const db = await openExisting(o.db);
  const out = o.out ?? process.stdout;
  try {
    const lib = await import("../../analysis/export.js");
    if (o.datapackage) {
      const { writeDataPackage } = await import("../../analysis/datapackage.js");
      const { VIEW_DOCS } = await import("../../db/docs.js");
      const views = cmd.getOptionValueSource("view") === "default" ? VIEW_DOCS.map((v) => v.name) : [o.view];
      const s = await writeDataPackage(db, o.datapackage, views, o.where);
      return void io.err(`charters: ${s.path}: ${s.resources.map((r) => `${r.name} ${r.rows} rows`).join(", ")}\n`);
    }
    if (o.allViews) {
      const sheets = await lib.exportAllViews(db, out);
      if (o.out) io.err(`charters: ${o.out}: ${sheets.map((s) => `${s.name} ${s.rows} rows`).join(", ")}\n`);
      return;
    }
    if (o.sql) {
      const { queryRows } = await import("../../analysis/read.js");
      const q = queryRows(db.name, o.sql);
      try {
        const n = await lib.exportRows("query", q, { format: o.format!, csvLocale: o.csvLocale }, out);
        if (o.out) io.err(`charters: ${o.out}: ${n} rows of the query\n`);
      } finally {
        q.close();
      }
      return;
    }
    const n = await lib.exportView(db, { view: o.view, where: o.where, columns: list(o.columns), sort: list(o.sort), format: o.format!, csvLocale: o.csvLocale }, out);
    if (o.out) io.err(`charters: ${o.out}: ${n} rows of ${o.view}\n`);
  } finally {
    db.close();
  }
}
