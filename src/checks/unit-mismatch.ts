import type { Unit } from "../model/schema.js";
import { unitFromFormula } from "../normalize/value.js";
import type { DocumentCheck } from "./types.js";
import { indicatorsOf, nameOf } from "./util.js";

type Measure = "share" | "duration";

/** What a unit measures; null for a bare number or "tempo reale", which claim nothing. */
function measureOf(unit: Unit | null): Measure | null {
  if (unit === "percent") return "share";
  if (unit === null || unit === "number" || unit === "realtime") return null;
  return "duration";
}

const SAYS: Record<Measure, string> = { share: "a ratio or a percentage", duration: "a length of time" };

/**
 * The formula measures one thing and the target another: a ratio formula ("Numero
 * prestazioni entro il termine / Numero totale") with a number of days as target, or a
 * count of days with a percentage as target. The formula's measure is the unit a bare
 * number would take from it (value.ts, unitFromFormula).
 */
export const unitMismatch: DocumentCheck = {
  name: "unit_mismatch",
  severity: "error",
  version: 1,
  summary: "The formula measures one thing and the target another: a ratio formula with a number of days as target, a count of days with a percentage as target.",
  run(doc, report) {
    for (const { ind, service, indicator } of indicatorsOf(doc)) {
      if (ind.placeholder || !ind.formula || ind.target_value === null) continue;
      const byFormula = measureOf(unitFromFormula(ind.formula));
      const byTarget = measureOf(ind.target_unit);
      if (!byFormula || !byTarget || byFormula === byTarget) continue;
      report(`the formula of ${nameOf(ind)} measures ${SAYS[byFormula]}, its target "${ind.target_raw}" ${SAYS[byTarget]}`, {
        service, indicator, field: "target_raw", value: ind.target_raw,
      });
    }
  },
};
