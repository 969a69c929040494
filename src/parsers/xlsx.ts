/** Office Open XML workbooks (.xlsx) with exceljs: merged cells, several sheets, number formats. */
import type ExcelJS from "exceljs";
import type { GridCell, GridRow, Sheet } from "../document/grid.js";
import { cleanCell } from "../normalize/text.js";
import { formatPercentCell } from "../normalize/value.js";
import { guardZip } from "../document/zipguard.js";
import { sheetBlocks } from "../document/sheets.js";
import { ParseError } from "../model/errors.js";
import { defineParser } from "./types.js";
import { zipKind } from "./sniff.js";

/** The printed text of a cell's value, whatever exceljs made of it. */
export function excelValueText(value: ExcelJS.CellValue, numFmt?: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return numFmt && numFmt.includes("%") ? formatPercentCell(value) : String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "VERO" : "FALSO";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((t) => t.text).join("");
    if ("result" in v) return excelValueText(v.result as ExcelJS.CellValue, numFmt);
    if (typeof v.text === "string") return v.text;
    if (typeof v.error === "string") return null;
  }
  return String(value);
}

/** Merge ranges ("A15:A17") to the covered cells' direction: "up" below the top row, "left" beside the master. */
export function coveredFromRanges(ranges: { top: number; left: number; bottom: number; right: number }[]): Map<string, "up" | "left"> {
  const covered = new Map<string, "up" | "left">();
  for (const m of ranges) {
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        covered.set(`${r}:${c}`, r === m.top ? "left" : "up");
      }
    }
  }
  return covered;
}

function decodeRange(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref.replace(/\$/g, ""));
  if (!m) return null;
  const colNum = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { top: Number(m[2]), left: colNum(m[1]), bottom: Number(m[4]), right: colNum(m[3]) };
}

export function sheetFromWorksheet(ws: ExcelJS.Worksheet): Sheet {
  const ranges = ((ws.model as { merges?: string[] }).merges ?? []).map(decodeRange).filter((r) => r !== null);
  const covered = coveredFromRanges(ranges);
  const rows: GridRow[] = [];
  const width = ws.columnCount;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: GridCell[] = [];
    for (let c = 1; c <= width; c++) {
      const how = covered.get(`${r}:${c}`);
      if (how) {
        cells.push({ text: null, covered: how });
        continue;
      }
      const cell = row.getCell(c);
      cells.push({ text: cleanCell(excelValueText(cell.value, cell.numFmt)) });
    }
    rows.push({ cells, ref: r });
  }
  return { name: ws.name, rows };
}

export const xlsxParser = defineParser({
  // A workbook, or a zip that names no known part (a truncated workbook may have lost its
  // names with the central directory): it deserves a clear xlsx error or the container named.
  accepts: (f) => zipKind(f.bytes) === "xlsx" || zipKind(f.bytes) === "zip",
  async parse(f) {
    guardZip(f.bytes);
    if (zipKind(f.bytes) === "zip") throw new ParseError("a ZIP archive that is neither a workbook (xlsx, ods) nor a text document (docx, odt): it has no xl/workbook.xml, word/document.xml or OpenDocument mimetype", "xlsx");
    // loaded on the first workbook: loading exceljs costs a worker time for nothing on a batch without one (docs/lab-notes.md)
    const { default: Excel } = await import("exceljs");
    const wb = new Excel.Workbook();
    try {
      await wb.xlsx.load(f.bytes as unknown as ArrayBuffer);
    } catch (e) {
      throw new ParseError(`unreadable xlsx workbook (${(e as Error).message})`, "xlsx");
    }
    const sheets: Sheet[] = [];
    wb.eachSheet((ws) => {
      if (ws.state === "visible" || ws.state === undefined) sheets.push(sheetFromWorksheet(ws));
    });
    return { blocks: sheetBlocks(sheets) };
  },
});
