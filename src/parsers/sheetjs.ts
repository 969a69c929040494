/**
 * Legacy Excel 97-2003 workbooks (.xls, BIFF8) and OpenDocument spreadsheets (.ods),
 * which exceljs cannot read, through SheetJS (@e965/xlsx: the patched 0.20.3).
 */
import type * as XLSX from "@e965/xlsx";
import type { GridCell, GridRow, Sheet } from "../document/grid.js";
import { cleanCell } from "../normalize/text.js";
import { formatPercentCell } from "../normalize/value.js";
import { coveredFromRanges } from "./xlsx.js";
import { guardZip } from "../document/zipguard.js";
import { sheetBlocks } from "../document/sheets.js";
import { ParseError } from "../model/errors.js";
import { defineParser, type ParserModule, type SourceFile } from "./types.js";
import { isOds, isOle2, isWordDocument } from "./sniff.js";

type SheetJs = typeof XLSX;
let loading: Promise<SheetJs> | undefined;
/** SheetJS, loaded on the first workbook: a batch without one has no use for it. */
const sheetJs = (): Promise<SheetJs> => (loading ??= import("@e965/xlsx"));

function cellText(cell: XLSX.CellObject | undefined): string | null {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  if (cell.t === "n") {
    const fmt = typeof cell.z === "string" ? cell.z : "";
    if (fmt.includes("%")) return formatPercentCell(cell.v as number);
    return cell.w ?? String(cell.v);
  }
  if (cell.t === "e") return null;
  if (cell.t === "d") return cell.w ?? String(cell.v);
  return String(cell.v);
}

export function sheetFromSheetJs({ utils }: SheetJs, name: string, ws: XLSX.WorkSheet): Sheet {
  const ref = ws["!ref"];
  if (!ref) return { name, rows: [] };
  const range = utils.decode_range(ref);
  const covered = coveredFromRanges(
    (ws["!merges"] ?? []).map((m) => ({ top: m.s.r + 1, left: m.s.c + 1, bottom: m.e.r + 1, right: m.e.c + 1 })),
  );
  const rows: GridRow[] = [];
  for (let r = 0; r <= range.e.r; r++) {
    const cells: GridCell[] = [];
    for (let c = 0; c <= range.e.c; c++) {
      const how = covered.get(`${r + 1}:${c + 1}`);
      if (how) cells.push({ text: null, covered: how });
      else cells.push({ text: cleanCell(cellText(ws[utils.encode_cell({ r, c })] as XLSX.CellObject | undefined)) });
    }
    rows.push({ cells, ref: r + 1 });
  }
  return { name, rows };
}

function makeParser(format: "xls" | "ods", accepts: (f: SourceFile) => boolean): ParserModule {
  return defineParser({
    accepts,
    async parse(f) {
      if (format === "ods") guardZip(f.bytes);
      const lib = await sheetJs();
      let wb: XLSX.WorkBook;
      // SheetJS reports format oddities (ODS number formats it only approximates) on the
      // console; they are not the user's business and would interleave with progress lines.
      const { error, warn } = console;
      console.error = console.warn = () => {};
      try {
        wb = lib.read(f.bytes, { type: "buffer", cellNF: true, cellText: true, cellDates: false, dense: false });
      } catch (e) {
        throw new ParseError(`unreadable ${format} workbook (${(e as Error).message})`, format);
      } finally {
        console.error = error;
        console.warn = warn;
      }
      const hidden = new Set((wb.Workbook?.Sheets ?? []).filter((s) => s.Hidden).map((s) => s.name));
      const sheets = wb.SheetNames.filter((n) => !hidden.has(n)).map((n) => sheetFromSheetJs(lib, n, wb.Sheets[n]));
      return { blocks: sheetBlocks(sheets) };
    },
  });
}

export const xlsParser = makeParser("xls", (f) => isOle2(f.bytes) && !isWordDocument(f.bytes));
export const odsParser = makeParser("ods", (f) => isOds(f.bytes));
