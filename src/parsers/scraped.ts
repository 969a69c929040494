/**
 * Text scraped from published PDFs (a legacy export, pdftotext in its reading order, its
 * -raw content-stream order, or pdf.js' text order): the table lost its geometry, so the
 * template's knowledge puts it back, pass by pass: line kinds and service blocks
 * (src/scraped/common/), the ministry's standards table by segmentation into rows, values,
 * labels by the template's order, notes (scraped/standards/), the comuni's results reports
 * by their fattore-di-qualità anchors (scraped/results/). Text that kept its layout
 * (pdftotext -layout) is read from its columns instead (scraped/layout-text/).
 */
import { sheetBlocks } from "../document/sheets.js";
import type { Provenance } from "../model/schema.js";
import { normalizeDimension } from "../normalize/dimension.js";
import { labelKey } from "../normalize/text.js";
import { matchServiceLabel } from "../template/service.js";
import { isResultsTitle, namesResultsColumn } from "../template/title.js";
import { isHeaderLine } from "../scraped/common/kinds.js";
import { splitTextLines } from "../scraped/common/lines.js";
import { stripPageFurniture } from "../scraped/common/furniture.js";
import { markFieldLabels } from "../scraped/common/field-labels.js";
import { inferTitles } from "../scraped/common/inferred-titles.js";
import { withAliases } from "../normalize/aliases.js";
import type { PenaltyName } from "../scraped/common/penalties.js";
import { type Kind, readSection } from "../scraped/section.js";
import { isTitleLine, serviceStarts } from "../scraped/common/services.js";
import { layoutSheets, looksLikeLayout } from "../scraped/layout-text/sheets.js";
import { decodeText, looksLikeText } from "./sniff.js";
import { looksLikeTsv } from "./tsv.js";
import { defineParser, type DocumentSource, type SourceBase } from "./types.js";

/** Scraped charter text: plain text, not a tab-separated export, carrying the template's vocabulary. */
export function looksLikeScraped(bytes: Buffer): boolean {
  if (!looksLikeText(bytes) || looksLikeTsv(bytes)) return false;
  const text = decodeText(bytes.subarray(0, 256 * 1024));
  // a -layout line's cells side by side count one by one (a results report's header and rows)
  const lines = text.split(/\r?\n/).flatMap((l) => {
    const t = l.trim();
    const cells = t.split(/\s{3,}/);
    return cells.length > 1 ? [t, ...cells] : [t];
  }).filter(Boolean);
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

/**
 * What scraped text reads to: text that kept its layout (pdftotext -layout) still has its
 * columns and is read as a sheet; other text is read section by section by the
 * template's knowledge. Either way each row's confidence is then lowered by what its
 * cells show of the reading (scraped/common/sanity.ts).
 */
export function scrapedSource(printed: string, base: SourceBase): DocumentSource {
  // a browser's header and footer on every page (print date, title, address, n/N) are no cells
  const text = stripPageFurniture(printed);
  if (looksLikeLayout(text)) {
    // the layout reading's own doubts, by the line a row starts on (a label whose span could move)
    const lineDoubts = new Map<number, PenaltyName[]>();
    return { blocks: sheetBlocks(layoutSheets(text, lineDoubts)), inferMerges: true, rowDoubts: true, lineDoubts };
  }
  const prov = (line: number | null): Provenance => ({ ...base, sheet: null, page: null, row: null, line, bbox: null });
  // a header in the office's own words, known by its structure: its titles read as the template's for this text
  const { lines, titles } = inferTitles(splitTextLines(text));
  const parts = withAliases(titles, () => {
    markFieldLabels(lines);
    const results = lines.some((l) => namesResultsColumn(l.text)) || lines.some((l) => isTitleLine(l) && isResultsTitle(l.text));
    const kind: Kind = results ? "results" : "standards";
    const starts = serviceStarts(lines);
    return starts.map((s, n) => readSection(lines.slice(s, starts[n + 1] ?? lines.length), kind, prov));
  });
  if (parts.length) {
    const evidence = (t: (typeof titles)[number]) => `column title not in the template's vocabulary: read as ${t.code} (title words ${t.evidence})`;
    parts[0].review.push(...titles.map((t) => ({ kind: "header" as const, label: t.label, reason: evidence(t), provenance: prov(t.line) })));
  }
  return { parts, rowDoubts: true };
}

export const scrapedParser = defineParser({
  accepts: (f) => looksLikeScraped(f.bytes),
  async parse(f, base) {
    return scrapedSource(decodeText(f.bytes), base);
  },
});
