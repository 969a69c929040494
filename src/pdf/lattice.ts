/**
 * Ruled tables (lattice, as pdfplumber / Camelot do): rules are snapped and joined,
 * grouped into tables by intersection, the distinct rule positions make a fine grid, and
 * fine cells with no rule between them are one merged cell (covered "up" / "left").
 */
import type { GridCell } from "../document/grid.js";
import type { Segment, TextRun } from "./geometry.js";
import { clusterPositions, SNAP, textOfRuns, type PageRow } from "./lines.js";

/** Rule ends closer than this are joined. */
const JOIN = 3;

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

export interface Lattice {
  xs: number[];
  ys: number[];
  /** Fine cell (r, c) -> its merged cell's [r0, c0, r1, c1]. */
  span: [number, number, number, number][][];
  /** Per column: no rule under the last row (a merged cell cut by the page's end goes on below it). */
  openBelow: boolean[];
}

/**
 * The rules of a component that are the table's: those within the height its outer column
 * rules (its left and right borders) span. A box that only touches the table's top or
 * bottom border (a button or a banner printed over a web page's table, a stamp) has rules
 * that lie mostly above or below that height: they are dropped, and so are the horizontal
 * rules outside it, unless they would be most of the rules (the outer rules were the box's).
 */
function tableRules(comp: Segment[]): Segment[] {
  const cv = comp.filter((s) => s.dir === "v");
  if (!cv.length) return comp;
  const left = Math.min(...cv.map((v) => v.pos));
  const right = Math.max(...cv.map((v) => v.pos));
  const borders = cv.filter((v) => v.pos - left <= SNAP || right - v.pos <= SNAP);
  const top = Math.min(...borders.map((v) => v.a));
  const bottom = Math.max(...borders.map((v) => v.b));
  const kept = comp.filter((s) =>
    s.dir === "h" ? s.pos >= top - JOIN && s.pos <= bottom + JOIN : Math.min(s.b, bottom) - Math.max(s.a, top) > (s.b - s.a) / 2,
  );
  const length = (list: Segment[]) => list.reduce((n, s) => n + s.b - s.a, 0);
  return length(kept) >= length(comp) / 2 ? kept : comp;
}

/** Ruled tables of a page: components of intersecting rules with at least 2 columns and 2 rows. */
export function findLattices(segments: Segment[]): Lattice[] {
  const hs = mergeSegments(segments, "h").filter((s) => s.b - s.a > 2);
  const vs = mergeSegments(segments, "v").filter((s) => s.b - s.a > 2);
  return components(hs, vs).flatMap(tablesOf);
}

/** The tables of a group of intersecting rules: the table, and apart from it what only touches it. */
function tablesOf(comp: Segment[]): Lattice[] {
  const kept = tableRules(comp);
  if (kept.length === comp.length) return latticeOf(comp);
  const split = (list: Segment[]) => components(list.filter((s) => s.dir === "h"), list.filter((s) => s.dir === "v"));
  return [...split(kept).flatMap(latticeOf), ...split(comp.filter((s) => !kept.includes(s))).flatMap(tablesOf)];
}

/** Groups of intersecting rules. */
function components(hs: Segment[], vs: Segment[]): Segment[][] {
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
  return [...comps.values()];
}

/**
 * A table cut by the page's end (or going on from the page before) draws its column rules
 * down to the page's last line with no rule under them: where both its outer column rules
 * reach beyond its last (or first) row rule by more than a rule's slack, the row they close
 * is the table's, cut (its cells open below: parts.ts joins it to the rest of the row).
 */
function cutEdges(ys: number[], cv: Segment[], xs: number[]): number[] {
  if (ys.length < 2 || xs.length < 2) return ys;
  const outer = (x: number) => cv.filter((s) => Math.abs(s.pos - x) <= SNAP);
  const [left, right] = [outer(xs[0]), outer(xs[xs.length - 1])];
  if (!left.length || !right.length) return ys;
  const reach = 2 * JOIN;
  const bottom = Math.min(Math.max(...left.map((s) => s.b)), Math.max(...right.map((s) => s.b)));
  const top = Math.max(Math.min(...left.map((s) => s.a)), Math.min(...right.map((s) => s.a)));
  const out = [...ys];
  if (bottom - out[out.length - 1] > reach) out.push(bottom);
  if (out[0] - top > reach) out.unshift(top);
  return out;
}

/** The table a group of intersecting rules draws, if it has at least 2 columns and 2 rows. */
function latticeOf(comp: Segment[]): Lattice[] {
  const ch = comp.filter((s) => s.dir === "h");
  const cv = comp.filter((s) => s.dir === "v");
  const xs = clusterPositions(cv.map((s) => s.pos));
  const ys = cutEdges(clusterPositions(ch.map((s) => s.pos)), cv, xs);
  if (xs.length < 3 || ys.length < 3) return []; // a box, or a box with one rule: no cells to read
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
  const openBelow = Array.from({ length: nc }, (_, c) => !hasH(ys[nr], xs[c], xs[c + 1]));
  return [{ xs, ys, span, openBelow }];
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

/**
 * The column of a run just below the lattice, in a column with no rule under the last row
 * (within two rows' median `pitch`): the text of a merged cell cut by the page's end, which a
 * spreadsheet centres on the whole merged range and so prints below the page's last rule.
 * -1 for any other run.
 */
function openColumnBelow(lat: Lattice, pitch: number, cy: number, cx: number): number {
  const { xs, ys, openBelow } = lat;
  const nr = ys.length - 1;
  if (cy <= ys[nr] + 1 || cy > ys[nr] + 2 * pitch) return -1;
  const c = xs.findIndex((x, i) => i < xs.length - 1 && cx >= x && cx < xs[i + 1]);
  return c >= 0 && openBelow[c] ? c : -1;
}

/**
 * The height a run is placed at: its middle, or where it crosses a row's rule (text a
 * producer let overflow its cell, as Gnumeric prints a wrapped header cell taller than its
 * row), just above the rule: the run goes on with the cell it overflows from.
 */
function rowPoint(run: TextRun, ys: number[]): number {
  const margin = 0.25 * run.size;
  const crossed = ys.find((y, i) => i > 0 && i < ys.length - 1 && run.top < y - margin && run.bottom > y + margin);
  return crossed !== undefined ? crossed - 0.01 : (run.top + run.bottom) / 2 - 0.1 * run.size;
}

/** The rows of one lattice, and which runs it took. */
/** The last column a cell opening at column c of a row spans. */
function spanEnd(row: readonly (readonly number[])[], c: number): number {
  let e = c;
  while (e + 1 < row.length && row[e + 1][0] === row[c][0] && row[e + 1][1] === row[c][1]) e++;
  return e;
}

export function latticeRows(lat: Lattice, runs: TextRun[], used: Set<TextRun>): PageRow[] {
  const { xs, ys, span } = lat;
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  const inCell = new Map<string, TextRun[]>();
  // the rows' median pitch, for the text of a merged cell cut by the page's end
  const pitches = ys.slice(1).map((y, i) => y - ys[i]).sort((a, b) => a - b);
  const pitch = pitches[Math.floor(pitches.length / 2)];
  for (const run of runs) {
    const cy = rowPoint(run, ys);
    const cxMid = (run.x0 + run.x1) / 2;
    const below = openColumnBelow(lat, pitch, cy, cxMid);
    if (below >= 0) {
      used.add(run);
      const [r0, c0] = span[nr - 1][below];
      const key = `${r0}:${c0}`;
      inCell.set(key, [...(inCell.get(key) ?? []), run]);
      continue;
    }
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
      if (r0 === r && c0 === c) cells.push({ text: textOfRuns(inCell.get(`${r}:${c}`) ?? [], [xs[c], xs[spanEnd(span[r], c) + 1]]) });
      else cells.push({ text: null, covered: r0 === r ? "left" : "up" });
    }
    // a fine row every cell of which goes on from the row above (a rule drawn across part of
    // the row only: an underline, a button's frame) is that row's
    const last = rows[rows.length - 1];
    if (last && cells.every((c) => c.covered === "up")) last.bbox[3] = ys[r + 1];
    else rows.push({ cells, bbox: [xs[0], ys[r], xs[nc], ys[r + 1]] });
  }
  return rows;
}
