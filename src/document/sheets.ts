/** Sheets of cells (spreadsheets, tab-separated text, PDF pages laid out as rows) as blocks: a sheet break, then its table. */
import type { Sheet } from "./grid.js";
import type { Block } from "./blocks.js";

export function sheetBlocks(sheets: Sheet[]): Block[] {
  const out: Block[] = [];
  for (const sheet of sheets) {
    const lines = sheet.refs === "lines";
    out.push({ type: "break", kind: "sheet", name: sheet.name });
    out.push({
      type: "table",
      src: { sheet: sheet.name },
      rows: sheet.rows.map((r) => ({
        cells: r.cells,
        src: {
          sheet: sheet.name,
          ...(r.page !== undefined ? { page: r.page } : {}),
          ...(r.bbox ? { bbox: r.bbox } : {}),
          ...(lines ? { line: r.ref } : r.page === undefined ? { row: r.ref } : {}),
        },
      })),
    });
  }
  return out;
}
