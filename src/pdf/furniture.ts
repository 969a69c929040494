/**
 * Page furniture: the running headers and footers a browser, Word, wkhtmltopdf or a
 * protocol stamp print on every page (print date and time, the page's title, its URL,
 * "n/N", "Pagina n di N", a repeated office name, a protocol number). A piece of text is
 * furniture where it sits in a page's top or bottom margin band, outside any ruled table,
 * and either comes back in the same band on another page (its digits aside: page numbers
 * and dates change) in type no larger than the page's body text (a title block repeated
 * over each part is larger, and is the parts' business: parts.ts), or, on its own, has the shape of furniture (a page number, a date and
 * time, a URL, a protocol stamp): the rule a one-page document is read by. Furniture is
 * taken out of the page's runs before they become rows, so it is never read as a row, a
 * title, a service or a label.
 */
import { FURNITURE_WORDS } from "../normalize/taxonomy.js";
import type { PageGeometry, TextRun } from "./geometry.js";
import { findHeader } from "./columns.js";
import { findLattices } from "./lattice.js";
import { framingRules, overlappingRuns, overlayRuns, Places } from "./overlay.js";
import { chunks, lineText, toRunLines, type RunLine } from "./lines.js";

/** The share of the page's height, at its top and at its bottom, where furniture is printed. */
export const BAND = 0.085;

const words = (ws: readonly string[]) => ws.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|");
const PAGE_NUMBER = new RegExp(`^(?:(?:${words(FURNITURE_WORDS.page)})\\.?\\s*)?\\d{1,4}(?:\\s*(?:${words(FURNITURE_WORDS.of)})\\s*\\d{1,4})?$`);
const DATE = /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/;
const TIME = /\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\b/;
/** A page's address alone (a browser's footer): shared with the scraped path's furniture. */
export const URL = /^(?:https?:\/\/|file:\/\/|www\.)\S+$/;
const PROTOCOL = new RegExp(`^(?:[^\\d]{0,80}\\s)?(?:${words(FURNITURE_WORDS.protocol)})\\.?\\s+(?:n\\.?\\s*)?\\d{3,}`);

/** Lower case, accents off: dates, URLs and punctuation kept. */
const foldText = (s: string) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

/** Whether a piece of margin text has, on its own, the shape of furniture. */
export function furnitureShape(text: string): boolean {
  const t = foldText(text).replace(/\s+/g, " ").trim();
  if (!t) return true;
  if (PAGE_NUMBER.test(t) || URL.test(t) || PROTOCOL.test(t)) return true;
  // a print date and time: the date, the time and little else
  const rest = t.replace(DATE, "").replace(TIME, "").replace(/[\s,;-]+/g, "");
  return (DATE.test(t) || TIME.test(t)) && rest.length <= 3;
}

/** What a piece of text is recognised by on another page: its band and its folded text, digits aside. */
const signature = (band: string, text: string) => `${band}|${foldText(text).replace(/\d+/g, "#").replace(/\s+/g, " ").trim()}`;

interface Piece {
  runs: TextRun[];
  /** Its type's size (a title block's is larger than the body text, furniture's is not). */
  size: number;
  key: string;
  text: string;
}

/** Characters of a page's text by the size of their type. */
function charsBySize(runs: readonly TextRun[], into: Map<number, number>): void {
  for (const r of runs) {
    const size = Math.round(r.size * 10) / 10;
    into.set(size, (into.get(size) ?? 0) + r.str.length);
  }
}

/** The size of a document's body text: the size that carries most of its characters. */
function bodySize(chars: Map<number, number>): number {
  let best = 0;
  let most = -1;
  for (const [size, n] of chars) if (n > most) [best, most] = [size, n];
  return best;
}

/** How much larger than the body text furniture may be printed (a title block is larger still). */
const SMALL = 1.15;

/** A page's pieces of text in its margin bands, outside its ruled tables. */
function marginPieces(g: PageGeometry): Piece[] {
  const boxes = findLattices(g.segments).map((l) => ({ x0: l.xs[0], x1: l.xs[l.xs.length - 1], y0: l.ys[0], y1: l.ys[l.ys.length - 1] }));
  const inTable = (r: TextRun) => boxes.some((b) => r.x0 >= b.x0 - 2 && r.x1 <= b.x1 + 2 && r.top >= b.y0 - 2 && r.bottom <= b.y1 + 2);
  const top = g.height * BAND;
  const bottom = g.height * (1 - BAND);
  const head = headerInTopBand(g, top);
  const out: Piece[] = [];
  const lines: RunLine[] = toRunLines(g.runs.filter((r) => (r.top <= top || r.bottom >= bottom) && !inTable(r) && !head.has(r)));
  for (const line of lines) {
    const band = line.top <= top ? "top" : "bottom";
    for (const c of chunks(line)) {
      const text = lineText(c);
      out.push({ runs: c.runs, text, key: signature(band, text), size: c.size });
    }
  }
  return out;
}

/**
 * The runs of a table's header printed in the page's top band: a table going on from the
 * page before under its header printed again (a browser repeats a table's head on every
 * page). It comes back on every page, but it is the table's, not furniture.
 */
function headerInTopBand(g: PageGeometry, top: number): Set<TextRun> {
  // (only where a line in the band has titles enough for a header: three pieces set apart)
  const band = toRunLines(g.runs.filter((r) => r.top <= top));
  if (!band.some((l) => l.runs.length >= 3 && chunks(l).length >= 3)) return new Set();
  const found = findHeader(toRunLines(g.runs));
  if (!found || found.band[0] > top) return new Set();
  const [a, b] = found.band;
  return new Set(g.runs.filter((r) => r.top >= a - 0.5 && r.bottom <= b + 0.5));
}

/**
 * The furniture of a document's pages, learnt as they are read: `observe` each page as it
 * comes, `strip` a page once the pages around it have been observed (a page's furniture
 * is what comes back on another page: the reader keeps a few pages ahead, FurnitureWindow).
 */
export class Furniture {
  /** The pages each piece of margin text, and each of its runs, was seen on. */
  private pages = new Map<string, Set<number>>();
  /** Characters of the pages observed, by size. */
  private chars = new Map<number, number>();
  private pieces = new Map<number, Piece[]>();
  /** Where each text was printed, and the runs printed over other text (overlay.ts). */
  private places = new Places();
  private overlaid = new Places();

  observe(g: PageGeometry): void {
    for (const r of g.runs) this.places.add(g.page, r);
    for (const r of overlappingRuns(g.runs)) this.overlaid.add(g.page, r);
    const ps = marginPieces(g);
    this.pieces.set(g.page, ps);
    const seen = (key: string) => {
      if (!this.pages.has(key)) this.pages.set(key, new Set());
      this.pages.get(key)!.add(g.page);
    };
    for (const p of ps) {
      seen(p.key);
      for (const r of p.runs) seen(runKey(p, r));
    }
    charsBySize(g.runs, this.chars);
  }

  /** Whether a piece comes back on another page: whole, or most of its text run by run (a banner whose buttons one page does not print). */
  private repeated(p: Piece): boolean {
    const again = (key: string) => (this.pages.get(key)?.size ?? 0) > 1;
    const limit = bodySize(this.chars) * SMALL;
    if (again(p.key)) return p.size <= limit;
    const chars = (runs: TextRun[]) => runs.reduce((n, r) => n + r.str.trim().length, 0);
    const back = p.runs.filter((r) => again(runKey(p, r)));
    return back.every((r) => r.size <= limit) && chars(back) >= (2 / 3) * chars(p.runs);
  }

  /** The page without its furniture's runs. */
  strip(g: PageGeometry): PageGeometry {
    const ps = this.pieces.get(g.page) ?? marginPieces(g);
    this.pieces.delete(g.page);
    const drop = new Set<TextRun>();
    for (const p of ps) if (this.repeated(p) || furnitureShape(p.text) || linkBar(p, bodySize(this.chars))) for (const r of p.runs) drop.add(r);
    // a fixed overlay: at the same place on another page, printed over other text on some page
    const fixed = g.runs.filter((r) => this.places.elsewhere(g.page, r) && this.overlaid.elsewhere(-1, r));
    const overlay = fixed.length ? overlayRuns(g.runs, fixed) : [];
    for (const r of overlay) drop.add(r);
    const frames = overlay.length ? framingRules(overlay, g.segments) : new Set();
    return drop.size ? { ...g, runs: g.runs.filter((r) => !drop.has(r)), segments: frames.size ? g.segments.filter((s) => !frames.has(s)) : g.segments } : g;
  }
}

/**
 * A bar of links in a margin (a web page's utility bar or menu printed with it): three
 * items or more, each a word or two without digits, set apart by more than a word space,
 * in type no larger than the body text. A letterhead's lines are longer.
 */
function linkBar(p: Piece, body: number): boolean {
  if (p.runs.length < 3 || p.size > body * SMALL) return false;
  const items: string[] = [];
  let prev: TextRun | null = null;
  for (const r of p.runs) {
    if (prev && r.x0 - prev.x1 <= 0.8 * r.size) items[items.length - 1] += ` ${r.str}`;
    else items.push(r.str);
    prev = r;
  }
  return items.length >= 3 && items.every((t) => /^[^\d]{1,20}$/.test(t.trim()) && t.trim().split(/\s+/).length <= 2);
}

/** What one run of a piece is recognised by on another page: its band and its text. */
const runKey = (p: Piece, r: TextRun) => `run|${signature(p.key.slice(0, p.key.indexOf("|")), r.str)}`;

/** How many pages ahead of the one it strips the reader observes. */
export const FURNITURE_WINDOW = 4;

/** Pages without their furniture, in order: each once the next FURNITURE_WINDOW pages are observed. */
export async function* withoutFurniture(pages: AsyncIterable<PageGeometry>): AsyncGenerator<PageGeometry> {
  const f = new Furniture();
  const queue: PageGeometry[] = [];
  for await (const g of pages) {
    f.observe(g);
    queue.push(g);
    if (queue.length > FURNITURE_WINDOW) yield f.strip(queue.shift()!);
  }
  while (queue.length) yield f.strip(queue.shift()!);
}
