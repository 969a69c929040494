/**
 * Text outside tables (title block, service block, footnotes, signatory) as rows of text
 * blocks side by side; a paragraph of its own starts at a change of type size, a service
 * label, a footnote or under a line that ended short.
 */
import { endsIncomplete, isFootnote } from "../normalize/text.js";
import { labelByMeaning, matchServiceLabel } from "../template/service.js";
import type { Segment, TextRun } from "./geometry.js";
import { bboxOf, chunks, clusterPositions, leadingOf, lineText, stackLines, textOfRuns, toRunLines, type LineStack, type RunLine, type PageRow } from "./lines.js";

/** Rows of text outside tables: blocks side by side that overlap vertically are one row. */
export function freeTextRows(runs: TextRun[], rules: readonly Segment[] = []): PageRow[] {
  if (!runs.length) return [];
  const lines = toRunLines(runs);
  const pieces = lines.flatMap((l) => chunks(l));
  // columns: left edges within a snap distance
  const lefts = clusterPositions(pieces.map((p) => p.x0));
  const colOf = (x: number) => {
    let best = 0;
    for (let i = 0; i < lefts.length; i++) if (Math.abs(lefts[i] - x) < Math.abs(lefts[best] - x)) best = i;
    return best;
  };
  const placed = pieces.map((line) => ({ col: colOf(line.x0), line }));
  // each column's right edge for each type size: where its widest line of that size ends
  const right = new Map<string, number>();
  const key = (l: RunLine) => `${colOf(l.x0)}:${Math.round(l.size)}`;
  for (const p of placed) right.set(key(p.line), Math.max(right.get(key(p.line)) ?? -Infinity, p.line.x1));
  const colRight = (l: RunLine) => right.get(key(l)) ?? l.x1;
  // a paragraph of its own starts at a change of type size (a heading over the next line), a service
  // label ("Label: value" paragraphs set close together, the label's words in any wording), a
  // footnote, a line under one that ends well short of it (a wrapped line fills its width:
  // the line before ended its own paragraph; links one a line are one list), or a rule between them
  const opens = (l: RunLine, before: RunLine) =>
    Math.abs(l.size - before.size) > 0.12 * Math.max(l.size, before.size) || opensWithLabel(lineText(l)) || isFootnote(lineText(l)) || (l.x1 - before.x1 > 8 * l.size && !(isLink(lineText(l)) && isLink(lineText(before)))) || ruledApart(rules, l, before) || endedShort(l, before, colRight(before)) || fieldLines(lineText(l), lineText(before)) || rowBeside(l, before, placed);
  const leading = leadingOf(placed);
  const blocks = stackLines(placed, leading, opens);
  blocks.sort((a, b) => a.top - b.top);
  const groups: LineStack[][] = [];
  let bottom = -Infinity;
  for (const b of blocks) {
    const overlap = Math.min(bottom, b.bottom) - b.top;
    // a block under one of the row's own (their columns overlap) starts the next row: a row's
    // cells stand side by side (cards side by side, each a label over its text)
    const under = groups.length > 0 && groups[groups.length - 1].some((o) => o.x0 < b.x1 && b.x0 < o.x1);
    if (groups.length && overlap > 0.3 * Math.min(b.bottom - b.top, 10) && !under) {
      groups[groups.length - 1].push(b);
      bottom = Math.max(bottom, b.bottom);
    } else {
      groups.push([b]);
      bottom = b.bottom;
    }
  }
  return groups.map((g) => {
    g.sort((a, b) => a.x0 - b.x0);
    return { cells: g.map((b) => ({ text: textOfRuns(b.runs) })), bbox: bboxOf(g) };
  });
}

/**
 * Rows of a label | value block set one line each (a sheet's rows printed as they are,
 * whose cells no wrap tells apart), where the lines of two columns stand level: a line
 * opens a row where it is a service's label as a whole (the template's, or a label's words:
 * "Destinatari", "Link"; opening in a capital, no colon) with text right of it and of the
 * line above; where the line left of it is such a label (its value); where it is only a
 * link under a line that is not (a value), or has such a link right of it (its label).
 */
function rowBeside(l: RunLine, before: RunLine, placed: { col: number; line: RunLine }[]): boolean {
  const levelWith = (x: RunLine, side: "left" | "right") =>
    placed.find((p) => Math.abs(p.line.baseline - x.baseline) < 0.3 * x.size && (side === "left" ? p.line.x1 <= x.x0 : p.line.x0 >= x.x1))?.line;
  const text = (x: RunLine | undefined) => (x ? lineText(x) : "");
  const [left, right, leftBefore, rightBefore] = [levelWith(l, "left"), levelWith(l, "right"), levelWith(before, "left"), levelWith(before, "right")];
  if (right && rightBefore && (isWholeLabel(lineText(l)) || (isLink(text(right)) && !isLink(text(rightBefore))))) return true;
  return !!left && !!leftBefore && (isWholeLabel(text(left)) || (isLink(lineText(l)) && !isLink(lineText(before))));
}

/** A line that is a service's label and nothing else: the template's, or a short label's words, opening in a capital. */
const isWholeLabel = (t: string) => /^\p{Lu}/u.test(t) && !t.includes(":") && t.length <= 60 && !!(matchServiceLabel(t) || labelByMeaning(t));

/**
 * Whether the line above ended short of its column's right edge by more than the next
 * line's first word: a wrapped line would have taken that word, so the line above ended its
 * own paragraph (title-block lines of one type set close together).
 */
export function endedShort(l: RunLine, before: RunLine, right: number): boolean {
  const text = lineText(l);
  // (two short lines, three words or fewer each, are a list's items: a menu, read as one block)
  const words = (t: string) => t.trim().split(/\s+/).length;
  if (words(text) <= 3 && words(lineText(before)) <= 3) return false;
  // (a paragraph's next line opens in capitals, and the line above ends no phrase midway)
  // (nor under a bare label, "Struttura competente", whose value the next line is: read with it)
  if (/^\p{Lu}\S*(?:\s+\p{Ll}\S*){1,2}$/u.test(lineText(before).trim())) return false;
  if (!/^\p{Lu}/u.test(text.trim()) || endsIncomplete(lineText(before))) return false;
  const first = text.trim().split(/\s+/)[0] ?? "";
  const perChar = (l.x1 - l.x0) / Math.max(1, text.length);
  return right - before.x1 > (first.length + 2) * perChar + l.size;
}

/** Two "Label: value" lines in a row, whatever the labels' words ("Referente: ..." under "Contatti: ..."): each its own paragraph. */
const FIELD_LINE = /^\p{Lu}[^:]{1,40}:\s*\S/u;
const fieldLines = (text: string, before: string) => FIELD_LINE.test(text) && FIELD_LINE.test(before);

/** A line that opens with a service label: the template's own, or a short label whose words name a field, before a colon. */
export function opensWithLabel(text: string): boolean {
  return !!matchServiceLabel(text) || (/^[^:]{2,60}:\s*\S/.test(text) && !!labelByMeaning(text));
}

/**
 * Whether a horizontal rule across the line's start lies between it and the line above (a
 * ruled row's end). A rule no wider than the text above it is that text's underline (a
 * link), no row's end.
 */
export function ruledApart(rules: readonly Segment[], l: RunLine, before: RunLine): boolean {
  const underlines = (r: Segment) => r.a >= before.x0 - 0.5 * before.size && r.b <= before.x1 + 0.5 * before.size;
  return rules.some((r) => r.pos > before.baseline && r.pos < l.baseline - 0.5 * l.size && r.a <= l.x0 + l.size && r.b >= l.x0 && !underlines(r));
}

const isLink = (text: string) => /^(?:https?:\/\/|www\.)\S+$/i.test(text.trim());
