/**
 * A header of scraped text (reading order: a cell per paragraph) whose titles the
 * template's vocabulary does not all name ("Dimensioni di qualità | Sottodimensione | Nome
 * dell'indicatore | Algoritmo di calcolo | Obiettivo fissato"), known by its structure:
 * a run of three cells or more, each a short title whose words give it a role (the
 * template's titles, or the column-role words by stem: normalize/column-roles.ts), the
 * roles distinct, a description among them and a target or achieved value, and values or
 * formulas printed in the cells after it. Its titles the template does not know become
 * header aliases for this document's reading (normalize/aliases.ts), so the reading that
 * knows the template's header reads this one too; each is reported for review with the
 * role it was given and why. A title broken over lines is joined into one line.
 */
import type { Alias } from "../../normalize/aliases.js";
import { roleOfColumn, templateTitleRole } from "../../normalize/column-roles.js";
import type { ColumnRole } from "../../normalize/taxonomy.js";
import { labelKey } from "../../normalize/text.js";
import { isTitle } from "../../template/table-roles.js";
import { matchServiceLabel } from "../../template/service.js";
import { formulaStrength, isValueText } from "./kinds.js";
import type { TextLine } from "./lines.js";

/** Most words a title of such a header has. */
const MAX_TITLE_WORDS = 6;

/** A paragraph: lines with no blank line between them, by their indices. */
interface Cell {
  from: number;
  to: number;
  text: string;
  /** The line number of its first line. */
  no: number;
  /** Its last line's text. */
  last: string;
}

export interface InferredTitle extends Alias {
  kind: "header";
  /** Why the title was given its role: the words that weighed. */
  evidence: string;
  /** The line the title is printed on. */
  line: number;
}

/** The header titles a scrape's own header holds that the template does not name, and its lines with broken titles joined. */
export function inferTitles(lines: TextLine[]): { lines: TextLine[]; titles: InferredTitle[] } {
  const cells = paragraphs(lines);
  const titles: InferredTitle[] = [];
  for (let i = 0; i < cells.length; i++) {
    const run = headerRun(cells, i);
    if (!run) continue;
    for (const t of run.unknown) if (!titles.some((k) => labelKey(k.label) === labelKey(t.label))) titles.push(t);
    i += run.length - 1;
  }
  if (!titles.length) return { lines, titles };
  return { lines: joinTitles(lines, cells, titles), titles };
}

function paragraphs(lines: TextLine[]): Cell[] {
  const out: Cell[] = [];
  lines.forEach((l, i) => {
    const last = out[out.length - 1];
    if (last && !l.blankBefore && l.page === lines[i - 1].page) {
      last.to = i;
      last.text = `${last.text} ${l.text}`;
      last.last = l.text;
    } else out.push({ from: i, to: i, text: l.text, no: l.no, last: l.text });
  });
  return out;
}

/** The title's role and whether the template names it, or null where it is no title. */
function titleRole(text: string): { role: ColumnRole; known: boolean; evidence: string } | null {
  if (!/^\p{Lu}/u.test(text) || text.split(/\s+/).length > MAX_TITLE_WORDS || /\d/.test(text) || !isTitle(text) || isValueText(text) || matchServiceLabel(text)) return null;
  const known = templateTitleRole(text);
  if (known) return { role: known.role, known: true, evidence: known.basis };
  // (a column with its title only: the title's words weighed as a grid's are)
  const d = roleOfColumn(text, [], { index: 0, count: 1 });
  if (!d.role) return null;
  return { role: d.role, known: false, evidence: d.evidence.filter((e) => e.role === d.role).map((e) => e.detail).join(", ") };
}

/** The header run starting at cell i (its length in cells, the titles the template does not name), or null where no header starts there. */
function headerRun(cells: Cell[], i: number): { length: number; unknown: InferredTitle[] } | null {
  const run: { cell: Cell; role: ColumnRole; known: boolean; evidence: string }[] = [];
  // a label's value is no title ("Denominazione del servizio: | Primo servizio")
  if (i > 0 && matchServiceLabel(cells[i - 1].last)?.rest === "") return null;
  for (let j = i; j < cells.length; j++) {
    const r = titleRole(cells[j].text);
    if (!r || run.some((x) => x.role === r.role) || (j > i && bodyCell(cells, j))) break;
    run.push({ cell: cells[j], ...r });
  }
  const roles = new Set(run.map((r) => r.role));
  if (run.length < 3 || !roles.has("description") || !(roles.has("target") || roles.has("actual"))) return null;
  // the cells after it hold values or formulas: an indicator table's rows
  const after = cells.slice(i + run.length, i + run.length * 4);
  if (!after.some((c) => isValueText(c.text) || formulaStrength(c.text) > 0)) return null;
  const unknown = run.filter((r) => !r.known).map((r) => ({ kind: "header" as const, label: r.cell.text, code: r.role, evidence: r.evidence, line: r.cell.no }));
  return { length: run.length, unknown };
}

/** Cells after a header's run where its cells may be printed again (its rows, the header repeated). */
const REPEAT_REACH = 40;

/**
 * A cell printed again in the cells after it, but not beside the cell before it as here: a
 * cell of the rows (an activity repeated on each row), not a title (a header printed again
 * comes whole, its titles side by side as before).
 */
function bodyCell(cells: Cell[], j: number): boolean {
  const key = labelKey(cells[j].text);
  const before = labelKey(cells[j - 1].text);
  for (let k = j + 1; k < Math.min(cells.length, j + REPEAT_REACH); k++) {
    if (labelKey(cells[k].text) === key && labelKey(cells[k - 1].text) !== before) return true;
  }
  return false;
}

/** The lines with every paragraph that is one of the titles printed as one line. */
function joinTitles(lines: TextLine[], cells: Cell[], titles: InferredTitle[]): TextLine[] {
  const keys = new Set(titles.map((t) => labelKey(t.label)));
  const out: TextLine[] = [];
  for (const c of cells) {
    if (c.to > c.from && keys.has(labelKey(c.text))) out.push({ ...lines[c.from], text: c.text });
    else out.push(...lines.slice(c.from, c.to + 1));
  }
  return out;
}
