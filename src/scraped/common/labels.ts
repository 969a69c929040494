/**
 * Labels of the table's label columns in scraped text: a dimension ("Tempestività",
 * "TEMPESTIVITA'", "Continuità (*)", misspelt ones too) or a sub-dimension (the template's
 * own, or an office's own named after its dimension), alone on a line, glued in front of
 * the next cell, or glued to each other without a space; and the cue words that point a
 * row's text to a label printed away from it.
 */
import { normalizeDimension, normalizeSubdimension } from "../../normalize/dimension.js";
import { DIMENSION_CUES, DIMENSIONS, SUBDIMENSIONS, SUBDIMENSION_CUES } from "../../normalize/taxonomy.js";
import { stems } from "../../normalize/fuzzy.js";
import { labelKey } from "../../normalize/text.js";
import { formulaStrength } from "./kinds.js";
import { words } from "./lines.js";

export type Label =
  | { kind: "dim"; codes: string[]; raw: string; rest: string | null }
  | { kind: "sub"; code: string | null; dim: string | null; raw: string; rest: string | null };

/** The first word of a text, when it names a dimension ("Tempestività", "TEMPESTIVITA'", "Continuità (*)"). */
function leadingDimension(s: string): { code: string; raw: string; rest: string } | null {
  const m = /^(\S+)(\s*\(\s*\*\s*\))?\s*(.*)$/.exec(s.trim());
  if (!m) return null;
  const d = normalizeDimension(m[1]);
  if (d.value.length !== 1 || d.confidence < 0.85) return null;
  if (words(m[1]).length !== 1) return null;
  return { code: d.value[0], raw: (m[1] + (m[2] ? " " + m[2].trim() : "")).trim(), rest: m[3].trim() };
}

/** Labels glued without a space ("MulticanaleAccessibilità"): split where both halves are labels. */
export function splitGluedLabels(s: string): string[] | null {
  const m = /^(\p{Lu}[\p{Ll}']+)(\p{Lu}[\p{Ll}']+.*)$/u.exec(s.trim());
  if (!m) return null;
  const a = classifyLabel(m[1]);
  const b = classifyLabel(m[2]);
  return a && b && !a.rest && !b.rest ? [m[1], m[2]] : null;
}

const SUB_MAX_WORDS = 9;
const isAdditional = (code: string) => !!DIMENSIONS.find((d) => d.code === code)?.additional;

/**
 * A label of the dimension or sub-dimension column, alone or glued in front of the next
 * cell ("Efficacia Regolarità ...", "Continuità (*) Per esempio: ..."): the label and the
 * text after it. null where the line is not a label.
 */
export function classifyLabel(s: string): Label | null {
  const t = s.trim();
  if (/\d/.test(t.slice(0, 40))) return null;
  // a canonical sub-dimension, the whole line
  const sub = t.length <= 90 ? normalizeSubdimension(t) : { value: null, confidence: 0 };
  if (sub.value && sub.confidence >= 0.8) {
    const def = SUBDIMENSIONS.find((x) => x.code === sub.value)!;
    return { kind: "sub", code: sub.value, dim: def.dimension, raw: t, rest: null };
  }
  // a canonical sub-dimension glued in front of the next cell, which starts with a capital ("Fisica Ricevimento ...")
  const toks = t.split(/\s+/);
  for (let n = Math.min(6, toks.length - 1); n >= 1; n--) {
    const head = toks.slice(0, n).join(" ");
    const lead = normalizeSubdimension(head);
    // a long line that opens with a dimension's label is that label's ("Accessibilità Fisica Apertura ..."): the dimension path below
    if (t.length > 90 && n > 1 && leadingDimension(head)) continue;
    if (lead.value && lead.confidence >= 0.9 && /^\p{Lu}/u.test(toks[n])) {
      const def = SUBDIMENSIONS.find((x) => x.code === lead.value)!;
      return { kind: "sub", code: lead.value, dim: def.dimension, raw: head, rest: toks.slice(n).join(" ") };
    }
  }
  if (t.length > 90 && !/^\S+\s+\p{Lu}/u.test(t)) return null;
  const lead = leadingDimension(t);
  if (!lead) return null;
  if (!lead.rest) return { kind: "dim", codes: [lead.code], raw: lead.raw, rest: null };
  // "Dimension Next cell": the next cell starts with a capital letter
  if (/^\p{Lu}/u.test(lead.rest)) return { kind: "dim", codes: [lead.code], raw: lead.raw, rest: lead.rest };
  // "Tempestività erogazione contenuti": a sub-dimension of the office's own, named after its dimension
  const n = t.split(/\s+/).length;
  if (n <= SUB_MAX_WORDS && formulaStrength(t) === 0 && !/[.;:]$/.test(t) && !isAdditional(lead.code)) {
    return { kind: "sub", code: null, dim: lead.code, raw: t, rest: null };
  }
  return null;
}

/**
 * How many content words of an office's own sub-dimension label ("Tempi di attesa") the
 * row's text repeats, by stem ("Tempo medio di attesa"): an office names its own labels
 * after what their rows measure. Stems of four letters or more; a row that repeats less
 * than half of them is not pointed to (one word of three is chance).
 */
export function ownLabelCue(text: string, raw: string): number {
  const row = new Set(stems(labelKey(text)));
  const own = new Set(stems(labelKey(raw)).filter((w) => w.length >= 4));
  const shared = [...own].filter((w) => row.has(w)).length;
  return shared * 2 >= own.size ? shared : 0;
}

/** Distinct cue words of a sub-dimension (or, with `dims`, a dimension) in a row's text ("on-line" and "on line" count once). */
export function cueScore(text: string, code: string | null | undefined, dims = false): number {
  if (!code) return 0;
  const k = ` ${labelKey(text)} `;
  return new Set(((dims ? DIMENSION_CUES : SUBDIMENSION_CUES)[code] ?? []).map(labelKey).filter((c) => k.includes(` ${c}`))).size;
}
