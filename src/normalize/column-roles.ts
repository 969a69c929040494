/**
 * The role of a table's column (dimension, description, formula, target, achieved value,
 * unit, notes ...) decided from all the evidence together, each piece weighed and kept:
 *
 * - the title: a title the template prints (taxonomy.ts HEADER_TITLES) or a person's
 *   header alias is near-certain; other titles count by their words (COLUMN_TITLE_WORDS:
 *   stems and phrases, "garantit", "scostament", "unita di misura");
 * - the cells: values ("95%", "entro 10 giorni", "N.D.", "tempo reale") make a target or
 *   an achieved value, ratios ("Pazienti dimessi con lettera / pazienti dimessi") and
 *   measures ("Giorni tra ... e ...") a formula, bare unit words a unit column, a few
 *   labels merged down or printed once over many rows a group label, sentences a
 *   description;
 * - the position: a group column comes first, values right of the descriptions.
 *
 * Pure and independent of any document model: `roleOfColumn` weighs one column alone,
 * `assignRoles` the columns of one table jointly (each role once, the activity and measure
 * of a table that has both, a legal term beside the office's own target). The scraped-text
 * path can call both with the columns it recovered.
 */
import { aliasAtStart } from "./aliases.js";
import { COLUMN_TITLE_WORDS, FORMULA_STARTS, HEADER_TITLES, UNIT_CELL_WORDS, type ColumnRole } from "./taxonomy.js";
import { labelKey } from "./text.js";
import { isNotAvailable, parseValue } from "./value.js";

export type { ColumnRole };

/** What a cell looks like, for the column's evidence. */
export type CellShape = "value" | "unit" | "ratio" | "measure" | "text" | "label" | "url" | "empty";

export interface ColumnCell {
  text: string | null;
  /** Covered by a merge from above (a label merged down its rows) or from the left. */
  covered?: "up" | "left";
}

/** Where the column stands in its table. */
export interface ColumnPosition {
  index: number;
  count: number;
}

export interface RoleEvidence {
  role: ColumnRole;
  weight: number;
  basis: "template title" | "alias" | "title words" | "cells" | "position";
  /** What was seen, for a person: the title's words, "6/7 cells are values". */
  detail: string;
}

export interface RoleDecision {
  role: ColumnRole | null;
  /** The chosen role's summed weight (0 where none). */
  score: number;
  /** Every piece of evidence, for the chosen role first. */
  evidence: RoleEvidence[];
}

/** Below this summed weight a column keeps no role. */
export const MIN_ROLE_SCORE = 0.5;

const KNOWN_TITLES = HEADER_TITLES.flatMap((h) => h.titles.map((t) => ({ role: h.role, title: t })));

/** The role a title the template prints (or a person's header alias) gives, or null. */
export function templateTitleRole(text: string): { role: ColumnRole; basis: "template title" | "alias" } | null {
  const key = labelKey(text);
  if (!key || key.length > 90) return null;
  for (const { role, title } of KNOWN_TITLES) if (key === title || key.startsWith(title + " ")) return { role, basis: "template title" };
  const alias = aliasAtStart("header", key);
  return alias ? { role: alias.code as ColumnRole, basis: "alias" } : null;
}

const TITLE_WORDS = COLUMN_TITLE_WORDS.flatMap((g) => g.words.map((w) => ({ role: g.role, weight: g.weight, words: w.split(" ") })));

/**
 * The title's words as evidence: each entry of COLUMN_TITLE_WORDS found at a word's start,
 * once; a longer phrase hides the words inside it ("misura" in "unita di misura").
 */
export function titleWordEvidence(title: string): RoleEvidence[] {
  // an elision parts words ("dall'autorità", "dell'utente")
  const words = labelKey(title).replace(/'/g, " ").split(" ").filter(Boolean);
  const hits: { role: ColumnRole; weight: number; from: number; n: number }[] = [];
  for (const t of TITLE_WORDS) {
    const n = t.words.length;
    for (let i = 0; i + n <= words.length; i++) {
      if (!t.words.every((w, k) => (k === n - 1 ? words[i + k].startsWith(w) : words[i + k] === w))) continue;
      hits.push({ role: t.role, weight: t.weight, from: i, n });
      break;
    }
  }
  hits.sort((a, b) => b.n - a.n);
  const kept: typeof hits = [];
  for (const h of hits) {
    const inside = kept.some((k) => k.n > h.n && h.from >= k.from && h.from + h.n <= k.from + k.n);
    if (!inside) kept.push(h);
  }
  return kept.map((h) => ({ role: h.role, weight: h.weight, basis: "title words" as const, detail: `"${words.slice(h.from, h.from + h.n).join(" ")}"` }));
}

const UNIT_KEYS = new Set(UNIT_CELL_WORDS.map((u) => (u === "%" ? "%" : labelKey(u))));
const FORMULA_WORDS = [...FORMULA_STARTS.strong, ...FORMULA_STARTS.weak].map(labelKey);
const COMPARED = /^(?:[<>≤≥=]|max\b|min\b|massimo\b|minimo\b|entro\b|fino a\b|almeno\b|non oltre\b|oltre\b|non meno\b|non superiore\b|inferiore\b|superiore\b|pari\b)/i;

/** What one cell looks like. */
export function cellShape(text: string | null): CellShape {
  if (!text || !text.trim()) return "empty";
  const t = text.trim();
  if (/^(?:https?:\/\/|www\.)\S+$/i.test(t)) return "url";
  const key = t === "%" ? "%" : labelKey(t);
  if (UNIT_KEYS.has(key) || /^%(?:\s|$)/.test(t)) return "unit";
  const words = key.split(" ").filter(Boolean);
  if (isNotAvailable(t)) return "value";
  if (words.length <= 7) {
    const v = parseValue(t);
    if (v.value !== null || v.unit !== null) return "value";
    if (COMPARED.test(t) && /\d/.test(t)) return "value";
    if (/^(?:dalle|dal|ore)\s+\d/i.test(t) || /^\d+([.,]\d+)?$/.test(t)) return "value";
  }
  // a ratio of two counts ("Pratiche evase / pratiche ricevute"), a measure's name ("Giorni tra ... e ...")
  if (/[a-zà-ÿ)]\s*\/\s*[a-zà-ÿ(]/i.test(t) && words.length >= 3) return "ratio";
  if (words.length >= 2 && FORMULA_WORDS.some((f) => key === f || key.startsWith(f + " "))) return "measure";
  if (words.length <= 4 && t.length <= 40) return "label";
  return "text";
}

/** The cells of a column as evidence: their shapes, and whether they are a few labels over many rows. */
export function cellEvidence(cells: readonly ColumnCell[]): RoleEvidence[] {
  const shown = cells.filter((c) => c.covered !== "left");
  const filled = shown.filter((c) => c.text && c.text.trim());
  if (!shown.length) return [];
  const count = new Map<CellShape, number>();
  for (const c of filled) {
    const s = cellShape(c.text);
    count.set(s, (count.get(s) ?? 0) + 1);
  }
  const n = filled.length || 1;
  const share = (...shapes: CellShape[]) => shapes.reduce((k, s) => k + (count.get(s) ?? 0), 0) / n;
  const out: RoleEvidence[] = [];
  const add = (role: ColumnRole, weight: number, detail: string) => {
    if (weight > 0.05) out.push({ role, weight: Math.round(weight * 100) / 100, basis: "cells", detail });
  };
  const of = (k: number) => `${k}/${filled.length} cells`;
  const values = share("value");
  add("target", 1.2 * values, `${of(count.get("value") ?? 0)} are values`);
  add("actual", 1.0 * values, `${of(count.get("value") ?? 0)} are values`);
  add("unit", 2 * share("unit"), `${of(count.get("unit") ?? 0)} are units of measure`);
  add("formula", 1.0 * share("ratio") + 0.4 * share("measure"), `${of((count.get("ratio") ?? 0) + (count.get("measure") ?? 0))} are ratios or measures`);
  const texts = share("text", "measure", "ratio");
  add("description", 0.6 * texts, `${of(Math.round(texts * n))} are sentences`);
  add("activity", 0.3 * share("text"), `${of(count.get("text") ?? 0)} are sentences`);
  add("notes", 0.3 * share("text", "url", "label"), `${of((count.get("text") ?? 0) + (count.get("url") ?? 0) + (count.get("label") ?? 0))} are free text`);
  // a few labels over many rows: merged down, or printed on the first row of their group only
  const merged = shown.filter((c) => c.covered === "up").length;
  const blanks = shown.length - filled.length - merged;
  const distinct = new Set(filled.map((c) => labelKey(c.text!))).size;
  const grouped = shown.length >= 3 && distinct < shown.length && (merged + blanks) / shown.length >= 0.25 && share("label", "text") >= 0.6 && filled.every((c) => c.text!.length <= 90);
  if (grouped) add("dimension", 1, `${distinct} labels over ${shown.length} rows`);
  if (filled.length / shown.length < 0.5 && !grouped) {
    add("notes", 0.2, `${of(filled.length)} filled`);
    add("explanation", 0.2, `${of(filled.length)} filled`);
  }
  return out;
}

/** Every piece of evidence for one column: its title (template, alias or words), its cells, its place. */
export function columnEvidence(title: string | null, cells: readonly ColumnCell[], position: ColumnPosition): RoleEvidence[] {
  const out: RoleEvidence[] = [];
  if (title) {
    const known = templateTitleRole(title);
    if (known) out.push({ role: known.role, weight: known.basis === "alias" ? 5 : 3, basis: known.basis, detail: `"${title}"` });
    out.push(...titleWordEvidence(title));
  }
  const fromCells = cellEvidence(cells);
  out.push(...fromCells);
  if (position.index === 0 && fromCells.some((e) => e.role === "dimension")) out.push({ role: "dimension", weight: 0.3, basis: "position", detail: "first column" });
  return out;
}

function decide(evidence: RoleEvidence[], taken: ReadonlySet<ColumnRole> = new Set()): RoleDecision {
  const sums = new Map<ColumnRole, number>();
  for (const e of evidence) sums.set(e.role, (sums.get(e.role) ?? 0) + e.weight);
  let role: ColumnRole | null = null;
  let score = 0;
  for (const [r, s] of sums) if (!taken.has(r) && s > score) [role, score] = [r, s];
  if (score < MIN_ROLE_SCORE) return { role: null, score: 0, evidence };
  const ordered = [...evidence.filter((e) => e.role === role), ...evidence.filter((e) => e.role !== role)];
  return { role, score: Math.round(score * 100) / 100, evidence: ordered };
}

/** The role of one column weighed alone. */
export function roleOfColumn(title: string | null, cells: readonly ColumnCell[], position: ColumnPosition): RoleDecision {
  return decide(columnEvidence(title, cells, position));
}

export interface TableColumn {
  title: string | null;
  cells: readonly ColumnCell[];
}

/**
 * The roles of a table's columns, decided jointly: the strongest claims first, each role
 * once; then what the columns say together (an activity column beside a measure column
 * makes the activity the description and the measure the formula, where no formula column
 * is printed; a legal term is the target where the office prints none of its own; a text
 * column is the description where none is titled so).
 */
export function assignRoles(columns: readonly TableColumn[], fixed: readonly (ColumnRole | null)[] = []): RoleDecision[] {
  const evidence = columns.map((c, index) => columnEvidence(c.title, c.cells, { index, count: columns.length }));
  const claims: { col: number; role: ColumnRole; score: number }[] = [];
  evidence.forEach((ev, col) => {
    const sums = new Map<ColumnRole, number>();
    for (const e of ev) sums.set(e.role, (sums.get(e.role) ?? 0) + e.weight);
    for (const [role, score] of sums) if (score >= MIN_ROLE_SCORE) claims.push({ col, role, score });
  });
  claims.sort((a, b) => b.score - a.score || a.col - b.col);
  // roles already known (the template's own titles) stand; the other columns take what is left
  const roles: (ColumnRole | null)[] = columns.map((_, i) => fixed[i] ?? null);
  const used = new Set<ColumnRole>(roles.filter((r): r is ColumnRole => r !== null));
  for (const c of claims) {
    if (roles[c.col] !== null || used.has(c.role)) continue;
    roles[c.col] = c.role;
    used.add(c.role);
  }
  settleTogether(roles, evidence, columns.map((c) => c.title));
  return roles.map((role, col) => {
    const ev = evidence[col];
    const score = ev.filter((e) => e.role === role).reduce((k, e) => k + e.weight, 0);
    return role ? { role, score: Math.round(score * 100) / 100, evidence: [...ev.filter((e) => e.role === role), ...ev.filter((e) => e.role !== role)] } : { role: null, score: 0, evidence: ev };
  });
}

const weightOf = (ev: readonly RoleEvidence[], role: ColumnRole) => ev.filter((e) => e.role === role).reduce((k, e) => k + e.weight, 0);

/** The rules over the columns together, after each took its strongest role. */
function settleTogether(roles: (ColumnRole | null)[], evidence: readonly RoleEvidence[][], titles: readonly (string | null)[]): void {
  const at = (r: ColumnRole) => roles.indexOf(r);
  const move = (col: number, role: ColumnRole, why: string) => {
    roles[col] = role;
    evidence[col].push({ role, weight: 0, basis: "position", detail: why });
  };
  // the activity and its measure: "Prestazione | Indicatore" with no formula column
  if (at("activity") >= 0 && at("formula") < 0) {
    const a = at("activity");
    const d = at("description");
    if (d >= 0 && d > a) {
      move(d, "formula", "the measure beside an activity column");
      move(a, "description", "the activity names what is measured");
    } else if (d < 0) move(a, "description", "the only column naming what is measured");
  }
  // two columns naming what is measured and no formula: the left one the commitment, the right one its measure
  const d0 = at("description");
  if (d0 >= 0 && at("formula") < 0) {
    const left = roles.findIndex((r, i) => i < d0 && r === null && weightOf(evidence[i], "description") >= 0.5);
    if (left >= 0) {
      move(d0, "formula", "the measure right of the commitment");
      move(left, "description", "the commitment left of its measure");
    }
  }
  // no description: the left-most column of sentences not taken by a value
  if (at("description") < 0) describeSomething(roles, evidence, move);
  // a legal term printed alone is the target
  if (at("target") < 0 && at("actual") < 0) {
    const legal = roles.findIndex((r, i) => r === "notes" && evidence[i].some((e) => e.basis === "cells" && e.role === "target" && e.weight >= 0.6));
    if (legal >= 0) move(legal, "target", "the only column of values");
  }
  // a group column stands left of what it groups: one right of the description and the values is not one
  const lastValue = Math.max(at("target"), at("actual"));
  const g = at("dimension");
  if (g >= 0 && g > at("description") && lastValue >= 0 && g > lastValue && !evidence[g].some((e) => e.basis === "title words" && e.role === "dimension")) roles[g] = null;
  // a column of texts right of the values that took no role: the rows' remarks (a source, a reference, a type)
  if (lastValue >= 0 && at("notes") < 0) {
    const remarks = roles.findIndex((r, i) => i > lastValue && r === null && weightOf(evidence[i], "notes") > 0 && weightOf(evidence[i], "target") < 0.3);
    if (remarks >= 0) move(remarks, "notes", "the texts right of the values");
  }
  // two value columns and no achieved-value title: the left one is the target
  const t = at("target");
  const a = at("actual");
  if (t >= 0 && a >= 0 && t > a && weightOf(evidence[t], "target") - weightOf(evidence[a], "target") < 0.3 && weightOf(evidence[a], "actual") - weightOf(evidence[t], "actual") < 0.3) {
    move(a, "target", "the left column of values");
    move(t, "actual", "the right column of values");
  }
  legalBesideOwn(roles, evidence, move);
  yearsApart(roles, evidence, titles.map(titleYear), move);
  // a sub-dimension column and no dimension: the table's only group label
  const sub = at("subdimension");
  if (sub >= 0 && at("dimension") < 0 && roles.slice(0, sub).every((r) => r === null)) move(sub, "dimension", "the only group column");
}

type Move = (col: number, role: ColumnRole, why: string) => void;

/** Whether a column's cells are texts (names, sentences, measures), not values, units or links. */
const textCells = (ev: readonly RoleEvidence[]) => weightOf(ev, "notes") + weightOf(ev, "description") >= 0.25 && !ev.some((e) => e.basis === "cells" && (e.role === "target" || e.role === "unit") && e.weight >= 0.6);

/**
 * Every indicator row names what it measures, so a table with no description column takes
 * one: the left-most column of sentences not taken by a value; else a column of texts left
 * of the formula (the operation left of its measure); else the formula column itself, when
 * it is the only column of texts (the measure names the row).
 */
function describeSomething(roles: (ColumnRole | null)[], evidence: readonly RoleEvidence[][], move: Move): void {
  const free = roles.findIndex((r, i) => (r === null || r === "notes" || r === "activity") && weightOf(evidence[i], "description") >= 0.3);
  if (free >= 0) return move(free, "description", "the column of sentences");
  const f = roles.indexOf("formula");
  if (f < 0) return;
  const left = roles.findIndex((r, i) => i < f && r === null && textCells(evidence[i]));
  if (left >= 0) return move(left, "description", "the texts left of the measure");
  const others = roles.some((r, i) => i !== f && (r === null || r === "notes" || r === "activity") && textCells(evidence[i]));
  if (!others && weightOf(evidence[f], "description") >= 0.3) move(f, "description", "the only column of texts");
}

/** Whether a column's title names a legal or regulator's term (the strong notes words of COLUMN_TITLE_WORDS). */
const legalTitle = (ev: readonly RoleEvidence[]) => ev.some((e) => e.basis === "title words" && e.role === "notes" && e.weight >= 2);

/**
 * Two columns of values where one title names the law or a regulator ("fissato dall'autorità",
 * "Termine di legge"): that one is the legal term beside the office's own commitment, so
 * the rows' notes, and the other one the target.
 */
function legalBesideOwn(roles: (ColumnRole | null)[], evidence: readonly RoleEvidence[][], move: Move): void {
  const values = roles.map((r, i) => i).filter((i) => roles[i] === "target" || roles[i] === "actual");
  if (values.length !== 2 || roles.includes("notes")) return;
  const legal = values.filter((i) => legalTitle(evidence[i]));
  if (legal.length !== 1) return;
  const own = values.find((i) => i !== legal[0])!;
  move(legal[0], "notes", "a legal term beside the office's own value");
  move(own, "target", "the office's own value beside a legal term");
}

/** The one year a column title carries ("Valore rilevato 2023", "Impegno 2024"), or null. */
function titleYear(title: string | null): number | null {
  const years = title?.match(/(?<!\d)(?:19|20)\d{2}(?!\d)/g);
  return years?.length === 1 ? Number(years[0]) : null;
}

/**
 * Two columns of values whose titles carry different years: the earlier year's is the
 * achieved value, the later year's the target (a results report's "2023 | 2024"), whatever
 * words the titles use.
 */
function yearsApart(roles: (ColumnRole | null)[], evidence: readonly RoleEvidence[][], years: readonly (number | null)[], move: Move): void {
  const valueCells = (i: number) => evidence[i].some((e) => e.basis === "cells" && e.role === "target" && e.weight >= 0.6);
  const values = roles.map((r, i) => i).filter((i) => (roles[i] === "target" || roles[i] === "actual" || roles[i] === "description" || roles[i] === null) && years[i] !== null && valueCells(i));
  if (values.length !== 2) return;
  const [x, y] = values;
  const [ya, yb] = [years[x]!, years[y]!];
  if (ya === yb) return;
  const [early, late] = ya < yb ? [x, y] : [y, x];
  if (roles[early] === "actual" && roles[late] === "target") return;
  if (roles.some((r, i) => (r === "target" || r === "actual") && i !== early && i !== late)) return;
  const description = roles[early] === "description" || roles[late] === "description";
  move(early, "actual", "the earlier year of two columns of values");
  move(late, "target", "the later year of two columns of values");
  if (description) {
    const free = roles.findIndex((r, i) => r === null && weightOf(evidence[i], "description") >= 0.3);
    if (free >= 0) move(free, "description", "the column of sentences");
  }
}
