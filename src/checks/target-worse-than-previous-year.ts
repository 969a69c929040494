/**
 * "Il valore programmato non può essere peggiorativo": a target may not be worse than the
 * same indicator's target of the year before. A corpus rule: it reads one fact per
 * indicator of every charter counted once (the best file of each charter) and compares
 * each service (by service_key) with its latest earlier year.
 */
import { foldName, sameName } from "../keys/keys.js";
import type { Unit } from "../model/schema.js";
import type { Better } from "../normalize/direction.js";
import type { CheckInfo, Severity } from "./types.js";

export interface IndicatorFact {
  indicatorId: number;
  serviceId: number;
  documentId: number;
  serviceKey: string;
  year: number | null;
  kind: "standards" | "results";
  dimension: string;
  description: string | null;
  formula: string | null;
  targetRaw: string | null;
  targetValue: number | null;
  targetUnit: Unit | null;
  better: Better | null;
  betterReason: string | null;
  confidence: number;
  placeholder: boolean;
}

export interface CorpusFinding {
  check: string;
  severity: Severity;
  documentId: number;
  serviceId: number;
  indicatorId: number;
  /** The indicator of the earlier year it was compared with. */
  relatedIndicatorId: number;
  field: string;
  value: string | null;
  message: string;
}

const texts = (f: IndicatorFact) => ({ d: foldName(f.description) ?? "", f: foldName(f.formula) ?? "" });

/** A text pair is the same when equal, or within sameName's typo tolerance; two empty texts match. */
const same = (a: string, b: string) => a === b || (a !== "" && b !== "" && sameName(a, b));

/**
 * The earlier year's indicator that is this one: same dimension and the same description
 * and formula (typos tolerated). When several are (the same row twice), the earlier year's
 * standards charter wins over its results report, then the more confident row, then the
 * first stored.
 */
function counterpart(later: IndicatorFact, earlier: IndicatorFact[]): IndicatorFact | undefined {
  const t = texts(later);
  if (t.d === "" && t.f === "") return undefined;
  const candidates = earlier.filter((e) => {
    if (e.dimension !== later.dimension) return false;
    const u = texts(e);
    return same(t.d, u.d) && same(t.f, u.f);
  });
  const rank = (e: IndicatorFact) => [e.kind === "standards" ? 0 : 1, -e.confidence, e.indicatorId];
  candidates.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  return candidates[0];
}

export const targetWorseThanPreviousYear: CheckInfo & { run(facts: readonly IndicatorFact[]): CorpusFinding[] } = {
  name: "target_worse_than_previous_year",
  severity: "error",
  version: 1,
  summary:
    "The same indicator of the same service (by service_key, dimension, description and formula) had a better target in the latest earlier year on record (better: higher or lower, decided from the indicator's text and unit); targets in different units are not compared.",
  run(facts) {
    const byService = new Map<string, Map<number, IndicatorFact[]>>();
    for (const f of facts) {
      if (f.year === null || f.placeholder) continue;
      let years = byService.get(f.serviceKey);
      if (!years) byService.set(f.serviceKey, (years = new Map()));
      const list = years.get(f.year);
      if (list) list.push(f);
      else years.set(f.year, [f]);
    }
    const out: CorpusFinding[] = [];
    for (const years of byService.values()) {
      const order = [...years.keys()].sort((a, b) => a - b);
      for (let k = 1; k < order.length; k++) {
        const earlier = years.get(order[k - 1])!;
        for (const later of years.get(order[k])!) {
          if (later.targetValue === null) continue;
          const before = counterpart(later, earlier);
          if (!before || before.targetValue === null || before.targetUnit !== later.targetUnit) continue;
          const better = later.better ?? before.better;
          const reason = later.better ? later.betterReason : before.betterReason;
          if (!better) continue;
          const worse = better === "higher" ? later.targetValue < before.targetValue : later.targetValue > before.targetValue;
          if (!worse) continue;
          const name = later.description ?? later.formula ?? "";
          out.push({
            check: this.name,
            severity: this.severity,
            documentId: later.documentId,
            serviceId: later.serviceId,
            indicatorId: later.indicatorId,
            relatedIndicatorId: before.indicatorId,
            field: "target_raw",
            value: later.targetRaw,
            message: `the ${order[k]} target "${later.targetRaw}" of "${name.length > 80 ? name.slice(0, 77) + "..." : name}" is worse than ${order[k - 1]}'s "${before.targetRaw}" (${better} is better: ${reason})`,
          });
        }
      }
    }
    return out;
  },
};
