/**
 * The paragraphs of a results table in scraped text: lines joined into cells until a blank
 * line, values standing alone, the fattore cells (a label naming dimensions, or one naming
 * none placed by its row's shape), and two cells whose lines the scrape took in turns told
 * apart again.
 */
import { normalizeDimension } from "../../normalize/dimension.js";
import { labelKey } from "../../normalize/text.js";
import { parseValue } from "../../normalize/value.js";
import { headerRole } from "../../template/header.js";
import { formulaStrength, isCountText, isHeaderLine, isValueText } from "../common/kinds.js";
import { type TextLine, endsIncomplete, startsAsContinuation } from "../common/lines.js";

export interface Para {
  text: string;
  line: number;
  /** "dim": a fattore naming dimensions; "fattore": one naming none, placed by its row's shape. */
  kind: "text" | "value" | "dim" | "fattore" | "note";
  /** Printed under the Note column's title (the table's last column, drawn after the others). */
  underNotes?: boolean;
  /** Its lines, as printed. */
  lines?: string[];
}

/**
 * Paragraphs of the results table: lines joined until a blank line; value lines stand
 * alone. With `short` (the right-hand columns' cells gathered below the table, short
 * cells one after the other), a line that opens a sentence after one that ended its own
 * starts a new cell even without a blank line between them.
 */
export function paragraphs(lines: TextLine[], short = false): Para[] {
  const out: Para[] = [];
  let cur: Para | null = null;
  let afterHeader = false;
  let underNotes = false;
  let content = false;
  for (const l of lines) {
    if (isHeaderLine(l.text) || (afterHeader && !l.blankBefore && startsAsContinuation(l.text))) {
      // the Note column's title printed after other columns' cells: what follows it is its own
      if (isHeaderLine(l.text)) underNotes = headerRole(l.text) === "notes" && content;
      afterHeader = true;
      cur = null;
      continue;
    }
    afterHeader = false;
    content = true;
    const last = out[out.length - 1];
    // a value broken over two lines ("38 ore" / "settimanali"): its second line, one word, completes its unit
    if (last?.kind === "value" && !l.blankBefore && /^\p{Ll}+$/u.test(l.text) && refinesUnit(last.text, l.text)) {
      last.text += " " + l.text;
      continue;
    }
    if (last?.kind === "value" && isCountText(last.text) && !l.blankBefore && startsAsContinuation(l.text)) {
      // a count that goes on on the next line ("1.320 avvisi" / "emessi") is a cell's text
      last.kind = "text";
      last.text += " " + l.text;
      cur = last;
      continue;
    }
    // "entro 15" between a cell's lines ("... con risposta" / "entro 15" / "giorni/...") is the cell's, not a value
    const inside = !l.blankBefore && cur && /^(?:entro|oltre|max|almeno)\s+\d+$/i.test(l.text);
    if (isValueText(l.text) && !inside) {
      out.push({ text: l.text, line: l.no, kind: "value", underNotes });
      continue;
    }
    const opens = short && !startsAsContinuation(l.text) && !!cur && !endsIncomplete(cur.text);
    const cont = cur && !opens && (!l.blankBefore || startsAsContinuation(l.text) || endsIncomplete(cur.text));
    if (cur && cont) {
      cur.text += " " + l.text;
      cur.lines?.push(l.text);
      continue;
    }
    const kind: Para["kind"] = /^\*\s*\S/.test(l.text) ? "note" : "text";
    cur = { text: l.text, line: l.no, kind, underNotes, lines: [l.text] };
    out.push(cur);
  }
  for (let i = out.length - 1; i >= 0; i--) {
    const two = interleaved(out[i]);
    if (two) out.splice(i, 1, ...two);
  }
  markFattori(out);
  return out;
}

/** A word that makes a value with a unit another unit of the same value ("38 ore" + "settimanali"). */
function refinesUnit(value: string, word: string): boolean {
  const [a, b] = [parseValue(value), parseValue(`${value} ${word}`)];
  return a.unit !== null && b.unit !== null && b.unit !== a.unit && a.value === b.value;
}

/**
 * The fattore cells: a label naming dimensions from its first word (of two such cells in a
 * row, the first is the service delivered), or one naming none placed by its row's shape.
 */
function markFattori(out: Para[]): void {
  for (const p of out) {
    if (p.kind !== "text") continue;
    const d = normalizeDimension(p.text);
    const first = labelKey(p.text).split(" ")[0];
    if (d.value.length && normalizeDimension(first).value.length) p.kind = "dim";
  }
  // the fattore is the cell after the service delivered: of two such cells in a row, the first is the service
  for (let i = 0; i + 1 < out.length; i++) if (out[i].kind === "dim" && out[i + 1].kind === "dim") out[i].kind = "text";
  // a fattore naming no dimension ("Cortesia del personale"): a full row of the template's
  // columns (service, fattore, indicator, then its values) with none of its cells a dimension
  for (let i = 1; i + 2 < out.length; i++) {
    const [a, b, c, v] = [out[i - 1], out[i], out[i + 1], out[i + 2]];
    const rowStart = i - 2 < 0 || out[i - 2].kind === "value";
    if (rowStart && a.kind === "text" && b.kind === "text" && c.kind === "text" && v.kind === "value" && out[i + 3]?.kind === "value") b.kind = "fattore";
  }
}

/**
 * Two cells side by side whose lines the scrape took in turns (no rule between the
 * columns, the same baselines): a line that opens a sentence right after one left open
 * shows it. Each cell is every other line; the result's description (formula-like) first.
 */
function interleaved(p: Para): Para[] | null {
  const ls = p.lines ?? [];
  if (p.kind !== "text" || ls.length < 3) return null;
  const broken = (xs: string[]) => xs.some((x, i) => i > 0 && endsIncomplete(xs[i - 1]) && /^\p{Lu}/u.test(x));
  if (!broken(ls)) return null;
  const a = ls.filter((_, i) => i % 2 === 0);
  const b = ls.filter((_, i) => i % 2 === 1);
  if (broken(a) || broken(b)) return null;
  const cells = [a, b].map((x) => ({ ...p, text: x.join(" "), lines: x }));
  return formulaLike(cells[1].text) && !formulaLike(cells[0].text) ? [cells[1], cells[0]] : cells;
}

/** A result's own description or count ("14 reclami trattati", "312 su 420", "Richieste evase entro 15 giorni/richieste totali"), not a motivation. */
export function formulaLike(text: string): boolean {
  return /\/|^\s*\d|\d\s+su\s+\d/.test(text) || formulaStrength(text) > 0;
}
