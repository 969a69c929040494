/**
 * Tables whose rows give each cell's edges (a Word 97 row's rgdxaCenter, an RTF row's
 * \cellx) to grids of cells with explicit merges. Rows of one table need not have the
 * same cells: a cell as wide as two of the row above spans their two columns. The
 * columns are the edges of all rows, those closer than a tolerance taken as one; each
 * cell covers the columns between its edges ("left" after its first), a cell merged
 * into the one above covers them "up", one merged into the one on its left "left".
 * A row whose cells give no edges is laid out a column a cell.
 */
import type { GridCell } from "./grid.js";
import type { BlockSource, TableRow } from "./blocks.js";

export interface EdgeCell {
  text: string | null;
  /** Left and right edges, in any one unit for the whole table (twips); absent where the source gives none. */
  left?: number;
  right?: number;
  /** Merged into the cell on its left (a horizontal merge's later cells). */
  mergedLeft?: boolean;
  /** Merged into the cell above (a vertical merge's later cells). */
  mergedUp?: boolean;
}

export interface EdgeRow {
  cells: EdgeCell[];
  src: BlockSource;
}

/** Edges closer than this (twips: a twentieth of a point) are one column edge. */
const TOLERANCE = 30;
const MAX_COLUMNS = 200;

/** The distinct column edges of all rows, nearby ones taken as one. */
function columnEdges(rows: EdgeRow[]): number[] {
  const all = rows.flatMap((r) => r.cells.flatMap((c) => (c.left !== undefined && c.right !== undefined ? [c.left, c.right] : []))).sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of all) if (!out.length || x - out[out.length - 1] > TOLERANCE) out.push(x);
  return out.slice(0, MAX_COLUMNS + 1);
}

function nearest(edges: number[], x: number): number {
  let best = 0;
  for (let k = 1; k < edges.length; k++) if (Math.abs(edges[k] - x) < Math.abs(edges[best] - x)) best = k;
  return best;
}

export function gridFromEdges(rows: EdgeRow[]): TableRow[] {
  const edges = columnEdges(rows);
  const grid: GridCell[][] = rows.map((row) => {
    const out: GridCell[] = [];
    for (const cell of row.cells) {
      const measured = cell.left !== undefined && cell.right !== undefined && edges.length > 1;
      const start = Math.max(out.length, measured ? nearest(edges, cell.left!) : out.length);
      const end = Math.min(MAX_COLUMNS, Math.max(start + 1, measured ? nearest(edges, cell.right!) : start + 1));
      while (out.length < start) out.push({ text: null });
      for (let c = start; c < end; c++) {
        if (cell.mergedUp) out.push({ text: null, covered: "up" });
        else if (c > start || cell.mergedLeft) out.push({ text: null, covered: "left" });
        else out.push({ text: cell.text });
      }
    }
    return out;
  });
  const width = Math.max(0, ...grid.map((g) => g.length));
  return grid.map((cells, r) => ({
    cells: Array.from({ length: width }, (_, c) => cells[c] ?? { text: null }),
    src: rows[r].src,
  }));
}
