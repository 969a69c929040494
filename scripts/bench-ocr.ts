/**
 * OCR throughput on one core, beside the text-layer path's on the same charters in the same
 * run: the import of scanned PDFs (fixtures/scans/dev: every page read by OCR) and the import
 * of the PDFs they were scanned from (each folder's scan-recipe.json names them: text
 * layers, no OCR), each a child process `charters import --concurrency 1` pinned to one
 * core (`taskset -c C`, where taskset exists).
 *
 *   npm run bench:ocr                      the scans matching the default pattern
 *   npm run bench:ocr -- --match REGEX     the scans whose path (charter folder/file) matches REGEX
 *   npm run bench:ocr -- --dir DIR         the scans under another folder laid out as fixtures/scans/dev
 *   npm run bench:ocr -- --core C          the core both sides are pinned to (default 0)
 *
 * Printed for each side: pages, wall and CPU seconds, pages/s by wall and by CPU time (the
 * core's own figure, steadier when other processes share it), peak resident memory, and the
 * ratio of the text layer's pages/s to OCR's. Exits 0 whatever the figures.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { openPdf } from "../src/pdf/read.js";
import { pinning, ROOT, runImport, type ImportRun } from "./lib/child.js";

const HELP = `usage: npm run bench:ocr -- [--dir DIR] [--match REGEX] [--core C] [--keep]

Times, on one core, the import of scanned PDFs (default: fixtures/scans/dev, the files
matching ${"`"}scan300\\.pdf$|scan200-noisy\\.pdf$${"`"}: every page read by OCR) beside the import
of the text-layer PDFs they were scanned from (scan-recipe.json), each side a child
process pinned with taskset -c C (default core 0). Prints pages/s by wall and CPU time,
peak memory, and the ratio text layer / OCR. Exits 0 once run.`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  return v && !v.startsWith("--") ? v : "";
}

interface Pair {
  scan: string;
  text: string;
}

/** The scans of each charter folder that match, with the text-layer PDF each was made from. */
function pairs(dir: string, match: RegExp): Pair[] {
  const out: Pair[] = [];
  for (const id of readdirSync(dir).sort()) {
    const recipe = join(dir, id, "scan-recipe.json");
    if (!existsSync(recipe)) continue;
    const r = JSON.parse(readFileSync(recipe, "utf8")) as { from?: string; scans?: string[] };
    if (!r.from) continue;
    for (const line of r.scans ?? []) {
      const [source, scan] = line.split(/\s+/);
      if (!scan?.endsWith(".pdf") || !match.test(`${id}/${scan}`)) continue;
      const text = join(ROOT, r.from, source);
      if (existsSync(join(dir, id, scan)) && existsSync(text)) out.push({ scan: join(dir, id, scan), text });
    }
  }
  return out;
}

async function pageCount(file: string): Promise<number> {
  const { doc } = await openPdf(readFileSync(file));
  try {
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}

/** The files copied into a folder of their own (byte for byte: the import reads each once). */
function folderOf(work: string, name: string, files: string[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  files.forEach((f, i) => copyFileSync(f, join(dir, `${String(i).padStart(3, "0")}.pdf`)));
  return dir;
}

function line(name: string, pages: number, r: ImportRun): { wall: number; cpu: number } {
  const wall = pages / r.wallS;
  const cpu = pages / r.cpuS;
  const s = r.summary;
  const outcome = `${s.new} read, ${s.failed} failed, ${s.indicators} indicators`;
  console.log(
    `  ${name.padEnd(10)} ${String(pages).padStart(4)} pages  ${r.wallS.toFixed(1).padStart(7)} s wall  ${r.cpuS.toFixed(1).padStart(7)} s CPU  ` +
      `${wall.toFixed(3).padStart(8)} pages/s wall  ${cpu.toFixed(3).padStart(8)} pages/s CPU  peak RSS ${(r.peakRss / 1048576).toFixed(0)} MB  (${outcome})`,
  );
  return { wall, cpu };
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) return console.log(HELP);
  const dir = arg("--dir") || join(ROOT, "fixtures", "scans", "dev");
  const match = new RegExp(arg("--match") || "scan300\\.pdf$|scan200-noisy\\.pdf$");
  const core = Number(arg("--core") || 0);
  const pin = pinning(core).length ? core : undefined;
  const found = pairs(dir, match);
  if (!found.length) throw new Error(`no scans matching ${match} under ${dir}`);
  const work = mkdtempSync(join(tmpdir(), "charters-bench-ocr-"));
  try {
    const scans = folderOf(work, "scans", found.map((p) => p.scan));
    // each source once: two scans of one PDF would make the second copy a duplicate the import does not parse
    const sources = [...new Set(found.map((p) => p.text))];
    const texts = folderOf(work, "texts", sources);
    let textPages = 0;
    for (const f of sources) textPages += await pageCount(f);
    console.log(`${found.length} scans under ${relative(ROOT, dir) || dir} matching ${match}, and the PDFs they were scanned from; each import pinned to core ${core}${pin === undefined ? " (no taskset: not pinned)" : ""}, --concurrency 1`);
    const text = await runImport(texts, join(work, "text.sqlite"), ["--concurrency", "1"], { pin });
    const ocr = await runImport(scans, join(work, "ocr.sqlite"), ["--concurrency", "1", "--file-timeout", "3600"], { pin });
    const t = line("text layer", textPages, text);
    const o = line("OCR", ocr.summary.ocrPages, ocr);
    console.log(`text layer / OCR: ${(t.wall / o.wall).toFixed(0)}x by wall time, ${(t.cpu / o.cpu).toFixed(0)}x by CPU time; OCR ${(1 / o.cpu).toFixed(1)} s of one core a page`);
  } finally {
    if (!process.argv.includes("--keep")) rmSync(work, { recursive: true, force: true });
  }
}

await main();
