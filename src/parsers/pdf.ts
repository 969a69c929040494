/**
 * PDF charters with pdfjs-dist (legacy build for Node): each page's text runs and rules
 * become grid rows (ruled tables from their rules, unruled ones from the header's column
 * bands and the text's geometry, the title and service blocks as rows of text blocks),
 * one Sheet per service, read by the same interpreter as the spreadsheets.
 */
import type { GridRow, Sheet } from "../layout/grid.js";
import { detectHeader, type HeaderMap } from "../template/header.js";
import { closesTable, isActionsHeader } from "../template/sections.js";
import { matchServiceLabel } from "../template/service.js";
import { startsWithMarker, titleServiceName } from "../template/title.js";
import { ISSUER_MARKERS, TITLE_MARKERS } from "../normalize/taxonomy.js";
import { isFootnote, labelKey } from "../normalize/text.js";
import type { PageGeometry, TextRun } from "../pdf/geometry.js";
import { paintsImages, readPages } from "../pdf/read.js";
import { findHeader, headerRow, type TextColumns } from "../pdf/columns.js";
import { freeTextRows } from "../pdf/freetext.js";
import { findLattices, latticeRows } from "../pdf/lattice.js";
import { chunks, joinLines, lineText, toLines, type Line, type PageRow } from "../pdf/lines.js";
import { unruledRows } from "../pdf/unruled.js";
import { isPdf, isSignedEnvelope } from "./sniff.js";
import { documentFromSheets } from "./tabular.js";
import { defineParser, ParseError } from "./types.js";

export const PARSER_VERSION = "1.0.0";
/** A line in the first column that closes an unruled table: footnotes, a new service or its title, the actions table, another header. */
function isTableEndLine(line: Line, columns: TextColumns): boolean {
  const first = chunks(line)[0];
  if (columns.starts.length > 1 && first.x0 >= columns.starts[1] - columns.size * 0.6) return false;
  const text = lineText(first);
  return isFootnote(text) || matchServiceLabel(text)?.field === "name" || isActionsHeader(text) || !!titleServiceName(text) || findHeader([line]) !== null;
}

interface LayoutState {
  /** Columns of an unruled table still open at the end of the previous page. */
  carry: TextColumns | null;
}

/** A page's rows, top to bottom. */
export function layoutPage(g: PageGeometry, state: LayoutState): PageRow[] {
  const used = new Set<TextRun>();
  const rows: PageRow[] = [];
  const lattices = findLattices(g.segments);
  for (const lat of lattices) rows.push(...latticeRows(lat, g.runs, used));
  const free = g.runs.filter((r) => !used.has(r));
  const rest: TextRun[] = [];
  // the unruled tables of the page, one after another: each from its header (or the columns
  // of a table going on from the page before) to the line that ends it
  let lines = toLines(free);
  let columns: TextColumns | null = state.carry;
  state.carry = null;
  for (;;) {
    const header = findHeader(lines);
    let bodyStart = 0;
    if (header) {
      const [top, bottom] = header.band;
      const headRuns = lines.filter((l) => l.baseline >= top && l.baseline <= bottom + 0.2 * l.size).flatMap((l) => l.runs);
      rows.push(headerRow(header.columns, headRuns));
      columns = header.columns;
      for (const l of lines) if (l.baseline < top) rest.push(...l.runs);
      bodyStart = lines.findIndex((l) => l.baseline > bottom + 0.2 * l.size);
      if (bodyStart < 0) bodyStart = lines.length;
    } else if (!columns) {
      for (const l of lines) rest.push(...l.runs);
      break;
    }
    const latticeTops = lattices.map((l) => l.ys[0]).filter((y) => y > (lines[bodyStart]?.top ?? Infinity));
    const stopAt = latticeTops.length ? Math.min(...latticeTops) : Infinity;
    const body: TextRun[] = [];
    let end = lines.length;
    for (let i = bodyStart; i < lines.length; i++) {
      if (lines[i].top >= stopAt || isTableEndLine(lines[i], columns)) {
        end = i;
        break;
      }
      body.push(...lines[i].runs);
    }
    rows.push(...unruledRows(columns, body));
    if (end === lines.length) {
      if (body.length) state.carry = columns;
      break;
    }
    // what follows the table's end: text, or the next table under its own header
    const after = lines.slice(end);
    const next = findHeader(after);
    if (!next) {
      for (const l of after) rest.push(...l.runs);
      break;
    }
    lines = after;
    columns = null;
  }
  rows.push(...freeTextRows(rest));
  rows.sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
  return rows;
}

const TITLE_KEYS = TITLE_MARKERS.map(labelKey);
const ISSUER_KEYS = ISSUER_MARKERS.map(labelKey);

/**
 * The title block a page begins with ("Comune di ...", "RISULTATI DELLA QUALITA' DEI
 * SERVIZI", "Carta dei Servizi NAME - Anno 2023"): the lines of text above the page's
 * first table or service block, where one of them opens with a title marker. Returns
 * how many rows it spans and its folded text (page numbers aside), or null.
 */
export function pageTitleBlock(rows: { cells: GridRow["cells"] }[]): { rows: number; key: string } | null {
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

/**
 * Pages' rows to sheets: a new sheet where a page opens with another title block (several
 * services one after another on flowing pages stay in one sheet: the interpreter starts a
 * service at its name label). A table that
 * goes on to the next page stays one table: label cells (dimension, sub-dimension) left
 * empty at the top of the new page continue the merged cell above the page break
 * (covered "up"), and a first row whose text carries on a sentence cut by the break is
 * joined to the row it continues.
 */
export function sheetsFromPages(pages: { page: number; rows: PageRow[] }[]): Sheet[] {
  const sheets: Sheet[] = [];
  let cur: Sheet | null = null;
  /** Whether the current sheet has gone past its title block (a table or a service block). */
  let hasBody = false;
  /** The current sheet's title block, folded. */
  let title: string | null = null;
  /** Whether the previous page ended inside the indicator table. */
  let inTable = false;
  let header: HeaderMap | null = null;
  let lastData: GridRow | null = null;
  for (const p of pages) {
    const block = pageTitleBlock(p.rows);
    // A page that opens with a title block starts the next printed sheet, unless it is the
    // same block repeated over a table that goes on from the page before (a running header).
    const newTitle = !!block && hasBody && (block.key !== title || !inTable);
    let skip = 0;
    if (!cur || newTitle) {
      cur = { name: null, rows: [] };
      sheets.push(cur);
      hasBody = false;
      title = block?.key ?? null;
      header = null;
      lastData = null;
    } else if (block && hasBody && block.key === title) skip = block.rows; // running header: not data
    else if (block && !hasBody && title === null) title = block.key;
    const carried = lastData;
    let open: boolean[] | null = null;
    let first = true;
    let last: GridRow | null = null;
    for (const r of p.rows.slice(skip)) {
      const row: GridRow = { cells: r.cells, ref: cur.rows.length + 1, page: p.page, bbox: r.bbox.map((v) => Math.round(v * 100) / 100) as [number, number, number, number] };
      const h = detectHeader(row);
      last = row;
      if (h) {
        header = h;
        hasBody = true;
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
          if (open.every((o) => o) && continuesText(row, carried, desc)) {
            row.cells.forEach((c, i) => {
              if (c.text && !c.covered) carried.cells[i] = { ...carried.cells[i], text: joinLines([carried.cells[i].text ?? "", c.text]) };
            });
            if (carried.bbox && row.bbox) carried.bbox = [carried.bbox[0], carried.bbox[1], Math.max(carried.bbox[2], row.bbox[2]), carried.bbox[3]];
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
  if (sheets.length > 1) sheets.forEach((s, i) => (s.name = `page ${s.rows[0]?.page ?? i + 1}`));
  return sheets;
}

/** A row that starts mid-sentence in a data column where the row before has text: the rest of a cut row. */
function continuesText(row: GridRow, before: GridRow, desc: number): boolean {
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

/** All sheets of a PDF's bytes. */
export async function pdfSheets(bytes: Buffer): Promise<Sheet[]> {
  const pages: { page: number; rows: PageRow[] }[] = [];
  const state: LayoutState = { carry: null };
  let runs = 0;
  for await (const g of readPages(bytes)) {
    runs += g.runs.length;
    pages.push({ page: g.page, rows: layoutPage(g, state) });
  }
  if (runs === 0) {
    throw new ParseError((await paintsImages(bytes)) ? "scanned: no text layer (the pages are images; OCR them first)" : "no text layer: the PDF has no text to read", "pdf");
  }
  return sheetsFromPages(pages);
}

export const pdfParser = defineParser({
  name: "pdf",
  version: PARSER_VERSION,
  format: "pdf",
  reads: "PDFs from spreadsheets, report generators, Word/Writer and browsers",
  priority: 20,
  // a signed PDF's envelope (.p7m) carries the PDF's header in its first KiB: it is read as
  // the envelope it is (p7m.ts), never as the PDF inside, whose signature may not verify
  accepts: (f) => isPdf(f.bytes) && !isSignedEnvelope(f.bytes),
  async parse(f) {
    const sheets = await pdfSheets(f.bytes);
    return documentFromSheets(sheets, { base: { file: f.path, parser: "pdf", parser_version: PARSER_VERSION } });
  },
});
