/**
 * Cells with their merges made explicit: what a table block's rows hold (blocks.ts), and
 * the sheets of rows the tabular backends build first. Spreadsheets give them directly,
 * delimited exports from their empty leading cells, Word, OpenDocument and HTML tables
 * from their declared spans, PDF tables from their rules and text
 * geometry. One interpreter (src/interpret/) reads every format's blocks the same way.
 */

export interface GridCell {
  /** Cleaned text, or null for an empty cell or a cell covered by a merge. */
  text: string | null;
  /**
   * Set where the cell is covered by a merged cell: "up" continues the cell above it
   * (a dimension merged down its rows), "left" continues the cell to its left (a
   * definition merged across two columns).
   */
  covered?: "up" | "left";
  /** Number format of a spreadsheet number ("0%"), where it matters for reading it back. */
  numFmt?: string;
}

export interface GridRow {
  cells: GridCell[];
  /** 1-based row number in the sheet, or line number in a text file. */
  ref: number;
  /** 1-based page of a PDF row. */
  page?: number;
  /** Bounding box of a PDF row: [x0, y0, x1, y1], top-left origin. */
  bbox?: [number, number, number, number];
}

export interface Sheet {
  /** Sheet name in a workbook; null for single-table sources. */
  name: string | null;
  /** What the rows' `ref` counts: sheet rows (the default) or lines of a text file. */
  refs?: "rows" | "lines";
  rows: GridRow[];
}
