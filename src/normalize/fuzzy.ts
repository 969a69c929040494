/**
 * String similarity from natural, loaded module by module (the package's index pulls
 * in every corpus and classifier it has, which costs a second at start-up).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const jaroWinkler = require("natural/lib/natural/distance/jaro-winkler_distance.js") as (
  a: string,
  b: string,
  options?: { ignoreCase?: boolean },
) => number;
const { LevenshteinDistance } = require("natural/lib/natural/distance/levenshtein_distance.js") as {
  LevenshteinDistance: (a: string, b: string) => number;
};
const stemmerIt = require("natural/lib/natural/stemmers/porter_stemmer_it.js") as { stem: (w: string) => string };

export { jaroWinkler };
export const levenshtein = (a: string, b: string): number => LevenshteinDistance(a, b);
export const stemIt = (w: string): string => stemmerIt.stem(w);

const STOPWORDS = new Set(["di", "del", "della", "dei", "delle", "degli", "e", "ed", "a", "al", "alla", "il", "la", "lo", "i", "gli", "le", "per", "in", "con", "su", "da", "l", "un", "una", "d"]);

/** The stems of a folded label's content words, for comparing labels that differ in inflection. */
export function stems(key: string): string[] {
  return key
    .split(/[\s']+/)
    .filter((w) => w && !STOPWORDS.has(w))
    .map(stemIt);
}

/**
 * True when a word is a typo of a vocabulary word: a small edit distance for its length
 * and a high Jaro-Winkler similarity (shared start), so that "efficienza" and
 * "efficacia" stay apart while "trasparena" and "tempestivia" are recognised.
 */
export function isTypoOf(word: string, target: string): boolean {
  if (word === target) return true;
  if (word.length < 5 || Math.abs(word.length - target.length) > 2) return false;
  const maxEdits = target.length >= 8 ? 2 : 1;
  return levenshtein(word, target) <= maxEdits && jaroWinkler(word, target) >= 0.9;
}
