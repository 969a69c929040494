import type { Indicator } from "../model/schema.js";
import { comparatorOf } from "../normalize/comparator.js";
import { betterDirection } from "../normalize/direction.js";
import { metTarget } from "../normalize/measure.js";
import type { DocumentCheck } from "./types.js";
import { indicatorsOf, nameOf } from "./util.js";

/**
 * True when an achieved value falls short of its target, in the indicator's better
 * direction and in comparable form (src/normalize/measure.ts: hours against days compare;
 * a strict comparator, "< 2%", makes equality a miss; an achieved percentage against a
 * target in another unit is the share of the promise kept: below 100% is a miss). Null
 * where they cannot be compared.
 */
export function missed(ind: Indicator): boolean | null {
  const comparator = comparatorOf(ind.target_raw);
  const { better } = betterDirection({ description: ind.description, formula: ind.formula, unit: ind.target_unit, comparator });
  const met = metTarget({ ...ind, better, comparator });
  return met === null ? null : !met;
}

/** Results reports: the achieved value is worse than the value promised. */
export const targetMissed: DocumentCheck = {
  name: "target_missed",
  severity: "warning",
  version: 2,
  summary: "A results report's achieved value is worse than its target (in the indicator's better direction, in comparable units: hours against days compare; an achieved percentage against a target in another unit is the share of the promise kept, and below 100% is a miss).",
  run(doc, report) {
    for (const { ind, service, indicator } of indicatorsOf(doc)) {
      if (!missed(ind)) continue;
      report(`${nameOf(ind)} achieved "${ind.actual_raw}" against a target of "${ind.target_raw}"`, {
        service, indicator, field: "actual_raw", value: ind.actual_raw,
      });
    }
  },
};
