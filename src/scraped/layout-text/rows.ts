/**
 * The table body of text that kept its layout: rows are bands of the data columns'
 * lines (blank lines between them), every other cell goes to the band it lies in, and
 * each label of a merged cell (dimension, sub-dimension) spans the bands it is centred on,
 * inside its dimension's span, as the PDF reader lays them from real geometry.
 */
import type { GridCell, GridRow } from "../../document/grid.js";
import { partitionRuns } from "../../document/label-runs.js";
import { normalizeDimension, normalizeSubdimension } from "../../normalize/dimension.js";
import { cleanCell } from "../../normalize/text.js";
import { type ColumnRole, DIMENSION_CUES, SUBDIMENSIONS } from "../../normalize/taxonomy.js";
import { isValueText, splitTrailingValue } from "../common/kinds.js";
import { cueScore } from "../common/labels.js";
import { type Column, type GridLine, lineCells } from "./columns.js";
import { endsIncomplete, joinCellLines, startsAsContinuation } from "../common/lines.js";
import type { PenaltyName } from "../common/penalties.js";

interface Piece {
  line: number;
  col: number;
  text: string;
  across: boolean;
}

/** Pieces of one column stacked into cells: lines one or two apart that go on with the text above. */
function stack(pieces: Piece[]): { top: number; bottom: number; lines: Piece[] }[] {
  const cells: { top: number; bottom: number; lines: Piece[] }[] = [];
  for (const p of [...pieces].sort((a, b) => a.line - b.line)) {
    const cur = cells[cells.length - 1];
    const prev = cur?.lines[cur.lines.length - 1];
    const gap = prev ? p.line - prev.line : Infinity;
    const prevText = cur ? joinCellLines(cur.lines.map((l) => l.text)) : "";
    const joined = `${prevText} ${p.text}`;
    // values stand alone, unless together they make one ("entro 6 giorni" / "lavorativi")
    const values = cur && (isValueText(prevText) || isValueText(p.text));
    // a label broken over lines (in capitals) when together they make a label of the template
    const label = cur && !!normalizeSubdimension(joined).value && !normalizeSubdimension(prevText).value;
    const goesOn = label || startsAsContinuation(p.text) || endsIncomplete(prev?.text ?? "");
    // a line that opens a sentence after one that closed its own is the next cell, even one line below
    if (cur && values) {
      if (isValueText(joined) && gap <= 2) {
        cur.lines.push(p);
        cur.bottom = p.line;
      } else cells.push({ top: p.line, bottom: p.line, lines: [p] });
    } else if (cur && ((gap === 1 && (goesOn || !/^\p{Lu}/u.test(p.text))) || (gap === 2 && goesOn))) {
      cur.lines.push(p);
      cur.bottom = p.line;
    } else cells.push({ top: p.line, bottom: p.line, lines: [p] });
  }
  return cells;
}

const KEY_ROLES: ColumnRole[] = ["description", "formula", "target", "actual", "activity"];

/** A row of the body: a run of lines with text in the key columns, and whether one of them holds a value. */
interface Band {
  top: number;
  bottom: number;
  valued: boolean;
}

/** The body as the passes lay it out: its pieces by column, the bands, and each band's cells (text, merged across, covered from above). */
interface Body {
  columns: Column[];
  /** The label columns are those before this one. */
  labelCols: number;
  pieces: Piece[];
  pageOf: Map<number, number>;
  bands: Band[];
  text: (string | null)[][];
  across: boolean[];
  covered: boolean[][];
  /** The label cells are printed on their span's first line (a web page's or a word processor's table), not centred on it. */
  topAligned: boolean;
  /** Bands whose label spans a neighbouring placement fits almost as well (see spanMargins). */
  open: Set<number>;
}

/**
 * How much worse a centred label's span fits than its neighbour's when their boundary moves
 * by one row, in lines: below this the two spans' boundary is open, and the rows on both
 * sides of it go to review. Measured on the development sets' -layout scrapes.
 */
export const SURE_SPAN_MARGIN = 1;

/** The table body's rows: bands of the data columns, label cells laid over the bands they are centred on. */
export function bodyRows(lines: GridLine[], columns: Column[], doubts?: Map<number, PenaltyName[]>): GridRow[] {
  const results = columns.some((c) => c.role === "actual");
  let firstData = columns.findIndex((c) => c.role === "description");
  if (firstData < 0) firstData = 1;
  const labelCols = results ? 0 : firstData;
  const pieces: Piece[] = lines.flatMap((l) => lineCells(l, l.columns ?? columns, labelCols).map((c) => ({ line: l.no, ...c })));
  const pageOf = new Map(lines.map((l) => [l.no, l.page]));
  const bands = findBands(pieces, columns, labelCols, results, pageOf);
  if (!bands.length) return [];
  const nc = columns.length;
  const body: Body = { columns, labelCols, pieces, pageOf, bands, text: bands.map(() => Array(nc).fill(null)), across: bands.map(() => false), covered: bands.map(() => Array(nc).fill(false)), topAligned: false, open: new Set() };
  placeDataCells(body);
  body.topAligned = topAligned(body);
  let parents: [number, number][] = [[0, bands.length - 1]];
  for (let c = 0; c < labelCols; c++) parents = placeLabelColumn(body, c, parents);
  for (const k of body.open) doubts?.set(bands[k].top, [...(doubts.get(bands[k].top) ?? []), "labelSpanOpen"]);
  return bands.map((b, k) => {
    const cells: GridCell[] = [];
    for (let c = 0; c < nc; c++) {
      if (c === labelCols && body.across[k] && !body.text[k][c]) cells.push({ text: null, covered: "left" });
      else if (body.covered[k][c]) cells.push({ text: null, covered: "up" });
      else cells.push({ text: cleanCell(body.text[k][c]) });
    }
    return { cells, ref: b.top };
  });
}

/**
 * Bands: runs of lines with text in the key columns, blank lines (in those columns) between
 * them. A row ends at a page break, and where a row that has its value is followed by a
 * line opening new cells that has one too.
 */
function findBands(pieces: Piece[], columns: Column[], labelCols: number, results: boolean, pageOf: Map<number, number>): Band[] {
  const isKey = (p: Piece) => p.across || (p.col >= labelCols && (KEY_ROLES.includes(columns[p.col].role as ColumnRole) || (results && columns[p.col].role === "dimension")));
  const keyLines = [...new Set(pieces.filter(isKey).map((p) => p.line))].sort((a, b) => a - b);
  const valueCols = columns.map((c, k) => (VALUE_ROLES.includes(c.role) ? k : -1)).filter((k) => k >= 0);
  const valueLines = new Set(pieces.filter((p) => !p.across && valueCols.includes(p.col) && isValueText(p.text)).map((p) => p.line));
  // a piece that goes on with the one right above it in its column ("... illuminanti a" / "LED ...") opens nothing
  const goesOn = (p: Piece) => pieces.some((q) => q.line === p.line - 1 && q.col === p.col && q.across === p.across && endsIncomplete(q.text));
  const opensCell = (n: number) => pieces.some((p) => p.line === n && (p.across || (p.col >= labelCols && !valueCols.includes(p.col))) && /^\p{Lu}/u.test(p.text) && !goesOn(p));
  // a label cell of a label column opens on this line (its first line: a capital)
  const labelOpens = (n: number) => new Set(pieces.filter((p) => p.line === n && !p.across && p.col < labelCols && /^\p{Lu}/u.test(p.text)).map((p) => p.col));
  const bands: Band[] = [];
  for (const n of keyLines) {
    const last = bands[bands.length - 1];
    // a line with a value of its own right under a row that has one (rows of one line each, no blank line between) opens the next row
    let next = last && last.valued && opensCell(n) && (valueLines.has(n) || keyLines.some((m) => m >= n && m <= n + 2 && valueLines.has(m) && !valueLines.has(m - 1)));
    // a row holds one label of each label column: a second one opening with new cells beside it opens the next row
    if (last && !next && opensCell(n)) {
      const here = labelOpens(n);
      for (let m = last.top; m < n && !next; m++) for (const c of labelOpens(m)) if (here.has(c)) next = true;
    }
    if (last && n - last.bottom <= 1 && pageOf.get(n) === pageOf.get(last.bottom) && !next) {
      last.bottom = n;
      last.valued ||= valueLines.has(n);
    } else bands.push({ top: n, bottom: n, valued: valueLines.has(n) });
  }
  return bands;
}

/** The band a line lies in, or the nearest. */
function bandOf(b: Body, line: number): number {
  const d = (x: Band) => (line >= x.top && line <= x.bottom ? 0 : Math.min(Math.abs(line - x.top), Math.abs(line - x.bottom)));
  let best = 0;
  b.bands.forEach((x, k) => {
    if (d(x) < d(b.bands[best])) best = k;
  });
  return best;
}

/** Data cells: each stacked cell to the band it lies in (or nearest), values to their columns; definitions merged across to the last label column. */
/** A data cell never runs on from one row into the next: a stacked cell cut where a row's first line starts, unless its text goes on there. */
function cutAtBands(cell: { top: number; bottom: number; lines: Piece[] }, tops: Set<number>): { top: number; bottom: number; lines: Piece[] }[] {
  const out: { top: number; bottom: number; lines: Piece[] }[] = [];
  for (const p of cell.lines) {
    const cur = out[out.length - 1];
    const prev = cur?.lines[cur.lines.length - 1];
    if (cur && (!tops.has(p.line) || endsIncomplete(prev!.text) || startsAsContinuation(p.text))) {
      cur.lines.push(p);
      cur.bottom = p.line;
    } else out.push({ top: p.line, bottom: p.line, lines: [p] });
  }
  return out;
}

function placeDataCells(b: Body): void {
  const { bands, columns, labelCols, pieces, text } = b;
  const stacked: { text: string; value: boolean }[][][] = bands.map(() => columns.map(() => []));
  const tops = new Set(bands.map((x) => x.top));
  for (let c = labelCols; c < columns.length; c++) {
    for (const cell of stack(pieces.filter((p) => p.col === c && !p.across)).flatMap((x) => cutAtBands(x, tops))) {
      const t = joinCellLines(cell.lines.map((l) => l.text));
      stacked[bandOf(b, (cell.top + cell.bottom) / 2)][c].push({ text: t, value: isValueText(t) });
    }
  }
  bands.forEach((_, k) => valuesToTheirColumn(stacked[k], columns));
  for (let k = 0; k < bands.length; k++) for (let c = labelCols; c < columns.length; c++) if (stacked[k][c].length) text[k][c] = joinCellLines(stacked[k][c].map((x) => x.text));
  for (const cell of stack(pieces.filter((p) => p.across))) {
    const k = bandOf(b, (cell.top + cell.bottom) / 2);
    text[k][labelCols - 1] = joinCellLines(cell.lines.map((l) => l.text));
    b.across[k] = true;
  }
}

/**
 * A label cell lies inside a span of bands: its centre is nearer those bands than the
 * bands around them, and on a page they are on; the space after a page's last band is
 * that page's (a label split by a page break is printed at the foot of the page).
 */
function insideSpan(b: Body, x: { top: number; bottom: number }, pa: number, pb: number): boolean {
  const { bands, pageOf } = b;
  const at = (x.top + x.bottom) / 2;
  const page = pageOf.get(x.top);
  const lo = pa === 0 ? -Infinity : pageOf.get(bands[pa - 1].top) !== pageOf.get(bands[pa].top) ? bands[pa - 1].bottom + 0.5 : (bands[pa - 1].bottom + bands[pa].top) / 2;
  const hi = pb === bands.length - 1 ? Infinity : pageOf.get(bands[pb + 1].top) !== pageOf.get(bands[pb].top) ? bands[pb + 1].top - 0.5 : (bands[pb].bottom + bands[pb + 1].top) / 2;
  let onPage = false;
  for (let k = pa; k <= pb; k++) if (pageOf.get(bands[k].top) === page) onPage = true;
  return at >= lo && at <= hi && onPage;
}

/** Label column c: each label spans the bands it is centred on, inside the spans of the column before (`parents`); returns its own spans. */
function placeLabelColumn(b: Body, c: number, parents: [number, number][]): [number, number][] {
  const { bands, pieces, pageOf } = b;
  const cells = stack(pieces.filter((p) => p.col === c && !p.across));
  const spans: [number, number][] = [];
  // what the next column's template sub-dimensions say of each band's dimension
  const expected = c + 1 < b.labelCols ? subdimensionDims(stack(pieces.filter((p) => p.col === c + 1 && !p.across)), (line) => bandOf(b, line), bands.length) : [];
  const cued = c === 0 ? cuedDimensions(b, expected) : [];
  const centre = (x: number, y: number) => (bands[x].top + bands[y].bottom) / 2;
  if (b.topAligned) return placeTopAligned(b, c, cells, parents);
  for (const [pa, pb] of parents) {
    const inside = cells.filter((x) => insideSpan(b, x, pa, pb));
    // bands whose cell in this column is a definition merged across take no label
    const free: number[] = [];
    for (let k = pa; k <= pb; k++) if (!(b.across[k] && c === b.labelCols - 1)) free.push(k);
    const labels = inside.map((x) => ({ at: (x.top + x.bottom) / 2, page: pageOf.get(x.top), dims: normalizeDimension(joinCellLines(x.lines.map((l) => l.text))).value }));
    const runs = partition(labels, free, centre, (k) => pageOf.get(bands[k].top), expected, cued);
    for (const k of runs.open) b.open.add(k);
    for (const s of runs.spans) {
      b.text[s.from][c] = joinCellLines(inside[s.label].lines.map((l) => l.text));
      for (let k = s.from + 1; k <= s.to; k++) if (free.includes(k)) b.covered[k][c] = true;
      spans.push([s.from, s.to]);
    }
    if (!inside.length) spans.push([pa, pb]);
  }
  return spans;
}

/**
 * Whether the label cells are printed on the first line of their span: every label starts
 * on a band's first line, the table's first band has its dimension label, and a dimension
 * label's band starts a sub-dimension too. A centred label of a span of several bands
 * leaves the span's first band without one.
 */
function topAligned(b: Body): boolean {
  if (b.labelCols === 0) return false;
  const starts = new Set(b.bands.map((x) => x.top));
  const tops = (c: number) => stack(b.pieces.filter((p) => p.col === c && !p.across)).map((x) => x.top);
  const dims = tops(0);
  if (!dims.length || !dims.every((t) => starts.has(t)) || !dims.includes(b.bands[0].top)) return false;
  if (b.labelCols < 2) return dims.length < b.bands.length;
  const subs = tops(1);
  // every dimension label beside its first row's sub-dimension label, or beside a row that has none (Tempestività)
  const noSub = (k: number) => !b.pieces.some((p) => p.col === 1 && !p.across && p.line >= b.bands[k].top && p.line <= b.bands[k].bottom);
  return subs.every((t) => starts.has(t)) && dims.every((t) => {
    const k = b.bands.findIndex((x) => x.top === t);
    return subs.includes(t) || b.across[k] || noSub(k);
  });
}

/** Labels printed on their span's first line: each spans from its band to the next label's, inside the spans of the column before; bands before a span's first label go on the label above. */
function placeTopAligned(b: Body, c: number, cells: { top: number; bottom: number; lines: Piece[] }[], parents: [number, number][]): [number, number][] {
  const spans: [number, number][] = [];
  const at = new Map(cells.map((x) => [b.bands.findIndex((band) => band.top === x.top), x] as const));
  for (const [pa, pb] of parents) {
    let open = -1;
    for (let k = pa; k <= pb; k++) {
      const free = !(b.across[k] && c === b.labelCols - 1);
      const x = at.get(k);
      if (x && free) {
        b.text[k][c] = joinCellLines(x.lines.map((l) => l.text));
        spans.push([k, k]);
        open = spans.length - 1;
      } else if (open >= 0 && free) {
        b.covered[k][c] = true;
        spans[open][1] = k;
      } else if (open < 0) spans.push([k, k]);
    }
  }
  return spans;
}

/** What each band's words say of its dimension, more weakly than its sub-dimension: the cues of one dimension only (where two label columns are). */
function cuedDimensions(b: Body, expected: (string | null)[]): (string | null)[] {
  const out: (string | null)[] = b.bands.map(() => null);
  if (b.labelCols <= 1) return out;
  b.bands.forEach((_, k) => {
    const words = b.text[k].slice(b.labelCols).filter(Boolean).join(" ");
    const cued = Object.keys(DIMENSION_CUES).filter((d) => cueScore(words, d, true) > 0);
    if (expected[k] === null && cued.length === 1) out[k] = cued[0];
  });
  return out;
}

const TEXT_ROLES: (ColumnRole | null)[] = ["description", "formula", "activity"];
const VALUE_ROLES: (ColumnRole | null)[] = ["target", "actual"];

/**
 * A value that -layout packed into a text column (a value cell shorter than the column
 * beside it, pulled left): alone between the cell's lines, or glued at the end of its last
 * line ("... complete pervenute 90%"). It goes to the first value column to the right
 * whose cell in the row is empty; where there is none it stays where it was printed.
 */
function valuesToTheirColumn(row: { text: string; value: boolean }[][], columns: Column[]): void {
  const emptyValueRight = (c: number) => columns.findIndex((col, j) => j > c && VALUE_ROLES.includes(col.role) && row[j].length === 0);
  for (let c = 0; c < columns.length; c++) {
    if (!TEXT_ROLES.includes(columns[c].role) || !row[c].length) continue;
    for (const piece of [...row[c]]) {
      const v = emptyValueRight(c);
      if (piece.value && v >= 0 && row[c].length > 1) {
        row[c].splice(row[c].indexOf(piece), 1);
        row[v].push(piece);
      }
    }
    const v = emptyValueRight(c);
    const last = row[c][row[c].length - 1];
    if (v < 0 || !VALUE_ROLES.slice(0, 1).includes(columns[v].role) || !last) continue;
    const glued = splitTrailingValue(last.text, joinCellLines(row[c].map((x) => x.text)));
    if (glued && /%$/.test(glued.value)) {
      last.text = glued.text;
      row[v].push({ text: glued.value, value: true });
    }
  }
}

/**
 * Labels (by their centre line) over consecutive runs of `bands`, in order, each run centred
 * as near as can be on its label and on the label's own page: a merged cell split by a page
 * break is printed again on the next page, each piece centred on its page's rows.
 */
function partition(labels: { at: number; page?: number; dims: string[] }[], bands: number[], centre: (a: number, b: number) => number, pageOfBand: (b: number) => number | undefined, expected: (string | null)[], cued: (string | null)[]): { spans: { label: number; from: number; to: number }[]; open: number[] } {
  const k = labels.length;
  if (k >= bands.length) return { spans: bands.slice(0, k).map((b, i) => ({ label: i, from: b, to: b })), open: [] };
  // bands off the label's page, and bands whose template sub-dimension is another dimension's
  const misfit = (j: number, a: number, b: number) => {
    let n = 0;
    for (let i = a; i <= b; i++) {
      if (labels[j].page !== undefined && pageOfBand(bands[i]) !== labels[j].page) n += 100;
      const e = expected[bands[i]];
      if (e && labels[j].dims.length && !labels[j].dims.includes(e)) n += 10;
      const w = cued[bands[i]];
      if (w && labels[j].dims.length && !labels[j].dims.includes(w)) n += 0.6;
    }
    return n;
  };
  // -layout puts text on the line at or above its height: a label below its run's centre fits a little worse than one above it
  const off = (j: number, a: number, b: number) => {
    const d = labels[j].at - centre(bands[a], bands[b]);
    return d > 0 ? d + 0.25 : -d;
  };
  const cost = (j: number, a: number, b: number) => off(j, a, b) + misfit(j, a, b);
  const runs = partitionRuns(k, bands.length, cost);
  return { spans: runs.map((r) => ({ label: r.label, from: bands[r.from], to: bands[r.to] })), open: spanMargins(runs, cost).map((i) => bands[i]) };
}

/**
 * The rows next to a boundary between two labels' spans that moving it by one row would
 * cost little (less than SURE_SPAN_MARGIN): the labels' positions leave those rows open.
 */
function spanMargins(runs: { label: number; from: number; to: number }[], cost: (j: number, a: number, b: number) => number): number[] {
  const open: number[] = [];
  for (let i = 0; i + 1 < runs.length; i++) {
    const [x, y] = [runs[i], runs[i + 1]];
    const now = cost(x.label, x.from, x.to) + cost(y.label, y.from, y.to);
    const left = x.to > x.from ? cost(x.label, x.from, x.to - 1) + cost(y.label, x.to, y.to) - now : Infinity;
    const right = y.to > y.from ? cost(x.label, x.from, y.from) + cost(y.label, y.from + 1, y.to) - now : Infinity;
    if (Math.min(left, right) < SURE_SPAN_MARGIN) open.push(x.to, y.from);
  }
  return open;
}

/** Each band's dimension as the template sub-dimension centred on it says (null where none does). */
function subdimensionDims(cells: { top: number; bottom: number; lines: Piece[] }[], bandOf: (line: number) => number, n: number): (string | null)[] {
  const out: (string | null)[] = Array(n).fill(null);
  for (const x of cells) {
    const code = normalizeSubdimension(joinCellLines(x.lines.map((l) => l.text))).value;
    const dim = code ? SUBDIMENSIONS.find((s) => s.code === code)?.dimension : undefined;
    if (dim) out[bandOf((x.top + x.bottom) / 2)] = dim;
  }
  return out;
}
