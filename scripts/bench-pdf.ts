/**
 * PDF parser benchmark over the corpus PDFs (fixtures/corpus/**\/*.pdf).
 *
 *   npm run bench:pdf                      pages/second of the full parse beside raw pdfjs
 *   npm run bench:pdf -- --repeat 10       (getTextContent + getOperatorList) on the same
 *                                          files in the same run, and their ratio (>= 0.7)
 *   npm run bench:pdf -- --memory [1000]   RSS over N full parses (must stay under 300 MB)
 *   npm run bench:pdf -- --dir DIR         another folder of PDFs
 */
import { readFileSync } from "node:fs";
import { pdfParser } from "../src/parsers/pdf.js";
import { loadPdfJs } from "../src/pdf/pdfjs.js";
import { collectFiles } from "../src/pipeline/import.js";

/** Every PDF below a folder, sorted (the importer's own folder walk). */
async function pdfFiles(dir: string): Promise<string[]> {
  return (await collectFiles([dir])).filter((f) => f.toLowerCase().endsWith(".pdf"));
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  return v && !v.startsWith("--") ? v : "";
}

const dir = arg("--dir") || "fixtures/corpus";
const files = (await pdfFiles(dir)).map((path) => ({ path, bytes: readFileSync(path) }));
if (!files.length) {
  console.error(`no PDF under ${dir}`);
  process.exit(2);
}

/** Raw pdfjs work on one file: every page's text content and operator list. Returns pages. */
async function rawPdfjs(bytes: Buffer): Promise<number> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true });
  const doc = await task.promise;
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      await page.getTextContent();
      await page.getOperatorList();
      page.cleanup();
    }
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}

async function fullParse(f: { path: string; bytes: Buffer }): Promise<number> {
  const doc = await pdfParser.parse(f);
  const pages = new Set<number>();
  for (const s of doc.services) for (const i of s.indicators) if (i.provenance.page) pages.add(i.provenance.page);
  return pages.size;
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

async function memory(n: number): Promise<void> {
  let peak = process.memoryUsage().rss;
  const start = peak;
  console.log(`memory: ${n} full parses over ${files.length} corpus PDFs (start RSS ${mb(start)} MB)`);
  for (let i = 1; i <= n; i++) {
    await pdfParser.parse(files[i % files.length]);
    if (i % 50 === 0 || i === n) {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      if (i % 200 === 0 || i === n) console.log(`  after ${String(i).padStart(5)} parses: RSS ${mb(rss)} MB, heap ${mb(process.memoryUsage().heapUsed)} MB`);
    }
  }
  const ok = peak < 300 * 1024 * 1024;
  console.log(`peak RSS ${mb(peak)} MB: ${ok ? "OK" : "OVER"} (limit 300 MB)`);
  if (!ok) process.exitCode = 1;
}

async function speed(repeat: number): Promise<void> {
  // page counts from one raw pass (which also warms both paths up)
  let pagesPerRound = 0;
  for (const f of files) pagesPerRound += await rawPdfjs(f.bytes);
  for (const f of files) await fullParse(f);
  let rawMs = 0;
  let fullMs = 0;
  for (let r = 0; r < repeat; r++) {
    // alternate the order so that neither side always runs on a warmer process
    const order = r % 2 === 0 ? (["raw", "full"] as const) : (["full", "raw"] as const);
    for (const which of order) {
      const t0 = performance.now();
      for (const f of files) {
        if (which === "raw") await rawPdfjs(f.bytes);
        else await pdfParser.parse(f);
      }
      const dt = performance.now() - t0;
      if (which === "raw") rawMs += dt;
      else fullMs += dt;
    }
  }
  const pages = pagesPerRound * repeat;
  const rawRate = pages / (rawMs / 1000);
  const fullRate = pages / (fullMs / 1000);
  console.log(`${files.length} PDFs, ${pagesPerRound} pages, x${repeat}`);
  console.log(`raw pdfjs (getTextContent + getOperatorList): ${rawRate.toFixed(1)} pages/s`);
  console.log(`full parse (pdf parser + interpreter):        ${fullRate.toFixed(1)} pages/s`);
  const ratio = fullRate / rawRate;
  console.log(`ratio full/raw: ${ratio.toFixed(2)} (target >= 0.70) ${ratio >= 0.7 ? "OK" : "BELOW TARGET"}`);
}

const mem = arg("--memory");
if (mem !== undefined) await memory(Number(mem) || 1000);
else await speed(Number(arg("--repeat")) || 5);
