/**
 * Line kinds of scraped text: what a line is whatever it is glued to — a value, the
 * start of a formula, an additional dimension's standard definition, a footnote of the
 * template, a column title. Everything here comes from the template's vocabulary
 * (taxonomy.ts) and the shapes of formulas and values, never from a particular charter.
 * Labels of the dimension columns are in labels.ts.
 */
import { ADDITIONAL_DEFINITIONS, type ColumnRole, FORMULA_STARTS, HEADER_EXTRA_WORDS, HEADER_TITLES, TEMPLATE_FOOTNOTES, VALUE_UNITS } from "../../normalize/taxonomy.js";
import { activeAliases, type Vocabulary } from "../../normalize/aliases.js";
import { headerRole } from "../../template/header.js";
import { labelKey } from "../../normalize/text.js";
import { unitFromFormula } from "../../normalize/value.js";
import { type TextLine, tokens, words } from "./lines.js";

// ---- values ---------------------------------------------------------------------

const NUM = String.raw`\d+(?:[.,]\d+)?`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The taxonomy's unit words as alternatives, a space for any run of spaces. */
const UNIT_WORDS = `(?:${VALUE_UNITS.map((u) => escape(u).replace(/ /g, String.raw`\s+`)).join("|")})`;
const VALUE_RE = new RegExp(
  String.raw`^(?:(?:[<>≤≥=]|max\.?|min\.?|entro|fino a|almeno|non oltre)\s*)?${NUM}\s*${UNIT_WORDS}?$|^tempo reale$|^real[- ]?time$|^n\.?\s?d\.?$|^n\.?\s?a\.?$|^\*$`,
  "i",
);
/** A count of things: "2 colloqui", "3 canali" (a number and one plural noun). */
const COUNT_RE = new RegExp(String.raw`^(?:(?:[<>≤≥]|max\.?|min\.?|almeno)\s*)?${NUM}\s+\p{Ll}{3,}[ie]$`, "u");

/** A line that is only a value: "95%", "3 giorni lavorativi", "tempo reale", "N.D.", "3", "2 colloqui". */
export function isValueText(s: string): boolean {
  const t = s.trim();
  return VALUE_RE.test(t) || COUNT_RE.test(t);
}

/** A count of things ("2 colloqui", "1.320 avvisi"), which may also be the start of a cell's text. */
export function isCountText(s: string): boolean {
  const t = s.trim();
  return COUNT_RE.test(t) && !VALUE_RE.test(t);
}

const TRAILING_UNIT = new RegExp(String.raw`\s((?:[<>≤≥]\s*)?${NUM}\s*${UNIT_WORDS}|tempo reale)$`, "i");
const QUALIFIED = new RegExp(String.raw`\s((?:entro|max\.?|almeno|fino a|non oltre)\s+${NUM}\s*${UNIT_WORDS})$`, "i");
/** "max 10 giorni" at a line's end is a value whole: a formula never ends on "max". */
const CAPPED = new RegExp(String.raw`\s((?:max\.?|almeno|non oltre)\s+${NUM}\s*${UNIT_WORDS})$`, "i");
const TRAILING_BARE = /\s(\d{1,3})$/;

/**
 * A value printed at the end of a formula's last line ("... anno solare 95%", "... su
 * web 3"). A bare number counts only where the formula names its unit (days, hours).
 * With `qualified`, a value that opens with "entro", "max"... is split whole (a results
 * report's indicator with its guaranteed value glued after it); a formula keeps its
 * "entro 30 giorni".
 */
export function splitTrailingValue(line: string, formula: string, qualified = false): { text: string; value: string } | null {
  const q = (qualified ? QUALIFIED : CAPPED).exec(line);
  if (q && q.index > 0) return { text: line.slice(0, q.index).trim(), value: q[1].trim() };
  const m = TRAILING_UNIT.exec(line);
  if (m && m.index > 0) {
    const rest = line.slice(0, m.index).trim();
    // "entro 5 giorni lavorativi /Numero totale" keeps its number: only a line's very end is a value.
    if (rest && !/[/(]$/.test(rest) && !/\b(?:entro|di|da|in|oltre|per|dopo|fino a)$/i.test(rest)) return { text: rest, value: m[1].trim() };
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

/**
 * A ratio of two counts written in words, the shape of a formula whatever its words
 * ("Corse effettuate/corse programmate"): a word of three letters or more on each side of
 * a slash. Not a law's number ("24/2017"), "e/o", nor an address.
 */
export function isRatioShaped(s: string): boolean {
  return /\p{L}{3,}\s?\/\s?\p{L}{3,}/u.test(s) && !/:\/\/|www\./i.test(s);
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
  const re = new RegExp(String.raw`\s(${FORMULA_STARTS.glued.join("|")})\b`, "g");
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const left = s.slice(0, m.index).trim();
    if (left.split(/\s+/).length >= 3 && !/[/]$/.test(left)) return [left, s.slice(m.index + 1).trim()];
  }
  return null;
}

// ---- the additional dimensions' standard definitions ---------------------------------

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
      if (k.every((w, j) => d.words[di + j] === w)) {
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
    if (matched < (expect ? 1 : 5)) continue;
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

// ---- the template's footnotes and column titles ----------------------------------------

const FOOTNOTE_KEYS = TEMPLATE_FOOTNOTES.map((f) => words(f).join(" "));

/** A footnote of the template: "(*) ...", "(&) ...", or a piece of their standard text. */
export function isTemplateFootnote(s: string): boolean {
  if (/^\s*\\?\(\s*\\?[*&]\s*\)\s*[-–:]?\s*\S/.test(s)) return true;
  const k = words(s).join(" ");
  if (k.length < 12) return false;
  return FOOTNOTE_KEYS.some((f) => f.includes(k));
}

const TITLE_EXTRA = new RegExp(`\\b(${HEADER_EXTRA_WORDS.join("|")})\\b`, "g");

interface TitleVocabulary {
  /** Every title, the longest first: the template's and the active header aliases'. */
  keys: string[];
  /** Every word a header line can be made of: a line with any other word is not one. */
  words: Set<string>;
  notes: string[];
}

let titles: { of: Vocabulary; vocabulary: TitleVocabulary } | null = null;

/**
 * The column titles a line is matched against: the template's (taxonomy.ts) and the header
 * aliases installed for this parse (a person's, or the titles a document's own header was
 * found to hold: common/inferred-titles.ts).
 */
function titleVocabulary(): TitleVocabulary {
  const of = activeAliases();
  if (titles?.of === of) return titles.vocabulary;
  const aliases = of.entries.header;
  const keys = [...HEADER_TITLES.flatMap((h) => h.titles), ...aliases.map((a) => a.key)].sort((a, b) => b.length - a.length);
  const notes = [...HEADER_TITLES.filter((h) => h.role === "notes").flatMap((h) => h.titles), ...aliases.filter((a) => a.code === "notes").map((a) => a.key)];
  const vocabulary = { keys, words: new Set([...keys.flatMap((t) => t.split(/[^a-z0-9]+/)), ...HEADER_EXTRA_WORDS]), notes };
  titles = { of, vocabulary };
  return vocabulary;
}

/** A line made only of column titles ("Formula indicatore", "Valore programmato (&) Note", "VALORE"). */
export function isHeaderLine(s: string): boolean {
  let k = ` ${labelKey(s)} `;
  if (k.trim() === "") return /^[\s(&)%*]+$/.test(s) && !/^\s*\*+\s*$/.test(s);
  if (k.length > 120) return false;
  // cheap refusal of ordinary lines: a word outside the titles' vocabulary can never be removed below
  const { keys, words: titleWords } = titleVocabulary();
  if (k.split(/[^a-z0-9]+/).some((w) => w !== "" && !titleWords.has(w))) return false;
  for (const t of keys) k = k.split(` ${t} `).join(" ");
  // titles broken over lines or with extra words of the results template
  k = k.replace(TITLE_EXTRA, " ");
  // the rest of a title broken over lines ("VALORE / RAGGIUNTO"): the end of a title alone
  const rest = labelKey(s);
  return k.trim() === "" || keys.some((t) => t !== rest && t.endsWith(` ${rest}`));
}

/** Whether the table has a Note column: one of its header lines names it. */
export function hasNotesColumn(lines: TextLine[]): boolean {
  return lines.some((l) => isHeaderLine(l.text) && titleVocabulary().notes.some((t) => ` ${labelKey(l.text)} `.includes(` ${t} `)));
}

/** How many of the template's column titles a line holds (a header broken over lines holds one or two). */
export function headerTitleCount(s: string): number {
  let k = ` ${labelKey(s)} `;
  let n = 0;
  for (const t of titleVocabulary().keys) {
    const parts = k.split(` ${t} `);
    n += parts.length - 1;
    k = parts.join(" ");
  }
  return n;
}

/** How a column title is given its role: the template's titles today (template/header.ts); a role-evidence function may take its place. */
export type TitleRole = (title: string) => ColumnRole | null;

/**
 * The indicator table's columns in their printed order, from its first header: each title
 * is a cell of its own (a line, or lines when a title is broken: "Valore / programmato
 * (&)"), or several titles share a line (content-stream order, -layout). Empty where the
 * text has no header line.
 */
export function headerRoles(lines: TextLine[], roleOf: TitleRole = headerRole): ColumnRole[] {
  const start = lines.findIndex((l) => isHeaderLine(l.text) && headerTitleCount(l.text) > 0);
  if (start < 0) return [];
  const cells: { text: string; role: ColumnRole | null }[] = [];
  for (let i = start; i < lines.length && isHeaderLine(lines[i].text); i++) {
    const text = lines[i].text;
    const prev = cells[cells.length - 1];
    // a title broken over lines ("Valore / programmato (&)"): the line goes on the cell above
    const own0 = headerTitleCount(text) <= 1 ? roleOf(text) : null;
    const joined = prev && (!prev.role || !lines[i].blankBefore) ? roleOf(`${prev.text} ${text}`) : null;
    if (joined && (!prev.role || joined === prev.role || (!lines[i].blankBefore && !own0))) {
      prev.text = `${prev.text} ${text}`;
      prev.role = joined;
      continue;
    }
    if (own0 || headerTitleCount(text) === 0) cells.push({ text, role: own0 });
    else for (const t of titlesInOrder(text)) cells.push({ text: t, role: roleOf(t) });
  }
  const roles = cells.map((c) => c.role).filter((r): r is ColumnRole => r !== null);
  return roles.filter((r, i) => roles.indexOf(r) === i);
}

/** The template's titles a line holds, in their order (the longest title at each place). */
function titlesInOrder(s: string): string[] {
  const ws = ` ${labelKey(s)} `;
  const found: { at: number; title: string }[] = [];
  const taken: boolean[] = [];
  for (const t of titleVocabulary().keys) {
    let from = 0;
    for (let at = ws.indexOf(` ${t} `, from); at >= 0; at = ws.indexOf(` ${t} `, from)) {
      from = at + 1;
      if (taken.slice(at, at + t.length + 1).some(Boolean)) continue;
      for (let k = at; k <= at + t.length + 1; k++) taken[k] = true;
      found.push({ at, title: t });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.title);
}
