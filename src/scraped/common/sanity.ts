/**
 * What a scraped row's own cells say about how it was read, after every pass: checks on
 * the finished Indicator that lower its confidence where the text shows a seam — a value
 * that did not parse, a cell that the others of its column have and it lacks, a cell that
 * ends mid-sentence or starts as the rest of another one, a label or a value glued into a
 * text cell, a sub-dimension of another dimension, an additional dimension's definition
 * cut short. They hold for every reading of scraped text (reading order, -layout columns,
 * content-stream order), whatever the passes that placed the row.
 */
import type { Indicator, ReviewItem } from "../../model/schema.js";
import { REVIEW_THRESHOLD } from "../../template/indicator.js";
import { ADDITIONAL_DEFINITIONS, ANSWER_VALUES, SUBDIMENSIONS } from "../../normalize/taxonomy.js";
import { labelKey } from "../../normalize/text.js";
import { isNotAvailable } from "../../normalize/value.js";
import { formulaStrength, isValueText } from "./kinds.js";
import { classifyLabel } from "./labels.js";
import { endsIncomplete, startsAsContinuation } from "./lines.js";
import { PENALTIES, type PenaltyName, reasonOf } from "./penalties.js";

export interface Doubt {
  cap: number;
  why: string;
}

/** A value printed inside a text cell ("... /Numero 90% prime visite ..."), not at its end. */
const VALUE_INSIDE = /\s(?:[<>≤≥]\s*)?\d+(?:[.,]\d+)?\s?%\s+\S/u;
/** A text cell ending on a value ("... complete pervenute 90%"): the value cell glued to it. */
const VALUE_AT_END = /\s(?:[<>≤≥]\s*)?\d+(?:[.,]\d+)?\s?%$/u;

const DEFINITIONS = ADDITIONAL_DEFINITIONS.map((d) => ({ code: d.dimension, key: labelKey(d.text) }));

/** A count of things in words of its own ("6 sfalci annui", "2 uscite"): a value, even where no unit parses. */
const COUNTED = /^(?:[<>≤≥]\s*)?\d+(?:[.,]\d+)?\s+\p{Ll}+(?:\s+\p{Ll}+)?$/u;
const ANSWERS = new Set(ANSWER_VALUES.map(labelKey));
/** A cell that has a value's shape though no number and unit parse from it: a yes/no answer, a count in words of its own. */
export const valueShaped = (raw: string) => ANSWERS.has(labelKey(raw)) || COUNTED.test(raw.trim()) || isValueText(raw);

/** The share of rows that have a cell: a column in use has it on most rows (IN_USE of them). */
const IN_USE = 0.6;
const share = (rows: Indicator[], f: (r: Indicator) => unknown) => (rows.length ? rows.filter((r) => f(r) !== null && f(r) !== undefined).length / rows.length : 0);

/** A row read by OCR whose words' mean confidence is under this is doubted (the engine's own measure, 0..1). */
export const OCR_TRUSTED = 0.8;

/** The doubts one row's cells raise, against the other rows of its table. */
export function rowDoubts(r: Indicator, table: Indicator[]): Doubt[] {
  const out: Doubt[] = [];
  const add = (name: PenaltyName, vars?: Record<string, string>) => out.push({ cap: PENALTIES[name].cap, why: reasonOf(name, vars) });
  const ocr = r.provenance.ocr;
  if (ocr !== undefined && ocr < OCR_TRUSTED) add("ocrLowConfidence", { conf: ocr.toFixed(2) });
  for (const [raw, value, unit, name] of [
    [r.target_raw, r.target_value, r.target_unit, "target"],
    [r.actual_raw, r.actual_value, r.actual_unit, "achieved value"],
  ] as const) {
    if (raw && value === null && unit === null && !isNotAvailable(raw) && !valueShaped(raw)) add("valueUnparsed", { field: name, raw });
    else if (raw && formulaStrength(raw) === 2) add("formulaInTarget", { field: name });
  }
  // a column the table uses that this row lacks: its cell went to another row or another column
  if (!r.target_raw && !r.placeholder && share(table, (x) => x.target_raw) >= IN_USE) add("noTargetInColumn");
  if (!r.actual_raw && share(table, (x) => x.actual_raw) >= IN_USE) add("noActualInColumn");
  if (!r.description && share(table, (x) => x.description) >= IN_USE) add("noDescriptionInColumn");
  for (const [text, name] of [
    [r.description, "description"],
    [r.formula, "formula"],
  ] as const) {
    if (!text) continue;
    if (endsIncomplete(text)) add("endsMidSentence", { cell: name });
    if (startsAsContinuation(text) && !/^[a-zà-ÿ]+\s*[:/]/.test(text)) add("startsAsContinuation", { cell: name });
    if (VALUE_INSIDE.test(text)) add("valueInsideCell", { cell: name });
    if (!r.target_raw && VALUE_AT_END.test(text)) add("valueEndsCell", { cell: name });
    const label = classifyLabel(text);
    if (label?.kind === "dim" && label.rest) add("cellOpensWithLabel", { cell: name });
  }
  if (r.formula && isValueText(r.formula)) add("formulaIsValue");
  // a template sub-dimension lies inside its own dimension
  if (r.subdimension) {
    const dim = SUBDIMENSIONS.find((s) => s.code === r.subdimension)?.dimension;
    if (dim && !r.dimension.includes(dim)) add("foreignSubdimension");
  }
  // a standards table (no achieved values) prints one dimension a row; a results report's fattore may name several
  if (r.dimension.length > 1 && share(table, (x) => x.actual_raw) < IN_USE) add("severalDimensions");
  // the template's definition of an additional dimension, printed whole: a piece of it is a cut or a glued cell
  if (r.description) {
    const key = labelKey(r.description);
    const def = DEFINITIONS.find((d) => d.key !== key && (d.key.startsWith(key.slice(0, 40)) || key.startsWith(d.key.slice(0, 40))));
    if (def && key.length >= 40) add("definitionCut");
    if (r.formula && DEFINITIONS.some((d) => d.key.length > 60 && labelKey(r.formula!).includes(d.key.slice(-30)))) add("definitionInFormula");
  }
  return out;
}

/**
 * Lower each row's confidence by its doubts (its table: the rows of its service); a row
 * they take below REVIEW_THRESHOLD goes to review with them, as the Indicator builder's do.
 */
export function applyRowDoubts(rows: Indicator[]): ReviewItem[] {
  const review: ReviewItem[] = [];
  const doubts = rows.map((r) => rowDoubts(r, rows));
  rows.forEach((r, i) => {
    if (!doubts[i].length) return;
    const before = r.confidence;
    r.confidence = Math.min(before, ...doubts[i].map((d) => d.cap));
    r.review_reason = [r.review_reason, ...doubts[i].map((d) => d.why)].filter(Boolean).join("; ");
    if (r.confidence < REVIEW_THRESHOLD && before >= REVIEW_THRESHOLD) {
      const label = (r.description ?? r.formula ?? r.dimension_raw ?? "").slice(0, 120);
      review.push({ kind: "row", label, reason: `low confidence (${r.confidence.toFixed(2)}): ${doubts[i].map((d) => d.why).join("; ")}`, provenance: r.provenance });
    }
  });
  return review;
}

/** Lower one row by a penalty of the reading that placed it (its confidence capped, the reason added to its review reason). */
export function lowerRow(r: Indicator, name: PenaltyName): void {
  r.confidence = Math.min(r.confidence, PENALTIES[name].cap);
  r.review_reason = [r.review_reason, reasonOf(name)].filter(Boolean).join("; ");
}
