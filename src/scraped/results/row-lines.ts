/**
 * A results report scraped in content-stream order (pdftotext -raw, pdf.js' text order)
 * prints the header's titles on one line and each row's one-line cells on one line after
 * it: "Rimborsi Tempestività Tempo di liquidazione ... 90 giorni 76% Rimborsi liquidati/...",
 * the cells that wrap (over several lines) after the table. Such a line is split into its
 * cells by the template's columns: the service delivered, the fattore (its dimension
 * words), the indicator, the guaranteed and achieved values, and what follows them.
 * A fattore naming no dimension leaves its line as it is.
 */
import { normalizeDimension } from "../../normalize/dimension.js";
import { isActionsHeader } from "../../template/sections.js";
import { headerTitleCount, isValueText } from "../common/kinds.js";
import type { TextLine } from "../common/lines.js";

const dimensionWord = (w: string) => {
  const d = normalizeDimension(w.replace(/[,;]$/, ""));
  return d.value.length === 1 && d.confidence >= 0.85;
};

/** The longest run of tokens from `at` (at most four) that is a value, as its end; -1 where none. */
function valueRun(tokens: string[], at: number): number {
  for (let m = Math.min(4, tokens.length - at); m >= 1; m--) if (isValueText(tokens.slice(at, at + m).join(" "))) return at + m;
  return -1;
}

/** One row line's cells, or null where the line is not one (no fattore naming a dimension, no value after it). */
export function rowLineCells(text: string): string[] | null {
  const t = text.split(/\s+/);
  // the guaranteed and the achieved value side by side on a line of their own
  const v = valueRun(t, 0);
  if (v > 0 && v < t.length && valueRun(t, v) === t.length) return [t.slice(0, v).join(" "), t.slice(v).join(" ")];
  let f = -1;
  for (let i = 1; i < t.length && f < 0; i++) if (/^\p{Lu}/u.test(t[i]) && dimensionWord(t[i])) f = i;
  if (f < 0) {
    // the rest of a wrapped indicator, the two values, the next cell's first words
    const at = pairAt(t, 1);
    return at ? [t.slice(0, at[0]), t.slice(at[0], at[1]), t.slice(at[1], at[2]), t.slice(at[2])].map((x) => x.join(" ")).filter(Boolean) : null;
  }
  // "Accessibilità e trasparenza", "Trasparenza, accessibilità e tempestività"
  let e = f + 1;
  while (e + 1 < t.length && /^(e|ed|,)$/.test(t[e]) && dimensionWord(t[e + 1])) e += 2;
  while (e < t.length && /,$/.test(t[e - 1]) && dimensionWord(t[e])) e++;
  // the service and its fattore alone on the line: the indicator's lines follow
  if (e === t.length) return [t.slice(0, f).join(" "), t.slice(f).join(" ")];
  // the indicator, then the guaranteed and the achieved value side by side, then the rest
  const at = pairAt(t, e);
  // values on a later line: the indicator's first line follows the fattore
  if (!at) return [t.slice(0, f), t.slice(f, e), t.slice(e)].map((x) => x.join(" "));
  return [t.slice(0, f), t.slice(f, e), t.slice(e, at[0]), t.slice(at[0], at[1]), t.slice(at[1], at[2]), t.slice(at[2])].map((x) => x.join(" ")).filter(Boolean);
}

/** The first place from `from` where two values stand side by side: their start, the second's start, its end. */
function pairAt(t: string[], from: number): [number, number, number] | null {
  for (let p = from; p < t.length; p++) {
    const a = valueRun(t, p);
    const b = a > 0 && a < t.length ? valueRun(t, a) : -1;
    if (b > 0) return [p, a, b];
  }
  return null;
}

/** The lines of a results table printed in content-stream order, each row line split into its cells. */
export function splitRowLines(lines: TextLine[]): TextLine[] {
  const header = lines.findIndex((l) => headerTitleCount(l.text) >= 3);
  if (header < 0) return lines;
  const out: TextLine[] = lines.slice(0, header + 1);
  let inTable = true;
  for (const l of lines.slice(header + 1)) {
    if (isActionsHeader(l.text)) inTable = false;
    const cells = inTable ? rowLineCells(l.text) : null;
    if (cells) for (const c of cells) out.push({ ...l, text: c, blankBefore: true });
    else out.push(inTable ? { ...l, blankBefore: true } : l);
  }
  return out;
}
