/**
 * The columns of text that kept its layout (pdftotext -layout): the header's titles and
 * where they start (two titles one space apart split by the vocabulary of titles, titles
 * broken over lines joined), a page's own columns where it does not repeat the header,
 * and each body line's cells by column.
 */
import { HEADER_TITLES, type ColumnRole } from "../../normalize/taxonomy.js";
import { cleanCell, labelKey } from "../../normalize/text.js";
import { headerRole } from "../../template/header.js";
import { formulaStrength, isHeaderLine, isValueText, matchDefinition } from "../common/kinds.js";
import { classifyLabel } from "../common/labels.js";
import { startsAsContinuation } from "../common/lines.js";
import { inferredHeader } from "./inferred-header.js";
import { stackedHeader } from "./stacked-header.js";

/** A run of text on one line: words one space apart. */
export interface Chunk {
  x: number;
  end: number;
  text: string;
}

export interface GridLine {
  no: number;
  page: number;
  chunks: Chunk[];
  /** A body line's columns: its page's own (pdftotext lays every page out anew). */
  columns?: Column[];
}

/** The chunks of a line: runs of words separated by two spaces or more. */
export function chunksOf(line: string): Chunk[] {
  const out: Chunk[] = [];
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) out.push({ x: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

export interface Column {
  x: number;
  role: ColumnRole | null;
}

const TITLES = new Set(HEADER_TITLES.flatMap((h) => h.titles));
/** A column title on its own ("Valore programmato (&)", "Note"), not a piece of one. */
const isTitle = (text: string) => TITLES.has(labelKey(text));

/**
 * A chunk's words split into column titles where two titles sit one space apart
 * ("Valore programmato (&) Note"): the chunk is no title as a whole, and both sides of the
 * split are titles.
 */
export function titlePieces(c: Chunk): Chunk[] {
  const words = [...c.text.matchAll(/\S+/g)].map((m) => ({ x: c.x + m.index, w: m[0] }));
  const join = (from: number, to: number) => words.slice(from, to).map((w) => w.w).join(" ");
  if (isTitle(c.text)) return [c];
  for (let k = words.length - 1; k >= 1; k--) {
    if (isTitle(join(0, k)) && (isTitle(join(k, words.length)) || titlePieces({ x: words[k].x, end: c.end, text: join(k, words.length) }).length > 1)) {
      return [{ x: c.x, end: words[k - 1].x + words[k - 1].w.length, text: join(0, k) }, ...titlePieces({ x: words[k].x, end: c.end, text: join(k, words.length) })];
    }
  }
  return [c];
}

/** The header: a line with three column titles or more (with title pieces on the lines next to it), and its columns. */
export function findHeader(lines: GridLine[], from: number): { at: number; last: number; columns: Column[]; inferred?: true } | null {
  for (let i = from; i < lines.length; i++) {
    const pieces = lines[i].chunks.flatMap(titlePieces);
    const roles = pieces.map((p) => headerRole(p.text));
    const found = new Set(roles.filter(Boolean));
    if (found.size < 3 || (!found.has("description") && !found.has("dimension"))) {
      const stacked = stackedHeader(lines, i);
      if (stacked) return { at: i, last: stacked.last, columns: stacked.titles.map((t) => ({ x: t.x, role: t.role })) };
      // titles in an office's own words: known by the table under them
      const inferred = inferredHeader(lines, i);
      if (inferred) return inferred;
      continue;
    }
    const cols = pieces.map((p, k) => ({ x: p.x, end: p.end, text: p.text, role: roles[k] }));
    let first = i;
    let last = i;
    // titles broken over lines: pieces just above or below that overlap a title, or start a column of their own
    const titleLine = (j: number) => {
      for (const c of lines[j].chunks) {
        const t = cols.find((t) => c.x < t.end + 2 && c.end > t.x - 2);
        if (t) {
          t.text = j < i ? `${c.text} ${t.text}` : `${t.text} ${c.text}`;
          t.role = headerRole(t.text) ?? t.role;
          t.x = Math.min(t.x, c.x);
          t.end = Math.max(t.end, c.end);
        } else cols.push({ x: c.x, end: c.end, text: c.text, role: headerRole(c.text) });
      }
    };
    // a line of the header: right next to it on its page, every piece a title's words
    const fits = (j: number, k: number) =>
      j >= 0 && j < lines.length && Math.abs(lines[j].no - lines[k].no) === 1 && lines[j].page === lines[k].page && lines[j].chunks.every((c) => headerRole(c.text) || isHeaderLine(c.text) || /^[A-ZÀ-Ý%&()' /]+$/.test(c.text));
    for (let j = i - 1; j >= i - 2 && j >= from && fits(j, j + 1); j--) {
      titleLine(j);
      first = j;
    }
    // below, also the lower-case ends of titles ("indicatore/pratiche" / "trattate") under the titles, none at the first column
    const hangs = (j: number) =>
      j < lines.length && lines[j].no - lines[j - 1].no === 1 && lines[j].page === lines[j - 1].page && lines[j].chunks[0].x > cols[0].x + 1 &&
      lines[j].chunks.every((c) => !/\d/.test(c.text) && (/^[A-ZÀ-Ý%&()' /]+$/.test(c.text) || startsAsContinuation(c.text)) && cols.some((t) => c.x < t.end + 2 && c.end > t.x - 2));
    for (let j = i + 1; j <= i + 3 && (fits(j, j - 1) || hangs(j)); j++) {
      titleLine(j);
      last = j;
    }
    cols.sort((a, b) => a.x - b.x);
    return { at: first, last, columns: cols.map((c) => ({ x: c.x, role: c.role })) };
  }
  return null;
}

/** What a cell's text says its column is: a value, a formula, a dimension or sub-dimension label; null where it says nothing. */
function roleOfText(t: string): ColumnRole | null {
  if (isValueText(t)) return "target";
  // an additional dimension's definition starts in the sub-dimension column (merged across the description's)
  if (matchDefinition(t)) return "subdimension";
  if (formulaStrength(t) === 2) return "formula";
  const l = classifyLabel(t);
  if (l && !l.rest) return l.kind === "dim" ? "dimension" : "subdimension";
  return null;
}

/**
 * The columns of a page printed without the header: pdftotext packs each page's columns
 * anew, so they are the positions where the page's cells start (two cells or more), laid
 * over the header's columns in order, each position where its cells' texts say it goes
 * (values, formulas, labels); a column no position takes keeps no cell on this page.
 */
export function pageColumns(lines: GridLine[], header: Column[]): Column[] {
  const at = new Map<number, string[]>();
  for (const l of lines) for (const c of l.chunks) at.set(c.x, [...(at.get(c.x) ?? []), c.text]);
  // where two cells start, or one whose text says its column (a formula, a value, a label)
  const starts = [...at.keys()].filter((x) => at.get(x)!.length >= 2 || roleOfText(at.get(x)![0]) !== null).sort((a, b) => a - b);
  const groups: { x: number; texts: string[] }[] = [];
  for (const x of starts) {
    const g = groups[groups.length - 1];
    if (g && x - g.x <= 2) g.texts.push(...at.get(x)!);
    else groups.push({ x, texts: [...at.get(x)!] });
  }
  const m = groups.length;
  const n = header.length;
  if (!m || m > n) return header;
  // how well position i fits column k: its texts' roles against the column's
  const fit = (i: number, k: number) => {
    const roles = groups[i].texts.map(roleOfText).filter(Boolean);
    if (!roles.length) return 0;
    const same = roles.filter((r) => r === header[k].role || (r === "target" && header[k].role === "actual")).length;
    return (2 * same - roles.length) / roles.length;
  };
  // f[i][k]: best fit of positions 0..i-1 over columns 0..k-1, in order
  const f = Array.from({ length: m + 1 }, () => Array(n + 1).fill(-Infinity));
  const take = Array.from({ length: m + 1 }, () => Array(n + 1).fill(false));
  for (let k = 0; k <= n; k++) f[0][k] = 0;
  for (let i = 1; i <= m; i++) {
    for (let k = i; k <= n; k++) {
      const skip = f[i][k - 1];
      const use = f[i - 1][k - 1] + fit(i - 1, k - 1);
      f[i][k] = Math.max(skip, use);
      take[i][k] = use >= skip;
    }
  }
  const out = header.map((c) => ({ ...c, x: Infinity }));
  for (let i = m, k = n; i > 0; k--) {
    if (take[i][k]) {
      out[k - 1].x = groups[i - 1].x;
      i--;
    }
  }
  // a column without cells on this page starts where the next one does (it takes none)
  for (let k = n - 1; k >= 0; k--) if (out[k].x === Infinity) out[k].x = k + 1 < n ? out[k + 1].x : Number.MAX_SAFE_INTEGER;
  return out;
}

/** The column a position falls in: the last one whose start it reaches (a cell's text starts at its column's left edge). */
function columnAt(columns: Column[], x: number): number {
  let c = 0;
  for (let k = 0; k < columns.length; k++) if (x >= columns[k].x - 1) c = k;
  return c;
}

/**
 * A body line's cells by column. A chunk that runs over the next column's start is split
 * where a word starts right at it (two cells one space apart), unless it starts in a label
 * column: then it is a definition merged across into the description column.
 */
export function lineCells(line: GridLine, columns: Column[], firstData: number): { col: number; text: string; across: boolean }[] {
  const out: { col: number; text: string; across: boolean }[] = [];
  for (const c of line.chunks) {
    let col = columnAt(columns, c.x);
    const words = [...c.text.matchAll(/\S+/g)].map((m) => ({ x: c.x + m.index, w: m[0] }));
    const join = (from: number, to: number) => words.slice(from, to).map((w) => w.w).join(" ");
    let start = 0;
    for (let k = 1; k < words.length; k++) {
      const next = columns[col + 1];
      const end = words[words.length - 1].x + words[words.length - 1].w.length;
      if (!next || end <= next.x) break;
      if (col < firstData) {
        // a definition with the next cell one space after it ("... richiesto dagli utenti Numero di ...")
        const def = matchDefinition(join(start, words.length));
        const cut = def?.rest && formulaStrength(def.rest) > 0 ? words.length - def.rest.split(/\s+/).length : words.length;
        out.push({ col, text: join(start, cut), across: true });
        if (cut < words.length) out.push({ col: Math.max(columnAt(columns, words[cut].x), firstData + 1), text: join(cut, words.length), across: false });
        start = words.length;
        break;
      }
      // the next cell starts near its column's left edge, with a capital where it can
      const near = words.map((w, i) => ({ w, i })).filter(({ w, i }) => i > start && w.x >= next.x - 8 && w.x <= next.x + 8);
      const pick = near.filter(({ w }) => /^[\p{Lu}\d≥≤<>]/u.test(w.w)).sort((a, b) => Math.abs(a.w.x - next.x) - Math.abs(b.w.x - next.x))[0] ?? near.find(({ w }) => Math.abs(w.x - next.x) <= 1);
      // else a value at the chunk's end, pushed right by the text before it
      const tail = near.length ? undefined : words.map((w, i) => ({ w, i })).find(({ i }) => i > start && isValueText(join(i, words.length)));
      if (!pick && !tail) break;
      let at = (pick ?? tail)!;
      // a value's sign goes with it ("≥ 85%")
      if (at.i - 1 > start && /^[≥≤<>=]$/.test(words[at.i - 1].w)) at = { w: words[at.i - 1], i: at.i - 1 };
      out.push({ col, text: join(start, at.i), across: false });
      start = at.i;
      k = at.i;
      col++;
    }
    if (start < words.length) out.push({ col, text: join(start, words.length), across: false });
  }
  return out;
}

/** A header cell's text: the title on the header line and its pieces on the line below. */
export function joinTitle(lines: GridLine[], h: { at: number; last: number; columns: Column[] }, k: number): string | null {
  const from = h.columns[k].x - 1;
  const to = h.columns[k + 1]?.x ?? Infinity;
  const parts: string[] = [];
  const starts = h.columns.map((c) => c.x);
  for (let i = h.at; i <= h.last; i++) for (const c of lines[i].chunks.flatMap(titlePieces).flatMap((p) => cutAt(p, starts))) if (c.x >= from && c.x < to - 1) parts.push(c.text);
  return cleanCell(parts.join(" "));
}

/** A piece of title cut where one of its words starts a column (titles run together one space apart). */
function cutAt(c: Chunk, starts: number[]): Chunk[] {
  const out: Chunk[] = [];
  let cur: Chunk | null = null;
  for (const m of c.text.matchAll(/\S+/g)) {
    const x = c.x + m.index;
    if (!cur || starts.some((s) => s > cur!.x + 1 && Math.abs(x - s) <= 1)) {
      if (cur) out.push(cur);
      cur = { x, end: x + m[0].length, text: m[0] };
    } else {
      cur.text += ` ${m[0]}`;
      cur.end = x + m[0].length;
    }
  }
  if (cur) out.push(cur);
  return out;
}
