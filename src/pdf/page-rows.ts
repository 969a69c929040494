/**
 * A PDF page's rows of cells, top to bottom: ruled tables from their rules (lattice.ts),
 * unruled tables from their header's column bands and the text's geometry (columns.ts,
 * unruled.ts), each from its header (or the columns of a table going on from the page
 * before) to the line that ends it, and the text around them as rows of text blocks
 * (freetext.ts).
 */
import { isFootnote } from "../normalize/text.js";
import { isActionsHeader } from "../template/sections.js";
import { matchServiceLabel } from "../template/service.js";
import { titleServiceName } from "../template/title.js";
import { findHeader, headerRow, type TextColumns } from "./columns.js";
import { freeTextRows, opensWithLabel } from "./freetext.js";
import type { PageGeometry, Segment, TextRun } from "./geometry.js";
import { findLattices, latticeRows } from "./lattice.js";
import { chunks, lineText, runLineOf, toRunLines, type PageRow, type RunLine } from "./lines.js";
import { unruledRows } from "./unruled.js";

/** A line in the first column that closes an unruled table: footnotes, a new service or its title, a heading, a service block's line, the actions table, another header. */
function isTableEndLine(line: RunLine, columns: TextColumns): boolean {
  const first = chunks(line)[0];
  if (columns.starts.length > 1 && first.x0 >= columns.starts[1] - columns.size * 0.6) return false;
  const text = lineText(first);
  if (columns.headLine && lineText(line) === columns.headLine) return true; // the header printed again
  // a heading (larger type than the titles') or a service block's "Label: value" line
  // (the size most of its runs have: a scan's engine may give one word of a table's line a
  // height half as much again as its type, a cell's lone value read on its own)
  if (typicalSize(line) > 1.12 * columns.size || (columns.starts.length > 1 && line.x1 < columns.starts[1] + columns.size && opensWithLabel(text))) return true;
  return isFootnote(text) || matchServiceLabel(text)?.field === "name" || isActionsHeader(text) || !!titleServiceName(text) || findHeader([line]) !== null;
}

/** The size of a line's runs, the median (the upper one of an even number): a heading's type, whatever one run says. */
function typicalSize(line: RunLine): number {
  const sizes = line.runs.map((r) => r.size).sort((a, b) => a - b);
  return sizes[Math.floor(sizes.length / 2)];
}

/** A run that ends before an unruled table's first column begins, by more than a word space: beside the table. */
function leftOf(r: TextRun, columns: TextColumns): boolean {
  return r.x1 < columns.starts[0] - 0.5 * columns.size;
}

/** What a page hands on to the next. */
export interface PageCarry {
  /** Columns of an unruled table still open at the end of the previous page. */
  carry: TextColumns | null;
  /** The last unruled table's columns read from its header: the same header line again is that header. */
  header?: TextColumns | null;
}

/** A page's rows, top to bottom: ruled tables, unruled tables under their header, the text around them. */
export function pageRows(g: PageGeometry, state: PageCarry): PageRow[] {
  const used = new Set<TextRun>();
  const rows: PageRow[] = [];
  const lattices = findLattices(g.segments);
  for (const lat of lattices) rows.push(...latticeRows(lat, g.runs, used));
  const free = g.runs.filter((r) => !used.has(r));
  const rest: TextRun[] = [];
  /** Left edges of the page's unruled tables. */
  const tableLefts: number[] = [];
  // the unruled tables of the page, one after another: each from its header (or the columns
  // of a table going on from the page before) to the line that ends it
  let lines = toRunLines(free);
  let columns: TextColumns | null = state.carry;
  state.carry = null;
  for (;;) {
    const found = findHeader(lines, state.header);
    let bodyStart = 0;
    if (found) {
      const [top] = found.band;
      const bottom = ruleUnderTitles(found, lines[found.index], g.segments);
      // titles read again without the lines under their rule (those are the table's)
      // (the lines below the titles' band stay: where titles sit close, the text under them tells their columns apart)
      const header = bottom < found.band[1] ? (findHeader(lines.filter((l) => l.baseline <= bottom || l.top > found.band[1])) ?? found) : found;
      const headRuns = lines.filter((l) => l.baseline >= top && l.baseline <= bottom + 0.2 * l.size).flatMap((l) => l.runs);
      const beside = headRuns.filter((r) => leftOf(r, header.columns));
      rest.push(...beside);
      rows.push(headerRow(header.columns, headRuns.filter((r) => !beside.includes(r))));
      columns = header.columns;
      state.header = columns;
      tableLefts.push(columns.starts[0]);
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
      // text wholly left of the table's first column is beside the table (a page's sidebar), not in it
      const cols = columns;
      const inside = lines[i].runs.filter((r) => !leftOf(r, cols));
      if (lines[i].top >= stopAt || (inside.length > 0 && isTableEndLine(runLineOf(inside), columns))) {
        end = i;
        break;
      }
      body.push(...inside);
      rest.push(...lines[i].runs.filter((r) => !inside.includes(r)));
    }
    const hRules = g.segments.filter((s) => s.dir === "h");
    // a table that ends on this page ends at its last rule where it is ruled between its rows
    const caption = end < lines.length ? belowLastRule(columns, body, hRules) : [];
    rest.push(...caption);
    rows.push(...unruledRows(columns, body.filter((r) => !caption.includes(r)), hRules));
    if (end === lines.length) {
      // a table still open at the page's end goes on over the next page: one with rows here,
      // or a header printed at the page's foot whose rows all fall on the next page
      if (body.length || (found && bodyStart === lines.length)) state.carry = columns;
      break;
    }
    // what follows the table's end: text, or the next table under its own header
    const after = lines.slice(end);
    const next = findHeader(after, state.header);
    if (!next) {
      for (const l of after) rest.push(...l.runs);
      break;
    }
    lines = after;
    columns = null;
  }
  // text wholly left of the page's widest ruled table and of its unruled tables (a web page's
  // sidebar, whose own small tables are not the page's) is read apart from the text beside the tables
  const widest = lattices.reduce<(typeof lattices)[number] | null>((w, l) => (!w || l.xs[l.xs.length - 1] - l.xs[0] > w.xs[w.xs.length - 1] - w.xs[0] ? l : w), null);
  const edges = [...(widest ? [widest.xs[0]] : []), ...tableLefts];
  const edge = edges.length ? Math.min(...edges) : -Infinity;
  const beside = rest.filter((r) => r.x1 < edge - r.size);
  const hRules = g.segments.filter((s) => s.dir === "h");
  // the sidebar's rows level with the tables are a web page's chrome beside them (menus,
  // calendars, lists of links): among the page's rows they would read as the tables' titles,
  // group labels or the charter's year, so they are not read; above or below the tables (a
  // page's header, a footer) they keep their place
  const tablesTop = Math.min(Infinity, ...rows.map((r) => r.bbox[1]));
  const tablesBottom = Math.max(-Infinity, ...rows.map((r) => r.bbox[3]));
  // (a line turned along the margin, a stamp, is none of its text)
  const upright = beside.filter((r) => r.x1 - r.x0 >= 0.2 * r.size * r.str.length);
  const sidebar = freeTextRows(upright, hRules).filter((r) => !(r.bbox[1] < tablesBottom && r.bbox[3] > tablesTop));
  rows.push(...sidebar, ...freeTextRows(rest.filter((r) => !upright.includes(r)), hRules));
  return rows.sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
}


/**
 * The bottom of an unruled header's titles: its band's, or a rule across the table below
 * the titles' first line where one is drawn inside that band (the header's own rule: text
 * under it is the table's, a row cut by the page break going on under the header printed
 * again, not more lines of the titles).
 */
function ruleUnderTitles(header: { columns: TextColumns; band: [number, number] }, first: RunLine, segments: readonly Segment[]): number {
  const { columns, band } = header;
  const from = columns.starts[0] + columns.size;
  const to = columns.starts[columns.starts.length - 1];
  const at = new Map<number, Segment[]>();
  for (const r of segments) if (r.dir === "h" && r.pos > first.bottom && r.pos < band[1]) at.set(Math.round(r.pos), [...(at.get(Math.round(r.pos)) ?? []), r]);
  const across = [...at].filter(([, rs]) => Math.min(...rs.map((r) => r.a)) <= from && Math.max(...rs.map((r) => r.b)) >= to).map(([pos]) => pos);
  return across.length ? Math.min(...across) : band[1];
}

/**
 * The runs of an unruled table's body below its last rule, where rules part its rows (two
 * or more across its first column among its lines): a caption or a note printed under a
 * lightly ruled table ("Tabella 1"), not a row of it.
 */
function belowLastRule(columns: TextColumns, body: TextRun[], rules: readonly Segment[]): TextRun[] {
  if (!body.length) return [];
  const top = Math.min(...body.map((r) => r.top));
  const bottom = Math.max(...body.map((r) => r.bottom));
  const from = columns.starts[0] + columns.size;
  const to = columns.starts[columns.starts.length - 1];
  // rules at one height, however cut at the columns, across the table: from its first column to its last
  const at = new Map<number, Segment[]>();
  // (the table's closing rule lies just under its last line: it is among them)
  for (const r of rules) if (r.pos > top - columns.size && r.pos < bottom + columns.size) at.set(Math.round(r.pos), [...(at.get(Math.round(r.pos)) ?? []), r]);
  const across = [...at].filter(([, rs]) => Math.min(...rs.map((r) => r.a)) <= from && Math.max(...rs.map((r) => r.b)) >= to).map(([pos]) => pos);
  if (across.length < 2) return [];
  const last = Math.max(...across);
  return body.filter((r) => r.top > last);
}
