/**
 * The values pass: each row's target value. A value printed on its formula's line or in
 * its row's block is the row's own; values that drifted (printed after labels, or away
 * from their row) go, in order, to the nearest row before them that has a formula and no
 * value yet. A value no row can take is kept for review.
 */
import type { RowDraft, Segmentation } from "./segment.js";

export interface ValueBinding {
  /** The target each row took. */
  target: Map<RowDraft, string>;
  /** Rows whose value was printed away from them. */
  drifted: Set<RowDraft>;
  /** The row each value event (by its index in the events) went to. */
  owner: Map<number, RowDraft>;
  /** Values no row could take, and their positions in the events. */
  stray: { raw: string; line: number }[];
  strayAt: number[];
}

export function bindValues(seg: Segmentation, rows: RowDraft[]): ValueBinding {
  const { events } = seg;
  const pos = new Map<RowDraft, number>();
  events.forEach((e, i) => e.t === "row" && pos.set(e.row, i));
  const out: ValueBinding = { target: new Map(), drifted: new Set(), owner: new Map(), stray: [], strayAt: [] };
  const leftovers: { raw: string; line: number; at: number }[] = [];
  const groups = new Map<RowDraft, { raw: string; line: number; trailing: boolean; at: number; afterLabel: boolean }[]>();
  let current: RowDraft | null = null;
  let sawLabel = false;
  events.forEach((e, i) => {
    if (e.t === "row" && rows.includes(e.row)) {
      current = e.row;
      sawLabel = false;
    }
    if (e.t === "label") sawLabel = true;
    if (e.t !== "value") return;
    const o = e.row && rows.includes(e.row) ? e.row : current;
    if (!o) {
      leftovers.push({ raw: e.raw, line: e.line, at: i });
      return;
    }
    if (!groups.has(o)) groups.set(o, []);
    groups.get(o)!.push({ raw: e.raw, line: e.line, trailing: e.trailing, at: i, afterLabel: sawLabel });
  });
  for (const [r, g] of groups) {
    // its own: printed on the formula's line, else the last one before any drifted label, else the last one
    const beforeLabels = g.filter((v) => !v.afterLabel);
    const own = g.find((v) => v.trailing) ?? beforeLabels[beforeLabels.length - 1] ?? g[g.length - 1];
    out.target.set(r, own.raw);
    out.owner.set(own.at, r);
    for (const v of g) if (v !== own) leftovers.push({ raw: v.raw, line: v.line, at: v.at });
  }
  leftovers.sort((a, b) => a.at - b.at);
  for (const v of leftovers) {
    const before = rows.filter((r) => pos.get(r)! < v.at && !out.target.has(r) && r.formula.length > 0);
    const r = before[before.length - 1];
    if (r) {
      out.target.set(r, v.raw);
      out.owner.set(v.at, r);
      out.drifted.add(r);
    } else {
      out.stray.push({ raw: v.raw, line: v.line });
      out.strayAt.push(v.at);
    }
  }
  return out;
}
