/**
 * Every confidence penalty of the scraped-text readers, in one table. A reading that meets
 * one of these seams caps its row's confidence at `cap` and records `reason` among the
 * row's doubts (the text the review list shows; `{cell}`-style placeholders are filled by
 * the reading). A row's confidence is the lowest cap of its doubts, 1 without any; rows
 * below REVIEW_THRESHOLD (template/indicator.ts) go to review with their reasons.
 *
 * The caps are judgement, not yet measured: `npm run confidence -- --penalties` prints the
 * table, and `npm run confidence -- DIR...` how well the confidence predicts a right row.
 */

export type PenaltyStage = "standards table" | "results report" | "layout text" | "row checks" | "scanned page";

export interface Penalty {
  /** Which reading applies it: the standards table's passes (standards/table.ts, section.ts), a results report's rows (results/report.ts), the checks every scraped row goes through (common/sanity.ts). */
  stage: PenaltyStage;
  /** The row's confidence is at most this. */
  cap: number;
  /** Why, as recorded in the row's doubts; `{name}` marks a placeholder the reading fills. */
  reason: string;
}

const table = (cap: number, reason: string): Penalty => ({ stage: "standards table", cap, reason });
const results = (cap: number, reason: string): Penalty => ({ stage: "results report", cap, reason });
const check = (cap: number, reason: string): Penalty => ({ stage: "row checks", cap, reason });
const layout = (cap: number, reason: string): Penalty => ({ stage: "layout text", cap, reason });
const scanned = (cap: number, reason: string): Penalty => ({ stage: "scanned page", cap, reason });

export const PENALTIES = {
  // ---- the standards table: how the labels of merged cells were placed (standards/table.ts)
  dimensionFromNeighbour: table(0.5, "dimension taken from a neighbouring row"),
  noDimension: table(0.4, "no dimension label for this row"),
  subdimensionFromUnknownCell: table(0.6, "sub-dimension read from a cell without a known label"),
  placedByDefinition: table(0.7, "row placed by its dimension's definition"),
  dimensionAway: table(0.8, "dimension label printed away from this row, placed by the template's order"),
  /** A merged sub-dimension cell none of whose rows has its label beside it; the row's words name the label (cued) or not. */
  subdimensionSpanAwayCued: table(0.8, "sub-dimension label printed away from its rows, placed by the template's order"),
  subdimensionSpanAway: table(0.8, "sub-dimension label printed away from its rows, placed by the template's order"),
  subdimensionCarried: table(0.85, "merged sub-dimension cell carried down from the row above"),
  /** The first row of a sub-dimension whose label was printed elsewhere; the row's words name the label (cued) or not. */
  subdimensionAwayCued: table(0.8, "sub-dimension label printed away from this row, placed by the template's order"),
  subdimensionAway: table(0.8, "sub-dimension label printed away from this row, placed by the template's order"),
  /** A dimension label of the table that the template's order placed on no row: the rows of its dimension and of the dimensions placed next to it in that order (and rows with none) may be one row off (table.ts nearUnplaced). */
  dimensionLabelUnplaced: table(0.6, "a dimension label printed in this table is placed on no row: the labels may sit one row off"),
  noSubdimension: table(0.65, "no sub-dimension label placed on this row"),
  /** Another placement of the labels costs little more than the chosen one (order.ts: SURE_MARGIN, SURE_MARGIN_AWAY). */
  labelsOpen: table(0.6, "the template's order leaves this row's labels open: another placement fits almost as well"),
  /** One label-shaped cell between the row above's value and this row's description, in a table with a Note column. */
  ownSubdimensionOrNote: table(0.65, "the office's own sub-dimension label printed before this row may be the row above's note"),
  // ---- the standards table: how the row's cells were read (standards/table.ts, section.ts)
  definitionReadBack: table(0.85, "an additional dimension's definition read back from lines printed in turns with the formula's"),
  valueDrifted: table(0.6, 'value "{value}" printed away from its row'),
  interleaved: table(0.6, "description and formula printed interleaved"),
  lateCells: table(0.6, "cells printed after the table, placed by the rows' order"),
  noFormula: table(0.5, "no formula found for this row"),
  noDescription: table(0.6, "no description found for this row"),
  notesAway: table(0.8, "notes printed away from their rows, one of which may be this row's"),
  // ---- a results report's rows (results/report.ts)
  resultsNoIndicator: results(0.5, "results row read with missing cells"),
  resultsNoActivity: results(0.6, "results row read with missing cells"),
  resultsContentStream: results(0.6, "cells in content-stream order, told apart by their sentences"),
  resultsDrifted: results(0.65, "cells printed below the table, placed by their words and the rows' order"),
  /** A row that took no drifted cell and has no result description: one may be its, but none of its cells is another's (cap above REVIEW_THRESHOLD: measured 0.99 on dev, dev2, dev3). */
  resultsDriftedNoFormula: results(0.75, "cells printed below the table, and this row has no result description: it may own one"),
  resultsDriftedMissed: results(0.65, "cells printed below the table, and this row missed its target with no motivation: it may own one"),
  /** A fattore naming no dimension (placed by its row's shape), or a motivation placed away from its row. */
  resultsCellOrder: results(0.6, "results row placed by its cells' order"),
  /** A results table in the ministry's columns read a cell per paragraph, each taking the next column its shape fits (results/column-sequence.ts). */
  columnSequence: results(0.6, "results row read from its columns' order, each cell by its shape"),
  /** A cell cut mid-phrase that ends on the end of another cell of the table (an activity's name): two cells run together. */
  /** A row read with more values than its columns, or given the row below's: which value is whose is the rows' order alone. */
  resultsValueShifted: results(0.6, "a value handed between this row and its neighbour by the rows' order"),
  /** Some rows read their bound ("entro 15 giorni") as the guaranteed value, others as the achieved one. */
  resultsValueOrder: results(0.6, "the table's rows disagree on which value is the guaranteed one (the bound)"),
  resultsCellSpliced: results(0.6, "a cell cut mid-phrase runs into the end of another cell of the table"),
  // ---- text that kept its layout (layout-text/rows.ts)
  /** A label centred between rows whose span's boundary could move by one row at little cost (SURE_SPAN_MARGIN). */
  labelSpanOpen: layout(0.6, "a label printed between rows whose span could end one row sooner or later"),
  // ---- what a finished row's own cells show (common/sanity.ts); {field}: target or achieved value, {cell}: description or formula
  valueUnparsed: check(0.6, '{field} "{raw}" states no value that parses'),
  noTargetInColumn: check(0.6, "no target where the table's rows have one"),
  noActualInColumn: check(0.6, "no achieved value where the table's rows have one"),
  noDescriptionInColumn: check(0.6, "no description where the table's rows have one"),
  endsMidSentence: check(0.6, "{cell} ends mid-sentence"),
  startsAsContinuation: check(0.6, "{cell} starts as the rest of another cell"),
  valueInsideCell: check(0.6, "a value printed inside the {cell}"),
  valueEndsCell: check(0.6, "the {cell} ends on a value and the row has no target"),
  cellOpensWithLabel: check(0.6, "the {cell} opens with a dimension label"),
  foreignSubdimension: check(0.6, "sub-dimension of another dimension"),
  /** A standards table prints one dimension a row (a merged cell); a cell naming several is two rows' labels run together. */
  /** The formula's cell holds a value and nothing else ("≥ 85%", "318"): the columns swapped or a cell cut. */
  formulaIsValue: check(0.6, "the formula is a value alone"),
  /** The target's cell opens as a formula does ("Numero ... /Numero ..."): the columns swapped. */
  formulaInTarget: check(0.6, "the {field} opens as a formula"),
  severalDimensions: check(0.6, "the dimension cell names several dimensions in a table of one dimension a row"),
  definitionCut: check(0.6, "an additional dimension's definition cut short or run into another cell"),
  definitionInFormula: check(0.6, "the formula holds a piece of a definition"),
  // ---- a row read by OCR from a scanned page (read/charter.ts: the row checks above apply to it too)
  ocrLowConfidence: scanned(0.6, "words read by OCR at confidence {conf}"),
} as const satisfies Record<string, Penalty>;

export type PenaltyName = keyof typeof PENALTIES;

/** A penalty's reason with its placeholders filled. */
export function reasonOf(name: PenaltyName, vars: Record<string, string> = {}): string {
  return PENALTIES[name].reason.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** What a row's reading lowers: its confidence and the doubts that explain it. */
export interface Doubted {
  confidence: number;
  doubts: string[];
}

/** Apply a penalty to a row: its confidence capped, the reason added to its doubts. */
export function lower(row: Doubted, name: PenaltyName, vars?: Record<string, string>): void {
  row.confidence = Math.min(row.confidence, PENALTIES[name].cap);
  row.doubts.push(reasonOf(name, vars));
}

/** The table as text, one penalty a line, for people (npm run confidence -- --penalties). */
export function formatPenalties(): string {
  const rows = Object.entries(PENALTIES) as [PenaltyName, Penalty][];
  const w = Math.max(...rows.map(([n]) => n.length));
  const out: string[] = [];
  let stage = "";
  for (const [name, p] of rows) {
    if (p.stage !== stage) out.push(`${out.length ? "\n" : ""}${(stage = p.stage)}:`);
    out.push(`  ${name.padEnd(w)}  cap ${p.cap.toFixed(2)}  ${p.reason}`);
  }
  return out.join("\n");
}
