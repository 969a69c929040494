/**
 * The late cells pass. Content-stream order (pdftotext -raw, pdf.js text, some exports)
 * can print a table's one-line cells first, row by row, and the cells that span several
 * lines afterwards, below the template's footnotes, in the rows' order. Where rows read
 * before the footnotes lack their description or formula, the paragraphs after the
 * footnotes fill the rows' empty cells in order: a definition of an additional dimension
 * its row's, a formula the next row without one, a long text the next description, a short
 * one (a narrow column) the note of the row just filled. Rows are those with a value or a
 * definition.
 */
import { matchDefinition, formulaStrength } from "../common/kinds.js";
import { endsIncomplete, joinCellLines, startsAsContinuation } from "../common/lines.js";
import type { RowDraft } from "./segment.js";

export interface LateCells {
  description: string | null;
  formula: string | null;
  notes: string | null;
}

/** A note is a narrow column's cell: short. */
const NOTE_MAX = 60;
/** A service block's description is longer than a row's cells (as placeOrphans reads it). */
const SERVICE_TEXT = 150;

/** Lines printed one after the other without blank lines, as cells: a line that opens a sentence after one that closed its own starts the next. */
function cellsOf(lines: string[]): string[] {
  const out: string[][] = [];
  for (const l of lines) {
    const cur = out[out.length - 1];
    if (cur && (startsAsContinuation(l) || endsIncomplete(cur[cur.length - 1]) || !/^\p{Lu}/u.test(l))) cur.push(l);
    else out.push([l]);
  }
  return out.map(joinCellLines);
}

/**
 * The rows read late (after the footnotes, with no value of their own) when they are a
 * table's cells printed apart: earlier rows lack more descriptions than the definitions
 * printed can give, or lack formulas (values printed with no row count as such rows), and
 * the late text holds a formula, a definition or a description (not only short notes
 * drifted below the table). Else none.
 */
export function lateDrafts(rows: RowDraft[], hasValue: (r: RowDraft) => boolean, definitions: number, strayValues: number): RowDraft[] {
  const early = rows.filter((r) => !r.late);
  const noDesc = early.filter((r) => !r.desc.length).length;
  // rows with their value but no formula (or values with no row at all): a late formula has a row to go to; else it is a row of its own
  const noFormula = early.filter((r) => hasValue(r) && !r.formula.length).length + strayValues;
  const late = rows.filter((r) => r.late && !hasValue(r) && (noFormula > 0 || !r.formula.length));
  const cells = late.some((r) => r.formula.length || [...r.extraPieces, joinCellLines(r.desc)].some((t) => t.length > NOTE_MAX || !!matchDefinition(t)));
  return (noDesc > definitions || noFormula > 0) && cells ? late : [];
}

/**
 * Fill the empty cells of `rows` (in order) from the late drafts' paragraphs. `additional`
 * tells the rows of additional dimensions, whose description is their definition.
 */
export function fillLate(rows: { description: string | null; formula: string | null; additional: boolean; target: string | null }[], late: RowDraft[], notesColumn: boolean): { cells: Map<number, LateCells>; left: string[] } {
  const out = new Map<number, LateCells>();
  const left: string[] = [];
  const cell = (k: number) => out.get(k) ?? (out.set(k, { description: null, formula: null, notes: null }), out.get(k)!);
  // a row is one with its value or its definition; a lone paragraph before the footnotes is a cell, not a row
  const has = (k: number, f: keyof LateCells) => !!(out.get(k)?.[f] ?? (f === "notes" ? null : rows[k][f])) || !(rows[k].target || rows[k].additional);
  const paras = late.flatMap((r) => [...r.extraPieces, ...cellsOf(r.desc), ...cellsOf(r.formula)]);
  let at = 0;
  for (const p of paras) {
    // a long text is the service block's (its description), printed with the other long cells
    if (p.length >= SERVICE_TEXT) {
      left.push(p);
      continue;
    }
    let k = -1;
    let field: keyof LateCells = "description";
    if (matchDefinition(p)) k = rows.findIndex((r, i) => i >= at && r.additional && !has(i, "description"));
    else if (formulaStrength(p) === 2) {
      field = "formula";
      k = rows.findIndex((_, i) => i >= at && !has(i, "formula"));
    } else if (notesColumn && p.length <= NOTE_MAX && out.get(at)?.description && !has(at, "notes")) {
      field = "notes";
      k = at;
    } else k = rows.findIndex((r, i) => i >= at && !r.additional && !has(i, "description"));
    if (k < 0) {
      left.push(p);
      continue;
    }
    cell(k)[field] = p;
    at = k;
  }
  return { cells: out, left };
}
