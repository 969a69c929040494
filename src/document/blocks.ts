/**
 * The one document model every backend produces (Docling's idea: one model, a backend
 * per format, the interpreter reads only the model): an ordered list of blocks, each
 * with where it was read.
 *
 * - heading: a title line set apart by the source (HTML h1-h6, a Word heading style);
 * - paragraph: running text (a PDF line group, a Word paragraph, an HTML <p>), with its
 *   leading bold run where the source marks one ("Label:" in bold, then the value);
 * - term / definition: a definition list's label and its value (HTML dt/dd, a label on
 *   its own line with its value indented below it);
 * - table: a grid of cells with explicit merges (a spreadsheet's sheet, a Word or HTML
 *   table, a PDF table from its rules or its text's alignment);
 * - break: where the source starts a new sheet, or a new printed part.
 */
import type { GridCell } from "./grid.js";

/** Where a block (or a table row) was read, in its source's own terms. */
export interface BlockSource {
  /** Sheet name of a workbook, or of a part of a printed document. */
  sheet?: string | null;
  /** 1-based page of a PDF. */
  page?: number;
  /** Box on the page: [x0, y0, x1, y1], top-left origin. */
  bbox?: [number, number, number, number];
  /** 1-based row of a sheet, or paragraph of a word-processor document (paragraphs and table rows counted in order). */
  row?: number;
  /** 1-based line of a text file or of a web page's source. */
  line?: number;
  /** The row was read by OCR from a scanned page: its words' confidence, 0..1. */
  ocr?: number;
}

export interface TableRow {
  cells: GridCell[];
  src: BlockSource;
}

export type Block =
  | { type: "heading"; level: number; text: string; src: BlockSource }
  | { type: "paragraph"; text: string; /** The paragraph's leading bold text, where the source marks it. */ label?: string; src: BlockSource }
  | { type: "term"; text: string; src: BlockSource }
  | { type: "definition"; text: string; src: BlockSource }
  | { type: "table"; rows: TableRow[]; src: BlockSource }
  | { type: "break"; kind: "sheet" | "part"; name: string | null };

/** Provenance fields of a block's source, for the canonical model. */
export function sourceFields(src: BlockSource): { sheet: string | null; page: number | null; row: number | null; line: number | null; bbox: [number, number, number, number] | null; ocr?: number } {
  const fields = { sheet: src.sheet ?? null, page: src.page ?? null, row: src.row ?? null, line: src.line ?? null, bbox: src.bbox ?? null };
  return src.ocr === undefined ? fields : { ...fields, ocr: src.ocr };
}

/** A paragraph from its runs of text: its text cleaned, and its leading bold text as its label. */
export function paragraphFromRuns(runs: { text: string; bold: boolean }[], src: BlockSource, clean: (s: string) => string | null): Block | null {
  const text = clean(runs.map((r) => r.text).join(""));
  if (!text) return null;
  let label = "";
  for (const r of runs) {
    if (!r.bold && r.text.trim()) break;
    label += r.text;
  }
  const l = clean(label);
  return { type: "paragraph", text, ...(l && l !== text ? { label: l } : {}), src };
}
