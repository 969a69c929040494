/**
 * Bind what segmentation left apart: values to rows, labels of merged cells to the rows
 * they span, the additional dimensions' definitions to their rows. The template fixes
 * the order of dimensions and sub-dimensions and each sub-dimension's dimension; labels
 * printed far from their rows are placed by that order and, where it leaves a choice,
 * by the words the template's sub-dimensions are about.
 */
import { isAdditionalDimension, dimensionLabel } from "../normalize/dimension.js";
import { DIMENSIONS, SUBDIMENSION_CUES } from "../normalize/taxonomy.js";
import { labelKey } from "../normalize/text.js";
import type { Label } from "./lines.js";
import type { RowDraft, Segmentation, TableEvent } from "./segment.js";

export interface AlignedRow {
  row: RowDraft;
  dimension: string[];
  dimensionRaw: string | null;
  subdimension: string | null;
  subdimensionRaw: string | null;
  description: string | null;
  formula: string | null;
  target: string | null;
  confidence: number;
  /** Why confidence is low, for the review list. */
  doubts: string[];
}

export interface Alignment {
  rows: AlignedRow[];
  /** Values that no row could take. */
  strayValues: { raw: string; line: number }[];
  /** Labels no row took. */
  strayLabels: { raw: string; line: number }[];
  /** The row each value event (by its index in the events) was given to. */
  valueOwner: Map<number, RowDraft>;
}

type DimLabel = Extract<Label, { kind: "dim" }>;
type SubLabel = Extract<Label, { kind: "sub" }>;

const order = (code: string | undefined) => DIMENSIONS.find((d) => d.code === code)?.order ?? 99;

/** Distinct template words of a sub-dimension in a row's text ("on-line" and "on line" count once). */
function cueScore(text: string, code: string): number {
  const k = ` ${labelKey(text)} `;
  return new Set((SUBDIMENSION_CUES[code] ?? []).map(labelKey).filter((c) => k.includes(` ${c}`))).size;
}

export function alignTable(seg: Segmentation): Alignment {
  const { events } = seg;
  const rows = seg.rows.filter((r) => r.desc.length || r.formula.length);
  const pos = new Map<RowDraft, number>();
  events.forEach((e, i) => e.t === "row" && pos.set(e.row, i));
  const rowAt = (i: number) => rows.find((r) => pos.get(r) === i);
  const doubts = new Map<RowDraft, string[]>(rows.map((r) => [r, []]));
  const conf = new Map<RowDraft, number>(rows.map((r) => [r, 1]));
  const lower = (r: RowDraft, c: number, why: string) => {
    conf.set(r, Math.min(conf.get(r)!, c));
    doubts.get(r)!.push(why);
  };

  // ---- values: a row's own value, then drifted values to the nearest row without one
  const target = new Map<RowDraft, string>();
  const valueOwner = new Map<number, RowDraft>();
  const strayValues: { raw: string; line: number }[] = [];
  const leftovers: { raw: string; line: number; at: number }[] = [];
  const groups = new Map<RowDraft, { raw: string; line: number; trailing: boolean; at: number; afterLabel: boolean }[]>();
  let owner: RowDraft | null = null;
  let sawLabel = false;
  events.forEach((e, i) => {
    if (e.t === "row" && pos.has(e.row) && rows.includes(e.row)) {
      owner = e.row;
      sawLabel = false;
    }
    if (e.t === "label") sawLabel = true;
    if (e.t !== "value") return;
    const o = e.row && rows.includes(e.row) ? e.row : owner;
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
    target.set(r, own.raw);
    valueOwner.set(own.at, r);
    for (const v of g) if (v !== own) leftovers.push({ raw: v.raw, line: v.line, at: v.at });
  }
  leftovers.sort((a, b) => a.at - b.at);
  for (const v of leftovers) {
    const before = rows.filter((r) => pos.get(r)! < v.at && !target.has(r) && r.formula.length > 0);
    const r = before[before.length - 1];
    if (r) {
      target.set(r, v.raw);
      valueOwner.set(v.at, r);
      lower(r, 0.75, `value "${v.raw}" printed away from its row`);
    } else strayValues.push({ raw: v.raw, line: v.line });
  }

  // ---- labels printed right before their row (the last of each kind)
  const dimOf = new Map<RowDraft, { codes: string[]; raw: string | null; direct: boolean }>();
  const subOf = new Map<RowDraft, { code: string | null; raw: string; dim: string | null }>();
  const used = new Set<number>();
  // rows whose sub-dimension label was printed in line with them: a cell of their own, since
  // the labels of merged cells are drawn after the rows they span
  const inline = new Set<RowDraft>();
  // an additional dimension's label printed with its own definition: the row the definition
  // describes is the next one, its description column left empty, whatever drifted in between
  const defined = new Set<RowDraft>();
  events.forEach((e, i) => {
    if (e.t !== "label" || e.label.kind !== "dim" || !isAdditionalDimension(e.label.codes[0])) return;
    const d = events[i + 1];
    if (d?.t !== "def" || d.code !== e.label.codes[0]) return;
    let j = i + 2;
    const drifted = (f: TableEvent | undefined) => f?.t === "label" && !(f.label.kind === "dim" && isAdditionalDimension(f.label.codes[0]));
    while (j < events.length && drifted(events[j])) j++;
    const r = rowAt(j);
    if (!r || r.desc.length > 0 || defined.has(r)) return;
    dimOf.set(r, { codes: e.label.codes, raw: e.label.raw, direct: true });
    defined.add(r);
    used.add(i);
  });
  events.forEach((e, i) => {
    if (e.t !== "label") return;
    let j = i + 1;
    let blocked = false;
    for (; j < events.length; j++) {
      const f = events[j];
      if (f.t === "row" && rows.includes(f.row)) break;
      if (f.t === "label" && f.label.kind === e.label.kind) blocked = true;
      if (f.t === "other") blocked = true;
    }
    const r = rowAt(j);
    if (!r || blocked || defined.has(r)) return;
    if (e.label.kind === "sub") {
      subOf.set(r, { code: e.label.code, raw: e.label.raw, dim: e.label.dim });
      inline.add(r);
      used.add(i);
    }
  });
  events.forEach((e, i) => {
    if (e.t !== "label" || e.label.kind !== "dim") return;
    let j = i + 1;
    let blocked = false;
    for (; j < events.length; j++) {
      const f = events[j];
      if (f.t === "row" && rows.includes(f.row)) break;
      if (f.t === "label" && f.label.kind === "dim") blocked = true;
      if (f.t === "other") blocked = true;
    }
    const r = rowAt(j);
    if (!r || blocked || defined.has(r)) return;
    const s = subOf.get(r);
    if (s?.dim && !e.label.codes.includes(s.dim)) return;
    dimOf.set(r, { codes: e.label.codes, raw: e.label.raw, direct: true });
    used.add(i);
  });
  // a sub-dimension names its dimension
  for (const r of rows) {
    const s = subOf.get(r);
    if (s?.dim && !dimOf.has(r)) dimOf.set(r, { codes: [s.dim], raw: null, direct: true });
  }

  // ---- additional dimensions: their label and definition stay next to their row
  const floating = (kind: Label["kind"]) =>
    events
      .map((e, i) => ({ e, i }))
      .filter((x): x is { e: Extract<TableEvent, { t: "label" }>; i: number } => x.e.t === "label" && x.e.label.kind === kind && !used.has(x.i));
  for (const { e, i } of floating("dim")) {
    const l = e.label as DimLabel;
    if (!isAdditionalDimension(l.codes[0])) continue;
    if (rows.some((r) => dimOf.get(r)?.codes[0] === l.codes[0])) continue;
    const prev = rows.filter((r) => pos.get(r)! < i && !subOf.has(r) && !dimOf.get(r)?.direct);
    const next = rows.filter((r) => pos.get(r)! > i && !subOf.has(r) && !dimOf.get(r)?.direct);
    const r = prev[prev.length - 1] ?? next[0];
    if (r) {
      dimOf.set(r, { codes: l.codes, raw: l.raw, direct: false });
      used.add(i);
    }
  }
  const definition = new Map<RowDraft, string>();
  events.forEach((e, i) => {
    if (e.t !== "def") return;
    let r = rows.find((x) => dimOf.get(x)?.codes[0] === e.code && !definition.has(x));
    if (!r) {
      // the row beside the definition that has no dimension yet
      const near = rows.filter((x) => !dimOf.has(x) && !subOf.has(x) && x.desc.length === 0);
      r = near.sort((a, b) => Math.abs(pos.get(a)! - i) - Math.abs(pos.get(b)! - i))[0];
      if (r) {
        dimOf.set(r, { codes: [e.code], raw: null, direct: false });
        lower(r, 0.7, "row placed by its dimension's definition");
      }
    }
    if (r) definition.set(r, e.text);
  });

  // ---- rows without a sub-dimension label: merged cells continue down, drifted labels
  // are laid over the rows in the template's order (alignSlots), guided by their words
  const floatDims = floating("dim").map((x) => x.e.label as DimLabel);
  const floatSubs = floating("sub").map((x) => x.e.label as SubLabel);
  const usedSubs = new Set<SubLabel>();
  const open = (r: RowDraft) => !subOf.has(r) && !isAdditionalDimension(dimOf.get(r)?.codes[0]);
  for (let k = 0; k < rows.length; k++) {
    if (!open(rows[k])) continue;
    let end = k;
    while (end + 1 < rows.length && open(rows[end + 1])) end++;
    const run = rows.slice(k, end + 1);
    const before = k > 0 ? rows[k - 1] : undefined;
    const after = end + 1 < rows.length ? rows[end + 1] : undefined;
    const prev = before ? dimOf.get(before)?.codes[0] : undefined;
    const next = after ? dimOf.get(after)?.codes[0] : undefined;
    const lo = prev ? order(prev) : 0;
    const hi = next && !isAdditionalDimension(next) ? order(next) : 99;
    const present = new Set(rows.flatMap((r) => dimOf.get(r)?.codes ?? []));
    const fixed = new Set(run.map((r) => dimOf.get(r)?.codes[0]).filter((d): d is string => !!d));
    const slots: Slot[] = [];
    if (prev && !isAdditionalDimension(prev)) slots.push({ dim: prev, sub: before ? subOf.get(before) ?? null : null, dimRaw: null, cont: true, cost: before && inline.has(before) ? INLINE_CONT : 0 });
    for (const d of DIMENSIONS) {
      if (d.additional || d.order < lo || d.order > hi) continue;
      const subs = floatSubs.filter((x) => x.dim === d.code && !usedSubs.has(x));
      const label = floatDims.find((x) => x.codes[0] === d.code);
      if (subs.length) for (const x of subs) slots.push({ dim: d.code, sub: { code: x.code, raw: x.raw, dim: x.dim }, dimRaw: label?.raw ?? null, cont: false, label: x });
      else if ((label && !present.has(d.code)) || fixed.has(d.code)) slots.push({ dim: d.code, sub: null, dimRaw: label?.raw ?? null, cont: false });
    }
    const texts = run.map((r) => [...r.desc, ...r.formula].join(" "));
    const pick = alignSlots(texts, run.map((r) => dimOf.get(r)?.codes[0] ?? null), slots);
    run.forEach((r, i) => {
      const slot = pick[i];
      if (!slot) {
        if (!dimOf.has(r)) {
          const d = prev && !isAdditionalDimension(prev) ? prev : next && !isAdditionalDimension(next) ? next : undefined;
          if (d) dimOf.set(r, { codes: [d], raw: null, direct: false });
          lower(r, d ? 0.6 : 0.4, d ? "dimension taken from a neighbouring row" : "no dimension label for this row");
        }
        return;
      }
      if (!dimOf.has(r)) dimOf.set(r, { codes: [slot.dim], raw: slot.dimRaw, direct: false });
      if (slot.sub) subOf.set(r, slot.sub);
      if (slot.label) usedSubs.add(slot.label);
      if (!slot.cont) lower(r, slot.sub?.code && cueScore(texts[i], slot.sub.code) > 0 ? 0.75 : 0.6, "labels printed away from this row, placed by the template's order");
    });
    k = end;
  }

  // ---- the raw labels
  const dimLabels = events.filter((e): e is Extract<TableEvent, { t: "label" }> => e.t === "label" && e.label.kind === "dim");
  const out: AlignedRow[] = rows.map((r) => {
    const d = dimOf.get(r);
    const codes = d?.codes ?? [];
    const printed = dimLabels.filter((e) => (e.label as DimLabel).codes[0] === codes[0]);
    const dimRaw = d?.raw ?? (printed[0]?.label as DimLabel | undefined)?.raw ?? (codes[0] ? dimensionLabel(codes[0]) ?? null : null);
    let sub = subOf.get(r);
    // a dimension without sub-dimensions printed in both columns ("Tempestività" | "Tempestività")
    if (!sub && codes.length === 1 && !isAdditionalDimension(codes[0]) && printed.length >= 2 && !rows.some((x) => x !== r && subOf.get(x)?.dim === codes[0])) {
      sub = { code: null, raw: (printed[0].label as DimLabel).raw, dim: codes[0] };
    }
    if (!sub && r.extraPieces.length && codes[0] && !isAdditionalDimension(codes[0]) && r.extraPieces.join(" ").split(/\s+/).length <= 12) {
      sub = { code: null, raw: r.extraPieces.join(" "), dim: codes[0] };
      lower(r, 0.6, "sub-dimension read from a cell without a known label");
    }
    let description = r.desc.join(" ") || null;
    let formula = r.formula.join(" ") || null;
    const def = definition.get(r);
    if (def) {
      if (!formula && description) formula = description;
      description = def;
    }
    if (!formula) lower(r, 0.5, "no formula found for this row");
    if (!description) lower(r, 0.6, "no description found for this row");
    if (r.glued || r.descAfterFormula > 0) lower(r, 0.75, "description and formula printed interleaved");
    return {
      row: r,
      dimension: codes,
      dimensionRaw: dimRaw,
      subdimension: sub?.code ?? null,
      subdimensionRaw: sub?.raw ?? null,
      description,
      formula,
      target: target.get(r) ?? null,
      confidence: conf.get(r)!,
      doubts: doubts.get(r)!,
    };
  });
  const strayLabels = events
    .map((e, i) => ({ e, i }))
    .filter((x) => x.e.t === "label" && !used.has(x.i))
    .map((x) => ({ raw: (x.e as Extract<TableEvent, { t: "label" }>).label.raw, line: (x.e as Extract<TableEvent, { t: "label" }>).line }));
  return { rows: out, strayValues, strayLabels, valueOwner };
}

interface Slot {
  dim: string;
  sub: { code: string | null; raw: string; dim: string | null } | null;
  dimRaw: string | null;
  /** The merged cell of the row above, continued. */
  cont: boolean;
  label?: SubLabel;
  /** What each row taking this slot costs: continuing a cell printed in line with its own row. */
  cost?: number;
}

const SKIP = 1.5;
/** A label printed in line with its row is usually that row's own cell: continuing it is a doubt. */
const INLINE_CONT = 0.75;

/**
 * Lay rows over label slots in order: each row takes one slot, consecutive rows may share
 * one (a merged cell), slots are never revisited; a slot left without rows costs SKIP
 * (every printed label spans at least one row) except the continued cell above. Rows
 * whose dimension is known only take slots of that dimension. Score: the template words
 * of the slot's sub-dimension found in the row's text.
 */
export function alignSlots(texts: string[], dims: (string | null)[], slots: Slot[]): (Slot | null)[] {
  const n = texts.length;
  const m = slots.length;
  if (m === 0) return texts.map(() => null);
  const NEG = -1e9;
  const score = (i: number, j: number) => {
    const s = slots[j];
    if (dims[i] && dims[i] !== s.dim) return NEG;
    return (s.sub?.code ? cueScore(texts[i], s.sub.code) : 0) - (s.cost ?? 0);
  };
  const skipCost = (from: number, to: number) => {
    // slots strictly between from and to are skipped
    let c = 0;
    for (let k = from + 1; k < to; k++) if (!slots[k].cont) c += SKIP;
    return c;
  };
  const f: number[][] = Array.from({ length: n }, () => new Array(m).fill(NEG));
  const back: number[][] = Array.from({ length: n }, () => new Array(m).fill(-1));
  for (let j = 0; j < m; j++) f[0][j] = score(0, j) - skipCost(-1, j);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const sc = score(i, j);
      if (sc <= NEG / 2) continue;
      for (let k = 0; k <= j; k++) {
        if (f[i - 1][k] <= NEG / 2) continue;
        const v = f[i - 1][k] + sc - (k === j ? 0 : skipCost(k, j));
        if (v > f[i][j]) {
          f[i][j] = v;
          back[i][j] = k;
        }
      }
    }
  }
  let best = -1;
  let bestV = NEG;
  for (let j = 0; j < m; j++) {
    const v = f[n - 1][j] - skipCost(j, m);
    if (f[n - 1][j] > NEG / 2 && v > bestV) {
      bestV = v;
      best = j;
    }
  }
  if (best < 0) return texts.map(() => null);
  const out: (Slot | null)[] = new Array(n).fill(null);
  for (let i = n - 1, j = best; i >= 0; i--) {
    out[i] = slots[j];
    j = back[i][j];
  }
  return out;
}
