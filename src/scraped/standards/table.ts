/**
 * The indicator table of scraped text, pass by pass: segmentation into rows and events
 * (segment.ts), values to rows (values.ts), the additional dimensions' definitions to the
 * rows they define, labels to rows by the template's order (order.ts), then each row's
 * cells with a confidence that says how its labels were placed: beside the row, carried
 * down a merged cell, or by order alone.
 */
import { dimensionLabel, isAdditionalDimension } from "../../normalize/dimension.js";
import type { TextLine } from "../common/lines.js";
import { joinCellLines } from "../common/lines.js";
import { type OrderLabel, type OrderResult, SURE_MARGIN, SURE_MARGIN_AWAY, alignLabels } from "./order.js";
import { type RowDraft, type Segmentation, type TableEvent, segmentTable } from "./segment.js";
import { type ValueBinding, bindValues } from "./values.js";
import { fillLate, lateDrafts } from "./late.js";
import { formulaStrength, hasNotesColumn, headerTitleCount, matchDefinition } from "../common/kinds.js";
import { ADDITIONAL_DEFINITIONS, DIMENSIONS, SUBDIMENSIONS } from "../../normalize/taxonomy.js";
import { type Doubted, PENALTIES, lower } from "../common/penalties.js";

export interface TableRow {
  row: RowDraft;
  dimension: string[];
  dimensionRaw: string | null;
  subdimensionRaw: string | null;
  description: string | null;
  formula: string | null;
  target: string | null;
  /** A note read from the cells printed after the table (late.ts); the notes pass reads the others. */
  notes: string | null;
  confidence: number;
  /** Why confidence is low, for the review list. */
  doubts: string[];
}

export interface TableReading {
  seg: Segmentation;
  rows: TableRow[];
  /** The row each value event (by its index in the events) went to. */
  valueOwner: Map<number, RowDraft>;
  strayValues: { raw: string; line: number }[];
  /** Labels no row could take: printed, but not placed. */
  strayLabels: { kind: "dimension" | "subdimension"; raw: string; line: number }[];
  /** Drafts read as the late cells of other rows, and those of their paragraphs no row took. */
  late: Set<RowDraft>;
  lateLeft: string[];
}

type LabelEvent = Extract<TableEvent, { t: "label" }>;

/**
 * An additional dimension's label printed with its definition: the row right after them,
 * whatever labels of the other dimensions drifted in between, is the one they define.
 */
function definedRows(events: TableEvent[], rows: RowDraft[]): Map<RowDraft, string> {
  const out = new Map<RowDraft, string>();
  events.forEach((e, i) => {
    const prev = events[i - 1];
    if (e.t !== "def" || prev?.t !== "label" || prev.label.kind !== "dim" || prev.label.codes[0] !== e.code) return;
    let j = i + 1;
    while (j < events.length && events[j].t === "label" && !isAdditionalLabel(events[j])) j++;
    const f = events[j];
    if (f?.t === "row" && rows.includes(f.row) && f.row.desc.length === 0 && !out.has(f.row)) out.set(f.row, e.code);
  });
  return out;
}

const isAdditionalLabel = (e: TableEvent) => e.t === "label" && e.label.kind === "dim" && isAdditionalDimension(e.label.codes[0]);

/**
 * Each definition to its row: the row its label defines, else the first row placed under
 * that dimension without one, else the nearest row whose description column is empty.
 */
function bindDefinitions(events: TableEvent[], rows: RowDraft[], pos: Map<RowDraft, number>, dimOf: (r: RowDraft) => string | undefined, defined: Map<RowDraft, string>): Map<RowDraft, { code: string; text: string; placed: boolean }> {
  const out = new Map<RowDraft, { code: string; text: string; placed: boolean }>();
  events.forEach((e, i) => {
    if (e.t !== "def") return;
    let r = rows.find((x) => defined.get(x) === e.code && !out.has(x)) ?? rows.find((x) => dimOf(x) === e.code && !out.has(x));
    let placed = false;
    if (!r) {
      r = rows.filter((x) => x.desc.length === 0 && !out.has(x)).sort((a, b) => Math.abs(pos.get(a)! - i) - Math.abs(pos.get(b)! - i))[0];
      placed = true;
    }
    if (r) out.set(r, { code: e.code, text: e.text, placed });
  });
  return out;
}

/** Label events to the two columns' label lists; a dimension printed again on its page is the sub-dimension column's copy. */
function labelColumns(events: TableEvent[]): { dims: OrderLabel[]; subs: OrderLabel[]; dimEvents: LabelEvent[]; subEvents: LabelEvent[] } {
  const dims: OrderLabel[] = [];
  const subs: OrderLabel[] = [];
  const dimEvents: LabelEvent[] = [];
  const subEvents: LabelEvent[] = [];
  events.forEach((e, i) => {
    if (e.t !== "label") return;
    const l = e.label;
    const base = { pos: i, page: e.page, raw: l.raw, line: e.line };
    if (l.kind === "dim") {
      // one merged cell per page per dimension: the same dimension again on the page is the
      // sub-dimension column of a dimension that has none ("Tempestività" | "Tempestività")
      const again = !isAdditionalDimension(l.codes[0]) && dims.some((d) => d.page === e.page && d.dims[0] === l.codes[0]);
      if (again) {
        subs.push({ ...base, dims: [l.codes[0]], code: null });
        subEvents.push(e);
      } else {
        dims.push({ ...base, dims: l.codes, code: null });
        dimEvents.push(e);
      }
    } else {
      subs.push({ ...base, dims: l.dim ? [l.dim] : [], code: l.code });
      subEvents.push(e);
    }
  });
  return { dims, subs, dimEvents, subEvents };
}

/**
 * A short cell with no formula and no value printed between a dimension's label and the
 * next label (labels gathered after their rows) is that dimension's sub-dimension of the
 * office's own ("Tempi di attesa"), not a row.
 */
function ownSubdimensionLabels(seg: Segmentation): void {
  seg.events.forEach((e, i) => {
    const prev = seg.events[i - 1];
    const next = seg.events[i + 1];
    if (e.t !== "row" || prev?.t !== "label" || prev.label.kind !== "dim" || next?.t !== "label") return;
    const r = e.row;
    const t = r.desc.join(" ").trim();
    if (r.formula.length || r.extraPieces.length || r.desc.length !== 1 || isAdditionalDimension(prev.label.codes[0])) return;
    if (t.length > 60 || t.split(/\s+/).length > 6 || /\d|[.;:]$/.test(t) || !/^\p{Lu}/u.test(t) || formulaStrength(t) === 2) return;
    // printed in one block with the next dimension's label (no blank line between): that dimension's
    const dim = next.label.kind === "dim" && next.line === r.firstLine + 1 && prev.line !== r.firstLine - 1 ? next.label.codes[0] : prev.label.codes[0];
    seg.events[i] = { t: "label", label: { kind: "sub", code: null, dim, raw: t, rest: null }, line: r.firstLine, page: r.page };
    seg.rows = seg.rows.filter((x) => x !== r);
  });
}

/**
 * An additional dimension's standard definition begun in the description and carried on
 * in lines the scrape took in turns with the formula's (two cells side by side, no rule
 * between them): the template's text says which lines are the definition's.
 */
function completeDefinition(desc: string, formula: string[]): { description: string; formula: string | null } | null {
  if (formula.length < 2) return null;
  const start = matchDefinition(desc);
  if (!start || start.rest || start.next < 0) return null;
  let at = { code: start.code, from: start.next };
  const rest: string[] = [];
  let done = false;
  for (const l of formula) {
    const m = done ? null : matchDefinition(l, at);
    if (m && !m.rest) {
      if (m.next < 0) done = true;
      else at = { code: at.code, from: m.next };
    } else rest.push(l);
  }
  const def = ADDITIONAL_DEFINITIONS.find((d) => d.dimension === start.code);
  return done && def ? { description: def.text, formula: joinCellLines(rest) || null } : null;
}

export function readTable(lines: TextLine[]): TableReading {
  const seg = segmentTable(lines);
  ownSubdimensionLabels(seg);
  const t = bindRows(seg);
  setLateAside(t);
  dropParagraphs(t, lines);
  const labels = placeLabels(t);
  const out = t.rows.map((r, i) => readRow(t, labels, r, i));
  const lateLeft = fillLateCells(out, t, lines);
  for (const r of out) {
    if (!r.formula) lower(r, "noFormula");
    if (!r.description) lower(r, "noDescription");
  }
  // a value-only row that no late cell filled is a stray value again
  const kept = out.filter((r) => !t.synthetic.has(r.row) || r.description || r.formula);
  for (const r of out) if (!kept.includes(r)) t.values.stray.push({ raw: r.target!, line: r.row.firstLine });
  const { dims, subs, placed } = labels;
  // a dimension label the table prints that no row takes: the labels may sit one row off
  for (const r of nearUnplaced(kept, placed.unusedDims.flatMap((k) => dims[k].dims.slice(0, 1)))) lower(r, "dimensionLabelUnplaced");
  const strayLabels = [
    ...placed.unusedDims.map((k) => ({ kind: "dimension" as const, raw: dims[k].raw, line: dims[k].line })),
    ...placed.unusedSubs.map((k) => ({ kind: "subdimension" as const, raw: subs[k].raw, line: subs[k].line })),
  ];
  return { seg, rows: kept, valueOwner: t.values.owner, strayValues: t.values.stray, strayLabels, late: t.late, lateLeft };
}

/**
 * The rows a dimension label placed on no row may belong to: the labels keep the
 * template's order, so had it taken rows they would be rows of its own dimension or of the
 * dimensions placed next to it in that order (the spans around its place), or rows with
 * no dimension; the other dimensions' spans stay where they are.
 */
export function nearUnplaced(rows: TableRow[], unplaced: string[]): TableRow[] {
  const order = (code: string | undefined) => DIMENSIONS.find((d) => d.code === code)?.order ?? 99;
  const placed = [...new Set(rows.map((r) => order(r.dimension[0])))];
  const near = new Set<number>();
  for (const o of unplaced.map(order)) {
    near.add(o);
    const before = placed.filter((x) => x < o);
    const after = placed.filter((x) => x > o);
    if (before.length) near.add(Math.max(...before));
    if (after.length) near.add(Math.min(...after));
  }
  return rows.filter((r) => !r.dimension.length || near.has(order(r.dimension[0])));
}

/** The table as the passes read it: its events, the drafts that are rows so far and their positions in the events, the values bound to them. */
interface TableState {
  seg: Segmentation;
  events: TableEvent[];
  rows: RowDraft[];
  pos: Map<RowDraft, number>;
  values: ValueBinding;
  /** The rows an additional dimension's label and definition printed before them define. */
  defined: Map<RowDraft, string>;
  /** Drafts read as the late cells of other rows (late.ts). */
  late: Set<RowDraft>;
  /** Rows made of a value alone, whose text comes late. */
  synthetic: Set<RowDraft>;
}

/** Drafts with text are rows; each value goes to its row (values.ts). */
function bindRows(seg: Segmentation): TableState {
  const { events } = seg;
  const rows = seg.rows.filter((r) => r.desc.length || r.formula.length);
  const pos = new Map<RowDraft, number>();
  events.forEach((e, i) => e.t === "row" && pos.set(e.row, i));
  const values = bindValues(seg, rows);
  return { seg, events, rows, pos, values, defined: definedRows(events, rows), late: new Set(), synthetic: new Set() };
}

/**
 * Content-stream order printed the cells of several lines after the footnotes: they are
 * not rows; and a value no row took is then a row whose one-line cells were its value
 * only, its text printed late.
 */
function setLateAside(t: TableState): void {
  const { events, values } = t;
  t.late = new Set(lateDrafts(t.rows, (r) => values.target.has(r), events.filter((e) => e.t === "def").length, values.strayAt.length));
  if (!t.late.size) return;
  t.rows = t.rows.filter((r) => !t.late.has(r));
  for (const at of values.strayAt) {
    const e = events[at] as Extract<TableEvent, { t: "value" }>;
    const r: RowDraft = { id: -1 - at, desc: [], extraPieces: [], formula: [], firstLine: e.line, page: e.page, descBeforeFormula: 0, descAfterFormula: 0, last: null, glued: false, closed: true, late: false };
    t.synthetic.add(r);
    t.pos.set(r, at);
    values.target.set(r, e.raw);
  }
  t.rows = [...t.rows, ...t.synthetic].sort((a, b) => t.pos.get(a)! - t.pos.get(b)!);
  values.stray = [];
  values.strayAt = [];
}

/**
 * A paragraph with no formula and no value is no row (a note, a service-block value printed
 * away from its label): it takes no label and no definition. In content-stream order such
 * paragraphs are the late cells of the rows above (late.ts), told by the header printed on
 * one line; there, only those after the last row that has a formula or a value are no rows,
 * where no late cells are read.
 */
function dropParagraphs(t: TableState, lines: TextLine[]): void {
  const { values, pos } = t;
  const contentStream = t.late.size > 0 || lines.some((l) => headerTitleCount(l.text) >= 4);
  const real = t.rows.filter((r) => r.formula.length || values.target.has(r)).map((r) => pos.get(r)!);
  const lastReal = contentStream ? (t.late.size || !real.length ? Infinity : Math.max(...real)) : -Infinity;
  t.rows = t.rows.filter((r) => r.formula.length || values.target.has(r) || pos.get(r)! < lastReal);
}

/** The labels of the two label columns, placed on the rows (by `rows`' index), and the definitions bound to rows. */
interface Labels {
  dims: OrderLabel[];
  subs: OrderLabel[];
  placed: OrderResult;
  defs: Map<RowDraft, { code: string; text: string; placed: boolean }>;
  defined: Map<RowDraft, string>;
}

/**
 * Labels to rows by the template's order (order.ts), then definitions to rows. A value no
 * row could take is a row whose text was lost ("one row's text can be missing entirely
 * while its value survives alone"): it takes its labels, and is not emitted.
 */
function placeLabels(t: TableState): Labels {
  const { events, rows, pos, values } = t;
  const { dims, subs } = labelColumns(events);
  const texts = rows.map((r) => [...r.desc, ...r.formula].join(" "));
  const phantoms = values.strayAt.map((at) => ({ pos: at, page: (events[at] as Extract<TableEvent, { t: "value" }>).page, text: "", fixed: null, phantom: true }));
  const orderRows = [...rows.map((r, i) => ({ pos: pos.get(r)!, page: r.page, text: texts[i], fixed: t.defined.get(r) ?? null, phantom: false, anchored: !!r.ownSub })), ...phantoms].sort((a, b) => a.pos - b.pos);
  const aligned = alignLabels(orderRows, dims, subs);
  const placed = { ...aligned, rows: rows.map((r) => aligned.rows[orderRows.findIndex((o) => o.pos === pos.get(r))]) };
  const rowIndex = new Map(rows.map((r, i) => [r, i]));
  const dimOf = (r: RowDraft) => {
    const p = placed.rows[rowIndex.get(r)!];
    return p.dim >= 0 ? dims[p.dim].dims[0] : p.sub >= 0 ? subs[p.sub].dims[0] : undefined;
  };
  return { dims, subs, placed, defs: bindDefinitions(events, rows, pos, dimOf, t.defined), defined: t.defined };
}

/** Row i's cells, with a confidence that says how its labels were placed and its cells read. */
function readRow(t: TableState, L: Labels, r: RowDraft, i: number): TableRow {
  const read: Doubted = { confidence: 1, doubts: [] };
  const labels = rowLabels(L, r, i, read);
  const cells = rowCells(t, r, L.defs.get(r), read);
  return { row: r, dimension: labels.codes, dimensionRaw: labels.dimRaw, subdimensionRaw: labels.subRaw, description: cells.description, formula: cells.formula, target: t.values.target.get(r) ?? null, notes: null, ...read };
}

/** Row i's dimension and sub-dimension as placed, where a label was lost those of its neighbours or its own cells. */
function rowLabels(L: Labels, r: RowDraft, i: number, read: Doubted): { codes: string[]; dimRaw: string | null; subRaw: string | null } {
  const p = L.placed.rows[i];
  const d = p.dim >= 0 ? L.dims[p.dim] : null;
  const s = p.sub >= 0 ? L.subs[p.sub] : null;
  const def = L.defs.get(r);
  let codes = d?.dims ?? (s?.dims.length ? s.dims : def ? [def.code] : []);
  if (!codes.length) {
    // the dimension of the row above (a merged cell whose label was lost), else of the row below
    const near = [i - 1, i + 1].map((k) => L.placed.rows[k]).find((q) => q && q.dim >= 0);
    codes = near ? L.dims[near.dim].dims : [];
    lower(read, codes.length ? "dimensionFromNeighbour" : "noDimension");
  }
  let subRaw = s?.raw ?? null;
  if (r.ownSub) {
    subRaw = r.ownSub;
    if (r.ownSubOrNote) lower(read, "ownSubdimensionOrNote");
  } else if (!s && !isAdditionalDimension(codes[0]) && codes[0] && r.extraPieces.length && r.extraPieces.join(" ").split(/\s+/).length <= 12) {
    subRaw = r.extraPieces.join(" ");
    lower(read, "subdimensionFromUnknownCell");
  }
  if (def?.placed) lower(read, "placedByDefinition");
  const away = placementDoubts(L, r, i, codes, read);
  // another placement of the labels costs little more than this one: the order leaves them open
  const margin = Math.min(L.placed.rows[i].dimMargin, L.placed.rows[i].subMargin);
  if (margin < (away ? SURE_MARGIN_AWAY : SURE_MARGIN)) lower(read, "labelsOpen");
  const dimRaw = d?.raw ?? L.dims.find((x) => x.dims[0] === codes[0])?.raw ?? (codes[0] ? dimensionLabel(codes[0]) ?? null : null);
  return { codes, dimRaw, subRaw };
}

/**
 * Whether the template divides a dimension into sub-dimensions (Tempestività it does not:
 * its rows print none, and a row of it without one is no doubt where the table prints only
 * the template's sub-dimension labels; an office's own labels may name one of its rows).
 */
const hasTemplateSubs = (code: string | undefined) => !!code && SUBDIMENSIONS.some((x) => x.dimension === code);

/**
 * A description that may open with an office's own label run into it: a word in title case
 * right after a word in lower case among its first five ("Esami finali Nomina della ...").
 */
function opensWithOwnLabel(desc: string): boolean {
  const w = desc.split(/\s+/).slice(0, 5);
  return w.some((x, k) => k > 0 && /^\p{Lu}\p{Ll}{2,}/u.test(x) && /^\p{Ll}/u.test(w[k - 1]));
}

/** How row i's labels were placed: beside the row, carried down a merged cell, or by the template's order alone (true: some label was printed away from it). */
function placementDoubts(L: Labels, r: RowDraft, i: number, codes: string[], read: Doubted): boolean {
  const before = read.doubts.length;
  const rows = L.placed.rows;
  const p = rows[i];
  const d = p.dim >= 0 ? L.dims[p.dim] : null;
  const s = p.sub >= 0 ? L.subs[p.sub] : null;
  const continued = (k: "dim" | "sub") => i > 0 && rows[i - 1][k] >= 0 && rows[i - 1][k] === p[k];
  if (isAdditionalDimension(codes[0])) {
    if (!p.dimInline && !L.defined.has(r) && !continued("dim")) lower(read, "dimensionAway");
  } else if (r.ownSub) {
    /* its own label, beside it */
  } else if (s) {
    if (p.subInline) {
      /* its own label, beside it */
    } else if (continued("sub")) {
      if (!rows.slice(0, i).some((q, k) => q.sub === p.sub && q.subInline && k < i)) lower(read, p.cued ? "subdimensionSpanAwayCued" : "subdimensionSpanAway");
      else lower(read, "subdimensionCarried");
    } else lower(read, p.cued ? "subdimensionAwayCued" : "subdimensionAway");
  } else if (L.subs.length && (hasTemplateSubs(codes[0]) || L.subs.some((x) => !x.code) || opensWithOwnLabel(r.desc.join(" ")))) lower(read, "noSubdimension");
  if (d && !p.dimInline && !continued("dim") && !(s?.dims.length && s.dims[0] === codes[0] && (p.subInline || !!s.code))) lower(read, "dimensionAway");
  return read.doubts.length > before && !(read.doubts.length === before + 1 && read.doubts[before] === PENALTIES.noSubdimension.reason);
}

/** A row's description and formula: an additional dimension's definition is its description, its own text then the formula. */
function rowCells(t: TableState, r: RowDraft, def: { text: string } | undefined, read: Doubted): { description: string | null; formula: string | null } {
  let description = joinCellLines(r.desc) || null;
  let formula = joinCellLines(r.formula) || null;
  if (def) {
    if (!formula && description) formula = description;
    description = def.text;
  }
  const cut = description ? completeDefinition(description, r.formula) : null;
  if (cut) {
    [description, formula] = [cut.description, cut.formula];
    lower(read, "definitionReadBack");
  }
  if (t.values.drifted.has(r)) lower(read, "valueDrifted", { value: String(t.values.target.get(r)) });
  if (r.glued || r.descAfterFormula > 0) lower(read, "interleaved");
  return { description, formula };
}

/** The late drafts' paragraphs to the rows' empty cells (late.ts); returns those no row took. */
function fillLateCells(out: TableRow[], t: TableState, lines: TextLine[]): string[] {
  const filled = fillLate(
    out.map((r) => ({ description: r.description, formula: r.formula, target: r.target, additional: isAdditionalDimension(r.dimension[0]) })),
    [...t.late],
    hasNotesColumn(lines),
  );
  for (const [k, c] of filled.cells) {
    const r = out[k];
    r.description ??= c.description;
    r.formula ??= c.formula;
    r.notes = c.notes;
    lower(r, "lateCells");
  }
  return filled.left;
}
