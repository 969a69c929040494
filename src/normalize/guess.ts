/**
 * The normalizer's best guess for a label it could not place, for the person who settles
 * it (charters review). Never applied by itself: a guess becomes a code only through an
 * alias. The evidence comes from the domain, not from any one charter:
 * - the sub-dimensions of the rows a dimension label heads (Responsabili is Trasparenza's);
 * - the template's fixed order of dimensions (a label between Tempestività and Efficacia
 *   rows stands where Trasparenza stands);
 * - the meaning of the label's words: the words each dimension is described with and the
 *   distinctive words of its definition (taxonomy.ts DIMENSION_MEANINGS, ADDITIONAL_DEFINITIONS),
 *   compared by Italian stems ("Cortesia del personale" is empatia's);
 * - the spelling, by Jaro-Winkler similarity to the vocabulary's labels (rescaled: weak evidence);
 * - for a sub-dimension, the words the template's sub-dimensions are described with.
 */
import { jaroWinkler, stems } from "./fuzzy.js";
import { ADDITIONAL_DEFINITIONS, DIMENSION_MEANINGS, DIMENSIONS, HEADER_TITLES, SERVICE_LABELS, SUBDIMENSION_CUES, SUBDIMENSIONS } from "./taxonomy.js";
import { labelKey } from "./text.js";

export interface Guess {
  code: string;
  /** 0..1 */
  score: number;
  basis: "sub-dimensions" | "order" | "meaning" | "spelling" | "words";
}

/**
 * Each dimension's stems of meaning: its own words, and the words of its definition that
 * no other definition uses (a word every definition has, "servizio", says nothing).
 */
const MEANING: readonly { code: string; stems: ReadonlySet<string> }[] = (() => {
  const definition = new Map(DIMENSIONS.map((d) => [d.code, new Set(ADDITIONAL_DEFINITIONS.filter((x) => x.dimension === d.code).flatMap((x) => stems(labelKey(x.text))))]));
  const uses = new Map<string, number>();
  for (const set of definition.values()) for (const w of set) uses.set(w, (uses.get(w) ?? 0) + 1);
  return DIMENSIONS.map((d) => ({
    code: d.code,
    stems: new Set([...(DIMENSION_MEANINGS[d.code] ?? []).flatMap((w) => stems(labelKey(w))), ...[...definition.get(d.code)!].filter((w) => w.length >= 4 && uses.get(w) === 1)]),
  }));
})();

/**
 * The dimension whose meaning the label's words name: the one that names the most of them,
 * scored 0.45 + 0.2 × the share of the label's words it names (at most 0.65: below what the
 * rows' structure says when it speaks, above a spelling that only looks alike); none on a tie.
 */
function meaning(key: string): Guess[] {
  const words = stems(key);
  if (words.length === 0) return [];
  const ranked = MEANING.map((m) => ({ code: m.code, hits: words.filter((w) => m.stems.has(w)).length })).sort((a, b) => b.hits - a.hits);
  if (ranked[0].hits === 0 || ranked[1].hits === ranked[0].hits) return [];
  return [{ code: ranked[0].code, score: 0.45 + (0.2 * ranked[0].hits) / words.length, basis: "meaning" }];
}

/** What the stored rows carrying a dimension label say around it. */
export interface DimensionEvidence {
  /** The row's sub-dimension code, where one was placed. */
  subdimension: string | null;
  /** Dimension codes of the nearest rows before and after it in the same table ([] where none). */
  before: string[];
  after: string[];
}

const ORDER = new Map(DIMENSIONS.map((d) => [d.code, d.order]));
const DIM_KEYS = DIMENSIONS.map((d) => ({ code: d.code, key: labelKey(d.label) }));

function best(candidates: Guess[]): Guess | null {
  let top: Guess | null = null;
  for (const c of candidates) if (c.score > 0 && (!top || c.score > top.score)) top = c;
  return top ? { ...top, score: Math.round(top.score * 100) / 100 } : null;
}

/**
 * How close the label, or one of its words, is spelt to a vocabulary label: Jaro-Winkler
 * similarity rescaled so that 0.6 (what unrelated words of a similar length reach) is 0
 * and the same spelling is 1. Spelling alone is weak evidence; the rescaling keeps it
 * below what the rows' structure says.
 */
function spelling(key: string, target: string): number {
  const words = key.split(" ").filter((w) => w.length >= 4);
  const jw = Math.max(jaroWinkler(key, target), ...words.map((w) => jaroWinkler(w, target)));
  return Math.max(0, (jw - 0.6) / 0.4);
}

/** The dimensions the template puts strictly between two rows' dimensions, where the order leaves exactly one. */
function gapOf(e: DimensionEvidence): string | null {
  const lo = Math.max(0, ...e.before.map((c) => ORDER.get(c) ?? 0));
  const hiOrders = e.after.map((c) => ORDER.get(c) ?? 0).filter((o) => o > 0);
  const hi = hiOrders.length ? Math.min(...hiOrders) : null;
  if (lo === 0 || hi === null) return null;
  const between = DIMENSIONS.filter((d) => d.order > lo && d.order < hi);
  return between.length === 1 ? between[0].code : null;
}

export function guessDimension(label: string, evidence: readonly DimensionEvidence[]): Guess | null {
  const key = labelKey(label);
  const n = evidence.length || 1;
  const guesses: Guess[] = [];
  for (const d of DIMENSIONS) {
    const bySub = evidence.filter((e) => e.subdimension?.startsWith(d.code + ".")).length / n;
    const byOrder = (0.9 * evidence.filter((e) => gapOf(e) === d.code).length) / n;
    guesses.push({ code: d.code, score: bySub, basis: "sub-dimensions" });
    guesses.push({ code: d.code, score: byOrder, basis: "order" });
  }
  guesses.push(...meaning(key));
  for (const d of DIM_KEYS) guesses.push({ code: d.code, score: spelling(key, d.key), basis: "spelling" });
  return best(guesses);
}

export function guessSubdimension(label: string, dimensions: readonly string[] = []): Guess | null {
  const key = labelKey(label);
  const pool = SUBDIMENSIONS.filter((s) => dimensions.length === 0 || dimensions.includes(s.dimension));
  const guesses: Guess[] = [];
  for (const s of pool) {
    for (const l of [s.label, ...s.aliases]) guesses.push({ code: s.code, score: spelling(key, labelKey(l)), basis: "spelling" });
    const cues = (SUBDIMENSION_CUES[s.code] ?? []).map(labelKey);
    if (cues.some((c) => ` ${key}`.includes(` ${c}`))) guesses.push({ code: s.code, score: 0.8, basis: "words" });
  }
  return best(guesses);
}

export function guessHeader(label: string): Guess | null {
  const key = labelKey(label);
  return best(HEADER_TITLES.flatMap((h) => h.titles.map((t) => ({ code: h.role, score: spelling(key, t), basis: "spelling" as const }))));
}

export function guessServiceLabel(label: string): Guess | null {
  const key = labelKey(label);
  return best(SERVICE_LABELS.flatMap((s) => s.labels.map((l) => ({ code: s.field, score: spelling(key, labelKey(l)), basis: "spelling" as const }))));
}
