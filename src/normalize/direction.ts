/**
 * Whether a higher or a lower value of an indicator is better, decided from its own text
 * and unit with the cues of direction-cues.ts (the order of the rules is described there).
 */
import type { Unit } from "../model/schema.js";
import {
  AVAILABILITY_CUES, COMPARATOR_BETTER, DURATION_UNITS, NEGATIONS, OUTCOME_CUES, PROBLEM_CUES, UNIT_BETTER,
  type Better,
} from "./direction-cues.js";
import { labelKey } from "./text.js";

export type { Better };

export interface DirectionInput {
  description: string | null;
  formula: string | null;
  /** The unit of the target (or of the achieved value where no target has one). */
  unit: Unit | null;
  /** The comparator the target states (comparator.ts), if any. */
  comparator: string | null;
}

export interface Direction {
  better: Better | null;
  /** Which rule decided: "comparator", "outcome:<cue>", "problem:<cue>", "availability:<cue>", "unit:<unit>", or null. */
  reason: string | null;
}

/** What is counted: the numerator of a ratio formula ("A / B"), else the formula and the description. */
function counted(description: string | null, formula: string | null): string {
  if (formula && formula.includes("/")) return formula.slice(0, formula.indexOf("/"));
  return [formula, description].filter(Boolean).join(" ");
}

/** Folded for cue matching: an apostrophe ends a word like a space ("l'interruzione"). */
const fold = (s: string) => labelKey(s).replace(/'/g, " ");

const NEGATION_END = new RegExp(`(?:^|\\s)(?:${NEGATIONS.join("|")})\\s*$`);

/** The cues found at word starts in folded text, each with whether a negation stands just before it. */
function findCues(text: string, cues: readonly string[]): { cue: string; negated: boolean }[] {
  const out: { cue: string; negated: boolean }[] = [];
  for (const cue of cues) {
    let at = text.indexOf(cue);
    while (at >= 0) {
      if (at === 0 || text[at - 1] === " ") {
        out.push({ cue, negated: !cue.startsWith("non ") && NEGATION_END.test(text.slice(0, at)) });
        break;
      }
      at = text.indexOf(cue, at + 1);
    }
  }
  return out;
}

export function betterDirection(ind: DirectionInput): Direction {
  if (ind.comparator && COMPARATOR_BETTER[ind.comparator]) return { better: COMPARATOR_BETTER[ind.comparator], reason: "comparator" };
  const unit = ind.unit;
  if (unit === null || unit === "realtime") return { better: null, reason: null };
  if (DURATION_UNITS.has(unit)) {
    const text = fold([ind.description, ind.formula].filter(Boolean).join(" "));
    const open = findCues(text, AVAILABILITY_CUES).find((c) => !c.negated);
    if (open) return { better: "higher", reason: `availability:${open.cue}` };
  } else {
    const text = fold(counted(ind.description, ind.formula));
    const outcomes = findCues(text, OUTCOME_CUES);
    const problems = findCues(text, PROBLEM_CUES);
    const good = outcomes.find((c) => !c.negated) ?? problems.find((c) => c.negated);
    if (good) return { better: "higher", reason: `outcome:${good.cue}` };
    const bad = problems.find((c) => !c.negated) ?? outcomes.find((c) => c.negated);
    if (bad) return { better: "lower", reason: `problem:${bad.cue}` };
  }
  const byUnit = UNIT_BETTER[unit];
  return byUnit ? { better: byUnit, reason: `unit:${unit}` } : { better: null, reason: null };
}
