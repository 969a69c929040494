/**
 * The service block: the template's six labels (taxonomy.ts SERVICE_LABELS) and the
 * value each one introduces, in a cell beside it or after it in the same text.
 */
import { aliasAtStart } from "../normalize/aliases.js";
import { SERVICE_FIELD_WORDS, SERVICE_LABELS, SERVICE_NAME_BARE_LABELS } from "../normalize/taxonomy.js";
import { labelKey } from "../normalize/text.js";

export type ServiceField = (typeof SERVICE_LABELS)[number]["field"];

const SERVICE_KEYS = SERVICE_LABELS.map((s) => ({ field: s.field, keys: s.labels.map(labelKey) }));
const BARE_NAME_KEYS = new Set(SERVICE_NAME_BARE_LABELS.map(labelKey));

/** The service-block field a label names, and the original text after the label (a value in the same cell). */
export function matchServiceLabel(text: string): { field: ServiceField; rest: string } | null {
  const key = labelKey(text);
  for (const s of SERVICE_KEYS) {
    for (const k of s.keys) {
      if (key === k || key.startsWith(k + " ")) return { field: s.field, rest: textAfterLabel(text, k) };
    }
  }
  // "Servizio: NAME" at the start of a line: the service's name
  const colon = text.indexOf(":");
  if (colon > 0 && isBareNameLabel(text.slice(0, colon))) return { field: "name", rest: text.slice(colon + 1).trim() };
  // A person's service-label alias (normalize/aliases.ts), after the template's own labels.
  const alias = aliasAtStart("service-label", key);
  return alias ? { field: alias.code as ServiceField, rest: textAfterLabel(text, alias.key) } : null;
}

/**
 * A label that names the service only as the whole of a label ("Servizio", taxonomy.ts
 * SERVICE_NAME_BARE_LABELS), capitalised as a label is: a line wrapped inside a cell
 * ("... del / servizio") is not one.
 */
export function isBareNameLabel(text: string): boolean {
  return /^\s*\p{Lu}/u.test(text) && BARE_NAME_KEYS.has(labelKey(text));
}

const FIELD_WORDS = SERVICE_FIELD_WORDS.map((f) => ({ field: f.field, anywhere: !!f.anywhere, words: f.words.map((w) => w.split(" ")) }));

/** Most words a label (the text before its colon, or a cell of its own) may have. */
const MAX_LABEL_WORDS = 6;

/**
 * A short label whose words name a field ("A chi si rivolge", "Come accedere: ..."), the
 * field and the text after it. The interpreter asks it after matchServiceLabel, where the
 * structure shows a service block; the scraped-text path does not.
 */
export function labelByMeaning(text: string): { field: ServiceField; rest: string; byMeaning: true } | null {
  const colon = text.indexOf(":");
  const label = colon > 0 && colon <= 60 ? text.slice(0, colon) : text;
  if (/^https?:/i.test(text)) return null;
  // an elision parts words ("Che cos'è", "Dov'è")
  const words = labelKey(label).replace(/'/g, " ").split(" ").filter(Boolean);
  if (!words.length || words.length > MAX_LABEL_WORDS || (colon < 0 && /[.;]$/.test(text.trim()))) return null;
  const at = (f: (typeof FIELD_WORDS)[number], starts: number[]) => f.words.some((w) => starts.some((i) => w.every((p, k) => (k === w.length - 1 ? words[i + k]?.startsWith(p) : words[i + k] === p))));
  // the field's word opens the label, or follows one leading word ("Per informazioni", "Canali di accesso")
  const opening = FIELD_WORDS.find((f) => at(f, [0, 1]));
  // a label opened as one field's (or any label before a colon) may name another later on, whose
  // words decide ("A chi rivolgersi per un reclamo", "Chi risponde dei disservizi: ...")
  const later = opening || (colon > 0 && label !== text) ? FIELD_WORDS.find((f) => f.anywhere && f !== opening && at(f, words.map((_, i) => i))) : undefined;
  if (!opening && !later) return null;
  return { field: (later ?? opening)!.field, rest: colon > 0 && label !== text ? text.slice(colon + 1).trim() : "", byMeaning: true };
}

/** The original text after the leading words whose folded form is `label` ("" where none follows). */
function textAfterLabel(text: string, label: string): string {
  let prefix = "";
  for (const m of text.matchAll(/[^\s:]+:?|:/g)) {
    prefix += " " + m[0];
    if (labelKey(prefix) === label) return text.slice(m.index + m[0].length).replace(/^[\s:\\.\-–]+/, "").trim();
  }
  return "";
}

/** URLs in a service block's value: split on whitespace, anchors already reduced to text. */
export function extractUrls(value: string | null): string[] {
  if (!value) return [];
  return value
    .split(/[\s,;]+/)
    .map((u) => u.replace(/^[<(]+|[>).]+$/g, ""))
    .filter((u) => /^(https?:\/\/|www\.)|^[\w-]+(\.[\w-]+)+(\/\S*)?$/i.test(u));
}
