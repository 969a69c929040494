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
import type { PageGeometry, TextRun } from "./geometry.js";
import { findLattices, latticeRows } from "./lattice.js";
import { chunks, lineText, toRunLines, type PageRow, type RunLine } from "./lines.js";
import { unruledRows } from "./unruled.js";

/** A line in the first column that closes an unruled table: footnotes, a new service or its title, a heading, a service block's line, the actions table, another header. */
function isTableEndLine(line: RunLine, columns: TextColumns): boolean {
  const first = chunks(line)[0];
  if (columns.starts.length > 1 && first.x0 >= columns.starts[1] - columns.size * 0.6) return false;
  const text = lineText(first);
  if (columns.headLine && lineText(line) === columns.headLine) return true; // the header printed again
  // a heading (larger type than the titles') or a service block's "Label: value" line
  if (line.size > 1.12 * columns.size || (columns.starts.length > 1 && line.x1 < columns.starts[1] + columns.size && opensWithLabel(text))) return true;
  return isFootnote(text) || matchServiceLabel(text)?.field === "name" || isActionsHeader(text) || !!titleServiceName(text) || findHeader([line]) !== null;
}

/** What a page hands on to the next. */
export interface PageCarry {
  /** Columns of an unruled table still open at the end of the previous page. */
  carry: TextColumns | null;
}

/** A page's rows, top to bottom: ruled tables, unruled tables under their header, the text around them. */
export function pageRows(g: PageGeometry, state: PageCarry): PageRow[] {
  const used = new Set<TextRun>();
  const rows: PageRow[] = [];
  const lattices = findLattices(g.segments);
  for (const lat of lattices) rows.push(...latticeRows(lat, g.runs, used));
  const free = g.runs.filter((r) => !used.has(r));
  const rest: TextRun[] = [];
  // the unruled tables of the page, one after another: each from its header (or the columns
  // of a table going on from the page before) to the line that ends it
  let lines = toRunLines(free);
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
    rows.push(...unruledRows(columns, body, g.segments.filter((s) => s.dir === "h")));
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
  rows.push(...freeTextRows(rest, g.segments.filter((s) => s.dir === "h")));
  rows.sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
  return rows;
}

