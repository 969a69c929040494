/**
 * Service blocks printed after their tables: a CMS page (a content type's fields under the
 * record's table) prints each service's indicator table first and its "Label: value"
 * lines ("Denominazione del servizio: ...", "Modalità di erogazione: ...") after it. Where
 * a printed part names no service before its first table, each block that follows a table
 * is read before that table, as every template prints it (the HTML reader does the same
 * from the page's elements: parsers/html.ts fieldsFirst).
 */
import type { TableRow } from "../document/blocks.js";
import { isFootnote } from "../normalize/text.js";
import { detectHeader } from "../template/header.js";
import { matchServiceLabel } from "../template/service.js";

const textsOf = (row: TableRow) => row.cells.filter((c) => c.text && !c.covered).map((c) => c.text!.trim());

/** The field a row's first text labels ("Label: value" or "Label | value"), or null. */
const labelOf = (row: TableRow) => {
  const t = textsOf(row);
  return t.length ? (matchServiceLabel(t[0])?.field ?? null) : null;
};

/** A line alone over a block (its heading: "Informazioni sul servizio"), neither a label nor a note. */
const headingLine = (row: TableRow) => {
  const t = textsOf(row);
  return t.length === 1 && t[0].length <= 80 && !isFootnote(t[0]) && labelOf(row) === null && !detectHeader(row);
};

/** A line alone that opens lower case: the text of the line before it going on. */
const goesOn = (row: TableRow) => {
  const t = textsOf(row);
  return t.length === 1 && /^\p{Ll}/u.test(t[0]) && !isFootnote(t[0]);
};

/** The part's rows with each service block printed after its table moved before it; the rows as they are otherwise. */
export function blocksBeforeTables(rows: TableRow[]): TableRow[] {
  const headers = rows.map((r) => !!detectHeader(r));
  const first = headers.indexOf(true);
  if (first < 0 || rows.slice(0, first).some((r) => labelOf(r) === "name")) return rows;
  const out: TableRow[] = [];
  /** Where the table being read starts in `out` (its header), and its header's texts. */
  let start = -1;
  let titles = "";
  let i = 0;
  while (i < rows.length) {
    if (headers[i]) {
      const t = textsOf(rows[i]).join("|");
      // the same header again goes on with the table (printed again on a new page)
      if (start < 0 || t !== titles) start = out.length;
      titles = t;
      out.push(rows[i++]);
      continue;
    }
    const block = blockAt(rows, i, headers);
    if (block > 0 && start >= 0 && out.length > start + 1) {
      out.splice(start, 0, ...rows.slice(i, i + block));
      start = -1;
      i += block;
      continue;
    }
    out.push(rows[i++]);
  }
  return out;
}

/** How many rows the service block starting at `i` spans (an optional heading line, then label rows, one naming the service), or 0. */
function blockAt(rows: TableRow[], i: number, headers: boolean[]): number {
  let j = i;
  if (headingLine(rows[j]) && j + 1 < rows.length && labelOf(rows[j + 1]) !== null) j++;
  let named = false;
  let labels = 0;
  while (j < rows.length && !headers[j]) {
    const field = labelOf(rows[j]);
    // a value going on after a page break: a line that opens lower case
    if (field === null && labels > 0 && goesOn(rows[j])) {
      j++;
      continue;
    }
    if (field === null) break;
    named ||= field === "name";
    labels++;
    j++;
  }
  return named && labels >= 2 ? j - i : 0;
}
