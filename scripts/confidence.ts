/**
 * npm run confidence -- DIR...: the calibration table, whether the rows the tool accepts
 * (needs_review = 0) are right. Imports each folder of charters (`<id>/gold.json` beside
 * its files) into a fresh database (or judges --db), pairs every indicator row read with
 * its gold row as the scorer does (scripts/lib/row-precision.ts) and prints, per set and
 * for all the sets together:
 *   - per kind of file (producer and scrape: "reportlab pdftotext", "chromium layout"...;
 *     --by producer|scrape|file|set): gold rows, rows read, rows accepted, accepted / gold,
 *     the cell precision of the accepted rows, of the others and of all, the cell F1 of all
 *     rows (score.py --expect: a file that left no row counts);
 *   - by confidence band: rows and cell precision;
 *   - by doubt (each penalty of src/scraped/common/penalties.ts by name, with its cap, and the
 *     other reasons a row's confidence was lowered): rows carrying it and their precision,
 *     what a penalty's cap is set from.
 * --wrong lists every wrong cell of the accepted rows (field, gold, read). --files REGEX keeps the files whose "<set>/<id>/<file>" matches. --threshold T judges "accepted" as confidence >= T instead of the stored needs_review (what
 * another review threshold would give). --penalties alone prints the table of penalties.
 *
 * usage: confidence DIR... [--by kind|producer|scrape|file|set] [--files REGEX] [--wrong] [--threshold T] [--db FILE] [--quiet]
 *        confidence --penalties
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { importPaths } from "../src/pipeline/import.js";
import { PENALTIES, formatPenalties } from "../src/scraped/common/penalties.js";
import { type JudgedRow, bandTable, figuresTable, fileKind, fileTallies, goldFiles, groupFigures, judgeRows, reasonTable } from "./lib/row-precision.js";

const USAGE = `usage: npm run confidence -- DIR... [--by kind|producer|scrape|file|set] [--files REGEX] [--wrong] [--threshold T] [--db FILE] [--quiet]
       npm run confidence -- --penalties

The calibration table: rows accepted (needs_review = 0) and their share of the gold rows, cell
precision of the accepted rows and the others, F1, by kind of file, by confidence band and by
the doubts that lowered a row's confidence; --penalties prints the table of penalties.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    threshold: { type: "string" },
    by: { type: "string", default: "kind" },
    db: { type: "string" },
    penalties: { type: "boolean", default: false },
    files: { type: "string" },
    wrong: { type: "boolean", default: false },
    quiet: { type: "boolean", short: "q", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
const KEYS: Record<string, (file: string) => string> = {
  kind: (f) => Object.values(fileKind(f)).join(" "),
  producer: (f) => fileKind(f).producer,
  scrape: (f) => fileKind(f).scrape,
  file: (f) => f,
};
if (values.penalties && positionals.length === 0) {
  console.log(formatPenalties());
  process.exit(0);
}
if (values.help || positionals.length === 0 || !(KEYS[values.by] || values.by === "set")) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const threshold = values.threshold === undefined ? null : Number(values.threshold);
const accept = (r: JudgedRow) => (threshold === null ? r.accepted : r.confidence >= threshold);
const named = Object.entries(PENALTIES).map(([name, p]) => ({ name, reason: p.reason, cap: p.cap }));

const tmp = values.db ? null : mkdtempSync(join(tmpdir(), "confidence-"));
const allRows: JudgedRow[] = [];
const allFiles = new Map<string, { rows: number; tp: number; pred: number; gold: number }>();
try {
  for (const [n, dir] of positionals.map((d) => resolve(d)).entries()) {
    const db = values.db ?? join(tmp!, `${n}.sqlite`);
    if (!values.db) await importPaths([dir], { db });
    const set = basename(dir);
    const only = values.files ? new RegExp(values.files) : null;
    const rows = judgeRows(db, dir).map((r) => ({ ...r, file: `${set}/${r.file}` })).filter((r) => !only || only.test(r.file));
    const gold = goldFiles(dir);
    const files = new Map([...fileTallies(db, dir)].map(([f, t]) => [`${set}/${f}`, { ...t, rows: gold.get(f)!.rows }] as const).filter(([f]) => !only || only.test(f)));
    allRows.push(...rows);
    for (const [f, t] of files) allFiles.set(f, t);
    report(`${dir}`, rows, files);
  }
  if (positionals.length > 1) report("all sets", allRows, allFiles);
} finally {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}

function report(title: string, rows: JudgedRow[], files: Map<string, { rows: number; tp: number; pred: number; gold: number }>): void {
  const key = values.by === "set" ? (f: string) => f.split("/")[0] : (f: string) => KEYS[values.by](f.split("/").slice(1).join("/"));
  console.log(`\n${title}: accepted = ${threshold === null ? "needs_review = 0" : `confidence >= ${threshold}`}`);
  for (const l of figuresTable(groupFigures(rows, files, accept, key))) console.log(l);
  if (values.wrong) for (const l of wrongCells(rows.filter(accept))) console.log(l);
  if (values.quiet) return;
  console.log("\nby confidence band:");
  for (const l of bandTable(rows)) console.log(l);
  console.log("\nby doubt (penalty, cap; a row counts under each of its doubts):");
  for (const l of reasonTable(rows, named)) console.log(l);
}

/** --wrong: every wrong cell of the accepted rows, one a line, with the row's file, description and doubts. */
function wrongCells(rows: JudgedRow[]): string[] {
  const out = ["\nwrong cells of the accepted rows (file | row | doubts | field: gold -> read):"];
  const show = (v: unknown) => JSON.stringify(v);
  for (const r of rows) for (const w of r.wrong) out.push(`${r.file} | ${r.description.slice(0, 40)} | ${r.reasons.join(",") || "-"} | ${w.field}: ${show(w.gold)} -> ${show(w.got)}`);
  return out;
}
