/**
 * A word broken inside a narrow cell, its last letters on the next line ("Tempestivit" over
 * "à", "Sottoambi" over "to"): a word longer than the cell is wide is cut wherever the cell
 * ends. Where the cut falls at the cell's end can say so (lines.ts textOfRuns), but a whole
 * word that happens to fill the cell looks the same; the two halves are joined again only
 * where together they make a word of the domain's vocabulary that the first half alone is
 * not: a dimension's or a sub-dimension's label, a column title's word or stem (taxonomy.ts).
 */
import { COLUMN_TITLE_WORDS, DIMENSIONS, HEADER_TITLES, SUBDIMENSIONS } from "../normalize/taxonomy.js";
import { labelKey } from "../normalize/text.js";

const WORDS = new Set(
  [...DIMENSIONS.map((d) => d.label), ...SUBDIMENSIONS.flatMap((s) => [s.label, ...s.aliases]), ...HEADER_TITLES.flatMap((h) => h.titles)]
    .flatMap((t) => labelKey(t).split(" "))
    .filter((w) => w.length >= 4),
);
const STEMS = COLUMN_TITLE_WORDS.flatMap((c) => c.words).filter((w) => !w.includes(" ") && w.length >= 5);

/** Whether a line of one word (`head`) and the first word of the next line (`next`) are one word broken in two. */
export function rejoins(head: string, next: string): boolean {
  const tail = next.trim().split(/\s+/)[0] ?? "";
  if (!/^\p{L}+$/u.test(head) || !/^\p{Ll}+$/u.test(tail)) return false;
  const [h, joined] = [labelKey(head), labelKey(head + tail)];
  // (a stem the head alone does not reach: "sottoambit" in "Sottoambito", not in "Sottoambi")
  return !WORDS.has(h) && (WORDS.has(joined) || STEMS.some((s) => joined.startsWith(s) && !h.startsWith(s)));
}
