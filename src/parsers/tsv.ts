/**
 * Tab-separated exports scraped from Excel: one line per sheet row, cells separated by
 * tabs, merged cells left as empty strings at the start of the line (they continue the
 * cell above), HTML remnants and markdown escapes around the text.
 */
import type { GridRow, Sheet } from "../document/grid.js";
import { detectHeader } from "../template/header.js";
import { cleanCell } from "../normalize/text.js";
import { sheetBlocks } from "../document/sheets.js";
import { defineParser } from "./types.js";
import { decodeText, looksLikeText } from "./sniff.js";

/** Split delimited text into rows of raw fields; a field in double quotes may hold the delimiter and line breaks. */
export function splitDelimited(text: string, delim: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let startLine = 1;
  let i = 0;
  let atFieldStart = true;
  while (i < text.length) {
    const ch = text[i];
    if (atFieldStart && ch === '"') {
      // quoted field: up to the closing quote followed by the delimiter, a line break or the end
      let j = i + 1;
      let value = "";
      let closed = false;
      while (j < text.length) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          if (j + 1 >= text.length || text[j + 1] === delim || text[j + 1] === "\n" || text[j + 1] === "\r") {
            closed = true;
            break;
          }
        }
        if (text[j] === "\n") line++;
        value += text[j];
        j++;
      }
      if (closed) {
        field = value;
        i = j + 1;
        atFieldStart = false;
        continue;
      }
    }
    atFieldStart = false;
    if (ch === delim) {
      fields.push(field);
      field = "";
      atFieldStart = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      out.push({ fields, line: startLine });
      fields = [];
      field = "";
      atFieldStart = true;
      line++;
      startLine = line;
    } else {
      field += ch;
    }
    i++;
  }
  if (field !== "" || fields.length) {
    fields.push(field);
    out.push({ fields, line: startLine });
  }
  return out;
}

/** Rows of a delimited export; empty leading cells continue the merged cell above. */
export function sheetFromDelimited(text: string, delim: string): Sheet {
  const rows: GridRow[] = splitDelimited(text, delim).map(({ fields, line }) => {
    const cells = fields.map((f) => ({ text: cleanCell(f) }));
    const firstFilled = cells.findIndex((c) => c.text !== null);
    if (firstFilled > 0) for (let k = 0; k < firstFilled; k++) (cells[k] as { covered?: "up" }).covered = "up";
    return { cells, ref: line };
  });
  return { name: null, rows, refs: "lines" };
}

/** A tab-separated export: text whose lines carry tabs, one of them a charter table's header. */
export function looksLikeTsv(bytes: Buffer): boolean {
  if (!looksLikeText(bytes)) return false;
  const text = decodeText(bytes.subarray(0, 256 * 1024));
  const lines = text.split(/\r?\n/).filter((l) => l.includes("\t"));
  if (lines.length < 2) return false;
  return lines.some((l) => detectHeader({ cells: l.split("\t").map((f) => ({ text: cleanCell(f) })) }) !== null);
}

export const tsvParser = defineParser({
  accepts: (f) => looksLikeTsv(f.bytes),
  async parse(f) {
    return { blocks: sheetBlocks([sheetFromDelimited(decodeText(f.bytes), "\t")]), inferMerges: true };
  },
});
