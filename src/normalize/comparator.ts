/**
 * The comparator a printed value states: "≥ 90%", "almeno 90%" -> ">="; "max 10 giorni",
 * "entro 5 giorni lavorativi", "non oltre 30 giorni", "≤ 1%" -> "<="; "< 2%" -> "<";
 * "> 5" -> ">"; "= 100%" -> "="; a value that states none ("95%", "3 giorni") -> null.
 * Only the words right before the value's number count, wherever it stands in the text.
 */
import { labelKey } from "./text.js";

export type Comparator = ">=" | "<=" | ">" | "<" | "=";

/** Symbols before a number, as printed. */
const SYMBOLS: readonly [RegExp, Comparator][] = [
  [/(?:≥|>=|=>|>\s*=)\s*$/, ">="],
  [/(?:≤|<=|=<|<\s*=)\s*$/, "<="],
  [/>\s*$/, ">"],
  [/<\s*$/, "<"],
  [/=\s*$/, "="],
];

/**
 * Words before a number, on folded text (lower case, no accents), an article after them
 * aside ("almeno il 90%", "fino al 100%"). The longest phrase that ends the text wins.
 */
const WORDS: readonly [string, Comparator][] = [
  ["almeno", ">="], ["minimo", ">="], ["min", ">="], ["non inferiore a", ">="], ["non meno di", ">="],
  ["pari o superiore a", ">="], ["uguale o superiore a", ">="], ["superiore o uguale a", ">="],
  ["massimo", "<="], ["max", "<="], ["al massimo", "<="], ["entro", "<="], ["fino a", "<="], ["fino a un massimo di", "<="],
  ["non oltre", "<="], ["non piu di", "<="], ["non superiore a", "<="],
  ["pari o inferiore a", "<="], ["uguale o inferiore a", "<="], ["inferiore o uguale a", "<="],
  ["inferiore a", "<"], ["meno di", "<"], ["superiore a", ">"], ["oltre", ">"], ["piu di", ">"],
  ["pari a", "="], ["uguale a", "="],
];

/** An article or an article fused with "a" at the end: "almeno il", "fino al", "pari ai". */
const ARTICLE_END = / (?:il|lo|la|i|gli|le|l)$/;
const FUSED_END = / (?:al|allo|alla|ai|agli|alle)$/;

const NUMBER = /\d/;

export function comparatorOf(raw: string | null | undefined): Comparator | null {
  if (!raw) return null;
  const at = raw.search(NUMBER);
  if (at < 0) return null;
  const before = raw.slice(0, at);
  for (const [re, c] of SYMBOLS) if (re.test(before)) return c;
  const words = labelKey(before).replace(/'/g, " ").trim().replace(ARTICLE_END, "").replace(FUSED_END, " a");
  if (words === "") return null;
  let best: [string, Comparator] | null = null;
  for (const w of WORDS) {
    if ((words === w[0] || words.endsWith(" " + w[0])) && (!best || w[0].length > best[0].length)) best = w;
  }
  return best ? best[1] : null;
}
