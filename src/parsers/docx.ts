/**
 * Word documents (.docx, Office Open XML) read natively from word/document.xml: each
 * body paragraph a paragraph block (a heading where its style is a heading style or
 * carries an outline level; its leading bold run is its label), each table a grid
 * whose merges come from the cells' own marks: `w:gridSpan` spans columns ("left"),
 * `w:vMerge` without "restart" continues the cell above ("up"), `w:gridBefore` skips
 * grid columns. A cell's paragraphs and line breaks become spaces. Deleted revisions
 * and field codes are not text.
 */
import { type Block, paragraphFromRuns, type TableRow } from "../document/blocks.js";
import { headingLevel, outlineLevel } from "../document/styles.js";
import { child, elements, find, parseXml, type XmlElement } from "../document/xml.js";
import { openZip, readPart } from "../document/zip.js";
import type { GridCell } from "../document/grid.js";
import { cleanText as clean } from "../normalize/text.js";
import { zipKind } from "./sniff.js";
import { ParseError } from "../model/errors.js";
import { defineParser } from "./types.js";

const CONTAINERS = new Set(["w:hyperlink", "w:ins", "w:smartTag", "w:sdt", "w:sdtContent", "w:fldSimple", "w:customXml", "w:moveTo", "w:r", "w:dir", "w:bdo"]);

const isOn = (el: XmlElement | undefined) => !!el && !/^(0|false|off)$/i.test(el.attrs["w:val"] ?? "");

/** A paragraph's runs: their text, and whether each is bold. */
function runsOf(el: XmlElement, out: { text: string; bold: boolean }[] = [], bold = false): { text: string; bold: boolean }[] {
  for (const c of elements(el)) {
    if (c.name === "w:r") {
      const b = isOn(find(child(c, "w:rPr") ?? { name: "", attrs: {}, children: [] }, "w:b"));
      runsOf(c, out, b);
    } else if (c.name === "w:t") out.push({ text: c.children.filter((t): t is string => typeof t === "string").join(""), bold });
    else if (c.name === "w:tab" || c.name === "w:br" || c.name === "w:cr") out.push({ text: c.name === "w:tab" ? " " : "\n", bold });
    else if (c.name === "w:noBreakHyphen") out.push({ text: "-", bold });
    else if (CONTAINERS.has(c.name)) runsOf(c, out, bold);
  }
  return out;
}

const paragraphText = (p: XmlElement) => runsOf(p).map((r) => r.text).join("");

/** Heading levels of the document's paragraph styles: "heading N" / "Titolo N" names, "Title", outline levels. */
function headingStyles(stylesXml: string | null): Map<string, number> {
  const out = new Map<string, number>();
  if (!stylesXml) return out;
  for (const s of elements(child(parseXml(stylesXml), "w:styles") ?? { name: "", attrs: {}, children: [] }, "w:style")) {
    const outline = find(s, "w:outlineLvl")?.attrs["w:val"];
    const level = headingLevel(child(s, "w:name")?.attrs["w:val"] ?? "", outline === undefined ? undefined : Number(outline));
    if (level !== undefined) out.set(s.attrs["w:styleId"], level);
  }
  return out;
}

function cellText(tc: XmlElement): string {
  const parts: string[] = [];
  for (const c of elements(tc)) {
    if (c.name === "w:p") parts.push(paragraphText(c));
    else if (c.name === "w:tbl") for (const tr of elements(c, "w:tr")) for (const inner of elements(tr, "w:tc")) parts.push(cellText(inner));
    else if (c.name === "w:sdt" || c.name === "w:sdtContent" || c.name === "w:customXml") parts.push(cellText(c));
  }
  return parts.join(" ");
}

/** The document body's blocks, in order. */
export function docxBlocks(documentXml: string, stylesXml: string | null): Block[] {
  const body = find(parseXml(documentXml), "w:body");
  if (!body) throw new ParseError("not a Word document: word/document.xml has no body", "docx");
  const headings = headingStyles(stylesXml);
  const blocks: Block[] = [];
  let n = 0;
  const visit = (el: XmlElement) => {
    for (const c of elements(el)) {
      if (c.name === "w:p") {
        n++;
        const runs = runsOf(c);
        const pPr = child(c, "w:pPr");
        const style = pPr && child(pPr, "w:pStyle")?.attrs["w:val"];
        const outline = pPr && child(pPr, "w:outlineLvl")?.attrs["w:val"];
        const level = (style ? headings.get(style) : undefined) ?? outlineLevel(outline === undefined ? undefined : Number(outline));
        const text = level !== undefined ? clean(runs.map((r) => r.text).join("")) : null;
        const block = text ? ({ type: "heading", level: level!, text, src: { row: n } } as const) : paragraphFromRuns(runs, { row: n }, clean);
        if (block) blocks.push(block);
      } else if (c.name === "w:tbl") {
        const rows: TableRow[] = [];
        for (const tr of elements(c, "w:tr")) {
          n++;
          const cells: GridCell[] = [];
          const before = Number(find(child(tr, "w:trPr") ?? c, "w:gridBefore")?.attrs["w:val"] ?? 0);
          for (let k = 0; k < before && k < 100; k++) cells.push({ text: null });
          for (const tc of elements(tr).flatMap((x) => (x.name === "w:tc" ? [x] : x.name === "w:sdt" ? elements(child(x, "w:sdtContent") ?? x, "w:tc") : []))) {
            const tcPr = child(tc, "w:tcPr");
            const span = Math.max(1, Math.min(100, Number(tcPr && child(tcPr, "w:gridSpan")?.attrs["w:val"]) || 1));
            const vMerge = tcPr && child(tcPr, "w:vMerge");
            const continues = !!vMerge && vMerge.attrs["w:val"] !== "restart";
            cells.push(continues ? { text: null, covered: "up" } : { text: clean(cellText(tc)) });
            for (let k = 1; k < span; k++) cells.push({ text: null, covered: continues ? "up" : "left" });
          }
          rows.push({ cells, src: { row: n } });
        }
        if (rows.length) blocks.push({ type: "table", rows, src: rows[0].src });
      } else if (c.name === "w:sdt" || c.name === "w:sdtContent" || c.name === "w:customXml") visit(c);
    }
  };
  visit(body);
  return blocks;
}

export const docxParser = defineParser({
  accepts: (f) => zipKind(f.bytes) === "docx",
  async parse(f) {
    const zip = await openZip(f.bytes, "docx");
    const doc = await readPart(zip, "word/document.xml", "docx");
    if (!doc) throw new ParseError("not a Word document: the archive has no word/document.xml", "docx");
    let blocks: Block[];
    try {
      blocks = docxBlocks(doc, await readPart(zip, "word/styles.xml", "docx"));
    } catch (e) {
      if (e instanceof ParseError) throw e;
      throw new ParseError(`corrupt Word document: word/document.xml is not well-formed XML (${(e as Error).message})`, "docx");
    }
    return { blocks };
  },
});
