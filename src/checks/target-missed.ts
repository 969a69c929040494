import type { Indicator } from "../model/schema.js";
import { comparatorOf } from "../normalize/comparator.js";
import { betterDirection } from "../normalize/direction.js";
import type { DocumentCheck } from "./types.js";
import { indicatorsOf, nameOf } from "./util.js";

/**
 * True when an achieved value falls short of its target. Same units: compared in the
 * indicator's better direction (a strict comparator, "< 2%", makes equality a miss).
 * An achieved percentage against a target in another unit ("48 ore" promised, "90%"
 * achieved: the results template's "VALORE REALIZZATO %") is the share of the promise
 * kept: below 100% is a miss. Null where they cannot be compared.
 */
export function missed(ind: Indicator): boolean | null {
  if (ind.target_value === null || ind.actual_value === null) return null;
  if (ind.actual_unit === "percent" && ind.target_unit !== "percent") return ind.actual_value < 100;
  if (ind.actual_unit !== ind.target_unit) return null;
  const comparator = comparatorOf(ind.target_raw);
  const { better } = betterDirection({ description: ind.description, formula: ind.formula, unit: ind.target_unit, comparator });
  if (!better) return null;
  const strict = comparator === "<" || comparator === ">";
  const d = ind.actual_value - ind.target_value;
  if (d === 0) return strict;
  return better === "higher" ? d < 0 : d > 0;
}

/** Results reports: the achieved value is worse than the value promised. */
export const targetMissed: DocumentCheck = {
  name: "target_missed",
  severity: "warning",
  version: 1,
  summary: "A results report's achieved value is worse than its target (in the indicator's better direction; an achieved percentage against a target in another unit is the share of the promise kept, and below 100% is a miss).",
  run(doc, report) {
    for (const { ind, service, indicator } of indicatorsOf(doc)) {
      if (!missed(ind)) continue;
      report(`${nameOf(ind)} achieved "${ind.actual_raw}" against a target of "${ind.target_raw}"`, {
        service, indicator, field: "actual_raw", value: ind.actual_raw,
      });
    }
  },
};
