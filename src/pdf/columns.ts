/**
 * The columns of an unruled table, from its header line(s): the templates' column titles
 * (wrapped on several lines where columns are narrow), and the bounds between columns
 * found in the gutters of the body's text.
 */
import type { ColumnRole } from "../normalize/taxonomy.js";
import { headerRole } from "../template/header.js";
import { isTitle } from "../template/table-roles.js";
import { alignedHeader } from "./aligned-header.js";
import type { TextRun } from "./geometry.js";
import { bboxOf, chunks, runLineOf, lineText, textOfRuns, type RunLine, type PageRow } from "./lines.js";

/** Columns of an unruled table, carried to the next page when the table continues there. */
export interface TextColumns {
  /** Left edge of each column's title. */
  starts: number[];
  /** Right edge of each column's title (all its lines), where known. */
  ends?: number[];
  roles: (ColumnRole | null)[];
  size: number;
  /** The text of the header's line: the same line again ends the table. */
  headLine?: string;
}

/**
 * A header cell's pieces: a chunk of the header line split where two column titles sit
 * closer than a chunk gap (narrow columns, small type: "Valore programmato (&)" and
 * "Note" one em apart). A split falls between runs set apart by more than a word space,
 * where the pieces on either side are titles of different columns, or where text below
 * the header starts a column at the right piece's left edge.
 */
function splitTitles(part: RunLine, below: RunLine[]): RunLine[] {
  const size = part.size;
  const atoms: TextRun[][] = [];
  for (const r of part.runs) {
    const last = atoms[atoms.length - 1];
    if (last && r.x0 - last[last.length - 1].x1 < 0.5 * size) last.push(r);
    else atoms.push([r]);
  }
  if (atoms.length < 2) return [part];
  const text = (rs: TextRun[]) => lineText(runLineOf([...rs]));
  const out: TextRun[][] = [atoms[0]];
  for (let k = 1; k < atoms.length; k++) {
    const cur = out[out.length - 1];
    const a = headerRole(text(cur));
    const b = headerRole(text(atoms[k]));
    if ((a && b && a !== b) || startsColumnBelow(atoms[k][0].x0, cur[0].x0, below, size)) out.push(atoms[k]);
    else cur.push(...atoms[k]);
  }
  return out.map(runLineOf);
}

/**
 * Whether text under the header starts a cell at x (within a column that begins at
 * `from`): a run there that opens its line within the column or follows the text before it
 * after a gap wider than a word space.
 */
function startsColumnBelow(x: number, from: number, below: RunLine[], size: number): boolean {
  const tol = 0.5 * size;
  for (const l of below) {
    for (let k = 0; k < l.runs.length; k++) {
      const r = l.runs[k];
      if (Math.abs(r.x0 - x) > tol) continue;
      const prev = l.runs[k - 1];
      if (!prev || prev.x1 < from - tol) return true;
      if (r.x0 - prev.x1 >= 0.5 * Math.max(size, r.size)) return true;
    }
  }
  return false;
}

/**
 * A header line of an indicator table among lines of free text, with its column starts:
 * the template's titles, or else a line of titles the text below is aligned under
 * (aligned-header.ts).
 */
export function findHeader(lines: RunLine[], before?: TextColumns | null): { index: number; columns: TextColumns; band: [number, number] } | null {
  const again = before ? headerAgain(lines, before) : null;
  const known = templateHeader(lines);
  // (where the titles read as a header by themselves, their own reading: its lines wrapped)
  if (known) return again && again.index < known.index ? again : known;
  for (let i = 0; i <= (again ? again.index : lines.length - 1); i++) {
    const found = alignedHeader(lines, i);
    if (found) return { index: i, ...found };
  }
  return again;
}

/**
 * A line that prints a header read before: its text the same, its first title where that
 * header's first column starts. It is that header again, with its columns, even where no
 * rows follow it to tell its columns by (a table's header printed at the foot of a page,
 * its rows all on the next).
 */
function headerAgain(lines: RunLine[], before: TextColumns): { index: number; columns: TextColumns; band: [number, number] } | null {
  const i = lines.findIndex((l) => before.headLine && lineText(l) === before.headLine && Math.abs(l.x0 - before.starts[0]) < before.size);
  return i < 0 ? null : { index: i, columns: before, band: [lines[i].top, lines[i].bottom] };
}

/** A header line of the template's titles (wrapped on two lines or more), with its column starts. */
function templateHeader(lines: RunLine[]): { index: number; columns: TextColumns; band: [number, number] } | null {
  for (let i = 0; i < lines.length; i++) {
    const below = lines.slice(i + 1).filter((l) => l.baseline - lines[i].baseline > 1.6 * lines[i].size);
    const parts = chunks(lines[i]).flatMap((p) => splitTitles(p, below));
    const roles = parts.map((p) => headerRole(lineText(p)));
    const found = roles.filter((r) => r);
    if (new Set(found).size < 3 || (!found.includes("description") && !found.includes("dimension"))) continue;
    const size = lines[i].size;
    const band: [number, number] = [lines[i].top, lines[i].bottom];
    const cols = parts.map((p, k) => ({ x0: p.x0, x1: p.x1, text: lineText(p), role: roles[k] }));
    const absorb = (j: number) => {
      for (const p of chunks(lines[j]).flatMap((c) => splitTitles(c, below))) {
        // the title it continues: the one it overlaps most (narrow columns sit less than an em apart)
        let hit: (typeof cols)[number] | undefined;
        let best = -Infinity;
        for (const c of cols) {
          const overlap = Math.min(p.x1, c.x1 + size) - Math.max(p.x0, c.x0 - size);
          if (overlap > 0 && overlap > best) {
            best = overlap;
            hit = c;
          }
        }
        if (hit) {
          hit.text = lines[j].baseline < lines[i].baseline ? `${lineText(p)} ${hit.text}` : `${hit.text} ${lineText(p)}`;
          hit.role = headerRole(hit.text);
          hit.x1 = Math.max(hit.x1, p.x1);
        } else cols.push({ x0: p.x0, x1: p.x1, text: lineText(p), role: headerRole(lineText(p)) });
        band[0] = Math.min(band[0], lines[j].top);
        band[1] = Math.max(band[1], lines[j].bottom);
      }
    };
    // header cells on two lines: pieces just above or below that start a column of their own
    let last = i;
    for (let j = i - 2; j <= i + 2; j++) {
      if (j === i || j < 0 || j >= lines.length) continue;
      if (Math.abs(lines[j].baseline - lines[i].baseline) > 1.6 * size) continue;
      // a line in larger type is a caption or a heading over the table, not a title's line
      if (lines[j].size > 1.15 * size) continue;
      // a line below holding a value with its figures ("30 ore", "90%") is the table's first row, set as close
      // as a title's lines (a sheet's rows printed one line each), and so is every line under it
      if (j > i && chunks(lines[j]).some((p) => /\d/.test(lineText(p)) && !isTitle(lineText(p)))) break;
      absorb(j);
      if (j > last) last = j;
    }
    // titles wrapped on more lines (narrow columns of a web page's table): lines set at the
    // titles' leading that leave the first column empty (a data row opens with its label)
    const second = [...cols].sort((a, b) => a.x0 - b.x0)[1]?.x0 ?? Infinity;
    for (let j = last + 1; j < lines.length && last > i; j++) {
      if (lines[j].baseline - lines[j - 1].baseline > 1.6 * size || lines[j].x0 < second - size) break;
      absorb(j);
    }
    cols.sort((a, b) => a.x0 - b.x0);
    return { index: i, columns: { starts: cols.map((c) => c.x0), ends: cols.map((c) => c.x1), roles: cols.map((c) => c.role), size, headLine: lineText(lines[i]) }, band };
  }
  return null;
}

/** Header row cells for an unruled header (multi-line titles joined). */
export function headerRow(columns: TextColumns, runs: TextRun[]): PageRow {
  const per = columnRuns(columns, runs);
  return { cells: per.map((rs) => ({ text: textOfRuns(rs) })), bbox: bboxOf(runs) };
}

/** The column a run starting at x0 falls in: the last whose left bound it reaches. */
export function columnIndex(columns: TextColumns, x0: number, bounds?: number[]): number {
  const tol = columns.size * 0.6;
  let c = 0;
  for (let i = 0; i < columns.starts.length; i++) if (x0 >= (bounds ? bounds[i] : columns.starts[i] - tol)) c = i;
  return c;
}

function columnRuns(columns: TextColumns, runs: TextRun[], bounds?: number[]): TextRun[][] {
  const per: TextRun[][] = columns.starts.map(() => []);
  for (const r of runs) per[columnIndex(columns, r.x0, bounds)].push(r);
  return per;
}

/**
 * Left bounds of the columns under an unruled header, from the titles and the text below
 * them. Between the end of one title and the start of the next, the bound goes in the
 * gutter of the body's text: the rightmost stretch crossed by the fewest runs (text left
 * aligned under a centred title starts left of it; a value centred under a short title
 * starts right of its end), in its middle. Where titles leave no room, or there is no body,
 * a column starts a little before its title.
 */
export function columnBounds(columns: TextColumns, runs: TextRun[]): number[] {
  const tol = columns.size * 0.6;
  const bounds = columns.starts.map((s) => s - tol);
  const ends = columns.ends;
  if (!ends || ends.length !== columns.starts.length || !runs.length) return bounds;
  for (let i = 1; i < columns.starts.length; i++) {
    const lo = ends[i - 1];
    const hi = columns.starts[i];
    if (!(hi - lo > 0.1)) continue;
    const inZone = runs.filter((r) => r.x1 > lo && r.x0 < hi);
    const cuts = [lo, hi];
    for (const r of inZone) {
      if (r.x0 > lo) cuts.push(r.x0);
      if (r.x1 < hi) cuts.push(r.x1);
    }
    cuts.sort((a, b) => a - b);
    // stretches between cuts with their crossing counts, equal neighbours merged
    const stretches: { a: number; b: number; n: number }[] = [];
    for (let k = 0; k + 1 < cuts.length; k++) {
      const a = cuts[k];
      const b = cuts[k + 1];
      if (b - a < 1e-3) continue;
      const mid = (a + b) / 2;
      const n = inZone.filter((r) => r.x0 < mid && r.x1 > mid).length;
      const last = stretches[stretches.length - 1];
      if (last && last.n === n && Math.abs(last.b - a) < 1e-3) last.b = b;
      else stretches.push({ a, b, n });
    }
    if (!stretches.length) continue;
    const fewest = Math.min(...stretches.map((s) => s.n));
    const gutter = stretches.filter((s) => s.n === fewest).pop()!;
    bounds[i] = (gutter.a + gutter.b) / 2;
  }
  return bounds;
}
