/**
 * Text scraped from published PDFs (a legacy export, pdftotext in its reading order, its
 * -raw content-stream order, or pdf.js' text order): the table lost its geometry, so the
 * template's knowledge puts it back, pass by pass: line kinds and service blocks
 * (src/scraped/common/), the ministry's standards table by segmentation into rows, values,
 * labels by the template's order, notes (scraped/standards/), the comuni's results reports
 * by their fattore-di-qualità anchors (scraped/results/). Text that kept its layout
 * (pdftotext -layout) is read from its columns instead (scraped/layout-text/).
 */
import type { CharterDocument, Provenance } from "../model/schema.js";
import { normalizeDimension } from "../normalize/dimension.js";
import { labelKey } from "../normalize/text.js";
import { assembleDocument } from "../template/assemble.js";
import { matchServiceLabel } from "../template/service.js";
import { isHeaderLine } from "../scraped/common/kinds.js";
import { splitTextLines } from "../scraped/common/lines.js";
import { stripPageFurniture } from "../scraped/common/furniture.js";
import { type Kind, readSection } from "../scraped/section.js";
import { isTitleLine, serviceStarts } from "../scraped/common/services.js";
import { layoutSheets, looksLikeLayout } from "../scraped/layout-text/sheets.js";
import { applyRowDoubts, lowerRow } from "../scraped/common/sanity.js";
import type { PenaltyName } from "../scraped/common/penalties.js";
import { documentFromSheets } from "./tabular.js";
import { decodeText, looksLikeText } from "./sniff.js";
import { looksLikeTsv, MAX_TEXT_BYTES } from "./tsv.js";
import { defineParser } from "./types.js";

export const PARSER_VERSION = "0.2.0";

/** Scraped charter text: plain text, not a tab-separated export, carrying the template's vocabulary. */
export function looksLikeScraped(bytes: Buffer): boolean {
  if (!looksLikeText(bytes) || looksLikeTsv(bytes)) return false;
  const text = decodeText(bytes.subarray(0, 256 * 1024));
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  let service = 0;
  let headers = 0;
  let dims = 0;
  for (const l of lines) {
    if (l.length < 160 && matchServiceLabel(l)) service++;
    if (isHeaderLine(l)) headers++;
    const k = labelKey(l);
    if (k.length < 120 && normalizeDimension(l).value.length > 0 && /^(\S+)/.test(k)) dims++;
  }
  return headers >= 1 && (service >= 2 || dims >= 2);
}

export function parseScraped(printed: string, file: string): CharterDocument {
  const base = { file, parser: "scraped", parser_version: PARSER_VERSION };
  // a browser's header and footer on every page (print date, title, address, n/N) are no cells
  const text = stripPageFurniture(printed);
  // text that kept its layout (pdftotext -layout) still has its columns: read it as a sheet
  if (looksLikeLayout(text)) {
    const doubts = new Map<number, PenaltyName[]>();
    const doc = documentFromSheets(layoutSheets(text, doubts), { base, inferMerges: true });
    for (const s of doc.services) for (const i of s.indicators) for (const name of doubts.get(i.provenance.line ?? -1) ?? []) lowerRow(i, name);
    return withRowDoubts(doc);
  }
  const prov = (line: number | null): Provenance => ({ ...base, sheet: null, page: null, row: null, line, bbox: null });
  const lines = splitTextLines(text);
  const results = lines.some((l) => /valore\s+realizzato/i.test(l.text)) || lines.some((l) => isTitleLine(l) && /\brisultati\b/i.test(l.text));
  const kind: Kind = results ? "results" : "standards";
  const starts = serviceStarts(lines);
  const sections = starts.map((s, n) => readSection(lines.slice(s, starts[n + 1] ?? lines.length), kind, prov));
  return withRowDoubts(assembleDocument(sections, "scraped"));
}

/** Every row's confidence lowered by what its cells show of the reading (scraped/common/sanity.ts). */
function withRowDoubts(doc: CharterDocument): CharterDocument {
  for (const s of doc.services) doc.review.push(...applyRowDoubts(s.indicators));
  return doc;
}

export const scrapedParser = defineParser({
  name: "scraped",
  version: PARSER_VERSION,
  format: "txt",
  priority: 40,
  maxBytes: MAX_TEXT_BYTES,
  accepts: (f) => looksLikeScraped(f.bytes),
  async parse(f) {
    return parseScraped(decodeText(f.bytes), f.path);
  },
});
