/**
 * Text scraped with its layout kept (`pdftotext -layout`): a character grid where the
 * table's columns sit side by side, separated by runs of spaces, each page ends with a
 * form feed, and text is placed on the line nearest its height on the page. The columns
 * come from the header's titles; the rows from the data columns (description, formula,
 * values), whose cells are separated by blank lines; the labels of merged cells
 * (dimension, sub-dimension) are centred on the rows they span, and go to those rows as
 * the PDF reader lays them (src/pdf/unruled.ts does the same from real geometry). The result
 * is a sheet of cells with its merges, read by the one template interpreter.
 */
import type { GridRow, Sheet } from "../../document/grid.js";
import { ISSUER_MARKERS, TITLE_MARKERS } from "../../normalize/taxonomy.js";
import { cleanCell, isFootnote, labelKey } from "../../normalize/text.js";
import { isActionsHeader } from "../../template/sections.js";
import { labelByMeaning, matchServiceLabel } from "../../template/service.js";
import { startsWithMarker } from "../../template/title.js";
import { type Column, type GridLine, chunksOf, findHeader, joinTitle, pageColumns } from "./columns.js";
import { bodyRows } from "./rows.js";
import { joinCellLines } from "../common/lines.js";
import type { PenaltyName } from "../common/penalties.js";

/**
 * Whether text kept its layout: many lines with text far right of a run of spaces, or a
 * table's rows side by side — lines of three cells or more (a web page's service blocks,
 * each label over its value, leave few gapped lines around short tables). Reading-order
 * text never puts three spaces between words.
 */
export function looksLikeLayout(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length < 10) return false;
  const gapped = lines.filter((l) => /\S {3,}\S/.test(l) || /^ {12,}\S/.test(l));
  const tabled = lines.filter((l) => /\S {3,}\S.* {3,}\S/.test(l.trim()));
  return gapped.length >= 0.3 * lines.length || tabled.length >= Math.max(6, 0.1 * lines.length);
}

/** Lines outside the table as rows: a label and its value side by side (a service block), or one cell a line. */
function freeRows(lines: GridLine[]): GridRow[] {
  const rows: GridRow[] = [];
  // blocks of consecutive lines
  const blocks: GridLine[][] = [];
  for (const l of lines) {
    const last = blocks[blocks.length - 1];
    if (last && l.no - last[last.length - 1].no <= 1) last.push(l);
    else blocks.push([l]);
  }
  for (const b of blocks) {
    const labelled = serviceGroups(b);
    if (labelled) {
      rows.push(...labelled);
      continue;
    }
    const margin = Math.min(...b.map((l) => l.chunks[0].x));
    const left = b.flatMap((l) => l.chunks.filter((c) => c.x < margin + 4));
    const label = joinCellLines(left.map((c) => c.text));
    const m = left.length ? matchServiceLabel(label) : null;
    if (m) {
      const value = joinCellLines(b.flatMap((l) => l.chunks.filter((c) => c.x >= margin + 4).map((c) => c.text)));
      rows.push({ cells: [{ text: cleanCell(label) }, { text: cleanCell(value) }], ref: b[0].no });
      continue;
    }
    // several chunks side by side on a block's lines: columns (the actions table: action | outcome)
    const xs = [...new Set(b.flatMap((l) => l.chunks.map((c) => c.x)))];
    if (b.length > 0 && b.every((l) => l.chunks.length <= 2) && b.some((l) => l.chunks.length === 2) && xs.length <= 4) {
      const cut = Math.max(...b.filter((l) => l.chunks.length === 2).map((l) => l.chunks[1].x));
      const a = joinCellLines(b.flatMap((l) => l.chunks.filter((c) => c.x < cut - 1).map((c) => c.text)));
      const o = joinCellLines(b.flatMap((l) => l.chunks.filter((c) => c.x >= cut - 1).map((c) => c.text)));
      rows.push({ cells: [{ text: cleanCell(a) }, { text: cleanCell(o) }], ref: b[0].no });
      continue;
    }
    for (const l of b) rows.push({ cells: [{ text: cleanCell(l.chunks.map((c) => c.text).join(" ")) }], ref: l.no });
  }
  return rows;
}

/**
 * A block of service-block labels, each with its value beside it or below it, indented (a
 * web page's definition list): a label opens each group at the left margin; in the lines
 * after it, what starts left of the value's column goes on the label (a label broken over
 * lines), the rest on the value. Lines before the first label are rows of their own; null
 * where the block holds no label at the left margin.
 */
function serviceGroups(b: GridLine[]): GridRow[] | null {
  // the labels' margin: the leftmost of the lines that open with a label (the template's, or a
  // label by its words as a whole: "Finalità del servizio", "Beneficiari")
  const isLabel = (text: string) => !!matchServiceLabel(text) || labelAsWhole(text);
  const margin = Math.min(...b.filter((l) => isLabel(l.chunks[0].text)).map((l) => l.chunks[0].x));
  const opens = (l: GridLine) => l.chunks[0].x < margin + 4 && isLabel(l.chunks[0].text);
  const first = b.findIndex(opens);
  if (first < 0 || b.filter(opens).length < 2) return null;
  const rows: GridRow[] = b.slice(0, first).map((l) => ({ cells: [{ text: cleanCell(l.chunks.map((c) => c.text).join(" ")) }], ref: l.no }));
  let group: { label: string[]; value: string[]; labelX: number; valueX: number | null; ref: number } | null = null;
  const close = () => group && rows.push({ cells: [{ text: cleanCell(joinCellLines(group.label)) }, { text: cleanCell(joinCellLines(group.value)) }], ref: group.ref });
  for (const l of b.slice(first)) {
    if (opens(l)) {
      close();
      const [head, ...rest] = l.chunks;
      group = { label: [head.text], value: rest.map((c) => c.text), labelX: head.x, valueX: rest[0]?.x ?? null, ref: l.no };
      continue;
    }
    for (const c of l.chunks) {
      const g = group!;
      const value = g.valueX === null ? c.x > g.labelX + 1 : c.x >= g.valueX - 1;
      if (value && g.valueX === null) g.valueX = c.x;
      (value ? g.value : g.label).push(c.text);
    }
  }
  close();
  return rows;
}

/** Whether a line closes the table: a footnote, a service block's first label, the actions table, in the first column. */
function endsTable(l: GridLine, columns: Column[]): boolean {
  const first = l.chunks[0];
  if (!first || (columns.length > 1 && first.x >= columns[1].x - 1)) return false;
  const t = l.chunks.map((c) => c.text).join(" ");
  // a title line alone ("Carta dei Servizi NAME - Anno 2024"): the next service's title block
  const title = l.chunks.length === 1 && t.length < 160 && TITLE_KEYS.some((m) => labelKey(t).startsWith(m));
  return isFootnote(t) || matchServiceLabel(first.text)?.field === "name" || isActionsHeader(first.text) || title;
}

/** A field's label by its words as a whole ("Finalità del servizio", "Beneficiari"), opening in a capital (a label's words going on below it, in lower case, are none). */
const labelAsWhole = (text: string) => /^\p{Lu}/u.test(text) && labelByMeaning(text)?.rest === "";

/**
 * Whether the next service's block opens at line j: two field lines or more ("Label value",
 * the label a field's by its words as a whole, in the first column) within a few lines,
 * or a line alone in the first column (the service's name) right over them.
 */
function blockOpens(lines: GridLine[], j: number, columns: Column[]): boolean {
  const first = (k: number) => k < lines.length && (columns.length < 2 || lines[k].chunks[0].x < columns[1].x - 1);
  const field = (k: number) => first(k) && lines[k].chunks.length <= 2 && /^\p{Lu}/u.test(lines[k].chunks[0].text) && (labelAsWhole(lines[k].chunks[0].text) || matchServiceLabel(lines[k].chunks[0].text)?.rest === "");
  const fields = (k: number) => field(k) && [1, 2, 3].some((d) => field(k + d));
  return fields(j) || (first(j) && lines[j].chunks.length === 1 && j + 1 < lines.length && lines[j + 1].no - lines[j].no <= 2 && fields(j + 1));
}

/**
 * Layout text to sheets: the title and service block, the table (over its pages), what
 * follows, for each service. `doubts` gets, by a row's first line, the penalties its reading
 * raised (penalties.ts names).
 */
export function layoutSheets(text: string, doubts?: Map<number, PenaltyName[]>): Sheet[] {
  const lines = gridLines(text);
  const sheets: Sheet[] = [];
  let at = 0;
  while (at < lines.length) {
    const h = findHeader(lines, at);
    if (!h) {
      if (sheets.length) sheets[sheets.length - 1].rows.push(...freeRows(lines.slice(at)));
      else sheets.push({ name: null, refs: "lines", rows: freeRows(lines.slice(at)) });
      break;
    }
    const rows: GridRow[] = [...freeRows(lines.slice(at, h.at))];
    rows.push({ cells: h.columns.map((c, k) => ({ text: joinTitle(lines, h, k) })), ref: lines[h.at].no });
    const { body, end: j } = tableBody(lines, h);
    rows.push(...bodyRows(body, h.columns, doubts));
    // what follows: footnotes, actions, signatory, up to the next service's title block
    const next = findHeader(lines, j);
    let end = next ? next.at : lines.length;
    if (next) {
      // the next service's title and service block begin after the last closing line
      let k = j;
      while (k < next.at && !startsService(lines, k) && !blockOpens(lines, k, h.columns)) k++;
      end = k;
    }
    rows.push(...freeRows(lines.slice(j, end)));
    sheets.push({ name: null, refs: "lines", rows });
    at = end;
  }
  return sheets;
}

/** The lines with text, numbered, with their pages (form feeds) and their chunks. */
function gridLines(text: string): GridLine[] {
  const lines: GridLine[] = [];
  let page = 1;
  text.split(/\r?\n/).forEach((raw, i) => {
    const parts = raw.split("\f");
    page += parts.length - 1;
    const l = parts[parts.length - 1];
    const chunks = chunksOf(l);
    if (chunks.length) lines.push({ no: i + 1, page, chunks });
  });
  return lines;
}

/** The table's body after header `h`, over its pages (a repeated header is skipped, a closing line ends it), each line with its page's columns; `end` is the first line after it. */
function tableBody(lines: GridLine[], h: { last: number; at: number; columns: Column[] }): { body: GridLine[]; end: number } {
  const body: GridLine[] = [];
  let j = h.last + 1;
  let columns = h.columns;
  let colPage = lines[h.at].page;
  for (; j < lines.length; j++) {
    if (endsTable(lines[j], columns) || blockOpens(lines, j, columns)) break;
    // the next service's title block, wherever it is printed (centred by a word processor, right after the last row)
    if (lines[j].chunks.length === 1 && startsService(lines, j)) break;
    const again = findHeader(lines, j);
    // (a header known only by the table under it is one there only where it repeats this one: else a row)
    if (again && again.at === j) {
      if (again.columns.length === h.columns.length && again.columns.every((c, k) => c.role === h.columns[k].role)) {
        columns = again.columns;
        colPage = lines[j].page;
        j = again.last;
        continue;
      }
      if (!again.inferred) break;
    }
    // a page without the header repeated: its columns from where its own cells start
    if (lines[j].page !== colPage) {
      columns = pageColumns(lines.filter((l) => l.page === lines[j].page && l.no >= lines[j].no), h.columns);
      colPage = lines[j].page;
    }
    body.push({ ...lines[j], columns });
  }
  return { body, end: j };
}

/** A service's text begins: its name label, or its title block (the issuer's line above a title line). */
function startsService(lines: GridLine[], k: number): boolean {
  const text = (i: number) => lines[i].chunks.map((c) => c.text).join(" ");
  if (matchServiceLabel(lines[k].chunks[0].text)?.field === "name") return true;
  const title = (i: number) => i < lines.length && TITLE_KEYS.some((m) => labelKey(text(i)).startsWith(m)) && text(i).length < 160;
  return title(k) || (startsWithMarker(text(k), ISSUER_MARKERS) && title(k + 1));
}

const TITLE_KEYS = TITLE_MARKERS.filter((m) => m.includes(" "));
