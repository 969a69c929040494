/**
 * OpenDocument text (.odt) read natively from content.xml: text:h headings (their
 * outline level), text:p paragraphs and list items (a leading run in a bold automatic
 * style is the label), tables as grids whose merges come from the origin cells'
 * `table:number-columns-spanned` / `table:number-rows-spanned` over the
 * `table:covered-table-cell` positions, with repeated rows and cells expanded (blank
 * repeats kept once). Notes, tracked deletions, frames and indexes are not text.
 */
import { type Block, paragraphFromRuns, type TableRow } from "../document/blocks.js";
import { elements, find, parseXml, type XmlElement } from "../document/xml.js";
import { openZip, readPart } from "../document/zip.js";
import type { GridCell } from "../document/grid.js";
import { cleanText as clean } from "../normalize/text.js";
import { zipKind } from "./sniff.js";
import { ParseError } from "../model/errors.js";
import { defineParser } from "./types.js";

const INLINE = new Set(["text:span", "text:a", "text:sequence", "text:meta", "text:ruby", "text:ruby-base", "text:hidden-text", "text:date", "text:time", "text:page-number", "text:author-name", "text:title", "text:subject", "text:placeholder"]);
const CONTAINERS = new Set(["text:section", "text:list", "text:list-item", "text:list-header", "office:text", "text:index-body"]);
const MAX_REPEAT = 1000;

/** Automatic and common styles whose text properties are bold. */
function boldStyles(root: XmlElement): Set<string> {
  const out = new Set<string>();
  const visit = (el: XmlElement) => {
    for (const c of elements(el)) {
      if (c.name === "style:style") {
        const w = find(c, "style:text-properties")?.attrs["fo:font-weight"];
        if (w === "bold" || Number(w) >= 600) out.add(c.attrs["style:name"]);
      } else if (c.name === "office:automatic-styles" || c.name === "office:styles" || c.name === "office:document-content" || c.name === "office:document-styles") visit(c);
    }
  };
  visit(root);
  return out;
}

function runsOf(el: XmlElement, bolds: Set<string>, bold: boolean, out: { text: string; bold: boolean }[] = []): { text: string; bold: boolean }[] {
  for (const c of el.children) {
    if (typeof c === "string") out.push({ text: c, bold });
    else if (c.name === "text:s") out.push({ text: " ".repeat(Math.min(100, Number(c.attrs["text:c"] ?? 1) || 1)), bold });
    else if (c.name === "text:tab" || c.name === "text:line-break") out.push({ text: c.name === "text:tab" ? " " : "\n", bold });
    else if (INLINE.has(c.name)) runsOf(c, bolds, bold || bolds.has(c.attrs["text:style-name"] ?? ""), out);
  }
  return out;
}

const repeat = (el: XmlElement, attr: string) => Math.max(1, Math.min(MAX_REPEAT, Number(el.attrs[attr] ?? 1) || 1));

function cellText(cell: XmlElement, bolds: Set<string>): string {
  const parts: string[] = [];
  for (const c of elements(cell)) {
    if (c.name === "text:p" || c.name === "text:h") parts.push(runsOf(c, bolds, false).map((r) => r.text).join(""));
    else if (CONTAINERS.has(c.name) || c.name === "table:table") parts.push(cellText(c, bolds));
    else if (c.name.startsWith("table:table-")) parts.push(cellText(c, bolds));
  }
  return parts.join(" ");
}

/** A table's rows in order, through header rows, row groups and repeats. */
function tableRowsOf(table: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of elements(table)) {
    if (c.name === "table:table-row") {
      const n = repeat(c, "table:number-rows-repeated");
      const blank = !find(c, "text:p") && !find(c, "text:h");
      for (let k = 0; k < (blank ? 1 : n); k++) out.push(c);
    } else if (c.name === "table:table-header-rows" || c.name === "table:table-rows" || c.name === "table:table-row-group") out.push(...tableRowsOf(c));
  }
  return out;
}

function tableGrid(table: XmlElement, bolds: Set<string>, firstRow: number): TableRow[] {
  const trs = tableRowsOf(table);
  const grid: (GridCell | "covered")[][] = [];
  const origins: { r: number; c: number; rs: number; cs: number }[] = [];
  trs.forEach((tr, r) => {
    const row: (GridCell | "covered")[] = [];
    for (const cell of elements(tr)) {
      if (cell.name !== "table:table-cell" && cell.name !== "table:covered-table-cell") continue;
      const n = repeat(cell, "table:number-columns-repeated");
      const text = cell.name === "table:table-cell" ? clean(cellText(cell, bolds)) : null;
      for (let k = 0; k < n; k++) {
        if (cell.name === "table:covered-table-cell") row.push("covered");
        else {
          origins.push({ r, c: row.length, rs: repeat(cell, "table:number-rows-spanned"), cs: repeat(cell, "table:number-columns-spanned") });
          row.push({ text });
        }
      }
    }
    while (row.length && row[row.length - 1] !== "covered" && (row[row.length - 1] as GridCell).text === null) row.pop();
    grid.push(row);
  });
  for (const o of origins) {
    for (let dr = 0; dr < o.rs; dr++) {
      for (let dc = 0; dc < o.cs; dc++) {
        if (!dr && !dc) continue;
        const row = grid[o.r + dr];
        if (row && row[o.c + dc] === "covered") row[o.c + dc] = { text: null, covered: dr ? "up" : "left" };
      }
    }
  }
  return grid.map((row, r) => ({
    cells: row.map((c) => (c === "covered" ? { text: null, covered: "up" as const } : c)),
    src: { row: firstRow + r },
  }));
}

/** The text body's blocks, in order. */
export function odtBlocks(contentXml: string): Block[] {
  const root = parseXml(contentXml);
  const text = find(root, "office:text");
  if (!text) throw new ParseError("not an OpenDocument text: content.xml has no office:text body", "odt");
  const bolds = boldStyles(root);
  const blocks: Block[] = [];
  let n = 0;
  const visit = (el: XmlElement) => {
    for (const c of elements(el)) {
      if (c.name === "text:p" || c.name === "text:h") {
        n++;
        const runs = runsOf(c, bolds, bolds.has(c.attrs["text:style-name"] ?? ""));
        const t = c.name === "text:h" ? clean(runs.map((r) => r.text).join("")) : null;
        const block = t ? ({ type: "heading", level: Number(c.attrs["text:outline-level"] ?? 1) || 1, text: t, src: { row: n } } as const) : c.name === "text:p" ? paragraphFromRuns(runs, { row: n }, clean) : null;
        if (block) blocks.push(block);
      } else if (c.name === "table:table") {
        const rows = tableGrid(c, bolds, n + 1);
        n += rows.length;
        if (rows.length) blocks.push({ type: "table", rows, src: rows[0].src });
      } else if (CONTAINERS.has(c.name)) visit(c);
    }
  };
  visit(text);
  return blocks;
}

export const odtParser = defineParser({
  accepts: (f) => zipKind(f.bytes) === "odt",
  async parse(f) {
    const zip = await openZip(f.bytes, "odt");
    const content = await readPart(zip, "content.xml", "odt");
    if (!content) throw new ParseError("not an OpenDocument text: the archive has no content.xml", "odt");
    let blocks: Block[];
    try {
      blocks = odtBlocks(content);
    } catch (e) {
      if (e instanceof ParseError) throw e;
      throw new ParseError(`corrupt OpenDocument text: content.xml is not well-formed XML (${(e as Error).message})`, "odt");
    }
    return { blocks };
  },
});
