/**
 * Limits from the domain on the text fields of a charter, applied once to every parsed
 * document whatever its parser: a dimension label is a few words, a target a short phrase,
 * a service description a paragraph. A field over its limit (a 3.9 MB line read as one
 * target) is cut there, ending in "…", and a review item says what was cut and how long it
 * was. The limits are several times the longest value of the corpus (docs/operations.md, "Limits").
 */
import type { Action, CharterDocument, Indicator, Provenance, ReviewItem, Service } from "../model/schema.js";

export const TEXT_LIMITS = {
  document: { issuer: 500, title: 500, office: 500, signatory: 500 },
  service: { name: 1000, description: 10000, delivery_mode: 4000, users: 4000, complaint_authority: 4000 },
  url: 2000,
  indicator: {
    dimension_raw: 300,
    subdimension_raw: 300,
    description: 2000,
    formula: 2000,
    target_raw: 500,
    actual_raw: 500,
    notes: 4000,
    activity: 4000,
    explanation: 4000,
  },
  action: { action: 4000, outcome: 4000 },
  /** A review item's label (itself text read from the file). */
  reviewLabel: 500,
} as const;

/** `s` when it is at most `max` characters long, else its start ending in "…", `max` long (no half surrogate pair). */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max - 1);
  return (/[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head) + "…";
}


/** The document with every text field within its limit, and how many fields were cut. */
export function applyLimits(doc: CharterDocument, base: Pick<Provenance, "file" | "parser" | "parser_version">): { document: CharterDocument; truncated: number } {
  const review: ReviewItem[] = [];
  const fallback: Provenance = doc.services[0]?.provenance ?? { ...base, sheet: null, page: null, row: null, line: null, bbox: null };
  const limit = <T extends object>(obj: T, limits: Partial<Record<keyof T, number>>, where: string, provenance: Provenance): T => {
    let out = obj;
    for (const [field, max] of Object.entries(limits) as [keyof T & string, number][]) {
      const v = obj[field];
      if (typeof v !== "string" || v.length <= max) continue;
      if (out === obj) out = { ...obj };
      (out as Record<string, unknown>)[field] = cut(v, max);
      review.push({
        kind: "value",
        label: `${where} ${field}: ${cut(v, 80)}`,
        reason: `truncated to ${max} characters, the limit for ${/^[aeiou]/.test(where) ? "an" : "a"} ${where}'s ${field}: it had ${v.length}`,
        provenance,
      });
    }
    return out;
  };
  const services = doc.services.map((s): Service => {
    const svc = limit(s, TEXT_LIMITS.service, "service", s.provenance);
    const urls = svc.urls.map((u) => (u.length > TEXT_LIMITS.url ? limit({ url: u }, { url: TEXT_LIMITS.url }, "service", s.provenance).url : u));
    const indicators = svc.indicators.map((i): Indicator => limit(i, TEXT_LIMITS.indicator, "indicator", i.provenance));
    return { ...svc, urls, indicators };
  });
  const actions = doc.actions.map((a): Action => limit(a, TEXT_LIMITS.action, "action", fallback));
  const head = limit(doc, TEXT_LIMITS.document, "document", fallback);
  const earlier = doc.review.map((r) => (r.label.length > TEXT_LIMITS.reviewLabel ? { ...r, label: cut(r.label, TEXT_LIMITS.reviewLabel) } : r));
  return { document: { ...head, services, actions, review: [...earlier, ...review] }, truncated: review.length };
}
