/**
 * A results table in the ministry's columns (dimension, sub-dimension, indicator, formula,
 * target, achieved value, then an explanation or notes) as scraped text in reading order:
 * each cell a paragraph, row after row, a group's labels printed once on its first row
 * (merged down its rows). No fattore anchors every row here, as in the comuni's reports
 * (report.ts): the rows are read from the header's columns in their order, each paragraph
 * taking the next column its shape fits (a label naming a dimension, a short label, a text,
 * a formula, a value), a group's labels carried down to the rows that print none.
 */
import type { Indicator, Provenance, ReviewItem } from "../../model/schema.js";
import { normalizeDimension } from "../../normalize/dimension.js";
import { titleWordEvidence } from "../../normalize/column-roles.js";
import type { ColumnRole } from "../../normalize/taxonomy.js";
import { buildIndicator } from "../../template/indicator.js";
import { formulaStrength, headerRoles, isHeaderLine, isRatioShaped, isTemplateFootnote, isValueText } from "../common/kinds.js";
import { joinCellLines, type TextLine } from "../common/lines.js";
import { PENALTIES, reasonOf } from "../common/penalties.js";
import { classifyLabel } from "../common/labels.js";

interface Cell {
  text: string;
  line: number;
}

type Shape = "dimension" | "label" | "formula" | "value" | "text";

/** Most words of a sub-dimension's label. */
const LABEL_WORDS = 6;
/** Most words of a label that is no phrase: longer, unknown, after a row's values, it is the row's text. */
const LABEL_PHRASE_WORDS = 3;

/** Whether the header's columns are the ministry's with an achieved value: a sub-dimension column, or the formula before the target, no activity. */
export function readsByColumns(roles: readonly ColumnRole[]): boolean {
  if (!roles.includes("actual") || !roles.includes("description") || roles.includes("activity")) return false;
  if (roles.includes("subdimension")) return true;
  return roles.includes("formula") && roles.includes("target") && roles.indexOf("formula") < roles.indexOf("target");
}

/** The table's rows read from its columns' order, or null where the header does not call for it. */
export function readByColumns(lines: TextLine[], prov: (line: number | null) => Provenance, review: ReviewItem[]): Indicator[] | null {
  const roles = tableRoles(lines);
  if (!readsByColumns(roles)) return null;
  const cells = bodyCells(lines);
  const rows = readRows(cells, roles);
  if (!rows.length) return null;
  const penalty = PENALTIES.columnSequence;
  return rows.map((r) =>
    buildIndicator(
      { dimension_raw: r.dimension, subdimension_raw: r.subdimension, description: r.description, formula: r.formula, target_raw: r.target, actual_raw: r.actual, explanation: r.explanation, notes: r.notes },
      { provenance: prov(r.line), review, actualHint: "percentuale", confidenceCap: penalty.cap, doubts: reasonOf("columnSequence") },
    ),
  );
}

/**
 * The header's columns in order; a header whose titles were printed stacked and run
 * together ("Valore / Valore / programmato conseguito") still has its achieved-value column
 * where a line of it names one by its words, after the target.
 */
function tableRoles(lines: TextLine[]): ColumnRole[] {
  const roles = headerRoles(lines);
  if (roles.includes("actual") || !roles.includes("target")) return roles;
  const start = lines.findIndex((l) => isHeaderLine(l.text));
  let end = start;
  while (end < lines.length && isHeaderLine(lines[end].text)) end++;
  const names = lines.slice(start, end).some((l) => titleWordEvidence(l.text).some((e) => e.role === "actual" && e.weight >= 1));
  if (names) roles.splice(roles.indexOf("target") + 1, 0, "actual");
  return roles;
}

/** The paragraphs after the first header line: no column titles (a header printed again, a title printed after the rows), no footnotes. */
function bodyCells(lines: TextLine[]): Cell[] {
  const start = lines.findIndex((l) => isHeaderLine(l.text));
  const out: Cell[] = [];
  let cur: { parts: string[]; line: number } | null = null;
  const flush = () => {
    if (cur) out.push({ text: joinCellLines(cur.parts), line: cur.line });
    cur = null;
  };
  for (const l of lines.slice(start + 1)) {
    if (l.blankBefore) flush();
    if (isHeaderLine(l.text) || isTemplateFootnote(l.text)) {
      flush();
      continue;
    }
    if (cur) cur.parts.push(l.text);
    else cur = { parts: [l.text], line: l.no };
  }
  flush();
  return out;
}

function shapeOf(text: string): Shape {
  if (isValueText(text)) return "value";
  const words = text.split(/\s+/).length;
  if (words <= LABEL_WORDS + 1 && normalizeDimension(text).value.length > 0) return "dimension";
  if (formulaStrength(text) > 0 || isRatioShaped(text)) return "formula";
  if (words <= LABEL_WORDS && /^\p{Lu}/u.test(text) && !/[.;:]$/.test(text)) return "label";
  return "text";
}

interface Row {
  line: number;
  dimension: string | null;
  subdimension: string | null;
  description: string | null;
  formula: string | null;
  target: string | null;
  actual: string | null;
  explanation: string | null;
  notes: string | null;
}

/**
 * The rows: each row ends on its values (the target, then the achieved value); the cells
 * before a row's first value are, from the value back, its formula and its indicator, then
 * the group labels it prints (a dimension's label, a short sub-dimension label: none where
 * its group's labels were printed on an earlier row and are carried down), and before those
 * the row above's text cells after its values (an explanation, notes).
 */
function readRows(cells: Cell[], roles: readonly ColumnRole[]): Row[] {
  const rows: Row[] = [];
  const has = (r: ColumnRole) => roles.includes(r);
  const shapes = cells.map((c) => shapeOf(c.text));
  const shape = (i: number) => shapes[i];
  const core = has("formula") ? 2 : 1;
  let dimension: string | null = null;
  let subdimension: string | null = null;
  let k = 0;
  for (;;) {
    let v = k;
    while (v < cells.length && shape(v) !== "value") v++;
    if (v >= cells.length) {
      trailing(rows[rows.length - 1], cells.slice(k), has);
      return rows;
    }
    const first = v - core;
    // a value with too few cells before it for an indicator: no row
    if (first < k) {
      k = v + 1;
      continue;
    }
    // the group labels right before the indicator; one short cell right after the row above's
    // values, in a table with text columns after them, is that row's where it is a phrase
    // rather than a label (more than a few words, naming no sub-dimension)
    const afterValues = (i: number) => i === k && rows.length > 0 && (has("explanation") || has("notes")) && cells[i].text.split(/\s+/).length > LABEL_PHRASE_WORDS;
    const namesGroup = (t: string) => classifyLabel(t)?.kind === "sub";
    let labels = first;
    const short = (i: number) => i >= k && (shape(i) === "label" || shape(i) === "dimension");
    if (short(first - 1) && has("subdimension") && short(first - 2) && shape(first - 2) === "dimension") {
      [dimension, subdimension, labels] = [cells[first - 2].text, cells[first - 1].text, first - 2];
    } else if (short(first - 1) && shape(first - 1) === "dimension" && has("dimension")) {
      [dimension, subdimension, labels] = [cells[first - 1].text, null, first - 1];
    } else if (short(first - 1) && has("subdimension") && (!afterValues(first - 1) || namesGroup(cells[first - 1].text))) {
      [subdimension, labels] = [cells[first - 1].text, first - 1];
    }
    trailing(rows[rows.length - 1], cells.slice(k, labels), has);
    const row: Row = { line: cells[labels].line, dimension, subdimension, description: cells[first].text, formula: core === 2 ? cells[first + 1].text : null, target: null, actual: null, explanation: null, notes: null };
    k = v;
    for (const role of ["target", "actual"] as const) if (has(role) && k < cells.length && shape(k) === "value") row[role] = cells[k++].text;
    rows.push(row);
  }
}

/** The text cells a row printed after its values: its explanation, then its notes (the last taking what is left). */
function trailing(row: Row | undefined, texts: Cell[], has: (r: ColumnRole) => boolean): void {
  if (!row || !texts.length) return;
  const slots = (["explanation", "notes"] as const).filter(has);
  slots.forEach((role, n) => {
    const mine = n === slots.length - 1 ? texts.slice(n) : texts.slice(n, n + 1);
    if (mine.length) row[role] = mine.map((c) => c.text).join(" ");
  });
}
