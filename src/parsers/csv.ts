/**
 * Comma- and semicolon-separated exports of a charter's sheet ("Save as CSV"; Italian
 * Excel writes semicolons): the delimiter is sniffed from the text, as the one whose
 * split gives the indicator table's header row, fields in double quotes may hold the
 * delimiter and line breaks, and the sheet is read as a tab-separated export is (empty
 * leading cells continue the merged cell above). Tab-separated text is the tsv parser's.
 */
import { detectHeader } from "../template/header.js";
import { cleanCell } from "../normalize/text.js";
import { decodeText, looksLikeText } from "./sniff.js";
import { sheetBlocks } from "../document/sheets.js";
import { sheetFromDelimited, splitDelimited } from "./tsv.js";
import { ParseError } from "../model/errors.js";
import { defineParser } from "./types.js";

const DELIMITERS = [",", ";", "\t"] as const;

/**
 * The delimiter whose split of the text's first records finds the indicator table's
 * header; among those (or, where none does, among delimiters that split most records),
 * the one giving the most fields per record. Null where no delimiter splits the text.
 */
export function sniffDelimiter(text: string): (typeof DELIMITERS)[number] | null {
  const sample = text.slice(0, 256 * 1024);
  let best: { d: (typeof DELIMITERS)[number]; header: boolean; split: number; fields: number } | null = null;
  for (const d of DELIMITERS) {
    const recs = splitDelimited(sample, d).slice(0, 400);
    const multi = recs.filter((r) => r.fields.length > 1);
    if (!multi.length) continue;
    const header = recs.some((r) => detectHeader({ cells: r.fields.map((f) => ({ text: cleanCell(f) })) }) !== null);
    const score = { d, header, split: multi.length, fields: multi.reduce((n, r) => n + r.fields.length, 0) };
    if (!best || Number(score.header) > Number(best.header) || (score.header === best.header && (score.split > best.split || (score.split === best.split && score.fields > best.fields)))) best = score;
  }
  return best?.d ?? null;
}

/** Comma- or semicolon-separated text with a charter table's header. */
export function looksLikeCsv(bytes: Buffer): boolean {
  if (!looksLikeText(bytes)) return false;
  const text = decodeText(bytes.subarray(0, 256 * 1024));
  const d = sniffDelimiter(text);
  if (d !== "," && d !== ";") return false;
  return splitDelimited(text, d).some((r) => detectHeader({ cells: r.fields.map((f) => ({ text: cleanCell(f) })) }) !== null);
}

export const csvParser = defineParser({
  accepts: (f) => looksLikeCsv(f.bytes),
  async parse(f) {
    const text = decodeText(f.bytes);
    const d = sniffDelimiter(text);
    if (!d) throw new ParseError("no delimiter (comma, semicolon or tab) splits the text into fields", "csv");
    return { blocks: sheetBlocks([sheetFromDelimited(text, d)]), inferMerges: true };
  },
});
