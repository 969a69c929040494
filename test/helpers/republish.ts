/**
 * A charter republished with corrections: a real .xlsx written by exceljs from a fixture,
 * with the cells whose text matches a pattern rewritten (and its mtime moved, so that the
 * import reads it again).
 */
import ExcelJS from "exceljs";
import { utimesSync } from "node:fs";

export async function republish(src: string, dest: string, edits: readonly [RegExp, string][]): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(src);
  let changed = 0;
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value !== "string" || cell.isMerged && cell.master !== cell) return;
        for (const [re, text] of edits) {
          if (!re.test(cell.value)) continue;
          cell.value = cell.value.replace(re, text);
          changed++;
        }
      }),
    ),
  );
  await wb.xlsx.writeFile(dest);
  const later = new Date(Date.now() + 5000);
  utimesSync(dest, later, later);
  return changed;
}
