/**
 * From a page's geometry (text runs, rules) to grid rows, the shape every tabular
 * parser hands to the interpreter.
 *
 * - Ruled tables (lattice, as pdfplumber / Camelot do): rules are snapped and joined,
 *   grouped into tables by intersection, the distinct rule positions make a fine grid,
 *   and fine cells with no rule between them are one merged cell (covered "up" / "left").
 * - Unruled tables: column bands from the header row (the templates' column titles),
 *   rows from the text of the data columns (a cell's lines are close, rows are further
 *   apart), and the label columns left of the description (dimension, sub-dimension),
 *   whose merged cells are centred on the rows they span, are laid over those rows.
 * - Everything else (title block, service block, footnotes, signatory) becomes rows of
 *   text blocks side by side.
 */
import type { GridCell } from "../layout/grid.js";
import { headerRole } from "../template/header.js";
import { matchServiceLabel } from "../template/service.js";
import { cleanCell, isFootnote } from "../normalize/text.js";
import type { ColumnRole } from "../normalize/taxonomy.js";
import type { Segment, TextRun } from "./geometry.js";

export interface PageRow {
  cells: GridCell[];
  bbox: [number, number, number, number];
}

/** Columns of an unruled table, carried to the next page when the table continues there. */
export interface TextColumns {
  /** Left edge of each column's title. */
  starts: number[];
  /** Right edge of each column's title (all its lines), where known. */
  ends?: number[];
  roles: (ColumnRole | null)[];
  size: number;
}

const SNAP = 2;
const JOIN = 3;

// ---------------------------------------------------------------- text helpers

interface Line {
  runs: TextRun[];
  baseline: number;
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  size: number;
}

function lineOf(runs: TextRun[]): Line {
  runs.sort((a, b) => a.x0 - b.x0);
  return {
    runs,
    baseline: runs.reduce((s, r) => s + r.baseline, 0) / runs.length,
    top: Math.min(...runs.map((r) => r.top)),
    bottom: Math.max(...runs.map((r) => r.bottom)),
    x0: Math.min(...runs.map((r) => r.x0)),
    x1: Math.max(...runs.map((r) => r.x1)),
    size: Math.max(...runs.map((r) => r.size)),
  };
}

/** Group runs into lines by baseline. */
export function toLines(runs: TextRun[]): Line[] {
  const sorted = [...runs].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const lines: TextRun[][] = [];
  let cur: TextRun[] = [];
  let base = -Infinity;
  for (const r of sorted) {
    if (cur.length && Math.abs(r.baseline - base) > Math.max(0.4 * r.size, 1)) {
      lines.push(cur);
      cur = [];
    }
    if (!cur.length) base = r.baseline;
    cur.push(r);
  }
  if (cur.length) lines.push(cur);
  return lines.map(lineOf);
}

/** One line's text: runs joined, with a space where there is a gap. */
function lineText(line: Line): string {
  let out = "";
  let prev: TextRun | null = null;
  for (const r of line.runs) {
    if (prev) {
      const gap = r.x0 - prev.x1;
      if (gap > r.size * 0.12 && !/\s$/.test(out) && !/^\s/.test(r.str)) out += " ";
    }
    out += r.str;
    prev = r;
  }
  return out;
}

/** A cell's lines as one value: lines joined with a space; a word broken at a hyphen is rejoined. */
export function joinLines(lines: string[]): string {
  let out = "";
  for (const raw of lines) {
    const l = raw.replace(/\s+$/, "");
    if (!l.trim()) continue;
    if (!out) out = l.trim();
    else if (/\u00ad$/.test(out)) out = out.slice(0, -1) + l.trim();
    else if (/[a-zà-ÿ]-$/i.test(out) && /^[a-zà-ÿ]/.test(l.trim())) out += l.trim();
    else out += " " + l.trim();
  }
  return out;
}

function textOfRuns(runs: TextRun[]): string | null {
  if (!runs.length) return null;
  return cleanCell(joinLines(toLines(runs).map(lineText)));
}

function bboxOf(runs: { x0: number; x1: number; top: number; bottom: number }[]): [number, number, number, number] {
  return [
    Math.min(...runs.map((r) => r.x0)),
    Math.min(...runs.map((r) => r.top)),
    Math.max(...runs.map((r) => r.x1)),
    Math.max(...runs.map((r) => r.bottom)),
  ];
}

// ---------------------------------------------------------------- lattice

function mergeSegments(segs: Segment[], dir: "h" | "v"): Segment[] {
  const list = segs.filter((s) => s.dir === dir).sort((p, q) => p.pos - q.pos);
  const out: Segment[] = [];
  let i = 0;
  while (i < list.length) {
    let j = i;
    while (j + 1 < list.length && list[j + 1].pos - list[i].pos <= SNAP) j++;
    const group = list.slice(i, j + 1);
    const pos = group.reduce((s, g) => s + g.pos, 0) / group.length;
    group.sort((p, q) => p.a - q.a);
    let cur: Segment | null = null;
    for (const g of group) {
      if (cur && g.a <= cur.b + JOIN) cur.b = Math.max(cur.b, g.b);
      else {
        cur = { dir, pos, a: g.a, b: g.b };
        out.push(cur);
      }
    }
    i = j + 1;
  }
  return out;
}

function clusterPositions(values: number[]): number[] {
  const v = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const x of v) {
    if (group.length && x - group[0] > SNAP) {
      out.push(group.reduce((s, g) => s + g, 0) / group.length);
      group = [];
    }
    group.push(x);
  }
  if (group.length) out.push(group.reduce((s, g) => s + g, 0) / group.length);
  return out;
}

export interface Lattice {
  xs: number[];
  ys: number[];
  /** Fine cell (r, c) -> its merged cell's [r0, c0, r1, c1]. */
  span: [number, number, number, number][][];
}

/** Ruled tables of a page: components of intersecting rules with at least 2 columns and 2 rows. */
export function findLattices(segments: Segment[]): Lattice[] {
  const hs = mergeSegments(segments, "h").filter((s) => s.b - s.a > 2);
  const vs = mergeSegments(segments, "v").filter((s) => s.b - s.a > 2);
  const all = [...hs, ...vs];
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < hs.length; i++) {
    for (let j = 0; j < vs.length; j++) {
      const h = hs[i];
      const v = vs[j];
      if (v.pos >= h.a - JOIN && v.pos <= h.b + JOIN && h.pos >= v.a - JOIN && h.pos <= v.b + JOIN) {
        parent[find(i)] = find(hs.length + j);
      }
    }
  }
  const comps = new Map<number, Segment[]>();
  all.forEach((s, i) => {
    const r = find(i);
    if (!comps.has(r)) comps.set(r, []);
    comps.get(r)!.push(s);
  });
  const out: Lattice[] = [];
  for (const comp of comps.values()) {
    const ch = comp.filter((s) => s.dir === "h");
    const cv = comp.filter((s) => s.dir === "v");
    const xs = clusterPositions(cv.map((s) => s.pos));
    const ys = clusterPositions(ch.map((s) => s.pos));
    if (xs.length < 3 || ys.length < 3) continue; // a box, or a box with one rule: no cells to read
    const nr = ys.length - 1;
    const nc = xs.length - 1;
    const hasV = (x: number, ya: number, yb: number) => cv.some((s) => Math.abs(s.pos - x) <= SNAP && s.a <= ya + JOIN && s.b >= yb - JOIN);
    const hasH = (y: number, xa: number, xb: number) => ch.some((s) => Math.abs(s.pos - y) <= SNAP && s.a <= xa + JOIN && s.b >= xb - JOIN);
    const id = (r: number, c: number) => r * nc + c;
    const p = Array.from({ length: nr * nc }, (_, i) => i);
    const f = (i: number): number => (p[i] === i ? i : (p[i] = f(p[i])));
    for (let r = 0; r < nr; r++) {
      for (let c = 0; c < nc; c++) {
        if (c + 1 < nc && !hasV(xs[c + 1], ys[r], ys[r + 1])) p[f(id(r, c + 1))] = f(id(r, c));
        if (r + 1 < nr && !hasH(ys[r + 1], xs[c], xs[c + 1])) p[f(id(r + 1, c))] = f(id(r, c));
      }
    }
    const box = new Map<number, [number, number, number, number]>();
    for (let r = 0; r < nr; r++) {
      for (let c = 0; c < nc; c++) {
        const g = f(id(r, c));
        const b = box.get(g);
        if (!b) box.set(g, [r, c, r, c]);
        else box.set(g, [Math.min(b[0], r), Math.min(b[1], c), Math.max(b[2], r), Math.max(b[3], c)]);
      }
    }
    const span = Array.from({ length: nr }, (_, r) => Array.from({ length: nc }, (_, c) => box.get(f(id(r, c)))!));
    out.push({ xs, ys, span });
  }
  return out;
}

/** Split runs that cross a column rule of the lattice (adjacent cells' words glued in one run). */
function splitAcross(run: TextRun, xs: number[], edges: boolean[]): TextRun[] {
  const inner = xs.filter((x, i) => edges[i] && run.x0 < x - 1 && run.x1 > x + 1);
  if (!inner.length || run.str.length < 2) return [run];
  const out: TextRun[] = [];
  let rest = run;
  for (const x of inner) {
    const frac = (x - rest.x0) / (rest.x1 - rest.x0);
    let k = Math.round(frac * rest.str.length);
    const sp = rest.str.lastIndexOf(" ", k);
    if (sp > 0 && k - sp <= 3) k = sp;
    if (k <= 0 || k >= rest.str.length) continue;
    out.push({ ...rest, str: rest.str.slice(0, k), x1: x - 0.5 });
    rest = { ...rest, str: rest.str.slice(k), x0: x + 0.5 };
  }
  out.push(rest);
  return out;
}

/** The rows of one lattice, and which runs it took. */
export function latticeRows(lat: Lattice, runs: TextRun[], used: Set<TextRun>): PageRow[] {
  const { xs, ys, span } = lat;
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  const inCell = new Map<string, TextRun[]>();
  for (const run of runs) {
    const cy = (run.top + run.bottom) / 2 - 0.1 * run.size;
    const cxMid = (run.x0 + run.x1) / 2;
    if (cy < ys[0] - 1 || cy > ys[nr] + 1 || cxMid < xs[0] - 1 || cxMid > xs[nc] + 1) continue;
    used.add(run);
    const r0 = Math.max(0, Math.min(nr - 1, ys.findIndex((y, i) => i < nr && cy >= y && cy < ys[i + 1])));
    // only the rules drawn in this row split a run; merged cells keep theirs whole
    const edges = xs.map((_, i) => i > 0 && i < nc && span[r0][i - 1] !== span[r0][i]);
    for (const piece of splitAcross(run, xs, edges)) {
      const cx = (piece.x0 + piece.x1) / 2;
      let c = xs.findIndex((x, i) => i < nc && cx >= x && cx < xs[i + 1]);
      let r = ys.findIndex((y, i) => i < nr && cy >= y && cy < ys[i + 1]);
      if (c < 0) c = cx < xs[0] ? 0 : nc - 1;
      if (r < 0) r = cy < ys[0] ? 0 : nr - 1;
      const [r0, c0] = span[r][c];
      const key = `${r0}:${c0}`;
      if (!inCell.has(key)) inCell.set(key, []);
      inCell.get(key)!.push(piece);
    }
  }
  const rows: PageRow[] = [];
  for (let r = 0; r < nr; r++) {
    const cells: GridCell[] = [];
    for (let c = 0; c < nc; c++) {
      const [r0, c0] = span[r][c];
      if (r0 === r && c0 === c) cells.push({ text: textOfRuns(inCell.get(`${r}:${c}`) ?? []) });
      else cells.push({ text: null, covered: r0 === r ? "left" : "up" });
    }
    rows.push({ cells, bbox: [xs[0], ys[r], xs[nc], ys[r + 1]] });
  }
  return rows;
}

// ---------------------------------------------------------------- free text

interface Block {
  col: number;
  runs: TextRun[];
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  lines: number[];
}

/** The usual distance between consecutive lines of one cell, as a multiple of the font size. */
function leadingOf(pieces: { col: number; line: Line }[]): number {
  const byCol = new Map<number, Line[]>();
  for (const p of pieces) {
    if (!byCol.has(p.col)) byCol.set(p.col, []);
    byCol.get(p.col)!.push(p.line);
  }
  const deltas: number[] = [];
  for (const ls of byCol.values()) {
    ls.sort((a, b) => a.baseline - b.baseline);
    for (let i = 1; i < ls.length; i++) {
      const d = (ls[i].baseline - ls[i - 1].baseline) / ls[i].size;
      if (d >= 0.95 && d <= 1.7) deltas.push(d);
    }
  }
  if (!deltas.length) return 1.2;
  deltas.sort((a, b) => a - b);
  return deltas[Math.floor(deltas.length / 4)];
}

/** Pieces of a line split at wide gaps. */
function chunks(line: Line): Line[] {
  const out: TextRun[][] = [];
  let cur: TextRun[] = [];
  for (const r of line.runs) {
    const prev = cur[cur.length - 1];
    if (prev && r.x0 - prev.x1 > 1.5 * r.size) {
      out.push(cur);
      cur = [];
    }
    cur.push(r);
  }
  if (cur.length) out.push(cur);
  return out.map(lineOf);
}

/** Stack line pieces of one column into blocks (a cell's lines). */
function stackBlocks(pieces: { col: number; line: Line }[], leading: number, opens?: (line: Line, before: Line) => boolean): Block[] {
  const byCol = new Map<number, Line[]>();
  for (const p of pieces) {
    if (!byCol.has(p.col)) byCol.set(p.col, []);
    byCol.get(p.col)!.push(p.line);
  }
  const blocks: Block[] = [];
  for (const [col, ls] of byCol) {
    ls.sort((a, b) => a.baseline - b.baseline);
    let cur: Block | null = null;
    let lastBase = -Infinity;
    let before: Line | null = null;
    for (const l of ls) {
      if (cur && before && l.baseline - lastBase <= leading * l.size * 1.2 + 0.5 && !opens?.(l, before)) {
        cur.runs.push(...l.runs);
        cur.bottom = Math.max(cur.bottom, l.bottom);
        cur.x0 = Math.min(cur.x0, l.x0);
        cur.x1 = Math.max(cur.x1, l.x1);
      } else {
        cur = { col, runs: [...l.runs], top: l.top, bottom: l.bottom, x0: l.x0, x1: l.x1, lines: [] };
        blocks.push(cur);
      }
      lastBase = l.baseline;
      before = l;
    }
  }
  return blocks;
}

/** Rows of text outside tables: blocks side by side that overlap vertically are one row. */
export function freeTextRows(runs: TextRun[]): PageRow[] {
  if (!runs.length) return [];
  const lines = toLines(runs);
  const pieces = lines.flatMap((l) => chunks(l));
  // columns: left edges within a snap distance
  const lefts = clusterPositions(pieces.map((p) => p.x0));
  const colOf = (x: number) => {
    let best = 0;
    for (let i = 0; i < lefts.length; i++) if (Math.abs(lefts[i] - x) < Math.abs(lefts[best] - x)) best = i;
    return best;
  };
  const placed = pieces.map((line) => ({ col: colOf(line.x0), line }));
  // a paragraph of its own starts at a change of type size (a heading over the next line), a
  // service label ("Label: value" paragraphs set close together) or a footnote
  const opens = (l: Line, before: Line) => Math.abs(l.size - before.size) > 0.12 * Math.max(l.size, before.size) || !!matchServiceLabel(lineText(l)) || isFootnote(lineText(l));
  const blocks = stackBlocks(placed, leadingOf(placed), opens);
  blocks.sort((a, b) => a.top - b.top);
  const groups: Block[][] = [];
  let bottom = -Infinity;
  for (const b of blocks) {
    const overlap = Math.min(bottom, b.bottom) - b.top;
    if (groups.length && overlap > 0.3 * Math.min(b.bottom - b.top, 10)) {
      groups[groups.length - 1].push(b);
      bottom = Math.max(bottom, b.bottom);
    } else {
      groups.push([b]);
      bottom = b.bottom;
    }
  }
  return groups.map((g) => {
    g.sort((a, b) => a.x0 - b.x0);
    return { cells: g.map((b) => ({ text: textOfRuns(b.runs) })), bbox: bboxOf(g) };
  });
}

// ---------------------------------------------------------------- unruled tables

/**
 * A header cell's pieces: a chunk of the header line split where two column titles sit
 * closer than a chunk gap (narrow columns, small type: "Valore programmato (&)" and
 * "Note" one em apart). A split falls between runs set apart by more than a word space,
 * where the pieces on either side are titles of different columns, or where text below
 * the header starts a column at the right piece's left edge.
 */
function splitTitles(part: Line, below: Line[]): Line[] {
  const size = part.size;
  const atoms: TextRun[][] = [];
  for (const r of part.runs) {
    const last = atoms[atoms.length - 1];
    if (last && r.x0 - last[last.length - 1].x1 < 0.5 * size) last.push(r);
    else atoms.push([r]);
  }
  if (atoms.length < 2) return [part];
  const text = (rs: TextRun[]) => lineText(lineOf([...rs]));
  const out: TextRun[][] = [atoms[0]];
  for (let k = 1; k < atoms.length; k++) {
    const cur = out[out.length - 1];
    const a = headerRole(text(cur));
    const b = headerRole(text(atoms[k]));
    if ((a && b && a !== b) || startsColumnBelow(atoms[k][0].x0, cur[0].x0, below, size)) out.push(atoms[k]);
    else cur.push(...atoms[k]);
  }
  return out.map(lineOf);
}

/**
 * Whether text under the header starts a cell at x (within a column that begins at
 * `from`): a run there that opens its line within the column or follows the text before it
 * after a gap wider than a word space.
 */
function startsColumnBelow(x: number, from: number, below: Line[], size: number): boolean {
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

/** A header line of an indicator table among lines of free text, with its column starts. */
export function findHeader(lines: Line[]): { index: number; columns: TextColumns; band: [number, number] } | null {
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
    return { index: i, columns: { starts: cols.map((c) => c.x0), ends: cols.map((c) => c.x1), roles: cols.map((c) => c.role), size }, band };
  }
  return null;
}

/** Header row cells for an unruled header (multi-line titles joined). */
export function headerRow(columns: TextColumns, runs: TextRun[]): PageRow {
  const per = columnRuns(columns, runs);
  return { cells: per.map((rs) => ({ text: textOfRuns(rs) })), bbox: bboxOf(runs) };
}

/** The column a run starting at x0 falls in: the last whose left bound it reaches. */
function columnIndex(columns: TextColumns, x0: number, bounds?: number[]): number {
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

/** The body of an unruled table: rows from the data columns, merged label columns laid over them. */
export function unruledRows(columns: TextColumns, runs: TextRun[]): PageRow[] {
  if (!runs.length) return [];
  const lines = toLines(runs);
  const nc = columns.starts.length;
  const bounds = columnBounds(columns, runs);
  let firstData = columns.roles.indexOf("description");
  if (firstData < 0) firstData = columns.roles.findIndex((r) => r === "formula" || r === "target");
  if (firstData < 0) firstData = Math.min(1, nc - 1);
  const pieces: { col: number; line: Line }[] = [];
  for (const l of lines) {
    // split the line at column starts
    const per = new Map<number, TextRun[]>();
    for (const r of l.runs) {
      const c = columnIndex(columns, r.x0, bounds);
      if (!per.has(c)) per.set(c, []);
      per.get(c)!.push(r);
    }
    for (const [col, rs] of per) pieces.push({ col, line: lineOf(rs) });
  }
  const blocks = stackBlocks(pieces, leadingOf(pieces));
  // a label-column block reaching over the description column is a definition merged across
  const crosses = (b: Block) => b.col === firstData - 1 && b.x1 > columns.starts[firstData] + columns.size;
  const defining = blocks.filter((b) => b.col >= firstData || crosses(b)).sort((a, b) => a.top - b.top);
  const bands: { top: number; bottom: number; blocks: Block[] }[] = [];
  for (const b of defining) {
    const last = bands[bands.length - 1];
    if (last && b.top < last.bottom - 0.5) {
      last.blocks.push(b);
      last.bottom = Math.max(last.bottom, b.bottom);
    } else bands.push({ top: b.top, bottom: b.bottom, blocks: [b] });
  }
  if (!bands.length) return [];
  // row bands extend to the middle of the gaps between rows
  const gaps = bands.slice(1).map((b, i) => b.top - bands[i].bottom);
  const medianGap = gaps.length ? [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] : columns.size;
  const edges = bands.map((b, i) => [i === 0 ? b.top - medianGap / 2 : (bands[i - 1].bottom + b.top) / 2, i === bands.length - 1 ? b.bottom + medianGap / 2 : (b.bottom + bands[i + 1].top) / 2]);
  const n = bands.length;
  // label columns, left to right, each within the spans of the one before
  const labelText: (string | null)[][] = bands.map(() => Array(nc).fill(null));
  const covered: boolean[][] = bands.map(() => Array(nc).fill(false));
  let parents: [number, number][] = [[0, n - 1]];
  for (let c = 0; c < firstData; c++) {
    const colBlocks = blocks.filter((b) => b.col === c && !defining.includes(b)).sort((a, b) => a.top - b.top);
    const spans: [number, number][] = [];
    for (const [pa, pb] of parents) {
      const inside = colBlocks.filter((b) => {
        const cy = (b.top + b.bottom) / 2;
        return cy >= edges[pa][0] - 1 && cy <= edges[pb][1] + 1;
      });
      const placed = alignedAtTop(inside, pa, pb, bands, columns.size) ?? partition(inside, pa, pb, edges);
      for (const s of placed) {
        spans.push([s.from, s.to]);
        labelText[s.from][c] = textOfRuns(s.block.runs);
        for (let r = s.from + 1; r <= s.to; r++) covered[r][c] = true;
      }
      // rows of the parent span no label covers keep their parent span (empty cells)
      if (!inside.length) spans.push([pa, pb]);
    }
    parents = spans.length ? spans : parents;
  }
  const rows: PageRow[] = [];
  for (let k = 0; k < n; k++) {
    const cells: GridCell[] = [];
    for (let c = 0; c < nc; c++) {
      if (c < firstData) {
        const crossing = bands[k].blocks.find((b) => b.col === c);
        if (crossing) cells.push({ text: textOfRuns(crossing.runs) });
        else if (covered[k][c]) cells.push({ text: null, covered: "up" });
        else cells.push({ text: labelText[k][c] });
        continue;
      }
      const bs = bands[k].blocks.filter((b) => b.col === c);
      if (!bs.length && c === firstData && bands[k].blocks.some((b) => crosses(b))) {
        cells.push({ text: null, covered: "left" });
        continue;
      }
      cells.push({ text: bs.length ? textOfRuns(bs.flatMap((b) => b.runs)) : null });
    }
    const all = bands[k].blocks;
    const bb = bboxOf(all);
    rows.push({ cells, bbox: [columns.starts[0], edges[k][0], Math.max(bb[2], columns.starts[nc - 1]), edges[k][1]] });
  }
  return rows;
}

/**
 * Labels printed at the top of their merged cells (HTML and Word tables): where every
 * label starts on the first line of a row, each reaches down to the row before the next
 * label (the rows below it are the vertical extent of its cell). Null where the labels
 * do not sit at rows' tops (spreadsheets centre their merged cells: see partition).
 */
function alignedAtTop(labels: Block[], from: number, to: number, bands: { top: number }[], size: number): { block: Block; from: number; to: number }[] | null {
  if (!labels.length) return null;
  const starts: number[] = [];
  for (const b of labels) {
    let at = -1;
    for (let r = from; r <= to; r++) if (Math.abs(bands[r].top - b.top) < 0.5 * size) at = r;
    if (at < 0 || (starts.length && at <= starts[starts.length - 1])) return null;
    starts.push(at);
  }
  // a label spanning no row below it says nothing about alignment: some label must reach further
  if (!starts.some((s, k) => (starts[k + 1] ?? to + 1) - s > 1)) return null;
  return labels.map((block, k) => ({ block, from: starts[k], to: (starts[k + 1] ?? to + 1) - 1 }));
}

/**
 * Lay labels over rows: consecutive spans covering rows `from`..`to`, one per label, in
 * order, each centred as near as possible on its label (merged cells centre their text).
 */
function partition(labels: Block[], from: number, to: number, edges: number[][]): { block: Block; from: number; to: number }[] {
  const k = labels.length;
  const n = to - from + 1;
  if (!k) return [];
  if (k >= n) {
    // more labels than rows: each label to the row nearest its centre
    const out: { block: Block; from: number; to: number }[] = [];
    for (const b of labels) {
      const cy = (b.top + b.bottom) / 2;
      let best = from;
      for (let r = from; r <= to; r++) if (Math.abs((edges[r][0] + edges[r][1]) / 2 - cy) < Math.abs((edges[best][0] + edges[best][1]) / 2 - cy)) best = r;
      if (!out.some((o) => o.from === best)) out.push({ block: b, from: best, to: best });
    }
    return out;
  }
  const cost = (j: number, a: number, b: number) => {
    const centre = (edges[a][0] + edges[b][1]) / 2;
    const lb = labels[j];
    const cy = (lb.top + lb.bottom) / 2;
    const outside = cy < edges[a][0] || cy > edges[b][1] ? 1000 : 0;
    return Math.abs(centre - cy) + outside;
  };
  // dp[j][i]: best cost placing labels 0..j-1 over rows from..from+i-1
  const INF = Number.POSITIVE_INFINITY;
  const dp = Array.from({ length: k + 1 }, () => Array(n + 1).fill(INF));
  const back = Array.from({ length: k + 1 }, () => Array(n + 1).fill(-1));
  dp[0][0] = 0;
  for (let j = 1; j <= k; j++) {
    for (let i = j; i <= n; i++) {
      for (let s = j - 1; s < i; s++) {
        if (dp[j - 1][s] === INF) continue;
        const v = dp[j - 1][s] + cost(j - 1, from + s, from + i - 1);
        if (v < dp[j][i]) {
          dp[j][i] = v;
          back[j][i] = s;
        }
      }
    }
  }
  const out: { block: Block; from: number; to: number }[] = [];
  let i = n;
  for (let j = k; j >= 1; j--) {
    const s = back[j][i];
    out.unshift({ block: labels[j - 1], from: from + s, to: from + i - 1 });
    i = s;
  }
  return out;
}

export { isFootnote, lineText, chunks, type Line };
