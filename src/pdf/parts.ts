/**
 * A PDF's pages joined into printed parts, and the parts as the document model's blocks:
 * a part per title block, a table going on across pages kept whole (its merged label
 * cells continued, a row cut by the page break joined), each part a break and a table
 * block whose rows keep their page and box.
 */
import type { Block, TableRow } from "../document/blocks.js";
import { ParseError } from "../model/errors.js";
import type { OcrControl } from "../parsers/types.js";
import { ISSUER_MARKERS, TITLE_MARKERS } from "../normalize/taxonomy.js";
import { isFootnote, labelKey } from "../normalize/text.js";
import { detectHeader, type HeaderMap } from "../template/header.js";
import { closesTable } from "../template/sections.js";
import { matchServiceLabel } from "../template/service.js";
import { startsWithMarker } from "../template/title.js";
import { blocksBeforeTables } from "./late-blocks.js";
import { joinLines, type PageRow } from "./lines.js";
import { pageRows, type PageCarry } from "./page-rows.js";
import { withoutFurniture } from "./furniture.js";
import { paintsImages, readPages } from "./read.js";

const TITLE_KEYS = TITLE_MARKERS.map(labelKey);
const ISSUER_KEYS = ISSUER_MARKERS.map(labelKey);

/**
 * The title block a page begins with ("Comune di ...", "RISULTATI DELLA QUALITA' DEI
 * SERVIZI", "Carta dei Servizi NAME - Anno 2023"): the lines of text above the page's
 * first table or service block, where one of them opens with a title marker. Returns
 * how many rows it spans and its folded text (page numbers aside), or null.
 */
export function pageTitleBlock(rows: { cells: TableRow["cells"] }[]): { rows: number; key: string } | null {
  const keys: string[] = [];
  let titled = false;
  for (const r of rows) {
    const texts = r.cells.map((c) => c.text).filter((t): t is string => !!t);
    if (texts.length === 0) {
      keys.push("");
      continue;
    }
    // a table row, a service label or a footnote ends the page's leading text
    if (texts.length > 1 || matchServiceLabel(texts[0]) || isFootnote(texts[0]) || detectHeader(r)) break;
    const key = labelKey(texts[0]);
    if (key.length > 160) break;
    // the title opens the page: a marker line among its first lines (the issuer's may come first)
    if (startsWithMarker(key, TITLE_KEYS) && (keys.filter(Boolean).length < 2 || keys.filter(Boolean).every((k) => startsWithMarker(k, ISSUER_KEYS)))) titled = true;
    keys.push(key);
  }
  if (!titled) return null;
  const key = keys
    .filter(Boolean)
    .join(" / ")
    .replace(/\b(?:pag(?:ina)?|p)\s*\d+(?:\s*(?:di|of)\s*\d+)?\b/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return { rows: keys.length, key };
}

/** The rows of one printed part of a PDF, from a title block to the next. */
export interface PrintedPart {
  /** "page N" where the PDF prints several parts (N its first page); null for one. */
  name: string | null;
  rows: TableRow[];
}

/**
 * Pages' rows to printed parts: a new part where a page opens with another title block
 * (several services one after another on flowing pages stay in one part: the interpreter
 * starts a service at its name label). A table that
 * goes on to the next page stays one table: label cells (dimension, sub-dimension) left
 * empty at the top of the new page continue the merged cell above the page break
 * (covered "up"), and a first row whose text carries on a sentence cut by the break is
 * joined to the row it continues.
 */
export function partsFromPages(pages: { page: number; rows: PageRow[] }[]): PrintedPart[] {
  const parts: PrintedPart[] = [];
  let cur: PrintedPart | null = null;
  /** Whether the current part has gone past its title block (a table or a service block). */
  let hasBody = false;
  /** Whether the current part has a table (an indicator table's header). */
  let hasTable = false;
  /** The current part's title block, folded. */
  let title: string | null = null;
  /** Whether the previous page ended inside the indicator table. */
  let inTable = false;
  let header: HeaderMap | null = null;
  let lastData: TableRow | null = null;
  for (const p of pages) {
    const block = pageTitleBlock(p.rows);
    // A page that opens with a title block starts the next printed part, unless it is the
    // same block repeated over a table that goes on from the page before (a running header).
    // A part whose service block has no table yet goes on: its table is on this page.
    const newTitle = !!block && hasBody && hasTable && (block.key !== title || !inTable);
    let skip = 0;
    if (!cur || newTitle) {
      cur = { name: null, rows: [] };
      parts.push(cur);
      hasBody = false;
      hasTable = false;
      title = block?.key ?? null;
      header = null;
      lastData = null;
    } else if (block && hasBody && block.key === title) skip = block.rows; // running header: not data
    else if (block && !hasBody && title === null) title = block.key;
    const carried = lastData;
    let open: boolean[] | null = null;
    let first = true;
    let last: TableRow | null = null;
    for (const r of p.rows.slice(skip)) {
      const row: TableRow = { cells: r.cells, src: { page: p.page, bbox: r.bbox.map((v) => Math.round(v * 100) / 100) as [number, number, number, number], ...(r.ocr === undefined ? {} : { ocr: r.ocr }) } };
      const h = detectHeader(row);
      last = row;
      if (h) {
        header = h;
        hasBody = true;
        hasTable = true;
        cur.rows.push(row);
        continue;
      }
      const texts = row.cells.filter((c) => c.text);
      if (texts.length && matchServiceLabel(texts[0].text!)) hasBody = true;
      if (header && closesTable(texts.map((c) => c.text!))) header = null;
      if (header && row.cells.length === header.roles.length) {
        let desc = header.roles.indexOf("description");
        if (desc < 0) desc = header.roles.findIndex((x) => x === "formula" || x === "target");
        if (carried && first && desc > 0) {
          open = row.cells.slice(0, desc).map((c) => !c.text && !c.covered);
          // (a label cell of the cut row may go on too: its text lower case, under the label it continues)
          const labelsGoOn = row.cells.slice(0, desc).every((c, i) => !c.text || c.covered || (!!carried.cells[i]?.text && /^[a-zà-ÿ]/.test(c.text)));
          if ((open.every((o) => o) || labelsGoOn) && continuesText(row, carried, desc)) {
            row.cells.forEach((c, i) => {
              if (c.text && !c.covered) carried.cells[i] = { ...carried.cells[i], text: joinLines([carried.cells[i].text ?? "", c.text]) };
            });
            const [a, b] = [carried.src.bbox, row.src.bbox];
            if (a && b) carried.src.bbox = [a[0], a[1], Math.max(a[2], b[2]), a[3]];
            first = false;
            continue;
          }
        }
        if (open) {
          open = open.map((o, i) => o && !row.cells[i].text && !row.cells[i].covered);
          open.forEach((o, i) => {
            if (o) row.cells[i] = { text: null, covered: "up" };
          });
        }
        first = false;
        lastData = row;
      }
      cur.rows.push(row);
    }
    inTable = !!header && !!last && last === lastData;
  }
  for (const part of parts) part.rows = blocksBeforeTables(part.rows);
  if (parts.length > 1) parts.forEach((s, i) => (s.name = `page ${s.rows[0]?.src.page ?? i + 1}`));
  return parts;
}

/** A row that starts mid-sentence in a data column where the row before has text: the rest of a cut row. */
function continuesText(row: TableRow, before: TableRow, desc: number): boolean {
  let first: string | null = null;
  for (let i = desc; i < row.cells.length; i++) {
    const t = row.cells[i].text;
    if (!t) continue;
    if (!before.cells[i]?.text) return false;
    first ??= t;
  }
  // the leftmost data cell goes on with a lower-case word (a new row's text starts a sentence)
  return first !== null && /^[a-zà-ÿ]/.test(first);
}

/**
 * A PDF's blocks: each printed part a break and its table, every row with its page and box.
 * Pages with no text are read by OCR from their images (src/ocr/), unless `ocr.off`.
 */
export async function pdfBlocks(bytes: Buffer, ocr: OcrControl = {}): Promise<Block[]> {
  const pages: { page: number; rows: PageRow[] }[] = [];
  const state: PageCarry = { carry: null };
  const bare: number[] = [];
  let runs = 0;
  for await (const g of withoutFurniture(readPages(bytes))) {
    runs += g.runs.length;
    if (!g.runs.length) bare.push(g.page);
    pages.push({ page: g.page, rows: pageRows(g, state) });
  }
  if (bare.length && !ocr.off) {
    const { scannedPdfRows } = await import("../ocr/scanned.js");
    const read = await scannedPdfRows(bytes, bare, ocr);
    for (const r of read) pages[pages.findIndex((p) => p.page === r.page)] = r;
    if (runs === 0 && !read.length && (ocr.pages ?? 0) > 0) {
      throw new ParseError(`scanned: OCR found no text on its ${ocr.pages === 1 ? "page" : `${ocr.pages} pages`} (a blank or unreadable scan)`, "pdf");
    }
    runs += read.length;
  }
  if (runs === 0) {
    const why = ocr.off ? "the pages are images, and OCR is off (--no-ocr)" : "the pages paint no image OCR could read";
    throw new ParseError((await paintsImages(bytes)) ? `scanned: no text layer (${why})` : "no text layer: the PDF has no text to read", "pdf");
  }
  return blocksOfPages(pages);
}

/** Pages' rows as the document model's blocks: each printed part a break and its table, every row with its page and box (and OCR confidence). */
export function blocksOfPages(pages: { page: number; rows: PageRow[] }[]): Block[] {
  return partsFromPages(pages).flatMap((part): Block[] => [
    { type: "break", kind: "part", name: part.name },
    { type: "table", src: { sheet: part.name }, rows: part.rows.map((r) => ({ cells: r.cells, src: { sheet: part.name, ...r.src } })) },
  ]);
}
