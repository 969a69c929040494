/**
 * Targets and achieved values in a form that compares across charters: the parsed value
 * (value.ts) brought to one unit per kind of measure, and whether an achieved value met
 * its target in the indicator's better direction.
 *
 * The rules (docs/checks.md "Comparable measures"):
 * - a duration in days: minutes / 1440, hours / 24, days as printed, months × 30 (a month
 *   taken as 30 days: a rule for comparing, not for computing a deadline), "tempo reale"
 *   0 days; working days are kept apart, in working days (a week of 5 working days in 7
 *   calendar days: multiply by 1.4 to compare with calendar days, which is not done here);
 * - a percentage as a fraction (95% -> 0.95);
 * - weekly hours as hours a week;
 * - a number printed with "€" or "euro" as money in euro; any other bare number a count.
 */
import type { Unit } from "../model/schema.js";
import { labelKey } from "./text.js";

export const MEASURE_UNITS = ["days", "working_days", "fraction", "hours_per_week", "euro", "count"] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];

export interface Measure {
  value: number | null;
  unit: MeasureUnit | null;
}

/** How many days one of each duration unit is. */
const DAYS_PER: Partial<Record<Unit, number>> = { minutes: 1 / 1440, hours: 1 / 24, days: 1, months: 30 };

const MONEY = /€|\beur(?:o)?\b/;

/** Rounded to 9 significant decimals, so that 95% is 0.95 and 36 hours 1.5 days exactly. */
const tidy = (n: number) => Math.round(n * 1e9) / 1e9;

/** A parsed value (its number, unit and the text as printed) in its comparable form. */
export function measureOf(value: number | null, unit: Unit | null, raw: string | null = null): Measure {
  if (unit === "realtime") return { value: 0, unit: "days" };
  if (value === null || unit === null) return { value: null, unit: null };
  const days = DAYS_PER[unit];
  if (days !== undefined) return { value: tidy(value * days), unit: "days" };
  switch (unit) {
    case "working_days":
      return { value, unit: "working_days" };
    case "percent":
      return { value: tidy(value / 100), unit: "fraction" };
    case "weekly_hours":
      return { value, unit: "hours_per_week" };
    default:
      return { value, unit: raw && MONEY.test(labelKey(raw.replace(/€/g, " euro "))) ? "euro" : "count" };
  }
}

export interface MetInput {
  target_value: number | null;
  target_unit: Unit | null;
  target_raw: string | null;
  actual_value: number | null;
  actual_unit: Unit | null;
  actual_raw: string | null;
  /** The indicator's better direction (direction.ts). */
  better: "higher" | "lower" | null;
  /** The comparator the target states (comparator.ts): a strict one makes equality a miss. */
  comparator: string | null;
}

/**
 * Whether the achieved value met the target: compared in comparable form (a target in
 * hours against an achieved value in days is compared), in the indicator's better
 * direction. An achieved share against a target in another unit ("48 ore" promised, "90%"
 * achieved: the results template's "VALORE REALIZZATO %") is the share of the promise kept:
 * met at 100%. Null where there is nothing to compare.
 */
export function metTarget(ind: MetInput): boolean | null {
  if (ind.target_value === null || ind.actual_value === null) return null;
  const target = measureOf(ind.target_value, ind.target_unit, ind.target_raw);
  const actual = measureOf(ind.actual_value, ind.actual_unit, ind.actual_raw);
  if (actual.unit === "fraction" && target.unit !== "fraction") return actual.value! >= 1;
  if (actual.unit !== target.unit || actual.value === null || target.value === null || !ind.better) return null;
  const d = actual.value - target.value;
  if (d === 0) return !(ind.comparator === "<" || ind.comparator === ">");
  return ind.better === "higher" ? d > 0 : d < 0;
}
