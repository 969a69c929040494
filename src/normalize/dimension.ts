/**
 * Dimension and sub-dimension labels to canonical codes, whatever the case, accents,
 * apostrophe-accents, mojibake, typos or markers; a label naming several dimensions
 * maps to all of them in the order printed.
 */
import { activeAliases, aliasPhraseAt, type Vocabulary } from "./aliases.js";
import { isTypoOf, jaroWinkler, stems } from "./fuzzy.js";
import { labelKey } from "./text.js";
import { DIMENSIONS, SUBDIMENSIONS } from "./taxonomy.js";

export interface LabelMatch<T> {
  value: T;
  /** 1 for an exact (folded) match, lower for a fuzzy one, 0 where nothing matched. */
  confidence: number;
}

const DIM_KEYS = DIMENSIONS.map((d) => ({ code: d.code, key: labelKey(d.label) }));

/**
 * The dimension a single folded word names, exactly or as a typo, or null. Words repeat
 * endlessly across charters (the template's text), so each is worked out once per
 * process: the edit-distance comparisons are the costly part of reading labels.
 */
const wordCache = new Map<string, { code: string; exact: boolean } | null>();
function dimensionOfWord(w: string): { code: string; exact: boolean } | null {
  const cached = wordCache.get(w);
  if (cached !== undefined) return cached;
  const exact = DIM_KEYS.find((d) => d.key === w);
  const hit = exact ?? DIM_KEYS.find((d) => isTypoOf(w, d.key));
  const out = hit ? { code: hit.code, exact: !!exact } : null;
  if (wordCache.size > 50_000) wordCache.clear();
  wordCache.set(w, out);
  return out;
}

/**
 * Map one dimension label to its canonical codes, in printed order; [] when it names none.
 * A phrase that is an alias (a person's decision, see aliases.ts) names its code.
 */
export function normalizeDimension(raw: string | null | undefined, vocab: Vocabulary = activeAliases()): LabelMatch<string[]> {
  if (!raw) return { value: [], confidence: 0 };
  const words = labelKey(raw).split(/[\s']+/).filter(Boolean);
  const aliases = vocab.entries.dimension;
  const codes: string[] = [];
  let confidence = 1;
  for (let i = 0; i < words.length; i++) {
    const alias = aliases.length ? aliasPhraseAt(aliases, words, i) : null;
    if (alias) i += alias.words.length - 1;
    const hit = alias ? { code: alias.code, exact: true } : dimensionOfWord(words[i]);
    if (!hit) continue;
    if (!hit.exact) confidence = Math.min(confidence, 0.85);
    if (!codes.includes(hit.code)) codes.push(hit.code);
  }
  if (codes.length === 0) return { value: [], confidence: 0 };
  // A label that is mostly other words ("... nell'erogazione del servizio") is a looser match.
  if (words.length > codes.length * 3) confidence = Math.min(confidence, 0.9);
  return { value: codes, confidence };
}

const SUB_KEYS = SUBDIMENSIONS.map((s) => ({
  code: s.code,
  dimension: s.dimension,
  keys: [s.label, ...s.aliases].map(labelKey),
}));

/**
 * Map a sub-dimension label to its canonical code within the row's dimensions (all
 * dimensions where the row has none). null for a label outside the template's list,
 * which keeps its raw text.
 */
const subCache = new Map<string, LabelMatch<string | null>>();
/** The vocabulary the cached matches were made with. */
let subCacheVocab: Vocabulary | null = null;

export function normalizeSubdimension(
  raw: string | null | undefined,
  dimensions: string[] = [],
  vocab: Vocabulary = activeAliases(),
): LabelMatch<string | null> {
  if (!raw) return { value: null, confidence: 0 };
  if (vocab !== subCacheVocab) {
    subCache.clear();
    subCacheVocab = vocab;
  }
  const cacheKey = `${dimensions.join(",")}|${raw}`;
  const cached = subCache.get(cacheKey);
  if (cached) return { ...cached };
  const out = matchSubdimension(raw, dimensions, vocab);
  if (subCache.size > 20_000) subCache.clear();
  subCache.set(cacheKey, out);
  return { ...out };
}

function matchSubdimension(raw: string, dimensions: string[], vocab: Vocabulary): LabelMatch<string | null> {
  const key = labelKey(raw);
  const pool = SUB_KEYS.filter((s) => dimensions.length === 0 || dimensions.includes(s.dimension));
  for (const s of pool) if (s.keys.includes(key)) return { value: s.code, confidence: 1 };
  // A person's alias: the whole label, for a sub-dimension of the row's dimensions.
  const alias = vocab.entries.subdimension.find((a) => a.key === key && pool.some((s) => s.code === a.code));
  if (alias) return { value: alias.code, confidence: 1 };
  const st = stems(key).join(" ");
  for (const s of pool) if (s.keys.some((k) => stems(k).join(" ") === st && st !== "")) return { value: s.code, confidence: 0.9 };
  let best: { code: string; score: number } | null = null;
  for (const s of pool) {
    for (const k of s.keys) {
      const score = jaroWinkler(key, k);
      if (score >= 0.94 && Math.abs(key.length - k.length) <= 3 && (!best || score > best.score)) best = { code: s.code, score };
    }
  }
  return best ? { value: best.code, confidence: 0.8 } : { value: null, confidence: 0 };
}

export function isAdditionalDimension(code: string | undefined): boolean {
  return !!code && DIMENSIONS.some((d) => d.code === code && d.additional);
}

/** The canonical label of a dimension code ("tempestivita" -> "Tempestività"). */
export function dimensionLabel(code: string): string | undefined {
  return DIMENSIONS.find((d) => d.code === code)?.label;
}
