/**
 * The comuni's results reports ("Risultati della qualità dei servizi") as scraped text.
 * Each row is anchored on its "fattore di qualità" (a label naming one or more
 * dimensions): the cell before it is the service delivered (activity), the cells after
 * it the indicator, the guaranteed value and the achieved value. "*" achieved values
 * point to a footnote in the motivation column. Then improvement actions and the
 * signatory.
 */
import type { Indicator, Provenance, ReviewItem } from "../../model/schema.js";
import { buildIndicator } from "../../template/indicator.js";
import { isActionsHeader } from "../../template/sections.js";
import { labelKey } from "../../normalize/text.js";
import { namesSigningRole, signedDigitally } from "../../normalize/signatory.js";
import { ACTIONS_TITLES } from "../../normalize/taxonomy.js";
import { parseValue } from "../../normalize/value.js";
import { comparatorOf } from "../../normalize/comparator.js";
import { headerRoles, headerTitleCount, isHeaderLine, isValueText, splitTrailingValue } from "../common/kinds.js";
import { normalizeDimension } from "../../normalize/dimension.js";
import { type TextLine, endsIncomplete } from "../common/lines.js";
import { type Para, formulaLike, paragraphs } from "./paragraphs.js";
import { splitRowLines } from "./row-lines.js";
import { PENALTIES, type PenaltyName, reasonOf } from "../common/penalties.js";


/** A paragraph naming the signatory (of any length: a cell that names one is no indicator's). */
const namesSignatory = (text: string) => signedDigitally(text) || namesSigningRole(text);
/** The signatory's own line is shorter. */
const SIGNATORY_MAX = 200;

/** The drafts of one results row: its cells as read before the drifted ones are placed. */
interface ResultsDraft {
  fattore: Para;
  activity: string | null;
  description: string | null;
  target: string | null;
  actual: string | null;
  formula: string | null;
  explanation: string | null;
  notes: string | null;
  /** A cell printed below the table was placed on this row. */
  moved?: boolean;
  /** One cell after the values, read as the formula or the motivation by its shape: either may be right. */
  lone?: boolean;
  /** The table's rows read their bound (the guaranteed value) on both sides: which value is which is in doubt. */
  valuesMixed?: boolean;
  /** The row's values were more or fewer than its columns: a value was handed to or from a neighbouring row. */
  shifted?: boolean;
}


/** Content words two texts share (folded, compared on their first five letters): a result describes its indicator's measure. */
function overlap(a: string, b: string): number {
  const stems = (t: string) => new Set(labelKey(t).split(" ").filter((w) => w.length >= 4).map((w) => w.slice(0, 5)));
  const x = stems(a);
  let n = 0;
  for (const w of stems(b)) if (x.has(w)) n++;
  return n;
}

/** A count of N out of M ("412 pratiche su 488", "980/1.140"). */
const RATIO = /(\d{1,3}(?:\.\d{3})*|\d+)\D{0,40}?(?:\ssu\s|\/)\s*(\d{1,3}(?:\.\d{3})*|\d+)\b/;
/** Whether a result's count of N out of M is the achieved percentage (rounded as printed). */
export function ratioMatches(text: string, actual: string | null): boolean {
  const m = RATIO.exec(text);
  const a = actual ? parseValue(actual, "percentuale") : null;
  if (!m || !a || a.unit !== "percent" || a.value === null) return false;
  const [n, d] = [Number(m[1].replace(/\./g, "")), Number(m[2].replace(/\./g, ""))];
  return d > 0 && n <= d && Math.abs((100 * n) / d - a.value) < 1;
}

/** Whether a row missed its target: no achieved value, "*", or less than guaranteed (a percentage under 100 against a target in other units). */
function missed(d: ResultsDraft): boolean {
  if (!d.actual || d.actual === "*") return true;
  const a = parseValue(d.actual, "percentuale");
  const t = parseValue(d.target);
  if (a.value === null) return true;
  if (t.unit === a.unit && t.value !== null) return a.value < t.value;
  return a.unit === "percent" && a.value < 100;
}

/**
 * One row's cells from the paragraphs after its fattore, in the template's column order:
 * the indicator, the guaranteed value, the achieved value, then the result's description
 * (formula) and, where the row missed its target, the motivation. A guaranteed value
 * written as a sentence ("... previsti in 30 giorni") stands where a value would.
 */
function readRow(fattore: Para, activity: string | null, after: Para[], order: ColumnOrder): ResultsDraft & { spare: string[] } {
  const { actualFirst } = order;
  const texts = after.filter((p) => p.kind === "text");
  const values = after.filter((p) => p.kind === "value").map((v) => v.text);
  // a row line split into its cells (content-stream order) with no indicator on it: the text after its values is no indicator
  const firstValue = after.findIndex((p) => p.kind === "value");
  const tailOnly = texts[0] && firstValue >= 0 && after.indexOf(texts[0]) > firstValue && texts[0].line === fattore.line && after[firstValue].line === fattore.line;
  const d: ResultsDraft = { fattore, activity, description: tailOnly ? null : (texts[0]?.text ?? null), target: null, actual: null, formula: null, explanation: null, notes: null };
  // a value printed on the indicator's last line ("... anagrafe nazionale 100%")
  // (a bare number too, where the row has at most one value of its own: the achieved one)
  const bare = d.description && values.length < 2 ? /^(.*\S)\s+(\d{1,3})$/.exec(d.description) : null;
  const glued = d.description && values.length < 2 ? (splitTrailingValue(d.description, d.description, true) ?? (bare ? { text: bare[1], value: bare[2] } : null)) : null;
  if (glued) {
    d.description = glued.text;
    values.unshift(glued.value);
  }
  let rest = tailOnly ? texts : texts.slice(1);
  // a guaranteed value written as a sentence, before the achieved value
  if (rest[0] && parseValue(rest[0].text).value !== null && (firstValue < 0 || after.indexOf(rest[0]) < firstValue)) {
    d.target = rest[0].text;
    rest = rest.slice(1);
  } else {
    // the header prints the achieved value first: the row's last two values swap places
    if (actualFirst && values.length >= 2) [values[values.length - 2], values[values.length - 1]] = [values[values.length - 1], values[values.length - 2]];
    // "*" points to the motivation's footnote: it is an achieved value, never the guaranteed one
    if (values[0] === "*" && values.length >= 2) [values[0], values[1]] = [values[1], values[0]];
    d.target = values.shift() ?? null;
  }
  // more achieved values than one: the earlier ones drifted from the rows above
  d.actual = values.pop() ?? null;
  unitBack(d);
  // the cells after the values: the result's description, then a motivation where the target was missed
  if (rest.length >= 2) {
    d.formula = rest[0].text;
    if (missed(d)) d.explanation = rest[1].text;
  } else if (rest.length === 1) {
    if (missed(d) && !formulaLike(rest[0].text)) d.explanation = rest[0].text;
    else d.formula = rest[0].text;
    // one text cell after the values and a Note column beside the result's description: either may be its column
    d.lone = !formulaLike(rest[0].text) && (missed(d) || order.notes);
  }
  return { ...d, spare: values };
}

/**
 * A value broken over two lines whose second line ("lavorativi", "settimanali") the reading
 * order put at the end of the indicator: the word goes back to the value it completes (the
 * unit it makes differs from the value's own), the one whose unit it makes the other's.
 */
function unitBack(d: ResultsDraft): void {
  const m = d.description ? /^(.*\S)\s+(\p{Ll}+)$/u.exec(d.description) : null;
  if (!m) return;
  const unit = (v: string | null) => (v ? parseValue(v).unit : null);
  const fits = (["target", "actual"] as const).filter((k) => d[k] && unit(`${d[k]} ${m[2]}`) !== unit(d[k]) && parseValue(`${d[k]} ${m[2]}`).value === parseValue(d[k]!).value);
  const other = (k: "target" | "actual") => (k === "target" ? d.actual : d.target);
  const k = fits.length === 1 ? fits[0] : fits.find((x) => unit(`${d[x]} ${m[2]}`) === unit(other(x)));
  if (!k) return;
  d[k] = `${d[k]} ${m[2]}`;
  d.description = m[1];
}

const COLUMNS = ["description", "actual", "formula", "explanation", "notes"] as const;

/**
 * Cells of the right-hand columns that drifted below the table (under their own titles),
 * in the rows' order: an achieved value to the next row without one; a motivation to a
 * later row that missed its target and has none (the first, or the one it shares words
 * with); a result's description to a later row without one, the one whose indicator it
 * shares words with, or the measured row whose motivation follows it; under the Note
 * column's title, notes by the same words.
 */
function placeDrifted(drafts: ResultsDraft[], cells: Para[]): void {
  let at = 0;
  let col = -1;
  const open = (k: number, c: (typeof COLUMNS)[number]) => k > at || (k === at && COLUMNS.indexOf(c) > col);
  const put = (k: number, c: (typeof COLUMNS)[number], text: string, sure = false) => {
    drafts[k][c] = text;
    if (!sure) drafts[k].moved = true;
    at = k;
    col = COLUMNS.indexOf(c);
  };
  const words = (d: ResultsDraft) => `${d.description ?? ""} ${d.activity ?? ""}`;
  /** The row a motivation explains: of the later rows that missed their target and have none, the first, or the one it shares words with. */
  const motivationRow = (text: string) => {
    let best = -1;
    let k = -1;
    drafts.forEach((d, j) => {
      if (!open(j, "explanation") || !missed(d) || d.explanation) return;
      const sc = overlap(text, words(d));
      if (sc > best) [best, k] = [sc, j];
    });
    return k;
  };
  cells.forEach((p, i) => {
    if (p.underNotes) {
      let best = 0;
      let k = drafts.findIndex((d) => !d.notes);
      drafts.forEach((d, j) => {
        const sc = d.notes ? 0 : overlap(p.text, words(d));
        if (sc > best) [best, k] = [sc, j];
      });
      if (k >= 0) [drafts[k].notes, drafts[k].moved] = [p.text, true];
      return;
    }
    if (p.kind === "value") {
      const k = drafts.findIndex((d, j) => open(j, "actual") && !d.actual);
      if (k >= 0) put(k, "actual", p.text);
      return;
    }
    if (!formulaLike(p.text)) {
      const k = motivationRow(p.text);
      // a row printed without its indicator (content-stream order): its indicator comes before its other cells
      const bare = drafts.findIndex((d, j) => open(j, "description") && !d.description);
      if (bare >= 0 && (k < 0 || k >= bare) && /^\p{Lu}/u.test(p.text)) return put(bare, "description", p.text);
      if (k >= 0) return put(k, "explanation", p.text);
    }
    // a description followed by a motivation: both are cells of the row the motivation goes
    // to, where that row was measured (a row with no achieved value has no result either)
    const next = cells[i + 1];
    const mot = next && next.kind === "text" && !next.underNotes && !formulaLike(next.text) ? motivationRow(next.text) : -1;
    const measured = mot >= 0 && parseValue(drafts[mot].actual, "percentuale").value !== null;
    // a count whose ratio is one open row's achieved percentage ("412 pratiche su 488": 84%) is that row's
    const byRatio = drafts.map((d, j) => j).filter((j) => open(j, "formula") && !drafts[j].formula && ratioMatches(p.text, drafts[j].actual));
    if (byRatio.length === 1) return put(byRatio[0], "formula", p.text, true);
    let best = -Infinity;
    let k = -1;
    drafts.forEach((d, j) => {
      if (!open(j, "formula") || d.formula) return;
      const sc = 2 * overlap(p.text, words(d)) + (measured && j === mot ? 2.5 : 0);
      if (sc > best) [best, k] = [sc, j];
    });
    if (k >= 0) put(k, "formula", p.text);
  });
}

/**
 * What lowers a results row's confidence: a missing cell; in content-stream order (no blank
 * lines) a row's cells told apart by their sentences only; cells of the right-hand columns
 * printed below the table, which go to rows by their words and order (any row may own one);
 * a fattore placed by its row's shape, or a motivation placed away from its row.
 */
function rowPenalty(d: ResultsDraft, stream: boolean, drifted: boolean, inline: Set<Para>, activities: string[]): PenaltyName | null {
  if (!d.description) return "resultsNoIndicator";
  if (!d.activity) return "resultsNoActivity";
  if (stream) return "resultsContentStream";
  if ([d.formula, d.explanation, d.notes].some((c) => c && spliced(c, activities))) return "resultsCellSpliced";
  if (d.shifted) return "resultsValueShifted";
  if (d.valuesMixed) return "resultsValueOrder";
  // cells printed below the table: the rows that took one, and those that may own one (no formula, a missed target with no motivation)
  // cells printed below the table: the rows that took one are in doubt; a row that took none
  // and has no result description may own one (a cell missing, none wrong: not to review, unless
  // its one cell after the values could be that description); a missed target with no motivation may own one
  if (drifted && d.moved) return "resultsDrifted";
  if (drifted && !d.formula) return d.explanation || d.lone ? "resultsDrifted" : "resultsDriftedNoFormula";
  if (drifted && missed(d) && !d.explanation) return "resultsDriftedMissed";
  if (d.lone || d.fattore.kind === "fattore" || (d.explanation && !inline.has(d.fattore))) return "resultsCellOrder";
  return null;
}

const ARTICLES = new Set(["il", "lo", "la", "i", "gli", "le", "un", "uno", "una"]);

/**
 * A cell cut mid-phrase whose rest is the end of another cell printed in the table (an
 * activity's name: "412 richieste accolte su" + "… centri di cura"): the reading order ran
 * two cells together and the cell's own end is elsewhere.
 */
export function spliced(cell: string, others: string[]): boolean {
  const words = cell.split(/\s+/);
  for (const o of others) {
    const tail = o.split(/\s+/);
    for (let k = 1; k <= tail.length && k < words.length; k++) {
      const end = tail.slice(-k).join(" ");
      const before = words.slice(0, -k);
      // one shared word after an article is a phrase of its own ("per la cura")
      if (k === 1 && ARTICLES.has(before[before.length - 1].toLowerCase())) continue;
      if (words.slice(-k).join(" ") === end && endsIncomplete(before.join(" "))) return true;
    }
  }
  return false;
}

/** What the header says of the columns' order: the achieved value printed before the target. */
interface ColumnOrder {
  actualFirst: boolean;
  /** The header has a Note column: a lone text cell after the values may be the note. */
  notes: boolean;
}

/** A line that names dimensions from its first word: a fattore di qualità. */
const isFattoreLine = (t: string) => normalizeDimension(t).value.length > 0 && normalizeDimension(labelKey(t).split(" ")[0]).value.length > 0;

export function readResults(printed: TextLine[], prov: (line: number | null) => Provenance) {
  const review: ReviewItem[] = [];
  const { table, tail, drifted } = reportParts(splitRowLines(printed));
  // content-stream order prints no blank lines between a row's cells: a line that opens a sentence opens a cell
  const stream = table.some((l) => headerTitleCount(l.text) >= 3);
  const paras = paragraphs(table, stream);
  const tailParas = paragraphs(tail);
  const notes = [...paras, ...drifted, ...tailParas].filter((p) => p.kind === "note");
  const roles = headerRoles(printed);
  const order = { actualFirst: roles.includes("actual") && roles.includes("target") && roles.indexOf("actual") < roles.indexOf("target"), notes: roles.includes("notes") };
  const drafts = rowDrafts(paras.filter((p) => p.kind !== "note"), notes, order);
  const inline = new Set(drafts.filter((d) => d.explanation).map((d) => d.fattore));
  const driftedCells = drifted.filter((p) => (p.kind === "text" || p.kind === "value") && !namesSignatory(p.text));
  placeDrifted(drafts, driftedCells);
  const activities = [...new Set(drafts.map((d) => d.activity).filter((a): a is string => !!a))];
  const indicators: Indicator[] = drafts.map((d) => {
    const penalty = rowPenalty(d, stream, driftedCells.length > 0, inline, activities);
    return buildIndicator(
      { dimension_raw: d.fattore.text, description: d.description, formula: d.formula, target_raw: d.target, actual_raw: d.actual, activity: d.activity, explanation: d.explanation, notes: d.notes },
      {
        provenance: prov(d.fattore.line),
        review,
        actualHint: "percentuale",
        confidenceCap: penalty ? PENALTIES[penalty].cap : 1,
        // a row placed without a seam still names how it was read, should its labels be doubtful
        doubts: reasonOf(penalty ?? "resultsCellOrder"),
      },
    );
  });
  return { indicators, ...actionsAndSignatory(tailParas, drifted), review };
}

/**
 * A report's lines in parts: the table's rows; the lines after the actions' header (the
 * actions, the signatory); and the right-hand columns' cells printed away from their rows,
 * under their own titles, right after the rows or below the actions.
 */
function reportParts(lines: TextLine[]): { table: TextLine[]; tail: TextLine[]; drifted: Para[] } {
  const actionsAt = lines.findIndex((l) => isActionsHeader(l.text));
  let table = actionsAt >= 0 ? lines.slice(0, actionsAt) : lines;
  // the right-hand columns' cells can also come right after the rows, under their titles,
  // before the actions: a header line after the first value with no fattore and no value after it
  // (a value there is a row's achieved value printed below it, which the rows' own pass places)
  const firstValue = table.findIndex((l) => isValueText(l.text));
  const valueCell = (k: number) => isValueText(table[k].text) && table[k].blankBefore && (k + 1 >= table.length || table[k + 1].blankBefore);
  const mid = firstValue < 0 ? -1 : table.findIndex((l, i) => i > firstValue && isHeaderLine(l.text) && !table.some((x, k) => k > i && (isFattoreLine(x.text) || valueCell(k))));
  const early = mid >= 0 ? paragraphs(table.slice(mid), true) : [];
  if (mid >= 0) table = table.slice(0, mid);
  const after = (actionsAt >= 0 ? lines.slice(actionsAt + 1) : []).filter((l) => !ACTIONS_TITLES.includes(labelKey(l.text)));
  // the table's right-hand columns (formula, motivation, notes) can drift below the actions:
  // they come under their own column titles
  const cut = after.findIndex((l) => isHeaderLine(l.text));
  const tail = cut >= 0 ? after.slice(0, cut) : after;
  return { table, tail, drifted: [...early, ...(cut >= 0 ? paragraphs(after.slice(cut), true) : [])] };
}

/**
 * The rows, one per fattore (the cell before it is its activity), their achieved values
 * printed with the row below given back, and "*" achieved values given the motivation
 * column's footnotes (`notes`, taken in order).
 */
function rowDrafts(items: Para[], notes: Para[], order: ColumnOrder): ResultsDraft[] {
  const anchors = items.map((p, i) => (p.kind === "dim" || p.kind === "fattore" ? i : -1)).filter((i) => i >= 0);
  const drafts = anchors.map((a, n) => {
    const end = n + 1 < anchors.length ? anchors[n + 1] - 1 : items.length; // the cell before the next anchor is its activity
    const prevEnd = n > 0 ? anchors[n - 1] : -1;
    const before = items[a - 1];
    const activity = a - 1 > prevEnd && before?.kind === "text" ? before.text : null;
    return readRow(items[a], activity, items.slice(a + 1, end), order);
  });
  // an achieved value printed with the row below belongs to the row above that has none
  drafts.forEach((d, k) => {
    const prev = drafts[k - 1];
    if (prev && !prev.actual && d.spare.length) {
      prev.actual = d.spare.shift()!;
      prev.shifted = d.shifted = true;
    }
    if (d.spare.length) d.shifted = true;
  });
  valuesByBounds(drafts);
  // "*" achieved values point to the footnotes of the motivation column, in order
  for (const d of drafts) if (d.actual === "*" && (!d.explanation || !/^\*/.test(d.explanation))) d.explanation = notes.shift()?.text ?? d.explanation;
  return drafts;
}

/**
 * The guaranteed value is the one stated as a bound ("entro 15 giorni", "≥ 90%"), an
 * achieved value is a measure: where more rows read a bound as achieved beside a measure
 * as guaranteed than the other way round, the reading order put the columns the other way
 * and every row's two values swap. Where rows say both, every row's pair is in doubt.
 */
function valuesByBounds(drafts: ResultsDraft[]): void {
  const both = drafts.filter((d) => d.target && d.actual);
  const bound = (v: string | null) => comparatorOf(v) !== null;
  const flipped = both.filter((d) => bound(d.actual) && !bound(d.target)).length;
  const straight = both.filter((d) => bound(d.target) && !bound(d.actual)).length;
  if (flipped > straight) for (const d of both) [d.target, d.actual] = [d.actual, d.target];
  if (flipped > 0 && straight > 0) for (const d of both) d.valuesMixed = true;
}

/** Improvement actions: paragraphs in pairs (action, outcome) after their header; the signatory's line wherever it drifted. */
function actionsAndSignatory(tailParas: Para[], drifted: Para[]): { actions: { action: string; outcome: string | null }[]; signatory: string | null } {
  const actions: { action: string; outcome: string | null }[] = [];
  let signatory: string | null = null;
  for (const p of [...tailParas, ...drifted]) if (!signatory && namesSignatory(p.text) && p.text.length < SIGNATORY_MAX) signatory = p.text;
  const tpars = tailParas.filter((p) => p.text !== signatory && p.kind !== "note");
  for (let i = 0; i < tpars.length; i += 2) actions.push({ action: tpars[i].text, outcome: tpars[i + 1]?.text ?? null });
  return { actions, signatory };
}
