/**
 * `charters export`: a view's rows as CSV (UTF-8 with a byte-order mark, so that Excel
 * reads accents right), XLSX (exceljs: typed numbers, a bold header row, frozen panes and
 * filters) or JSON lines, to a file or a stream. The rows are exactly the view's (with an
 * optional SQL condition), in the view's stable order.
 */
import type Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { finished } from "node:stream/promises";
import { UsageError } from "../pipeline/import.js";
import { openOutput, outputError, watchErrors } from "./output.js";
import { publicView, viewRows, type Row } from "./read.js";
import { csvLines, jsonLines, pump } from "./writers.js";

export const EXPORT_FORMATS = ["csv", "xlsx", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  view: string;
  where?: string;
  format: ExportFormat;
}

/** The longest text an Excel cell holds; longer texts are cut (and say so). */
const XLSX_CELL_MAX = 32767;

/** Write the view's rows to `out` (a path or a stream); returns how many rows were written. */
export async function exportView(db: Database.Database, opts: ExportOptions, out: string | NodeJS.WritableStream): Promise<number> {
  if (!EXPORT_FORMATS.includes(opts.format)) throw new UsageError(`unknown format ${JSON.stringify(opts.format)}: one of ${EXPORT_FORMATS.join(", ")}`);
  const view = publicView(opts.view);
  const { columns, rows } = viewRows(db, view, opts.where);
  // A path that cannot be written fails now (exit 2); a write that fails later (a full disk), exit 3.
  const name = typeof out === "string" ? out : "standard output";
  const stream = typeof out === "string" ? openOutput(out) : out;
  const errors = watchErrors(stream);
  try {
    let n: number;
    if (opts.format === "xlsx") n = await writeXlsx(view.name, columns, rows, stream, errors);
    else {
      const lines = opts.format === "csv" ? csvLines(columns, rows, { bom: true }) : jsonLines(columns, rows);
      n = (await pump(lines, stream)) - (opts.format === "csv" ? 1 : 0);
    }
    if (typeof out === "string") {
      stream.end();
      await finished(stream as NodeJS.WritableStream & import("node:stream").Writable);
    }
    if (errors.error) throw errors.error;
    return n;
  } catch (e) {
    throw outputError(e, name);
  } finally {
    errors.dispose();
  }
}

async function writeXlsx(sheet: string, columns: string[], rows: Iterable<Row>, stream: NodeJS.WritableStream, errors: { readonly error: Error | null }): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: stream as import("node:stream").Writable, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheet, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  ws.columns = columns.map((c) => ({ header: c, key: c, width: Math.min(60, Math.max(10, c.length + 2)) }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
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
  await wb.commit();
  return n;
}

function cell(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "bigint") return Number(v);
  const s = String(v);
  return s.length > XLSX_CELL_MAX ? s.slice(0, XLSX_CELL_MAX - 20) + " [cut: too long]" : s;
}
