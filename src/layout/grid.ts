/**
 * The intermediate shape every tabular backend produces before interpretation: a sheet
 * of rows of cells, with merged cells made explicit. Spreadsheets give it directly,
 * tab-separated exports give it from their empty leading cells, and PDF tables give it
 * from their rules and text geometry. One interpreter (interpret.ts) turns it into the
 * canonical document, so every format reads the templates the same way.
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

export function cellText(row: GridRow | undefined, col: number): string | null {
  return row?.cells[col]?.text ?? null;
}

/** The row's non-empty texts in column order. */
export function rowTexts(row: GridRow): string[] {
  return row.cells.map((c) => c.text).filter((t): t is string => !!t);
}
