/**
 * Web pages ("Amministrazione trasparente > Servizi erogati") with parse5, the WHATWG
 * HTML parser: the page's own structure becomes blocks. Headings are headings; p, li,
 * div text are paragraphs (a leading <b>/<strong> is the paragraph's label); dt/dd are
 * a definition list's terms and definitions; a table becomes a grid with its rowspan and
 * colspan made explicit merges (a layout table, one holding tables, is read as the
 * blocks inside its cells). <br> is a line break inside its block. A theme's chrome is not
 * data (html-chrome.ts: landmarks, dialogs, link lists, scripts, forms, hidden elements);
 * a field printed as two elements (label, value) is a label | value row, and a record's
 * fields printed after its table are read before it. The encoding comes from the BOM or
 * `<meta charset>` (decodeHtml).
 */
import type { DefaultTreeAdapterMap } from "parse5";
import { attr, type Element, isChrome, isElement, isNotText, isSectioning, type Node } from "./html-chrome.js";
import { type Block, type BlockSource, paragraphFromRuns } from "../document/blocks.js";
import { gridFromSpans, type SpanCell } from "../document/spanned-cells.js";
import { cleanText as clean } from "../normalize/text.js";
import { decodeHtml, looksLikeHtml } from "./sniff.js";
import { defineParser } from "./types.js";

const BLOCK = new Set(["address", "article", "aside", "blockquote", "body", "center", "details", "dialog", "div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "ul", "caption", "html"]);
const BOLD = new Set(["b", "strong"]);

/** The text of an element: its text nodes in order, a space at <br> and between blocks. */
function textOf(n: Node): string {
  if (n.nodeName === "#text") return (n as DefaultTreeAdapterMap["textNode"]).value;
  if (!isElement(n) && n.nodeName !== "#document-fragment") return "";
  if (isElement(n) && (isNotText(n) || n.tagName === "br")) return isElement(n) && n.tagName === "br" ? "\n" : "";
  const parts = ("childNodes" in n ? n.childNodes : []).map(textOf);
  return isElement(n) && (BLOCK.has(n.tagName) || /^(h[1-6]|td|th|tr|dt|dd)$/.test(n.tagName)) ? ` ${parts.join("")} ` : parts.join("");
}

const lineOf = (el: Element): BlockSource => (el.sourceCodeLocation ? { line: el.sourceCodeLocation.startLine } : {});

/** Elements that hold text runs only: no block inside them. */
function isInline(el: Element): boolean {
  return !BLOCK.has(el.tagName) && !/^(h[1-6]|table|tr|td|th|dt|dd|p)$/.test(el.tagName) && el.childNodes.every((c) => !isElement(c) || isInline(c) || c.tagName === "br");
}

/**
 * A field of a theme's content type: a block of exactly two elements, a short label and its
 * value ("<div><div>Servizio</div><div>Biblioteche civiche</div></div>", a label span and a
 * value span), read as a row of two cells as a table's label | value row is. A label ends
 * without a sentence's stop; neither part holds blocks of its own.
 */
function fieldPair(el: Element): [string, string] | null {
  if (el.tagName !== "div" && el.tagName !== "span" && el.tagName !== "section") return null;
  const kids = el.childNodes.filter((c) => isElement(c) || (c.nodeName === "#text" && (c as DefaultTreeAdapterMap["textNode"]).value.trim()));
  if (kids.length !== 2 || !kids.every(isElement)) return null;
  const [a, b] = kids as Element[];
  const leafy = (x: Element) => isInline(x) || ((x.tagName === "div" || x.tagName === "span") && x.childNodes.every((c) => !isElement(c) || isInline(c)));
  if (!leafy(a) || !leafy(b)) return null;
  const label = clean(textOf(a));
  const value = clean(textOf(b));
  if (!label || !value || label.length > 60 || /[.;!?]$/.test(label)) return null;
  return [label, value];
}

/** A group of a record's fields: fields (fieldPair) and at most a line of text (its legend), two fields or more. */
function isFieldGroup(n: Node): boolean {
  if (!isElement(n)) return false;
  if (fieldPair(n)) return true;
  const kids = n.childNodes.filter(isElement);
  const fields = kids.filter((k) => fieldPair(k)).length;
  return fields >= 2 && kids.length - fields <= 1 && !hasTable(n);
}

/**
 * A container's children with the record's fields first: where a theme prints a record's
 * table and then the fields that describe it (a service's indicator table, then its name
 * and information), the fields are read before the table, as every template prints them.
 * Only field groups that follow the container's one table-holding child move.
 */
function fieldsFirst(children: Node[]): Node[] {
  const holders = children.filter((c) => isElement(c) && (c.tagName === "table" || hasTable(c)));
  if (holders.length !== 1) return children;
  const at = children.indexOf(holders[0]);
  const after = children.slice(at + 1);
  const fields = after.filter(isFieldGroup);
  if (!fields.length) return children;
  return [...children.slice(0, at), ...fields, holders[0], ...after.filter((c) => !fields.includes(c))];
}

function hasTable(el: Element): boolean {
  return el.childNodes.some((c) => isElement(c) && (c.tagName === "table" || hasTable(c)));
}

/** The rows of a table, in order: thead, tbody, tfoot and rows directly inside it (not nested tables' rows). */
function tableRows(table: Element): Element[] {
  const out: Element[] = [];
  for (const c of table.childNodes) {
    if (!isElement(c)) continue;
    if (c.tagName === "tr") out.push(c);
    else if (c.tagName === "thead" || c.tagName === "tbody" || c.tagName === "tfoot") out.push(...c.childNodes.filter((r): r is Element => isElement(r) && r.tagName === "tr"));
  }
  return out;
}

function span(el: Element, name: string): number {
  const v = parseInt(attr(el, name) ?? "1", 10);
  return Number.isFinite(v) && v > 0 ? v : 1;
}

class Walker {
  blocks: Block[] = [];
  private buf: { text: string; bold: boolean }[] = [];
  private bufSrc: BlockSource = {};

  flush(): void {
    const p = paragraphFromRuns(this.buf, this.bufSrc, clean);
    if (p) this.blocks.push(p);
    this.buf = [];
  }

  /** The element after which nothing more is read, and whether it has been read. */
  lastElement: Element | null = null;
  private done = false;

  walk(node: Node, bold = false, inSection = false): void {
    if (!("childNodes" in node)) return;
    for (const child of fieldsFirst(node.childNodes)) {
      if (this.done) return;
      if (child === this.lastElement) {
        this.flush();
        this.walk(child, bold, true);
        this.flush();
        this.done = true;
        return;
      }
      if (child.nodeName === "#text") {
        if (!this.buf.length) this.bufSrc = child.sourceCodeLocation ? { line: child.sourceCodeLocation.startLine } : {};
        this.buf.push({ text: (child as DefaultTreeAdapterMap["textNode"]).value, bold });
        continue;
      }
      if (!isElement(child) || isChrome(child, inSection)) continue;
      const within = inSection || isSectioning(child);
      const tag = child.tagName;
      if (tag === "br") this.buf.push({ text: "\n", bold });
      else if (tag === "table") {
        this.flush();
        if (hasTable(child)) this.walkLayout(child);
        else this.table(child);
      } else if (/^h[1-6]$/.test(tag)) {
        this.flush();
        const text = clean(textOf(child));
        if (text) this.blocks.push({ type: "heading", level: Number(tag[1]), text, src: lineOf(child) });
      } else if (tag === "dt" || tag === "dd") {
        this.flush();
        const text = clean(textOf(child));
        if (text) this.blocks.push({ type: tag === "dt" ? "term" : "definition", text, src: lineOf(child) });
      } else if (BLOCK.has(tag)) {
        this.flush();
        const pair = fieldPair(child);
        if (pair) this.blocks.push({ type: "table", rows: [{ cells: pair.map((text) => ({ text })), src: lineOf(child) }], src: lineOf(child) });
        else this.walk(child, bold, within);
        this.flush();
      } else this.walk(child, bold || BOLD.has(tag), within);
    }
  }

  /** A table used for layout: its cells hold blocks of their own. */
  private walkLayout(table: Element): void {
    for (const tr of tableRows(table)) {
      for (const cell of tr.childNodes) {
        if (!isElement(cell) || (cell.tagName !== "td" && cell.tagName !== "th")) continue;
        this.walk(cell);
        this.flush();
      }
    }
  }

  private table(table: Element): void {
    const rows = tableRows(table).map((tr) => ({
      cells: tr.childNodes
        .filter((c): c is Element => isElement(c) && (c.tagName === "td" || c.tagName === "th"))
        .map((c): SpanCell => ({ text: clean(textOf(c)), rowSpan: span(c, "rowspan"), colSpan: span(c, "colspan") })),
      src: lineOf(tr),
    }));
    const caption = table.childNodes.find((c): c is Element => isElement(c) && c.tagName === "caption");
    const captionText = caption ? clean(textOf(caption)) : null;
    if (captionText) this.blocks.push({ type: "paragraph", text: captionText, src: lineOf(caption!) });
    if (rows.length) this.blocks.push({ type: "table", rows: gridFromSpans(rows), src: lineOf(table) });
  }
}

/** The page's article (an article element, else main) where it holds every table of the page; null where there is none. */
function articleOf(doc: Node): Element | null {
  const all: Element[] = [];
  const tables: Element[] = [];
  const visit = (n: Node): void => {
    if (isElement(n)) {
      if (n.tagName === "article" || n.tagName === "main" || attr(n, "role") === "main") all.push(n);
      if (n.tagName === "table") tables.push(n);
    }
    if ("childNodes" in n) n.childNodes.forEach(visit);
  };
  visit(doc);
  const within = (a: Element, t: Element) => !!a.sourceCodeLocation && !!t.sourceCodeLocation && t.sourceCodeLocation.startOffset >= a.sourceCodeLocation.startOffset && t.sourceCodeLocation.endOffset <= a.sourceCodeLocation.endOffset;
  const holder = [...all.filter((a) => a.tagName === "article"), ...all].find((a) => tables.length > 0 && tables.every((t) => within(a, t)));
  return holder ?? null;
}

/** A web page's blocks, in document order. */
export async function htmlBlocks(text: string): Promise<Block[]> {
  // loaded on the first page: a batch without one has no use for it
  const { parse } = await import("parse5");
  const doc = parse(text, { sourceCodeLocationInfo: true });
  const w = new Walker();
  // what a page prints after the article that holds all its tables (a sidebar, a footer region) is not the charter
  w.lastElement = articleOf(doc);
  w.walk(doc);
  w.flush();
  return w.blocks;
}

export const htmlParser = defineParser({
  accepts: (f) => looksLikeHtml(f.bytes),
  async parse(f) {
    return { blocks: await htmlBlocks(decodeHtml(f.bytes)) };
  },
});
