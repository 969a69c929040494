/**
 * Keys that say when two files publish the same charter and when two services of one
 * issuer, in different files or years, are the same service. Pure functions of the
 * printed text: the folding that labels need (case, accents, apostrophe-accents,
 * punctuation and spacing) and a typo tolerance for names. How a key is assigned from
 * them, remembering which spelling was seen first, is src/keys/resolver.ts.
 */
import { createHash } from "node:crypto";
import { levenshtein } from "../normalize/fuzzy.js";
import { labelKey } from "../normalize/text.js";

/** Names longer than this are cut in a key, with a hash of the whole name appended. */
const SLUG_MAX = 60;

/**
 * A name as keys see it: lower case, no accents ("Città" and "CITTA'" alike), every run of
 * punctuation and spaces one space. Null where nothing is left.
 */
export function foldName(name: string | null | undefined): string | null {
  if (!name) return null;
  const k = labelKey(name).replace(/'/g, " ").replace(/\s+/g, " ").trim();
  return k === "" ? null : k;
}

/** A short, stable hash of a text (hex). */
export function shortHash(text: string, length = 8): string {
  return createHash("sha1").update(text).digest("hex").slice(0, length);
}

/** A folded name as a readable key part: words joined by "-", long names cut with a hash of the whole. */
export function slug(folded: string): string {
  const s = folded.replace(/ /g, "-");
  if (s.length <= SLUG_MAX) return s;
  const cut = s.slice(0, SLUG_MAX);
  return `${cut.slice(0, Math.max(cut.lastIndexOf("-"), 20))}-${shortHash(folded, 6)}`;
}

const digits = (s: string) => (s.match(/\d+/g) ?? []).join(" ");

/**
 * True when two folded names are one name: equal once spaces are removed ("on line" and
 * "online"), or the same words in the same order with a few typos — at most one word in
 * four, each a word of five letters or more within one edit (two from eight letters). Numbers must match exactly: "Sede 1" and
 * "Sede 2" are two services, as are "Servizio A" and "Servizio B".
 */
export function sameName(a: string, b: string): boolean {
  if (a === b || a.replace(/ /g, "") === b.replace(/ /g, "")) return true;
  if (digits(a) !== digits(b)) return false;
  const wa = a.split(" ");
  const wb = b.split(" ");
  if (wa.length !== wb.length || wa.length === 0) return false;
  let typos = 0;
  for (let i = 0; i < wa.length; i++) {
    const x = wa[i];
    const y = wb[i];
    if (x === y) continue;
    if (Math.min(x.length, y.length) < 5 || levenshtein(x, y) > (Math.min(x.length, y.length) >= 8 ? 2 : 1)) return false;
    typos++;
  }
  return typos <= Math.max(1, Math.floor(wa.length / 4));
}

/** What makes a charter: who issued it, for which year, of which kind, with which services. */
export interface CharterIdentity {
  issuerKey: string | null;
  year: number | null;
  kind: string;
  serviceKeys: string[];
}

/**
 * The key of a charter: issuer, year and kind readable, then a hash of its set of service
 * keys (order and repetitions aside). Files with equal keys publish the same charter.
 */
export function charterKey(c: CharterIdentity): string {
  const services = [...new Set(c.serviceKeys)].sort().join("\n");
  return `${c.issuerKey ?? "senza-ente"}/${c.year ?? "senza-anno"}/${c.kind}/${shortHash(services)}`;
}
