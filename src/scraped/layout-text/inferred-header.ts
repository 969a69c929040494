/**
 * A header of layout text whose titles the template's vocabulary does not name ("Nome
 * dell'indicatore | Algoritmo di calcolo | Obiettivo fissato | Risultato effettivo"): known
 * by its structure, as a grid's header is (src/template/table-roles.ts inferHeader): a line
 * of three short titles or more, none a value, its titles' words going on in lower case on
 * the lines under it, over lines whose cells, cut at the titles' starts, read as an
 * indicator table (a description-like column and a column of values). The roles are the
 * ones the column-role evidence gives (titles by their words, cells by their shape).
 */
import { inferHeader, isTitle } from "../../template/table-roles.js";
import type { Chunk, Column, GridLine } from "./columns.js";

/** How many lines under the titles are read to weigh the columns. */
const SAMPLE = 40;

interface Title {
  x: number;
  end: number;
  text: string;
}

/** The header at line i known by its structure, or null. */
export function inferredHeader(lines: GridLine[], i: number): { at: number; last: number; columns: Column[]; inferred: true } | null {
  const top = lines[i];
  // (titles open in capitals: a row's cells going on in lower case are no titles)
  const short = (t: string) => isTitle(t) && t.split(/\s+/).length <= 6 && !/\d{2,}/.test(t) && !/^\p{Ll}/u.test(t);
  if (top.chunks.length < 3 || !top.chunks.every((c) => short(c.text))) return null;
  // (the cells of the rows: lines of three cells or more, not this header printed again)
  const line = (l: GridLine) => l.chunks.map((c) => c.text).join(" ");
  const rows = linesUnder(lines, i).filter((l) => l.chunks.length >= 3 && line(l) !== line(top));
  const titles: Title[] = top.chunks.flatMap((c) => splitAtColumns(c, rows));
  let last = i;
  for (let j = i + 1; j <= i + 2 && goesOn(lines, j, titles); j++) {
    for (const c of lines[j].chunks) {
      const t = titles.find((t) => c.x < t.end + 2 && c.end > t.x - 2)!;
      t.text = `${t.text} ${c.text}`;
      t.end = Math.max(t.end, c.end);
    }
    last = j;
  }
  const below = linesUnder(lines, last).map((l) => ({ cells: cellsOf(l, titles) }));
  const h = inferHeader({ cells: titles.map((t) => ({ text: t.text })) }, below);
  return h ? { at: i, last, columns: titles.map((t, k) => ({ x: t.x, role: h.roles[k] })), inferred: true } : null;
}

/** The lines under line i that the table may hold: a sample, up to a gap of blank lines. */
function linesUnder(lines: GridLine[], i: number): GridLine[] {
  const out: GridLine[] = [];
  for (let j = i + 1; j < lines.length && out.length < SAMPLE && lines[j].no - lines[j - 1].no <= 3; j++) out.push(lines[j]);
  return out;
}

/**
 * A piece of the titles' line cut where a word starts right where the lines under it start
 * cells (two or more): titles run together one space apart ("Sottodimensione Nome
 * dell'indicatore").
 */
function splitAtColumns(c: Chunk, under: GridLine[]): Title[] {
  const cells = under.flatMap((l) => l.chunks);
  const startsAt = (x: number) => cells.filter((k) => Math.abs(k.x - x) <= 1).length >= 2;
  // where the cells under a title end: the widest of those that start with it
  const reach = (x: number) => Math.max(-Infinity, ...cells.filter((k) => Math.abs(k.x - x) <= 1).map((k) => k.end));
  const out: Title[] = [];
  for (const m of c.text.matchAll(/\S+/g)) {
    const x = c.x + m.index;
    // a word right where cells start, or past the cells of the title before it with cells starting a little right of it
    const past = out.length > 0 && x > reach(out[out.length - 1].x) + 1 && [...Array(10).keys()].some((d) => startsAt(x + d + 1));
    const cut = out.length > 0 && (startsAt(x) || past);
    const last = out[out.length - 1];
    if (!last || cut) out.push({ x, end: x + m[0].length, text: m[0] });
    else {
      last.text = `${last.text} ${m[0]}`;
      last.end = x + m[0].length;
    }
  }
  return out;
}

/** Whether line j carries the titles' words on: right under the line above, fewer pieces than titles, each in lower case under a title. */
function goesOn(lines: GridLine[], j: number, titles: Title[]): boolean {
  const l = lines[j];
  if (!l || l.no - lines[j - 1].no !== 1 || l.page !== lines[j - 1].page || l.chunks.length >= titles.length) return false;
  return l.chunks.every((c) => /^\p{Ll}/u.test(c.text) && !/\d/.test(c.text) && titles.some((t) => c.x < t.end + 2 && c.end > t.x - 2));
}

/** A line's text cut at the titles' starts: the cell under each title. */
function cellsOf(line: GridLine, titles: Title[]): { text: string | null }[] {
  const cells: string[][] = titles.map(() => []);
  for (const c of line.chunks) {
    let k = 0;
    for (let t = 0; t < titles.length; t++) if (c.x >= titles[t].x - 1) k = t;
    cells[k].push(c.text);
  }
  return cells.map((p) => ({ text: p.length ? p.join(" ") : null }));
}
