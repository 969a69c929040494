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

/** Below this a row goes to review. */
export const LOW_CONFIDENCE = 0.7;

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

  let confidence = ctx.confidence ?? labelConfidence(dimensionRaw, dims, subRaw, sub);
  if (ctx.confidenceCap !== undefined) confidence = Math.min(confidence, ctx.confidenceCap);
  if (confidence < LOW_CONFIDENCE && ctx.doubts !== undefined) {
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
    provenance: p,
  };
}

/** How sure the labels' matches make a row: a dimension label read (or missing), its sub-dimension's match. */
function labelConfidence(dimensionRaw: string | null, dims: { value: string[]; confidence: number }, subRaw: string | null, sub: { value: string | null; confidence: number }): number {
  let confidence = 1;
  if (dimensionRaw) confidence = Math.min(confidence, dims.value.length ? dims.confidence : 0.6);
  else confidence = Math.min(confidence, 0.7);
  if (subRaw && sub.value) confidence = Math.min(confidence, Math.max(sub.confidence, 0.8));
  return confidence;
}
