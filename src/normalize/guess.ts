/**
 * The normalizer's best guess for a label it could not place, for the person who settles
 * it (charters review). Never applied by itself: a guess becomes a code only through an
 * alias. The evidence comes from the domain, not from any one charter:
 * - the sub-dimensions of the rows a dimension label heads (Responsabili is Trasparenza's);
 * - the template's fixed order of dimensions (a label between Tempestività and Efficacia
 *   rows stands where Trasparenza stands);
 * - the spelling, by Jaro-Winkler similarity to the vocabulary's labels (rescaled: weak evidence);
 * - for a sub-dimension, the words the template's sub-dimensions are described with.
 */
import { jaroWinkler } from "./fuzzy.js";
import { DIMENSIONS, HEADER_TITLES, SERVICE_LABELS, SUBDIMENSION_CUES, SUBDIMENSIONS } from "./taxonomy.js";
import { labelKey } from "./text.js";

export interface Guess {
  code: string;
  /** 0..1 */
  score: number;
  basis: "sub-dimensions" | "order" | "spelling" | "words";
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
