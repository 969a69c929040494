/**
 * A word processor's paragraphs (a Word 97-2003 document's, an RTF file's) as blocks, as
 * the .docx backend makes them: a
 * paragraph in a heading style (or with an outline level of its own) is a heading, any
 * other a paragraph whose leading bold run is its label; the paragraphs of a table's
 * rows are its cells (a cell's paragraphs and a table nested in it joined by spaces),
 * each row closed by its row-end mark, the cells placed by the row's cell edges with
 * their horizontal and vertical merges (document/edges.ts).
 */
import { cleanText as clean } from "../normalize/text.js";
import { type Block, paragraphFromRuns } from "./blocks.js";
import { type EdgeCell, type EdgeRow, gridFromEdges } from "./edges.js";
import { outlineLevel } from "./styles.js";

export interface RowCell {
  /** Left and right edges, in twips from the row's origin. */
  left: number;
  right: number;
  /** Horizontal merge: 1 first of a set, 2 merged into the cell to its left. */
  hMerge: number;
  /** Vertical merge: 0 none, 3 first of a set, 1 (or 2) merged into the cell above. */
  vMerge: number;
}

/** A paragraph of a word processor's text, with where it stands in a table. */
export interface Paragraph {
  runs: { text: string; bold: boolean }[];
  /** The character that ended it: "\r" (a paragraph mark), "\x07" (a cell or row end), "\x0c" (a section end). */
  mark: string;
  /** Its paragraph style (index into the document's stylesheet). */
  istd: number;
  /** Its own outline level (0-based, 9 = body text). */
  outline?: number;
  /** Table depth: 0 outside tables, 1 in a table, 2+ in a table nested in a cell. */
  depth: number;
  /** Ends a table row, with the row's cells where the row defines them. */
  rowEnd: boolean;
  cells?: RowCell[];
}

const textOf = (p: Paragraph) => p.runs.map((r) => r.text).join("");

/** A row's cells: their text, with the row's edges and merges where it defines them. */
function rowCells(texts: string[], defs: RowCell[] | undefined): EdgeCell[] {
  return texts.map((t, i) => {
    const d = defs?.[i];
    const text = clean(t);
    if (!d) return { text };
    return { text, left: d.left, right: d.right, mergedLeft: d.hMerge === 2, mergedUp: d.vMerge === 1 || d.vMerge === 2 };
  });
}

export function wordBlocks(paragraphs: Paragraph[], headings: Map<number, number>): Block[] {
  const blocks: Block[] = [];
  let rows: EdgeRow[] = [];
  let cells: string[] = [];
  let cell: string[] = [];
  let n = 0;
  const closeTable = () => {
    if (cell.some((t) => t.trim()) || cells.length) {
      // a row left open (no row-end mark): its cells as they are
      if (cell.some((t) => t.trim())) cells.push(cell.join(" "));
      rows.push({ cells: rowCells(cells, undefined), src: { row: ++n } });
    }
    if (rows.length) blocks.push({ type: "table", rows: gridFromEdges(rows), src: rows[0].src });
    rows = [];
    cells = [];
    cell = [];
  };
  for (const p of paragraphs) {
    if (p.depth === 0) {
      closeTable();
      n++;
      const level = headings.get(p.istd) ?? outlineLevel(p.outline);
      const text = level !== undefined ? clean(textOf(p)) : null;
      const block = text ? ({ type: "heading", level: level!, text, src: { row: n } } as const) : paragraphFromRuns(p.runs, { row: n }, clean);
      if (block) blocks.push(block);
    } else if (p.rowEnd) {
      if (cell.some((t) => t.trim())) cells.push(cell.join(" "));
      cell = [];
      rows.push({ cells: rowCells(cells, p.cells), src: { row: ++n } });
      cells = [];
    } else {
      cell.push(textOf(p));
      if (p.depth === 1 && p.mark === "\x07") {
        cells.push(cell.join(" "));
        cell = [];
      }
    }
  }
  closeTable();
  return blocks;
}
