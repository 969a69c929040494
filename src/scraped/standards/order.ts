/**
 * Label alignment by the template's order. Scraped text keeps the table's rows in order
 * but prints the labels of merged cells (dimension, sub-dimension) wherever the PDF drew
 * them: beside their first row, after the rows they span, gathered at the end of a page.
 * What the template fixes puts them back:
 *
 * - each label is one merged cell: it spans one row or more, consecutive, on its own page
 *   (a cell split by a page break is printed again on the next page);
 * - the template fixes the order of the dimensions and of each one's sub-dimensions, so
 *   the rows take each column's labels in that order (not the order they were printed in:
 *   a label printed with its row and one gathered at the end of the page are both in it);
 * - a sub-dimension lies inside its dimension, and the template's sub-dimensions belong to
 *   one dimension each; the additional dimensions have none;
 * - a label printed right before a row, with no other row or label of its column between,
 *   is that row's own cell, and usually spans that row alone (a taller merged cell is
 *   centred between its rows, which pulls its text away from them);
 * - a row's words point to the template's sub-dimensions and, more weakly, to its
 *   dimensions (SUBDIMENSION_CUES, DIMENSION_CUES).
 *
 * One dynamic programme over the rows finds the placement that breaks the fewest of
 * these; labels it leaves unplaced are returned for review.
 */
import { isAdditionalDimension } from "../../normalize/dimension.js";
import { DIMENSIONS, SUBDIMENSIONS } from "../../normalize/taxonomy.js";
import { cueScore, ownLabelCue } from "../common/labels.js";
import { labelKey } from "../../normalize/text.js";

export interface OrderRow {
  /** Position in the stream of events (rows and labels share it). */
  pos: number;
  page: number;
  /** The row's text (description and formula), for the sub-dimensions' cue words. */
  text: string;
  /** A dimension fixed by the row itself (an additional dimension's definition). */
  fixed: string | null;
  /** A row whose text was lost (its value survives): it may take labels, and costs nothing without. */
  phantom?: boolean;
  /** The row's own sub-dimension label is printed beside it: it takes none of the column's others. */
  anchored?: boolean;
}

export interface OrderLabel {
  pos: number;
  page: number;
  raw: string;
  line: number;
  /** Dimension labels: the dimensions named. Sub-dimension labels: their dimension, where known. */
  dims: string[];
  /** Sub-dimension labels: the template's code, or null for an office's own label. */
  code: string | null;
}

export interface Placement {
  /**
   * How much worse the best placement that gives this row another dimension (dimMargin)
   * or another sub-dimension label (subMargin) is than the one chosen, in the costs below:
   * small where the template's order and the rows' words leave the row's labels open.
   * Infinity where no other placement is possible.
   */
  dimMargin: number;
  subMargin: number;
  /** Index of the dimension label covering the row, or -1. */
  dim: number;
  /** Index of the sub-dimension label covering the row, or -1. */
  sub: number;
  /** The row is the first of its label's span and that label was printed right before it. */
  dimInline: boolean;
  subInline: boolean;
  /** The sub-dimension label's template words are found in the row. */
  cued: boolean;
}

export interface OrderResult {
  rows: Placement[];
  unusedDims: number[];
  unusedSubs: number[];
}

const dimOrder = (code: string | undefined) => DIMENSIONS.find((d) => d.code === code)?.order ?? 99;
const subOrder = (code: string | null) => (code ? SUBDIMENSIONS.findIndex((d) => d.code === code) : -1);

/**
 * A column's labels in the template's order: by dimension, then page, then (sub-dimensions)
 * the template's order of its sub-dimensions, an office's own label right after the one
 * printed before it. Returns the indices into `labels`.
 */
export function templateOrder(labels: OrderLabel[]): number[] {
  const rank = labels.map((l, i) => {
    const k = subOrder(l.code);
    if (k >= 0) return k;
    // an office's own label: after the template's label printed last before it, of the same dimension
    const before = labels.filter((x, j) => j !== i && x.pos < l.pos && x.code && x.dims[0] === l.dims[0] && x.page === l.page).sort((a, b) => b.pos - a.pos)[0];
    return before ? subOrder(before.code) + 0.5 : -0.5;
  });
  return labels
    .map((_, i) => i)
    .sort((a, b) => dimOrder(labels[a].dims[0]) - dimOrder(labels[b].dims[0]) || labels[a].page - labels[b].page || rank[a] - rank[b] || labels[a].pos - labels[b].pos);
}

/**
 * How much cheaper the chosen placement of a row's labels must be than any other to be
 * sure of them: a row with a label printed beside it (SURE_MARGIN), a row whose labels
 * were printed away from it (SURE_MARGIN_AWAY). Measured on the development sets: below
 * them, a row's dimension or sub-dimension is wrong one time in three or more.
 */
export const SURE_MARGIN = 0.25;
export const SURE_MARGIN_AWAY = 2.5;

const SKIP = 2;
const NO_DIM = 2.5;
const NO_SUB = 0.6;
const INLINE_BONUS = 1;
const INLINE_CONT = 0.75;
const CUE = 0.5;
const DIM_CUE = 0.4;
const MISMATCH = 1.5;
const FORBIDDEN = 1e6;

/**
 * Whether label `l` was printed right before row `r`: nothing between them but labels of
 * the other column — no row, no label of its own column.
 */
function inlineFor(l: OrderLabel, r: OrderRow, same: OrderLabel[], rows: OrderRow[]): boolean {
  if (l.pos > r.pos || l.page !== r.page) return false;
  if (rows.some((x) => x.pos > l.pos && x.pos < r.pos)) return false;
  return !same.some((x) => x !== l && x.pos > l.pos && x.pos < r.pos);
}

/** State of one column at a row: label j covers it (0..m-1), or none with the last used being k (m + k + 1). */
interface Col {
  m: number;
  label: (s: number) => number;
  last: (s: number) => number;
  none: (k: number) => number;
  size: number;
}
const column = (m: number): Col => ({
  m,
  label: (s) => (s < m ? s : -1),
  last: (s) => (s < m ? s : s - m - 1),
  none: (k) => m + k + 1,
  size: 2 * m + 1,
});

export function alignLabels(rows: OrderRow[], printedDims: OrderLabel[], printedSubs: OrderLabel[]): OrderResult {
  const dimIdx = templateOrder(printedDims);
  const subIdx = inlineInPrintedOrder(templateOrder(printedSubs), printedSubs, rows);
  const r = alignOrdered(rows, dimIdx.map((i) => printedDims[i]), subIdx.map((i) => printedSubs[i]));
  const back = (idx: number[], k: number) => (k >= 0 ? idx[k] : -1);
  return {
    rows: r.rows.map((p) => ({ ...p, dim: back(dimIdx, p.dim), sub: back(subIdx, p.sub) })),
    unusedDims: r.unusedDims.map((k) => dimIdx[k]),
    unusedSubs: r.unusedSubs.map((k) => subIdx[k]),
  };
}

/**
 * An office may order a dimension's sub-dimensions its own way. Labels printed each right
 * before a row are those rows' own cells, so their printed order is the rows' order: the
 * sub-dimension labels of one dimension and page printed so keep, among the places the
 * template's order gives them, the order they were printed in; the others stay in place.
 */
export function inlineInPrintedOrder(order: number[], labels: OrderLabel[], rows: OrderRow[]): number[] {
  const inline = labels.map((l) => rows.some((r) => inlineFor(l, r, labels, rows)));
  const out = [...order];
  const groups = new Map<string, number[]>();
  order.forEach((i, slot) => {
    if (!inline[i] || !labels[i].dims.length) return;
    const key = `${labels[i].dims[0]}|${labels[i].page}`;
    groups.set(key, [...(groups.get(key) ?? []), slot]);
  });
  for (const slots of groups.values()) {
    const printed = slots.map((slot) => order[slot]).sort((a, b) => labels[a].pos - labels[b].pos);
    slots.forEach((slot, k) => (out[slot] = printed[k]));
  }
  return out;
}

/** What the costs read: the rows, the labels in the template's order, and what each row says of each label. */
interface Alignment {
  rows: OrderRow[];
  dims: OrderLabel[];
  subs: OrderLabel[];
  D: Col;
  S: Col;
  /** [row][label]: the label was printed right before the row. */
  dimInline: boolean[][];
  subInline: boolean[][];
  /** [row][label]: the label's cue words found in the row. */
  cues: number[][];
  dimCues: number[][];
}

/** The placement of labels already in the template's order. */
function alignOrdered(rows: OrderRow[], dims: OrderLabel[], subs: OrderLabel[]): OrderResult {
  if (rows.length === 0) return { rows: [], unusedDims: dims.map((_, i) => i), unusedSubs: subs.map((_, i) => i) };
  const A: Alignment = {
    rows,
    dims,
    subs,
    D: column(dims.length),
    S: column(subs.length),
    dimInline: rows.map((r) => dims.map((l) => inlineFor(l, r, dims, rows))),
    subInline: rows.map((r) => subs.map((l) => inlineFor(l, r, subs, rows))),
    cues: rows.map((r) => subs.map((l) => (l.code ? cueScore(r.text, l.code) : ownLabelCue(r.text, l.raw)))),
    dimCues: rows.map((r) => dims.map((l) => cueScore(r.text, l.dims[0], true))),
  };
  const forward = bestStates(A);
  const out = placements(A, forward.states, margins(A, forward.f));
  const usedD = new Set(out.map((p) => p.dim));
  const usedS = new Set(out.map((p) => p.sub));
  return {
    rows: out,
    unusedDims: dims.map((_, i) => i).filter((i) => !usedD.has(i)),
    unusedSubs: subs.map((_, i) => i).filter((i) => !usedS.has(i)),
  };
}

/** The dimension row i lies in with dimension state a: its label's, else the one the row fixes. */
function rowDim(A: Alignment, i: number, a: number): string | null {
  const j = A.D.label(a);
  return j >= 0 ? A.dims[j].dims[0] ?? null : A.rows[i].fixed;
}

/** Cost of row i taking dimension state a, entered from a' (null: the first row). */
function dimCost(A: Alignment, i: number, a: number, prev: number | null): number {
  const { D, dims } = A;
  const j = D.label(a);
  const lastBefore = prev === null ? -1 : D.last(prev);
  const r = A.rows[i];
  if (j < 0) {
    if (D.last(a) !== lastBefore) return FORBIDDEN;
    return dims.length && !r.fixed && !r.phantom ? NO_DIM : 0;
  }
  if (dims[j].page !== r.page) return FORBIDDEN;
  let c = -DIM_CUE * Math.min(2, A.dimCues[i][j]);
  if (r.fixed && dims[j].dims[0] !== r.fixed) c += MISMATCH * 2;
  if (prev !== null && D.label(prev) === j) return c;
  if (j <= lastBefore) return FORBIDDEN;
  c += SKIP * (j - lastBefore - 1);
  if (A.dimInline[i][j]) c -= INLINE_BONUS;
  return c;
}

/** Cost of row i taking sub state b, entered from b' with the dimension span going on or not. */
function subCost(A: Alignment, i: number, a: number, b: number, prev: number | null, dimContinues: boolean): number {
  const { S, subs } = A;
  const j = S.label(b);
  const lastBefore = prev === null ? -1 : S.last(prev);
  const d = rowDim(A, i, a);
  const additional = !!d && isAdditionalDimension(d);
  if (j < 0) {
    if (S.last(b) !== lastBefore) return FORBIDDEN;
    return subs.length && !additional && !A.rows[i].phantom && !A.rows[i].anchored ? NO_SUB : 0;
  }
  if (additional || A.rows[i].anchored) return FORBIDDEN;
  if (subs[j].page !== A.rows[i].page) return FORBIDDEN;
  let c = 0;
  if (d && subs[j].dims.length && !subs[j].dims.includes(d)) c += MISMATCH;
  c -= CUE * Math.min(2, A.cues[i][j]);
  if (prev !== null && S.label(prev) === j) {
    if (!dimContinues) return FORBIDDEN; // a sub-dimension's cell lies inside its dimension's
    return c + (A.subInline[i - 1][j] ? INLINE_CONT : 0);
  }
  if (j <= lastBefore) return FORBIDDEN;
  c += SKIP * (j - lastBefore - 1);
  if (A.subInline[i][j]) c -= INLINE_BONUS;
  return c;
}

/**
 * The dynamic programme: f[i][a * W + b] is the best cost of rows 0..i with row i in
 * dimension state a and sub state b; the states of the best placement, row by row.
 */
function bestStates(A: Alignment): { states: number[]; f: Float64Array[] } {
  const n = A.rows.length;
  const size = A.D.size * A.S.size;
  const f: Float64Array[] = [];
  const back: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    f.push(new Float64Array(size).fill(Infinity));
    back.push(new Int32Array(size).fill(-1));
    for (let a = 0; a < A.D.size; a++) {
      if (i === 0) firstRow(A, a, f[0]);
      else nextRow(A, i, a, f[i - 1], f[i], back[i]);
    }
  }
  const arg = bestEnd(A, f[n - 1]);
  const states: number[] = new Array(n).fill(0);
  for (let i = n - 1, s = arg; i >= 0; i--) {
    states[i] = s;
    s = back[i][s];
  }
  return { states, f };
}

/** The cost of the labels left unused after the last row in state s. */
function endCost(A: Alignment, s: number): number {
  const W = A.S.size;
  return SKIP * (A.dims.length - 1 - A.D.last(Math.floor(s / W))) + SKIP * (A.subs.length - 1 - A.S.last(s % W));
}

/**
 * The best cost of the rows after row i, row i in state s (a backward pass of the
 * programme): with the forward costs, the best placement through each row's each state.
 */
function backward(A: Alignment): Float64Array[] {
  const n = A.rows.length;
  const W = A.S.size;
  const size = A.D.size * W;
  const g: Float64Array[] = Array.from({ length: n }, () => new Float64Array(size).fill(Infinity));
  for (let s = 0; s < size; s++) g[n - 1][s] = endCost(A, s);
  for (let i = n - 2; i >= 0; i--) {
    for (let a = 0; a < A.D.size; a++) {
      for (let na = 0; na < A.D.size; na++) {
        const dc = dimCost(A, i + 1, na, a);
        if (dc >= FORBIDDEN) continue;
        const cont = A.D.label(na) >= 0 && A.D.label(na) === A.D.label(a);
        for (let b = 0; b < W; b++) {
          let best = g[i][a * W + b];
          for (let nb = 0; nb < W; nb++) {
            const rest = g[i + 1][na * W + nb];
            if (rest === Infinity) continue;
            const sc = subCost(A, i + 1, na, nb, b, cont);
            if (sc >= FORBIDDEN) continue;
            const v = dc + sc + rest;
            if (v < best) best = v;
          }
          g[i][a * W + b] = best;
        }
      }
    }
  }
  return g;
}

/** Per row, how much the best placement giving it another dimension, or another sub-dimension label, costs more than the best. */
function margins(A: Alignment, f: Float64Array[]): { dim: number; sub: number }[] {
  const g = backward(A);
  const W = A.S.size;
  const dimKey = (a: number) => (A.D.label(a) >= 0 ? A.dims[A.D.label(a)].dims.join(",") : "");
  const subKey = (b: number) => (A.S.label(b) >= 0 ? labelKey(A.subs[A.S.label(b)].raw) : "");
  return A.rows.map((_, i) => {
    let best = Infinity;
    let arg = -1;
    const total = new Float64Array(f[i].length);
    for (let s = 0; s < total.length; s++) {
      total[s] = f[i][s] + g[i][s];
      if (total[s] < best) [best, arg] = [total[s], s];
    }
    if (arg < 0) return { dim: Infinity, sub: Infinity };
    const [da, db] = [dimKey(Math.floor(arg / W)), subKey(arg % W)];
    let dim = Infinity;
    let sub = Infinity;
    for (let s = 0; s < total.length; s++) {
      if (total[s] === Infinity) continue;
      if (dimKey(Math.floor(s / W)) !== da) dim = Math.min(dim, total[s] - best);
      if (subKey(s % W) !== db) sub = Math.min(sub, total[s] - best);
    }
    return { dim, sub };
  });
}

/** The first row's costs in dimension state a. */
function firstRow(A: Alignment, a: number, fi: Float64Array): void {
  const W = A.S.size;
  const dc = dimCost(A, 0, a, null);
  if (dc >= FORBIDDEN) return;
  for (let b = 0; b < W; b++) {
    const v = dc + subCost(A, 0, a, b, null, false);
    if (v < FORBIDDEN) fi[a * W + b] = v;
  }
}

/** Row i's costs in dimension state a, from the best way into each previous sub state with the dimension going on (cont) or not. */
function nextRow(A: Alignment, i: number, a: number, prevF: Float64Array, fi: Float64Array, bi: Int32Array): void {
  const W = A.S.size;
  const best = [new Float64Array(W).fill(Infinity), new Float64Array(W).fill(Infinity)];
  const from = [new Int32Array(W).fill(-1), new Int32Array(W).fill(-1)];
  for (let pa = 0; pa < A.D.size; pa++) {
    const dc = dimCost(A, i, a, pa);
    if (dc >= FORBIDDEN) continue;
    const g = A.D.label(a) >= 0 && A.D.label(a) === A.D.label(pa) ? 1 : 0;
    for (let pb = 0; pb < W; pb++) {
      const v = prevF[pa * W + pb] + dc;
      if (v < best[g][pb]) {
        best[g][pb] = v;
        from[g][pb] = pa * W + pb;
      }
    }
  }
  for (let b = 0; b < W; b++) {
    for (let g = 0; g < 2; g++) {
      for (let pb = 0; pb < W; pb++) {
        const p = best[g][pb];
        if (p === Infinity) continue;
        const v = p + subCost(A, i, a, b, pb, g === 1);
        if (v < fi[a * W + b] && v < FORBIDDEN) {
          fi[a * W + b] = v;
          bi[a * W + b] = from[g][pb];
        }
      }
    }
  }
}

/** The last row's best state, counting the labels left unused after it. */
function bestEnd(A: Alignment, last: Float64Array): number {
  const W = A.S.size;
  let best = Infinity;
  let arg = -1;
  for (let s = 0; s < A.D.size * W; s++) {
    const v = last[s];
    if (v === Infinity) continue;
    const end = v + SKIP * (A.dims.length - 1 - A.D.last(Math.floor(s / W))) + SKIP * (A.subs.length - 1 - A.S.last(s % W));
    if (end < best) {
      best = end;
      arg = s;
    }
  }
  return arg;
}

/** Each row's labels from its state, and whether it is the first of a label's span printed right before it. */
function placements(A: Alignment, states: number[], margin: { dim: number; sub: number }[]): Placement[] {
  const W = A.S.size;
  return states.map((s, i) => {
    const a = A.D.label(Math.floor(s / W));
    const b = A.S.label(s % W);
    const prev = i > 0 ? states[i - 1] : -1;
    const firstDim = a >= 0 && (i === 0 || A.D.label(Math.floor(prev / W)) !== a);
    const firstSub = b >= 0 && (i === 0 || A.S.label(prev % W) !== b);
    return {
      dimMargin: margin[i].dim,
      subMargin: margin[i].sub,
      dim: a,
      sub: b,
      dimInline: firstDim && A.dimInline[i][a],
      subInline: firstSub && A.subInline[i][b],
      cued: b >= 0 && A.cues[i][b] > 0,
    };
  });
}
