/**
 * Text runs to lines (RunLine: the runs on one baseline), lines to text, and the stacking
 * of one column's lines into stacks (LineStack: a cell's or a paragraph's lines): what the
 * PDF page reader's table and text readers share.
 */
import type { GridCell } from "../document/grid.js";
import { cleanCell } from "../normalize/text.js";
import { rejoins } from "./broken-words.js";
import type { TextRun } from "./geometry.js";

/** A row of a page for the interpreter: its cells and its box (top-left origin). */
export interface PageRow {
  cells: GridCell[];
  bbox: [number, number, number, number];
  /** The row's words were read by OCR from a scanned page: their confidence, 0..1 (src/ocr/). */
  ocr?: number;
}

/** Rule positions closer than this are one rule. */
export const SNAP = 2;

/** The text runs of a page that share a baseline, left to right, and their extent. */
export interface RunLine {
  runs: TextRun[];
  baseline: number;
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  size: number;
}

export function runLineOf(runs: TextRun[]): RunLine {
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
export function toRunLines(runs: TextRun[]): RunLine[] {
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
  return lines.map(runLineOf);
}

/** One line's text: runs joined, with a space where there is a gap. */
export function lineText(line: RunLine): string {
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

/**
 * A cell's text. With the cell's box (`box`: its left and right rules), a word broken
 * inside a narrow cell is joined again (broken-words.ts): a line of one word that reaches
 * the cell's right padding (the next letter would not have fit; the padding taken as the
 * text's inset from the left rule), whose next line opens with the rest of the word.
 */
export function textOfRuns(runs: TextRun[], box?: [number, number]): string | null {
  if (!runs.length) return null;
  const lines = toRunLines(runs);
  const texts = lines.map(lineText);
  if (!box || lines.length < 2) return cleanCell(joinLines(texts));
  const inset = Math.max(0, Math.min(...lines.map((l) => l.x0)) - box[0]);
  const out = [texts[0]];
  for (let k = 1; k < lines.length; k++) {
    const before = lines[k - 1];
    const head = texts[k - 1].trim();
    const perChar = (before.x1 - before.x0) / Math.max(1, head.length);
    if (before.x1 + perChar > box[1] - inset && rejoins(head, texts[k])) out[out.length - 1] += texts[k].trim();
    else out.push(texts[k]);
  }
  return cleanCell(joinLines(out));
}

export function bboxOf(runs: { x0: number; x1: number; top: number; bottom: number }[]): [number, number, number, number] {
  return [
    Math.min(...runs.map((r) => r.x0)),
    Math.min(...runs.map((r) => r.top)),
    Math.max(...runs.map((r) => r.x1)),
    Math.max(...runs.map((r) => r.bottom)),
  ];
}

export function clusterPositions(values: number[]): number[] {
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

/** One column's lines stacked into one cell's or paragraph's text, and its extent. */
export interface LineStack {
  col: number;
  runs: TextRun[];
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  lines: number[];
}

/** The usual distance between consecutive lines of one cell, as a multiple of the font size. */
export function leadingOf(pieces: { col: number; line: RunLine }[]): number {
  const deltas = lineDeltas(pieces);
  if (!deltas.length) return 1.2;
  return deltas[Math.floor(deltas.length / 4)];
}

/**
 * The leading of a table's cells where most of its lines are rows of their own (few cells
 * wrap): the distances clearly shorter than the usual one are a cell's lines, the others
 * the rows' (the padding of a table without rules); the usual distance where none is.
 */
export function cellLeadingOf(pieces: { col: number; line: RunLine }[]): number {
  const usual = leadingOf(pieces);
  const tight = lineDeltas(pieces).filter((d) => d < 0.8 * usual);
  return tight.length ? tight[Math.floor(tight.length / 2)] : usual;
}

/** Distances between consecutive lines of each column within a line and a half or so, as multiples of the font size, sorted. */
function lineDeltas(pieces: { col: number; line: RunLine }[]): number[] {
  const byCol = new Map<number, RunLine[]>();
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
  return deltas.sort((a, b) => a - b);
}

/** Pieces of a line split at wide gaps. */
export function chunks(line: RunLine): RunLine[] {
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
  return out.map(runLineOf);
}

/** Stack line pieces of one column into blocks (a cell's lines). */
export function stackLines(pieces: { col: number; line: RunLine }[], leading: number, opens?: (line: RunLine, before: RunLine) => boolean): LineStack[] {
  const byCol = new Map<number, RunLine[]>();
  for (const p of pieces) {
    if (!byCol.has(p.col)) byCol.set(p.col, []);
    byCol.get(p.col)!.push(p.line);
  }
  const blocks: LineStack[] = [];
  for (const [col, ls] of byCol) {
    ls.sort((a, b) => a.baseline - b.baseline);
    let cur: LineStack | null = null;
    let lastBase = -Infinity;
    let before: RunLine | null = null;
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
