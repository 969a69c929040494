/**
 * Target and achieved values: "95%", "≥ 90%", "3 giorni lavorativi", "30 gg", "48 h",
 * "20 ore settimanali", "1 mese", "tempo reale", "N.D.", a sentence ending "previsti in
 * 30 giorni", or a bare number that takes its unit from the formula.
 */
import type { Unit } from "../model/schema.js";
import { labelKey } from "./text.js";

export interface ParsedValue {
  value: number | null;
  unit: Unit | null;
}

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;

/** Unit words after a number, most specific first. Matched on the folded text. */
const UNIT_AFTER: readonly [RegExp, Unit][] = [
  [new RegExp(String.raw`${NUMBER}\s*(?:giorni|giorno|gg\.?|gg)\s+(?:lavorativi|lavorativo|lav\.?)(?![a-z])`), "working_days"],
  [new RegExp(String.raw`${NUMBER}\s*(?:ore|h)\s+(?:settimanali|a settimana|alla settimana|per settimana)(?![a-z])`), "weekly_hours"],
  [new RegExp(String.raw`${NUMBER}\s*(?:giorni|giorno|gg\.?)(?![a-z])`), "days"],
  [new RegExp(String.raw`${NUMBER}\s*(?:ore|ora|h)(?![a-z])`), "hours"],
  [new RegExp(String.raw`${NUMBER}\s*(?:minuti|minuto|min\.?)(?![a-z])`), "minutes"],
  [new RegExp(String.raw`${NUMBER}\s*(?:mesi|mese)(?![a-z])`), "months"],
];
/** Unit words before a number: "gg. 90". */
const UNIT_BEFORE: readonly [RegExp, Unit][] = [
  [new RegExp(String.raw`(?:^|[^a-z])(?:gg\.?|giorni)\s*${NUMBER}(?![\d%])`), "days"],
  [new RegExp(String.raw`(?:^|[^a-z])(?:ore|h)\s*${NUMBER}(?![\d%])`), "hours"],
];

const NOT_AVAILABLE = /^(?:n\.?\s?d\.?|n\.?\s?a\.?|non disponibile|non applicabile|-+|\/|\*+|x)$/i;

/** True where a value says "not available" (N.D., -, *): no number, and nothing to review. */
export function isNotAvailable(raw: string | null | undefined): boolean {
  return !!raw && NOT_AVAILABLE.test(raw.trim());
}

function num(s: string): number {
  return Number(s.replace(",", "."));
}

/**
 * The unit a bare number takes from its formula: a ratio is a percentage, a count of
 * working days, days, hours and so on is that unit; anything else is a number.
 */
export function unitFromFormula(formula: string | null | undefined): Unit {
  if (!formula) return "number";
  const f = labelKey(formula);
  if (/\b(?:giorni|gg) lav(?:orativi)?\b/.test(f) && !/\//.test(formula)) return "working_days";
  if (/\//.test(formula) || /\bpercentuale\b|\brapporto\b/.test(f)) return "percent";
  if (/\bgiorni\b|\bgg\b|\bgiornate\b/.test(f)) return "days";
  if (/\bore settimanali\b/.test(f)) return "weekly_hours";
  if (/\bore\b/.test(f)) return "hours";
  if (/\bminuti\b/.test(f)) return "minutes";
  if (/\bmesi\b/.test(f)) return "months";
  return "number";
}

/** Parse a printed value; `formula` lends its unit to a bare number. */
export function parseValue(raw: string | null | undefined, formula?: string | null): ParsedValue {
  if (raw === null || raw === undefined) return { value: null, unit: null };
  const text = raw.trim();
  if (text === "" || NOT_AVAILABLE.test(text)) return { value: null, unit: null };
  const folded = text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  if (/\btempo reale\b|\breal[- ]?time\b|\bimmediat[ao]\b/.test(folded)) return { value: null, unit: "realtime" };
  const pct = new RegExp(String.raw`${NUMBER}\s*%`).exec(folded);
  if (pct) return { value: num(pct[1]), unit: "percent" };
  for (const [re, unit] of UNIT_AFTER) {
    const m = re.exec(folded);
    if (m) return { value: num(m[1]), unit };
  }
  for (const [re, unit] of UNIT_BEFORE) {
    const m = re.exec(folded);
    if (m) return { value: num(m[1]), unit };
  }
  const bare = new RegExp(String.raw`^(?:[<>≤≥=]|max|min|entro|fino a|almeno|non oltre)?\s*${NUMBER}$`).exec(folded);
  if (bare) return { value: num(bare[1]), unit: unitFromFormula(formula) };
  // a count of things ("2 colloqui", "almeno 3 incontri"): a number of them
  const count = new RegExp(String.raw`^(?:[<>≤≥]|max|min|almeno)?\s*${NUMBER}\s+[a-z]{3,}[ie]$`).exec(folded);
  if (count) return { value: /^\d{1,3}(?:\.\d{3})+$/.test(count[1]) ? Number(count[1].replace(/\./g, "")) : num(count[1]), unit: "number" };
  return { value: null, unit: null };
}

/** A spreadsheet number shown with a percent format (0.95 as "95%") back to its printed form. */
export function formatPercentCell(n: number): string {
  const pct = Math.round(n * 100 * 1000) / 1000;
  return `${String(pct).replace(".", ",")}%`;
}
