/**
 * Tables whose cells declare their spans (HTML rowspan/colspan, ODT number-rows-spanned,
 * Word's gridSpan and vMerge) to grids of cells with explicit merges: each origin cell
 * keeps its text, the positions it covers are "left" in its own row and "up" below it.
 * Cells are placed as the HTML table model places them: each in the first free column
 * of its row, after the positions still covered from the rows above.
 */
import type { GridCell } from "./grid.js";
import type { BlockSource, TableRow } from "./blocks.js";

export interface SpanCell {
  text: string | null;
  rowSpan?: number;
  colSpan?: number;
}

const MAX_SPAN = 1000;

export function gridFromSpans(rows: { cells: SpanCell[]; src: BlockSource }[]): TableRow[] {
  const grid: GridCell[][] = rows.map(() => []);
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row.cells) {
      while (grid[r][c]) c++;
      const rs = Math.max(1, Math.min(cell.rowSpan ?? 1, rows.length - r, MAX_SPAN));
      const cs = Math.max(1, Math.min(cell.colSpan ?? 1, MAX_SPAN));
      for (let dr = 0; dr < rs; dr++) {
        for (let dc = 0; dc < cs; dc++) {
          grid[r + dr][c + dc] = dr === 0 && dc === 0 ? { text: cell.text } : { text: null, covered: dr === 0 ? "left" : "up" };
        }
      }
      c += cs;
    }
  });
  const width = Math.max(0, ...grid.map((g) => g.length));
  return grid.map((cells, r) => ({
    cells: Array.from({ length: width }, (_, c) => cells[c] ?? { text: null }),
    src: rows[r].src,
  }));
}
