/**
 * The one Indicator builder every path uses: the raw texts of a row's cells, as printed,
 * to a validated-shape Indicator with its labels normalized (dimension, sub-dimension),
 * its values parsed (number + unit), the template's placeholder flagged, a confidence,
 * and a review item for each label or value that could not be placed.
 */
import type { Indicator, Provenance, ReviewItem } from "../model/schema.js";
import { normalizeDimension, normalizeSubdimension } from "../normalize/dimension.js";
import { isPlaceholder } from "../normalize/placeholder.js";
import { isNotAvailable, parseValue } from "../normalize/value.js";

/** A row's cells by the column they were read from; null or absent where the row has none. */
export interface IndicatorCells {
  dimension_raw?: string | null;
  subdimension_raw?: string | null;
  description?: string | null;
  formula?: string | null;
  target_raw?: string | null;
  actual_raw?: string | null;
  notes?: string | null;
  activity?: string | null;
  explanation?: string | null;
}

export interface IndicatorContext {
  provenance: Provenance;
  /** Where review items go. */
  review: ReviewItem[];
  /** Dimensions already placed by the caller (scraped text binds drifted labels by order); else read from dimension_raw. */
  dimensions?: string[];
  /** A sub-dimension already placed by the caller; else read from subdimension_raw. */
  subdimension?: string | null;
  /** What a bare achieved value is counted in ("percentuale" under a "%" column title); the formula by default. */
  actualHint?: string | null;
  /** What a bare target is counted in (a unit-of-measure column's cell); the formula by default. */
  unitHint?: string | null;
  /** The caller's own confidence in the row's assembly (scraped text); by default from the labels' matches. */
  confidence?: number;
  /** At most this confidence: what the caller's reading of the row's structure allows. */
  confidenceCap?: number;
  /**
   * Why the caller's reading of the row is doubtful: a row below LOW_CONFIDENCE goes to
   * review with it (labels not placed have their own review items).
   */
  doubts?: string;
}

/**
 * The review threshold: a row read with a confidence below it needs a person's look
 * (`needs_review` = 1 in v_indicators, the exports and `charters review --rows`); at or
 * above it the tool stands behind the row. Everything that doubts a row lowers its
 * confidence below this: a reading the measured bands do not trust (the scraped readers'
 * penalties, src/scraped/common/penalties.ts, set against this threshold by `npm run
 * confidence`), a cell that failed a sanity check, a label no rule could place.
 */
export const REVIEW_THRESHOLD = 0.7;

/** Whether a row needs a person's look: its confidence is below the review threshold. */
export function needsReview(row: { confidence: number }): boolean {
  return row.confidence < REVIEW_THRESHOLD;
}

export function buildIndicator(cells: IndicatorCells, ctx: IndicatorContext): Indicator {
  const p = ctx.provenance;
  const text = (v: string | null | undefined) => v ?? null;
  const dimensionRaw = text(cells.dimension_raw);
  const subRaw = text(cells.subdimension_raw);
  const description = text(cells.description);
  const formula = text(cells.formula);
  const targetRaw = text(cells.target_raw);
  const actualRaw = text(cells.actual_raw);

  const dims = ctx.dimensions ? { value: ctx.dimensions, confidence: 1 } : normalizeDimension(dimensionRaw);
  if (dims.value.length === 0) {
    if (dimensionRaw) ctx.review.push({ kind: "dimension", label: dimensionRaw, reason: "names no canonical dimension", provenance: p });
    else ctx.review.push({ kind: "dimension", label: description ?? formula ?? "", reason: "no dimension could be placed on this row", provenance: p });
  }
  const sub = normalizeSubdimension(subRaw, dims.value);
  const subdimension = ctx.subdimension ?? sub.value;
  if (subRaw && !subdimension) ctx.review.push({ kind: "subdimension", label: subRaw, reason: "not a sub-dimension of the template; kept as printed", provenance: p });
  const target = parseValue(targetRaw, ctx.unitHint ?? formula);
  const actual = parseValue(actualRaw, ctx.actualHint !== undefined ? ctx.actualHint : formula);
  if (targetRaw && target.value === null && target.unit === null && !isNotAvailable(targetRaw)) ctx.review.push({ kind: "value", label: targetRaw, reason: "target states no recognised value", provenance: p });

  const labels = ctx.confidence === undefined ? labelConfidence(dimensionRaw, dims, subRaw, sub) : null;
  let confidence = ctx.confidence ?? labels!.confidence;
  if (ctx.confidenceCap !== undefined) confidence = Math.min(confidence, ctx.confidenceCap);
  if (confidence < REVIEW_THRESHOLD && ctx.doubts !== undefined) {
    const label = (description ?? formula ?? dimensionRaw ?? "").slice(0, 120);
    ctx.review.push({ kind: "row", label, reason: `low confidence (${confidence.toFixed(2)}): ${ctx.doubts}`, provenance: p });
  }

  return {
    dimension: dims.value,
    dimension_raw: dimensionRaw,
    subdimension,
    subdimension_raw: subRaw,
    description,
    formula,
    target_raw: targetRaw,
    target_value: target.value,
    target_unit: target.unit,
    actual_raw: actualRaw,
    actual_value: actual.value,
    actual_unit: actual.unit,
    notes: text(cells.notes),
    activity: text(cells.activity),
    explanation: text(cells.explanation),
    placeholder: isPlaceholder(formula) || (!formula && isPlaceholder(description)),
    confidence,
    review_reason: confidence < 1 ? (ctx.doubts ?? labels?.why ?? null) || null : null,
    provenance: p,
  };
}

/**
 * A group label printed as a label (a sector's own factor of quality, "Cortesia del
 * personale") that names no canonical dimension: the row is read as printed, with a null
 * code, and the label goes to the review queue once as a label (a taxonomy question, not a
 * doubt on the row), so the row stays above the review threshold. Text that is no label's
 * shape (a sentence, a value, a long cell) in the group column is a reading in doubt, and
 * so is a label over a template sub-dimension (a canonical dimension's other name,
 * "Chiarezza informativa" over "Responsabili": the row's dimension is the sub-dimension's): to review.
 */
export const OWN_LABEL_CONFIDENCE = 0.75;
const OTHER_LABEL_CONFIDENCE = 0.6;
function ownLabelConfidence(label: string, subdimension: string | null): number {
  if (subdimension) return OTHER_LABEL_CONFIDENCE;
  const words = label.trim().split(/\s+/);
  const shaped = words.length <= 6 && /^\p{Lu}/u.test(label) && !/\d|[.;:!?]$|[<>≥≤=%/]/u.test(label);
  return shaped ? OWN_LABEL_CONFIDENCE : OTHER_LABEL_CONFIDENCE;
}

/**
 * How sure the labels' matches make a row, and why: a dimension label that names no
 * canonical dimension, none at all, a label matched by its spelling.
 */
function labelConfidence(dimensionRaw: string | null, dims: { value: string[]; confidence: number }, subRaw: string | null, sub: { value: string | null; confidence: number }): { confidence: number; why: string | null } {
  const why: string[] = [];
  let confidence = 1;
  if (dimensionRaw && !dims.value.length) why.push(`dimension label "${dimensionRaw}" names no canonical dimension`);
  else if (!dimensionRaw) why.push("no dimension label");
  else if (dims.confidence < 1) why.push(`dimension label "${dimensionRaw}" matched by its spelling`);
  if (dimensionRaw) confidence = Math.min(confidence, dims.value.length ? dims.confidence : ownLabelConfidence(dimensionRaw, sub.value));
  else confidence = Math.min(confidence, 0.7);
  if (subRaw && sub.value && sub.confidence < 1) why.push(`sub-dimension label "${subRaw}" matched by its spelling`);
  if (subRaw && sub.value) confidence = Math.min(confidence, Math.max(sub.confidence, 0.8));
  return { confidence, why: why.join("; ") || null };
}
