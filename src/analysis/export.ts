/**
 * `charters export`: a view's rows as CSV (UTF-8 with a byte-order mark, so that Excel
 * reads accents right; with the Italian locale, `;` between fields and a decimal comma),
 * XLSX (exceljs: typed numbers, a bold header row, frozen panes and filters) or JSON lines,
 * to a file or a stream (a pipe included). The rows are exactly the view's (with an
 * optional SQL condition, a choice of columns and a sort), in the view's stable order; or
 * those of a read-only SQL query; or, as one workbook, every view after the docs table.
 */
import type Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { once } from "node:events";
import { PassThrough, type Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { VIEW_DOCS } from "../db/docs.js";
import { UsageError } from "../pipeline/import.js";
import { openOutput, outputError, watchErrors } from "./output.js";
import { publicView, viewRows, type Row, type ViewQuery } from "./read.js";
import { csvLines, jsonLines, pump, type CsvLocale } from "./writers.js";

export const EXPORT_FORMATS = ["csv", "xlsx", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions extends ViewQuery {
  view: string;
  format: ExportFormat;
  /** CSV only: "it" writes `;` between fields and numbers with a decimal comma (Excel in an Italian locale). */
  csvLocale?: CsvLocale;
}

/** The longest text an Excel cell holds; longer texts are cut (and say so). */
const XLSX_CELL_MAX = 32767;

/** Rows and their columns, from a view or a query. */
export interface RowSource {
  columns: string[];
  rows: Iterable<Row>;
}

/** Write the view's rows to `out` (a path or a stream); returns how many rows were written. */
export async function exportView(db: Database.Database, opts: ExportOptions, out: string | NodeJS.WritableStream): Promise<number> {
  checkFormat(opts);
  const view = publicView(opts.view);
  return exportRows(view.name, viewRows(db, view, opts), opts, out);
}

/** A format this module writes, and a CSV dialect only for CSV; checked before any row is read. */
export function checkFormat(opts: Pick<ExportOptions, "format" | "csvLocale">): void {
  if (!EXPORT_FORMATS.includes(opts.format)) throw new UsageError(`unknown format ${JSON.stringify(opts.format)}: one of ${EXPORT_FORMATS.join(", ")}`);
  if (opts.csvLocale && opts.format !== "csv") throw new UsageError("--csv-locale is for --format csv");
}

/** Write rows in a format to `out` (a path or a stream); returns how many rows were written. */
export async function exportRows(name: string, source: RowSource, opts: Pick<ExportOptions, "format" | "csvLocale">, out: string | NodeJS.WritableStream): Promise<number> {
  checkFormat(opts);
  return toOutput(out, async (stream, errors) => {
    if (opts.format === "xlsx") return writeWorkbook([{ name, ...source }], stream, errors);
    const lines = opts.format === "csv" ? csvLines(source.columns, source.rows, { bom: true, locale: opts.csvLocale }) : jsonLines(source.columns, source.rows);
    return (await pump(lines, stream)) - (opts.format === "csv" ? 1 : 0);
  });
}

/**
 * Every view in one workbook: the documentation of every view and column (the database's
 * docs table) as the first sheet, then one sheet per view. Returns the rows written per sheet.
 */
export async function exportAllViews(db: Database.Database, out: string | NodeJS.WritableStream): Promise<{ name: string; rows: number }[]> {
  const docs = db.prepare("SELECT object, column_name, type, unit, description FROM docs ORDER BY rowid").all() as Row[];
  const sheets = [{ name: "docs", columns: ["object", "column_name", "type", "unit", "description"], rows: docs }, ...VIEW_DOCS.map((v) => ({ name: v.name, ...viewRows(db, v) }))];
  const counts: { name: string; rows: number }[] = [];
  await toOutput(out, (stream, errors) => writeWorkbook(sheets, stream, errors, (name, rows) => counts.push({ name, rows })));
  return counts;
}

type Errors = { readonly error: Error | null };

/**
 * Run a writer on the output: a path that cannot be written fails now (exit 2); a write that
 * fails later (a full disk), exit 3. A file is ended and waited for; a stream is left open.
 */
async function toOutput<T>(out: string | NodeJS.WritableStream, write: (stream: NodeJS.WritableStream, errors: Errors) => Promise<T>): Promise<T> {
  const name = typeof out === "string" ? out : "standard output";
  const stream = typeof out === "string" ? openOutput(out) : out;
  const errors = watchErrors(stream);
  try {
    const result = await write(stream, errors);
    if (typeof out === "string") {
      stream.end();
      await finished(stream as Writable);
    }
    if (errors.error) throw errors.error;
    return result;
  } catch (e) {
    throw outputError(e, name);
  } finally {
    errors.dispose();
  }
}

/**
 * Write sheets as one XLSX to a stream. exceljs ends the stream it writes to and waits for
 * its 'finish'; standard output is never finished, so it writes through a pass-through that
 * is (a pipe then gets every byte, and the command exits 0), and the output is left to
 * its owner.
 */
async function writeWorkbook(sheets: (RowSource & { name: string })[], out: NodeJS.WritableStream, errors: Errors, done?: (name: string, rows: number) => void): Promise<number> {
  const pass = new PassThrough();
  const drained = once(pass, "end");
  pass.pipe(out as Writable, { end: false });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: true, useSharedStrings: false });
  let total = 0;
  for (const s of sheets) {
    const n = addSheet(wb, s.name, s.columns, s.rows, errors);
    done?.(s.name, n);
    total += n;
  }
  await untilFailed(out, wb.commit().then(() => drained));
  return total;
}

/** The work, or the output's first error if it fails first (a full disk: the pipe stops, the work would wait for ever). */
async function untilFailed<T>(out: NodeJS.WritableStream, work: Promise<T>): Promise<T> {
  let stop = () => {};
  const failed = new Promise<never>((_, reject) => {
    out.once("error", reject);
    stop = () => void out.off("error", reject);
  });
  try {
    return await Promise.race([work, failed]);
  } finally {
    stop();
  }
}

function addSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, sheet: string, columns: string[], rows: Iterable<Row>, errors: Errors): number {
  const ws = wb.addWorksheet(sheet.slice(0, 31), { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  ws.columns = columns.map((c) => ({ header: c, key: c, width: Math.min(60, Math.max(10, c.length + 2)) }));
  if (columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for (const r of rows) {
    if (errors.error) throw errors.error; // the output failed (a full disk): stop, do not wait for it
    ws.addRow(columns.map((c) => cell(r[c]))).commit();
    n++;
  }
  ws.commit();
  return n;
}

function cell(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "bigint") return Number(v);
  const s = String(v);
  return s.length > XLSX_CELL_MAX ? s.slice(0, XLSX_CELL_MAX - 20) + " [cut: too long]" : s;
}
