/**
 * npm run precision -- DIR...: the cell precision of the indicator rows read from each
 * folder of charters (`<id>/gold.json` beside its files), split at the review threshold
 * and by the kind of file: per producer and scrape of a scraped PDF
 * ("reportlab layout", "chromium pdftotext", ...), then by confidence band.
 * Columns: gold rows the files should yield, rows read, rows accepted (confidence >=
 * threshold), accepted / gold, cell precision of the accepted rows, of the others, of all.
 *
 * usage: precision DIR... [--threshold 0.7] [--by kind|producer|scrape|file] [--db FILE]
 *   --db FILE  judge a database already imported from DIR (default: import DIR into a fresh one)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { importPaths } from "../src/pipeline/import.js";
import { bandTable, byKindTable, fileKind, goldRows, judgeRows } from "./lib/row-precision.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { threshold: { type: "string", default: "0.7" }, by: { type: "string", default: "kind" }, db: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
});
const KEYS: Record<string, (file: string) => string> = {
  kind: (f) => Object.values(fileKind(f)).join(" "),
  producer: (f) => fileKind(f).producer,
  scrape: (f) => fileKind(f).scrape,
  file: (f) => f,
};
if (values.help || positionals.length === 0 || !KEYS[values.by]) {
  console.log("usage: npm run precision -- DIR... [--threshold 0.7] [--by kind|producer|scrape|file] [--db FILE]\n\nCell precision of the rows read from each folder's charters, at or above the confidence threshold and below it, by kind of file and by confidence band.");
  process.exit(values.help ? 0 : 2);
}
const threshold = Number(values.threshold);
const tmp = values.db ? null : mkdtempSync(join(tmpdir(), "precision-"));
try {
  for (const [n, dir] of positionals.map((d) => resolve(d)).entries()) {
    const db = values.db ?? join(tmp!, `${n}.sqlite`);
    if (!values.db) await importPaths([dir], { db });
    const rows = judgeRows(db, dir);
    console.log(`\n${dir}: confidence >= ${threshold} accepted`);
    for (const l of byKindTable(rows, goldRows(dir), threshold, KEYS[values.by])) console.log(l);
    console.log("\nby confidence band:");
    for (const l of bandTable(rows)) console.log(l);
  }
} finally {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
