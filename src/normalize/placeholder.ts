import { labelKey } from "./text.js";
import { PLACEHOLDER_PREFIXES } from "./taxonomy.js";

/** True where a formula is the template's example ("Per esempio: numero massimo di giorni ..."). */
export function isPlaceholder(formula: string | null | undefined): boolean {
  if (!formula) return false;
  const k = labelKey(formula);
  return PLACEHOLDER_PREFIXES.some((p) => k.startsWith(p.trim() + " ") || k === p.trim());
}
