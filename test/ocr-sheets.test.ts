/**
 * A scanned office-sheet print (issue 19): a charter's sheet printed by LibreOffice Calc
 * (a grid of thin cell rules, the dimension cells merged down their rows, small print
 * scaled to the page's width), its first page through the office scanner (200 dpi, turned,
 * blurred, noisy) and saved as a JPEG. Read end to end by the CLI with the real engine
 * (one OCR'd page): the short values of the narrow target cells ("5", "98%"), which the
 * page's reading drops as specks, are read cell by cell (src/ocr/cells.ts), and the merged
 * group cells give each row its dimension.
 */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { cli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

const CHARTER = join(import.meta.dirname, "..", "fixtures", "scans", "sheets", "d07-civit-metodo-2023");

interface GoldIndicator {
  dimension_raw: string;
  subdimension_raw: string | null;
  target_raw: string | null;
}

it("reads the narrow cells and the merged group cells of a noisy JPEG scan of a sheet print", () => {
  const dir = tempDir();
  mkdirSync(join(dir, "d07"));
  copyFileSync(join(CHARTER, "charter.scan200.jpg"), join(dir, "d07", "charter.scan200.jpg"));
  const db = join(dir, "s.sqlite");
  const r = cli(["import", dir, "--db", db, "--log-format", "json", "--concurrency", "1", "--file-timeout", "600"], { timeout: 900_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.summary.ocrPages).toBe(1);
  const gold = (JSON.parse(readFileSync(join(CHARTER, "gold.json"), "utf8")) as { services: { indicators: GoldIndicator[] }[] }).services[0].indicators;
  const rows = new Database(db, { readonly: true })
    .prepare("SELECT dimension_raw, subdimension_raw, target_raw FROM indicators ORDER BY service_id, position")
    .all() as GoldIndicator[];
  // the page holds the first service's table: one row a gold indicator, in order
  expect(rows.length).toBe(gold.length);
  const same = (field: keyof GoldIndicator) => rows.filter((row, i) => row[field] === gold[i][field]).length;
  // every row its merged group cell's dimension (the cell spans the rows beside it)
  expect(same("dimension_raw")).toBe(gold.length);
  expect(same("subdimension_raw")).toBeGreaterThanOrEqual(gold.length - 2);
  // the lone short values: 2 of 10 read by the page's reading alone
  expect(same("target_raw")).toBeGreaterThanOrEqual(7);
}, 900_000);
