/**
 * The header of an unruled table known by its structure where its titles are not the
 * template's: a line of three titles or more set apart (none of them a value), over lines
 * whose text starts where those titles start (a web page's or a Word table's cells are
 * aligned left under their titles), whose columns read as an indicator table (a
 * description and values: template/table-roles.ts inferHeader).
 */
import { inferHeader, isTitle } from "../template/table-roles.js";
import type { TextColumns } from "./columns.js";
import type { TextRun } from "./geometry.js";
import { lineText, runLineOf, type RunLine } from "./lines.js";

/** Lines below a candidate header weighed as its table's rows (at most). */
const ROWS_WEIGHED = 40;

/** The line's titles: runs set apart by more than a word space. */
function titlesOf(line: RunLine): RunLine[] {
  const atoms: TextRun[][] = [];
  for (const r of line.runs) {
    const last = atoms[atoms.length - 1];
    if (last && r.x0 - last[last.length - 1].x1 < 0.5 * line.size) last.push(r);
    else atoms.push([r]);
  }
  return atoms.map((a) => runLineOf([...a]));
}

/** The lines under the header that belong to its table: up to a wide vertical gap or a larger type (a heading). */
function bodyLines(lines: RunLine[], i: number): RunLine[] {
  const size = lines[i].size;
  const out: RunLine[] = [];
  for (let j = i + 1; j < lines.length && out.length < ROWS_WEIGHED; j++) {
    const prev = lines[j - 1];
    if (lines[j].top - prev.bottom > 2.5 * size || lines[j].size > 1.12 * size) break;
    out.push(lines[j]);
  }
  return out;
}

/**
 * A header line at `i` read by its structure, with its column starts and roles; null
 * where the line is not one (fewer than three titles, text below not aligned under them,
 * or columns that are no indicator table).
 */
export function alignedHeader(lines: RunLine[], i: number): Aligned {
  const found = alignedFrom(lines, i, 0);
  // a first column whose role nothing tells, where the titles right of it make a table by
  // themselves, is beside the table (a page's sidebar set level with the titles)
  if (found && found.columns.roles[0] === null && found.columns.starts.length > 3) return alignedFrom(lines, i, 1) ?? found;
  return found;
}

type Aligned = { columns: TextColumns; band: [number, number] } | null;

function alignedFrom(allLines: RunLine[], i: number, skip: number): Aligned {
  const titles = titlesOf(allLines[i]).slice(skip);
  if (titles.length < 3) return null;
  const size = allLines[i].size;
  const tol = 0.6 * size;
  const from = titles[0].x0 - tol;
  // with the first title skipped, the lines' text from the next title on
  const lines = skip ? allLines.map((l) => l.runs.filter((r) => r.x0 >= from)).filter((rs, k) => rs.length > 0 || k === i).map((rs) => runLineOf(rs)) : allLines;
  const at = skip ? allLines.slice(0, i).filter((l) => l.runs.some((r) => r.x0 >= from)).length : i;
  const line = lines[at];
  const body = bodyLines(lines, at);
  if (body.length < 2) return null;
  const starts = titles.map((t) => t.x0);
  // the body's text starts under the titles: each column after the first opens some line's run
  const opens = starts.map((x) => body.filter((l) => l.runs.some((r) => Math.abs(r.x0 - x) <= tol)).length);
  if (opens.slice(1).some((n) => n < 2)) return null;
  // runs starting nowhere near a title start mean other columns (or free text): not this header's table
  const stray = body.flatMap((l) => l.runs).filter((r, k, all) => (k === 0 || all[k - 1].x1 < r.x0 - 0.5 * size) && !starts.some((x) => Math.abs(r.x0 - x) <= tol)).length;
  if (stray > body.length / 2) return null;
  const column = (x: number) => {
    let c = 0;
    for (let k = 0; k < starts.length; k++) if (x >= starts[k] - tol) c = k;
    return c;
  };
  const rows: { cells: { text: string | null }[] }[] = [];
  /** The body line each row starts at. */
  const rowLines: number[] = [];
  const wrapsAt = wrapDistance(body);
  body.forEach((l, k) => {
    const per: TextRun[][] = starts.map(() => []);
    for (const r of l.runs) per[column(r.x0)].push(r);
    const cells = per.map((rs) => ({ text: rs.length ? lineText(runLineOf([...rs])) : null }));
    // a cell's next line (closer than rows are, the first column empty) goes on with the row above
    const last = rows[rows.length - 1];
    if (last && k > 0 && !cells[0].text && l.baseline - body[k - 1].baseline < wrapsAt) {
      cells.forEach((c, i) => (last.cells[i].text = [last.cells[i].text, c.text].filter(Boolean).join(" ") || null));
    } else {
      rows.push({ cells });
      rowLines.push(k);
    }
  });
  // titles wrapped onto the next line: a line at the titles' leading holding only pieces under titles after the first
  // (or pieces of any shape, "REALIZZATO %", where the rows below stand clearly farther apart than that line from the titles)
  const gap = body[0].top - line.bottom;
  const next = body[rowLines[1] ?? body.length];
  const apart = !!next && next.top - body[(rowLines[1] ?? body.length) - 1].bottom > gap + 0.5 * size;
  const piece = (t: string | null) => t === null || isTitleText(t) || (apart && t.length <= 40);
  const wrapped = gap < 0.6 * size && (apart || rows[0].cells[0].text === null) && rows[0].cells.every((c) => piece(c.text)) ? 1 : 0;
  const texts = titles.map((t, k) => [lineText(t), wrapped ? rows[0].cells[k].text : null].filter(Boolean).join(" "));
  const header = inferHeader({ cells: texts.map((text) => ({ text })) }, rows.slice(wrapped));
  if (!header || !valuesRightOfDescription(header.roles)) return null;
  const bottom = wrapped ? body[(rowLines[1] ?? body.length) - 1].bottom : line.bottom;
  return { columns: { starts, ends: titles.map((t) => t.x1), roles: header.roles, size, headLine: lineText(line) }, band: [line.top, bottom] };
}

/**
 * The distance between lines below which a line goes on with a cell of the line above: the
 * largest jump between the distances of consecutive lines (a cell's lines are closer than
 * rows), where the jump is clear; 0 where every distance is alike.
 */
function wrapDistance(body: RunLine[]): number {
  const deltas = body.slice(1).map((l, k) => l.baseline - body[k].baseline).sort((a, b) => a - b);
  let best = 0;
  let at = 0;
  for (let k = 1; k < deltas.length; k++) {
    const ratio = deltas[k] / Math.max(deltas[k - 1], 1e-3);
    if (ratio > best) [best, at] = [ratio, (deltas[k] + deltas[k - 1]) / 2];
  }
  return best > 1.25 ? at : 0;
}

/**
 * Whether the columns read in an indicator table's order: its values (target, achieved)
 * right of its description. A description found right of every value is text beside the
 * titles (a web page's article beside a sidebar's calendar), not a table's column.
 */
function valuesRightOfDescription(roles: readonly (string | null)[]): boolean {
  const description = roles.indexOf("description");
  const firstValue = roles.findIndex((r) => r === "target" || r === "actual");
  return description >= 0 && (firstValue < 0 || firstValue > description);
}

/** A piece of a title: short, not shaped as a value (a bare year is a title's). */
const isTitleText = (text: string) => text.length <= 40 && isTitle(text);
