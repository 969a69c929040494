/**
 * The body of an unruled table: rows from the text of the data columns (a cell's lines
 * are close, rows are further apart), and the label columns left of the description
 * (dimension, sub-dimension) laid over those rows: centred on the rows they span
 * (spreadsheets) or printed at the top of their span (HTML, Word).
 */
import type { GridCell } from "../document/grid.js";
import { partitionRuns } from "../document/label-runs.js";
import type { Segment, TextRun } from "./geometry.js";
import { columnBounds, columnIndex, type TextColumns } from "./columns.js";
import { ruledApart } from "./freetext.js";
import { bboxOf, cellLeadingOf, runLineOf, stackLines, textOfRuns, toRunLines, type LineStack, type RunLine, type PageRow } from "./lines.js";

/**
 * The body of an unruled table: rows from the data columns, merged label columns laid over
 * them. `rules` are the page's horizontal rules: a table ruled only between its rows
 * (lightly ruled) has a row end at each, whatever the lines' spacing.
 */
export function unruledRows(columns: TextColumns, runs: TextRun[], rules: readonly Segment[] = []): PageRow[] {
  if (!runs.length) return [];
  const lines = toRunLines(runs);
  const nc = columns.starts.length;
  const bounds = columnBounds(columns, runs);
  let firstData = columns.roles.indexOf("description");
  if (firstData < 0) firstData = columns.roles.findIndex((r) => r === "formula" || r === "target");
  if (firstData < 0) firstData = Math.min(1, nc - 1);
  const pieces: { col: number; line: RunLine }[] = [];
  for (const l of lines) {
    // split the line at column starts
    const per = new Map<number, TextRun[]>();
    for (const r of l.runs) {
      const c = columnIndex(columns, r.x0, bounds);
      if (!per.has(c)) per.set(c, []);
      per.get(c)!.push(r);
    }
    for (const [col, rs] of per) pieces.push({ col, line: runLineOf(rs) });
  }
  // a rule across the line's start between it and the line above ends the cell above, and so
  // does a line above that ended short of its column's width (a wrapped line ends only where
  // the next word does not fit: rows of one line each, set as close as a cell's lines)
  // (a column's right edge: its widest line, or a little before the next column's bound)
  const right = new Map<number, number>();
  // (or its title's end: the title is inside its column)
  for (const p of pieces) right.set(p.col, Math.max(right.get(p.col) ?? -Infinity, p.line.x1, columns.ends?.[p.col] ?? -Infinity, p.col + 1 < nc ? bounds[p.col + 1] - 1.5 * columns.size : -Infinity));
  // (in the data columns: a label column's text is placed over its rows below); where the
  // first data column's line starts a row so, it starts one in every column
  const ends = new Map(pieces.filter((p) => p.col >= firstData).map((p) => [p.line, right.get(p.col)!] as const));
  const first = pieces.filter((p) => p.col === firstData).map((p) => p.line).sort((a, b) => a.baseline - b.baseline);
  const rowStarts = [...first.filter((l, k) => k > 0 && endedShort(first[k - 1], l, right.get(firstData)!)).map((l) => l.baseline), ...shortInTwo(pieces, firstData, right)];
  const startsRow = (l: RunLine) => rowStarts.some((b) => Math.abs(b - l.baseline) < 0.3 * l.size);
  // where rules part the rows (across the first data column, between its lines), a row ends at a rule and nowhere else
  const ruled = ruledBetween(rules, first, columns.starts[firstData]);
  const blocks = stackLines(pieces, cellLeadingOf(pieces), (l, before) => ruledApart(rules, l, before) || (!ruled && (endedShort(before, l, ends.get(before) ?? -Infinity) || (ends.has(l) && startsRow(l)))));
  // a label-column block reaching over the description column is a definition merged across
  const crosses = (b: LineStack) => b.col === firstData - 1 && b.x1 > columns.starts[firstData] + columns.size;
  const defining = blocks.filter((b) => b.col >= firstData || crosses(b)).sort((a, b) => a.top - b.top);
  const bands: { top: number; bottom: number; blocks: LineStack[] }[] = [];
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
 * Baselines where two columns' lines or more each start under a line that ended short of
 * its column's width (a label column's: or far below it), and no line there is words going
 * on in lower case: a row starts there in every
 * column, though the first data column's line above filled its width (rows of one line each
 * in a narrow table, whose cells no wrap tells apart from its rows).
 */
function shortInTwo(pieces: { col: number; line: RunLine }[], firstData: number, right: Map<number, number>): number[] {
  const byCol = new Map<number, RunLine[]>();
  for (const p of pieces) byCol.set(p.col, [...(byCol.get(p.col) ?? []), p.line]);
  const votes: { baseline: number; size: number; short: boolean; on?: boolean }[] = [];
  for (const [col, ls] of byCol) {
    ls.sort((a, b) => a.baseline - b.baseline);
    for (let k = 1; k < ls.length; k++) {
      const [before, l] = [ls[k - 1], ls[k]];
      // (a label column's line far below the one above starts a label of its own)
      const apart = col < firstData && l.baseline - before.baseline > 1.6 * l.size;
      votes.push({ baseline: l.baseline, size: l.size, short: apart || endedShort(before, l, right.get(col)!), on: goesOn(l) });
    }
  }
  const out: number[] = [];
  for (const v of votes) {
    const level = votes.filter((w) => Math.abs(w.baseline - v.baseline) < 0.3 * v.size);
    if (level.filter((w) => w.short).length >= 2 && !level.some((w) => w.on) && !out.some((b) => Math.abs(b - v.baseline) < 0.3 * v.size)) out.push(v.baseline);
  }
  return out;
}

/** A line that opens in lower case with no figure in it: the words of a phrase going on ("entro 15 giorni" is a value of its own). */
const goesOn = (l: RunLine) => /^\p{Ll}/u.test(l.runs[0].str.trim()) && !l.runs.some((r) => /\d/.test(r.str));

/** Whether two rules or more cross the column starting at x between its lines (`lines` top to bottom): a table ruled between its rows. */
function ruledBetween(rules: readonly Segment[], lines: RunLine[], x: number): boolean {
  if (lines.length < 2) return false;
  const top = lines[0].baseline;
  const bottom = lines[lines.length - 1].baseline;
  const at = new Set(rules.filter((r) => r.a <= x + 1 && r.b >= x + 1 && r.pos > top && r.pos < bottom).map((r) => Math.round(r.pos)));
  return at.size >= 2;
}

/**
 * Labels printed at the top of their merged cells (HTML and Word tables): where every
 * label starts on the first line of a row, each reaches down to the row before the next
 * label (the rows below it are the vertical extent of its cell). Null where the labels
 * do not sit at rows' tops (spreadsheets centre their merged cells: see partition).
 */
function alignedAtTop(labels: LineStack[], from: number, to: number, bands: { top: number }[], size: number): { block: LineStack; from: number; to: number }[] | null {
  if (!labels.length) return null;
  const starts: number[] = [];
  for (const b of labels) {
    let at = -1;
    for (let r = from; r <= to; r++) if (Math.abs(bands[r].top - b.top) < 0.5 * size) at = r;
    if (at < 0 || (starts.length && at <= starts[starts.length - 1])) return null;
    starts.push(at);
  }
  // a label spanning no row below it says nothing about alignment: some label must reach
  // further, or rows above the first label must have none (the rest of a row cut by the page
  // break, at the top of the page, under no label of its own)
  if (!starts.some((s, k) => (starts[k + 1] ?? to + 1) - s > 1) && starts[0] === from) return null;
  return labels.map((block, k) => ({ block, from: starts[k], to: (starts[k + 1] ?? to + 1) - 1 }));
}

/**
 * Lay labels over rows: consecutive spans covering rows `from`..`to`, one per label, in
 * order, each centred as near as possible on its label (merged cells centre their text).
 */
function partition(labels: LineStack[], from: number, to: number, edges: number[][]): { block: LineStack; from: number; to: number }[] {
  const k = labels.length;
  const n = to - from + 1;
  if (!k) return [];
  if (k >= n) {
    // more labels than rows: each label to the row nearest its centre
    const out: { block: LineStack; from: number; to: number }[] = [];
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
  return partitionRuns(k, n, (j, a, b) => cost(j, from + a, from + b)).map((r) => ({ block: labels[r.label], from: from + r.from, to: from + r.to }));
}

/**
 * Whether the line above ended short of its column's right edge (`right`: its widest line):
 * the first word of the line below would have fit after it, so the line below does not go
 * on with its text.
 */
export function endedShort(before: RunLine, l: RunLine, right: number): boolean {
  const first = l.runs[0];
  const word = first.str.trim().split(/\s+/)[0] ?? "";
  const wordWidth = ((first.x1 - first.x0) * word.length) / Math.max(1, first.str.length);
  return before.x1 + 0.3 * l.size + wordWidth < right - 0.5 * l.size;
}
