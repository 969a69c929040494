/**
 * Line-level knowledge for text scraped from PDFs: what a line is (a label of the
 * template, a value, the start of a formula, an additional dimension's standard
 * definition, a footnote, a column title) whatever it is glued to. Everything here
 * comes from the template's vocabulary (taxonomy.ts), never from a particular charter.
 */
import { normalizeDimension, normalizeSubdimension } from "../normalize/dimension.js";
import {
  ADDITIONAL_DEFINITIONS,
  DIMENSIONS,
  FORMULA_STARTS,
  HEADER_TITLES,
  SUBDIMENSIONS,
  TEMPLATE_FOOTNOTES,
} from "../normalize/taxonomy.js";
import { cleanCell, labelKey } from "../normalize/text.js";
import { parseValue, unitFromFormula } from "../normalize/value.js";

export interface Line {
  /** Cleaned text (never empty). */
  text: string;
  /** 1-based line number in the source. */
  no: number;
  /** A blank line (or more) precedes it. */
  blankBefore: boolean;
  /** The raw line carried a template bullet (Wingdings U+F0xx, •). */
  bullet: boolean;
}

const BULLETS = /[\uf0a7\uf0b7\uf0d8\uf0fc\u2022\u25aa\u25cf\u2010\u00b6\u00a7]/;

/** Split scraped text into cleaned, non-empty lines, remembering blank lines between them. */
export function toLines(text: string): Line[] {
  const out: Line[] = [];
  let blank = true;
  text.split(/\r\n|\r|\n|\f/).forEach((raw, i) => {
    const bullet = BULLETS.test(raw);
    const t = cleanCell(raw.replace(/[\u2022\u25aa\u25cf]/g, " "));
    if (!t) {
      blank = true;
      return;
    }
    out.push({ text: t, no: i + 1, blankBefore: blank, bullet });
    blank = false;
  });
  return out;
}

/** Folded words of a text, for word-by-word comparison with the template. */
export function words(s: string): string[] {
  return labelKey(s).split(/\s+/).filter(Boolean);
}

// ---- values ---------------------------------------------------------------------

const NUM = String.raw`\d+(?:[.,]\d+)?`;
const UNIT_WORDS = String.raw`(?:%|giorni(?:\s+lavorativi)?|giorno(?:\s+lavorativo)?|gg\.?(?:\s+lavorativi)?|ore(?:\s+settimanali)?|ora|h|minuti|min\.?|mesi|mese)`;
const VALUE_RE = new RegExp(
  String.raw`^(?:(?:[<>≤≥=]|max\.?|min\.?|entro|fino a|almeno|non oltre)\s*)?${NUM}\s*${UNIT_WORDS}?$|^tempo reale$|^real[- ]?time$|^n\.?\s?d\.?$|^n\.?\s?a\.?$|^\*$`,
  "i",
);

/** A line that is only a value: "95%", "3 giorni lavorativi", "tempo reale", "N.D.", "3". */
export function isValueText(s: string): boolean {
  return VALUE_RE.test(s.trim());
}

const TRAILING_UNIT = new RegExp(String.raw`\s((?:[<>≤≥]\s*)?${NUM}\s*${UNIT_WORDS}|tempo reale)$`, "i");
const TRAILING_BARE = /\s(\d{1,3})$/;

/**
 * A value printed at the end of a formula's last line ("... anno solare 95%", "... su
 * web 3"). A bare number counts only where the formula names its unit (days, hours).
 */
export function splitTrailingValue(line: string, formula: string): { text: string; value: string } | null {
  const m = TRAILING_UNIT.exec(line);
  if (m && m.index > 0) {
    const rest = line.slice(0, m.index).trim();
    // "entro 5 giorni lavorativi /Numero totale" keeps its number: only a line's very end is a value.
    if (rest && !/[/(]$/.test(rest)) return { text: rest, value: m[1].trim() };
  }
  const b = TRAILING_BARE.exec(line);
  if (b && b.index > 0) {
    const unit = unitFromFormula(formula);
    if (["days", "working_days", "hours", "minutes", "months", "weekly_hours"].includes(unit) && !/\d[\s/]*$/.test(line.slice(0, b.index))) {
      return { text: line.slice(0, b.index).trim(), value: b[1] };
    }
  }
  return null;
}

// ---- formulas ---------------------------------------------------------------------

const STRONG = FORMULA_STARTS.strong.map((w) => w.split(" "));
const WEAK = FORMULA_STARTS.weak.map((w) => w.split(" "));

function startsWithWords(ws: string[], seqs: string[][]): boolean {
  return seqs.some((seq) => seq.every((w, i) => ws[i] === w));
}

/** 2 where a line opens a formula for sure ("Numero ...", "Per esempio: ..."), 1 where it may ("Tempo ..."), else 0. */
export function formulaStrength(s: string): 0 | 1 | 2 {
  const t = s.trim();
  if (!/^[A-ZÀ-Ý]/.test(t)) return 0;
  const ws = words(t);
  // "N. pratiche evase": a count; "N. 394" (a law's number) is not
  if (ws[0] === "n" && !/^N[.°º]\s*\p{L}/u.test(t)) return 0;
  if (startsWithWords(ws, STRONG)) return 2;
  if (startsWithWords(ws, WEAK)) return 1;
  return 0;
}

/**
 * Two cells glued on one line, the second a formula: "... dal momento della Numero dei
 * contenuti ...". Split at a capitalised strong formula word after at least three words.
 */
export function splitGluedFormula(s: string): [string, string] | null {
  const re = /\s(Numero|Per esempio|Percentuale)\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const left = s.slice(0, m.index).trim();
    if (left.split(/\s+/).length >= 3 && !/[/]$/.test(left)) return [left, s.slice(m.index + 1).trim()];
  }
  return null;
}

// ---- continuation ---------------------------------------------------------------------

const INCOMPLETE_WORDS = new Set(
  "di del della delle dei degli dello dell a al alla alle ai agli allo da dal dalla dalle dai dagli in nel nella nelle nei negli con su sul sulla sulle sui per tra fra e ed o od il lo la i gli le un una uno che cui come non se anche".split(" "),
);

/** True when a line stops mid-phrase (an article, a preposition, a comma, a slash). */
export function endsIncomplete(s: string): boolean {
  const t = s.trim();
  if (/[,(/\-–:]$/.test(t)) return true;
  if (/['’]$/.test(t)) return true;
  const last = t.split(/\s+/).pop() ?? "";
  return INCOMPLETE_WORDS.has(last.toLowerCase());
}

/** A line that reads as the rest of a cell: it starts in lower case or with punctuation. */
export function startsAsContinuation(s: string): boolean {
  return /^[a-zà-ÿ(/,;.)\-–]/.test(s.trim());
}

// ---- template text: definitions, footnotes, column titles ----------------------------------

const DEFS = ADDITIONAL_DEFINITIONS.map((d) => ({ code: d.dimension, words: words(d.text) }));

export interface DefinitionMatch {
  code: string;
  /** The line's own text that belongs to the definition. */
  text: string;
  /** What follows the definition on the same line (another cell glued to it). */
  rest: string | null;
  /** Index in the definition's words where the next line should continue, or -1 when complete. */
  next: number;
}

/** Split a line into original-text tokens aligned with its folded words. */
function tokens(s: string): { raw: string; key: string[] }[] {
  return s
    .split(/\s+/)
    .filter(Boolean)
    .map((raw) => ({ raw, key: words(raw) }));
}

/**
 * Whether a line is (the start, or the continuation from word `from`, of) an additional
 * dimension's standard definition; glued text after it is returned as `rest`.
 */
export function matchDefinition(line: string, expect?: { code: string; from: number }): DefinitionMatch | null {
  const toks = tokens(line);
  const candidates = expect ? DEFS.filter((d) => d.code === expect.code) : DEFS;
  let best: (DefinitionMatch & { matched: number }) | null = null;
  for (const d of candidates) {
    let di = expect ? expect.from : 0;
    let matched = 0;
    let ti = 0;
    let misses = 0;
    for (; ti < toks.length && di < d.words.length; ti++) {
      const k = toks[ti].key;
      if (k.length === 0) continue;
      const ok = k.every((w, j) => d.words[di + j] === w);
      if (ok) {
        di += k.length;
        matched += k.length;
        continue;
      }
      // one misspelt word is the source's, not a mismatch
      if (misses === 0 && matched >= 4 && k.length === 1 && d.words[di + 1] !== undefined) {
        misses++;
        di += 1;
        continue;
      }
      break;
    }
    const need = expect ? 1 : 5;
    if (matched < need) continue;
    // a line that stops early must stop at its own end, not in the middle
    if (di < d.words.length && ti < toks.length) continue;
    if (!best || matched > best.matched) {
      best = {
        code: d.code,
        text: toks.slice(0, ti).map((t) => t.raw).join(" "),
        rest: ti < toks.length ? toks.slice(ti).map((t) => t.raw).join(" ") : null,
        next: di >= d.words.length ? -1 : di,
        matched,
      };
    }
  }
  if (!best) return null;
  const { matched: _m, ...out } = best;
  return out;
}

const FOOTNOTE_KEYS = TEMPLATE_FOOTNOTES.map((f) => words(f).join(" "));

/** A footnote of the template: "(*) ...", "(&) ...", or a piece of their standard text. */
export function isTemplateFootnote(s: string): boolean {
  if (/^\s*\\?\(\s*\\?[*&]\s*\)\s*[-–:]?\s*\S/.test(s)) return true;
  const k = words(s).join(" ");
  if (k.length < 12) return false;
  return FOOTNOTE_KEYS.some((f) => f.includes(k));
}

const TITLE_KEYS = HEADER_TITLES.flatMap((h) => h.titles).sort((a, b) => b.length - a.length);
/** Words of the results template that also make up broken or extended titles. */
const TITLE_EXTRA_WORDS = ["valore", "realizzato", "garantito", "previsto", "programmato", "eventuale", "mancato", "raggiungimento", "del", "della", "dei", "indicatore", "risultato", "formula", "e", "di"];
const TITLE_EXTRA = new RegExp(`\\b(${TITLE_EXTRA_WORDS.join("|")})\\b`, "g");
/** Every word a header line can be made of: a line with any other word is not one. */
const TITLE_WORDS = new Set([...TITLE_KEYS.flatMap((t) => t.split(/[^a-z0-9]+/)), ...TITLE_EXTRA_WORDS]);

/** A line made only of column titles ("Formula indicatore", "Valore programmato (&) Note", "VALORE"). */
export function isHeaderLine(s: string): boolean {
  let k = ` ${labelKey(s)} `;
  if (k.trim() === "") return /^[\s(&)%*]+$/.test(s) && !/^\s*\*+\s*$/.test(s);
  if (k.length > 120) return false;
  // cheap refusal of ordinary lines: a word outside the titles' vocabulary can never be removed below
  if (k.split(/[^a-z0-9]+/).some((w) => w !== "" && !TITLE_WORDS.has(w))) return false;
  for (const t of TITLE_KEYS) k = k.split(` ${t} `).join(" ");
  // titles broken over lines or with extra words of the results template
  k = k.replace(TITLE_EXTRA, " ");
  return k.trim() === "";
}

// ---- labels ---------------------------------------------------------------------

export type Label =
  | { kind: "dim"; codes: string[]; raw: string; rest: string | null }
  | { kind: "sub"; code: string | null; dim: string | null; raw: string; rest: string | null };

const DIM_WORDS = DIMENSIONS.map((d) => d.code);

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

/**
 * A label of the dimension or sub-dimension column, alone or glued in front of the next
 * cell ("Efficacia Regolarità ...", "Continuità (*) Per esempio: ..."): the label and the
 * text after it. null where the line is not a label.
 */
export function classifyLabel(s: string): Label | null {
  const t = s.trim();
  if (/\d/.test(t) || t.length > 90) return null;
  // a canonical sub-dimension, the whole line
  const sub = normalizeSubdimension(t);
  if (sub.value && sub.confidence >= 0.9) {
    const def = SUBDIMENSIONS.find((x) => x.code === sub.value)!;
    return { kind: "sub", code: sub.value, dim: def.dimension, raw: t, rest: null };
  }
  const lead = leadingDimension(t);
  if (!lead) return null;
  if (!lead.rest) return { kind: "dim", codes: [lead.code], raw: lead.raw, rest: null };
  // "Dimension Next cell": the next cell starts with a capital letter
  if (/^\p{Lu}/u.test(lead.rest)) return { kind: "dim", codes: [lead.code], raw: lead.raw, rest: lead.rest };
  // "Tempestività erogazione contenuti": a sub-dimension of the office's own, named after its dimension
  const n = t.split(/\s+/).length;
  if (n <= SUB_MAX_WORDS && formulaStrength(t) === 0 && !/[.;:]$/.test(t) && !DIMENSIONS.find((d) => d.code === lead.code)?.additional) {
    return { kind: "sub", code: null, dim: lead.code, raw: t, rest: null };
  }
  return null;
}

export { DIM_WORDS, parseValue };
