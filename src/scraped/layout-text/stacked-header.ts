/**
 * A header whose titles are stacked over several lines with no line naming three columns
 * on its own (a narrow print: "VALORE / GARANTITO/PREVISTO / %" beside "VALORE /
 * REALIZZATO"), and whose lower lines run the titles together one space apart
 * ("GARANTITO/PREVISTO REALIZZATO risultato / formula"). The top line's words set where the
 * columns start; the lines under it are cut at those starts, each column's words joined
 * down the lines, and the titles read as a whole.
 */
import { headerRole } from "../../template/header.js";
import { isValueText } from "../common/kinds.js";
import type { Chunk, GridLine } from "./columns.js";

/** How many lines under the top one a header may take. */
const DEPTH = 3;

export interface StackedTitle {
  x: number;
  end: number;
  text: string;
  role: ReturnType<typeof headerRole>;
}

/** A value with its figures ("93%", "entro 7 giorni"), not a title's "%". */
const valueLike = (t: string) => /\d/.test(t) && isValueText(t);
/** A top line of titles: four short pieces or more, none a value, none a sentence. */
const titleLike = (c: Chunk) => !valueLike(c.text) && c.text.split(/\s+/).length <= 4 && !/\d{2,}/.test(c.text);

/** Words of a line, each with where it starts. */
function words(line: GridLine): { x: number; end: number; w: string }[] {
  return line.chunks.flatMap((c) => [...c.text.matchAll(/\S+/g)].map((m) => ({ x: c.x + m.index, end: c.x + m.index + m[0].length, w: m[0] })));
}

/** Lines i..i+d cut at the top line's column starts, each column's words in reading order. */
function stack(lines: GridLine[], i: number, d: number, starts: number[]): StackedTitle[] {
  const cols = starts.map((x) => ({ x, end: x, parts: [] as string[] }));
  for (let j = i; j <= i + d; j++) {
    for (const w of words(lines[j])) {
      let k = 0;
      for (let c = 0; c < starts.length; c++) if (w.x >= starts[c] - 1) k = c;
      cols[k].parts.push(w.w);
      cols[k].end = Math.max(cols[k].end, w.end);
    }
  }
  return cols.map((c) => {
    const text = c.parts.join(" ");
    return { x: c.x, end: c.end, text, role: headerRole(text) };
  });
}

const rolesOf = (t: StackedTitle[]) => new Set(t.map((c) => c.role).filter(Boolean));

/** Whether line j continues the stack: right under line j-1 on its page, no values, no text at the first column's start. */
function continues(lines: GridLine[], j: number, starts: number[], first: boolean): boolean {
  const l = lines[j];
  if (!l || l.no - lines[j - 1].no !== 1 || l.page !== lines[j - 1].page) return false;
  if (l.chunks.some((c) => valueLike(c.text) || /\d{2,}/.test(c.text))) return false;
  // past the lines that name the columns, only pieces of titles hanging under them
  return first || l.chunks[0].x > starts[0] + 1;
}

/**
 * The stacked header whose top line is line i, or null: the top line's pieces start the
 * columns; lines are added under it while they fit, and the header is the fewest lines that
 * name the most columns (three roles or more, a description or a dimension among them),
 * with the pieces hanging under it that open no row.
 */
export function stackedHeader(lines: GridLine[], i: number): { last: number; titles: StackedTitle[] } | null {
  const top = lines[i].chunks;
  if (top.length < 4 || !top.every(titleLike)) return null;
  const starts = top.map((c) => c.x);
  let best: { d: number; roles: number } | null = null;
  for (let d = 1; d <= DEPTH && continues(lines, i + d, starts, true); d++) {
    const roles = rolesOf(stack(lines, i, d, starts));
    if (roles.size >= 3 && (roles.has("description") || roles.has("dimension")) && (!best || roles.size > best.roles)) best = { d, roles: roles.size };
  }
  if (!best) return null;
  let d = best.d;
  while (d < DEPTH && continues(lines, i + d + 1, starts, false)) d++;
  return { last: i + d, titles: stack(lines, i, d, starts) };
}
