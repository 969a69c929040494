/**
 * Row serializers: CSV (RFC 4180, CRLF; a UTF-8 byte-order mark for Excel where asked; the
 * Italian dialect with `;` and a decimal comma),
 * JSON lines, and an aligned text table for a terminal. Values go out as the database
 * holds them: numbers as numbers, null as an empty cell (CSV) or null (JSON). Each yields
 * its text line by line; `pump` writes such lines to a stream, minding backpressure.
 *
 * CSV is opened by spreadsheets, which run a cell that starts like a formula: a text cell
 * beginning with =, +, -, @, a tab or a carriage return (a charter's `=HYPERLINK(...)`) is
 * written with a leading ' (OWASP's advice on CSV injection), so that it stays text. Numbers
 * are numbers, never quoted so; JSON lines keep the text exact.
 */
import { once } from "node:events";
import type { Row } from "./read.js";

export const BOM = "\ufeff";

/** How a text cell a spreadsheet would run as a formula begins. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV dialect: "it" is what Excel in an Italian locale opens as columns: `;` between fields, a decimal comma. */
export type CsvLocale = "it";

/** A CSV field: a text a spreadsheet would run as a formula is written as text (a leading `'`). */
function csvCell(v: unknown, delimiter = ",", decimalComma = false): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "string" && FORMULA_START.test(v) ? `'${v}` : decimalComma && typeof v === "number" ? String(v).replace(".", ",") : String(v);
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function* csvLines(columns: string[], rows: Iterable<Row>, opts: { bom: boolean; locale?: CsvLocale }): Generator<string> {
  const [d, comma] = opts.locale === "it" ? [";", true] : [",", false];
  yield (opts.bom ? BOM : "") + columns.map((c) => csvCell(c, d)).join(d) + "\r\n";
  for (const r of rows) yield columns.map((c) => csvCell(r[c], d, comma)).join(d) + "\r\n";
}

export function* jsonLines(columns: string[], rows: Iterable<Row>): Generator<string> {
  for (const r of rows) {
    const o: Row = {};
    for (const c of columns) o[c] = r[c] ?? null;
    yield JSON.stringify(o) + "\n";
  }
}

/** An aligned table, each cell cut to `width` characters. */
export function* tableLines(columns: string[], rows: Iterable<Row>, width = 40): Generator<string> {
  const cut = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v).replace(/\s+/g, " ");
    return s.length > width ? s.slice(0, width - 1) + "…" : s;
  };
  const all = [...rows].map((r) => columns.map((c) => cut(r[c])));
  const widths = columns.map((c, k) => Math.max(c.length, ...all.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((s, k) => s.padEnd(widths[k])).join("  ").trimEnd() + "\n";
  yield line(columns);
  yield line(widths.map((w) => "-".repeat(w)));
  for (const r of all) yield line(r);
}

/** Wait for a stream to take more; its error if it failed (a stream that failed already never drains). */
async function drained(out: NodeJS.WritableStream): Promise<void> {
  const failed = (out as { errored?: Error | null }).errored;
  if (failed) throw failed;
  await once(out, "drain");
}

/** Write lines to a stream in chunks of about 64 KiB, waiting when it asks to. Returns the lines written. */
export async function pump(lines: Iterable<string>, out: NodeJS.WritableStream): Promise<number> {
  let buf = "";
  let n = 0;
  for (const l of lines) {
    buf += l;
    n++;
    if (buf.length >= 65536) {
      const ok = out.write(buf);
      buf = "";
      if (!ok) await drained(out);
    }
  }
  if (buf) out.write(buf);
  return n;
}
