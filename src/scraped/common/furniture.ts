/**
 * Page furniture of a printed page: what a browser or a word processor prints on every
 * page around the document's own text — the print date and the page's title on top, the
 * page's address and "n/N" below (Chromium's default header and footer), page counters.
 * In a scrape these lines land among the table's cells (a date read as a formula, the
 * address as a dimension label): they are blanked before any reading, the line numbers kept.
 * Known only by their shapes and by repeating on every page, never by their words.
 */
import { URL } from "../../pdf/furniture.js";
import { extractUrls } from "../../template/service.js";

/** A print date with its time: "12/7/26, 1:59 PM", "07/12/2026 13:59". */
const STAMP = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4},?\s+\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[AP]\.?M\.?)?$/i;
/** A page counter: "1/2", "Pagina 1 di 2", "Pag. 1 of 2". */
const COUNTER = /^(?:pag(?:ina|\.)?\s*)?(\d{1,3})\s*(?:\/|di|of)\s*(\d{1,3})$/i;
/** How far from a page's top the header's lines are (non-blank lines). */
const TOP = 3;

/** The pieces of a line: the cells of a -layout line (two spaces or more apart), or the line. */
const cellsOf = (line: string) => line.trim().split(/\s{2,}/).filter(Boolean);
const isUrlOnly = (s: string) => !/\s/.test(s) && (extractUrls(s).length === 1 || URL.test(s));
// (the lines found by place alone take the stricter shape: "N.D." reads as a domain to extractUrls)

/** The text with its page furniture blanked (each such line emptied, the others untouched). */
export function stripPageFurniture(text: string): string {
  const pages = text.split("\f").map((p) => p.split(/\r\n|\r|\n/));
  if (pages.length > 1 && pages[pages.length - 1].every((l) => !l.trim())) pages.pop();
  const total = pages.length;
  const furniture = pages.map(() => new Set<number>());
  // the print date on top of a page, and the title printed beside or after it
  const stamped: { page: number; title: { line: number; text: string } | null }[] = [];
  pages.forEach((lines, p) => {
    const top = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.trim()).slice(0, TOP);
    const at = top.findIndex(({ l }) => STAMP.test(cellsOf(l)[0] ?? ""));
    if (at < 0) return;
    const cells = cellsOf(top[at].l);
    if (cells.slice(1).length <= 1) furniture[p].add(top[at].i);
    const next = cells.length === 1 ? top[at + 1] : null;
    stamped.push({ page: p, title: next && next.l.trim().length < 160 ? { line: next.i, text: next.l.trim() } : null });
  });
  // the title after the date: the same text on every page so stamped (or the one page)
  const titles = new Set(stamped.map((s) => s.title?.text));
  if (stamped.length && titles.size === 1 && !titles.has(undefined)) for (const s of stamped) furniture[s.page].add(s.title!.line);
  // page counters naming their own page and the page count
  pages.forEach((lines, p) =>
    lines.forEach((l, i) => {
      const cells = cellsOf(l);
      const last = COUNTER.exec(cells[cells.length - 1] ?? "");
      if (last && Number(last[1]) === p + 1 && Number(last[2]) === total && (cells.length === 1 || (cells.length === 2 && isUrlOnly(cells[0])))) furniture[p].add(i);
    }),
  );
  // the page's address alone on the line next to its counter among the page's last lines (a page of one too)
  pages.forEach((lines, p) => {
    const last = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.trim()).slice(-TOP);
    last.forEach(({ i }, k) => {
      if (!furniture[p].has(i)) return;
      for (const n of [last[k - 1], last[k + 1]]) if (n && URL.test(n.l.trim())) furniture[p].add(n.i);
    });
  });
  // the page's address, alone on a line on every page of a document with a header or a counter
  const marked = furniture.some((s) => s.size > 0);
  if (marked && total > 1) {
    const pagesOf = new Map<string, Set<number>>();
    pages.forEach((lines, p) => lines.forEach((l) => isUrlOnly(l.trim()) && (pagesOf.get(l.trim()) ?? pagesOf.set(l.trim(), new Set()).get(l.trim())!).add(p)));
    pages.forEach((lines, p) => lines.forEach((l, i) => (pagesOf.get(l.trim())?.size ?? 0) === total && furniture[p].add(i)));
  }
  return pages.map((lines, p) => lines.map((l, i) => (furniture[p].has(i) ? "" : l)).join("\n")).join("\f");
}
