/**
 * PDF throughput on one core: the import of a folder of PDFs beside poppler's
 * `pdftotext -layout` and pdf.js's own text extraction, on the same files in the same run.
 *
 *   npm run bench:pdf                   the corpus PDFs, copied until there are 500 pages
 *   npm run bench:pdf -- --dir DIR      the PDFs under another folder
 *   npm run bench:pdf -- --pages N      copy the files until there are N pages (default 500)
 *   npm run bench:pdf -- --rounds N     rounds (default 5)
 *   npm run bench:pdf -- --core C       the core every side is pinned to (default 0)
 *   npm run bench:pdf -- --memory [N]   resident memory over N full parses in one process
 *   npm run bench:pdf -- --long N       the import of one PDF of N pages (made with pdf-lib), twice:
 *                                       pages with their own fonts, pages sharing theirs
 *   npm run bench:pdf -- --help
 *
 * Each side is a child process pinned to the same core (`taskset -c C`, where taskset
 * exists) reading every file of a temp archive of byte-unique copies of the PDFs:
 *   import     `charters import ARCHIVE --concurrency 1`: the whole import into a new database
 *   pdftotext  `pdftotext -layout FILE /dev/null`, one process per file (through xargs), where poppler is installed
 *   pdf.js     getTextContent() of every page, in one node process: pdf.js's text extraction alone
 * The sides run in rounds, in an order that rotates every round; each round's ratios
 * compare runs minutes apart at most (the machine's speed drifts). Printed: pages/s by
 * wall time and by CPU time (the child and what it waited for: what the core spent on it,
 * steadier when other processes share the core), the medians and spread of the ratios,
 * and the bar (import / pdftotext >= 0.5 pages/s) as PASS/FAIL. Exits 0 whatever the figures.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parserNamed } from "../src/parsers/registry.js";
import { readWith } from "../src/read/charter.js";
import { collectFiles } from "../src/pipeline/import.js";
import { pinning, ROOT, runCommand, runImport, runNode, which, type CommandResult } from "./lib/child.js";
import { longPdf } from "./lib/long-pdf.js";
import { vary } from "./lib/variants.js";

const HELP = `usage: npm run bench:pdf -- [--dir DIR] [--pages N] [--rounds N] [--core C] [--memory [N] | --long N] [--keep]

Times, on one core, the import of a folder of PDFs (default: ../shared/corpus where it
is, else fixtures/corpus), copied into a temp archive until it has N pages (default 500),
beside poppler's pdftotext -layout (where installed) and pdf.js's getTextContent on the
same files, each side a child process pinned with taskset -c C (default core 0) where
taskset exists. Prints pages/s by wall and CPU time, the ratios' medians and spread over
the rounds (default 5), and the bar: import / pdftotext >= 0.5. Exits 0 once run.

  --memory [N]  instead: resident memory over N full parses (default 1000) in this process
  --long N      instead: the import (one worker, pinned) of one PDF of N pages made of a
                corpus charter's pages, every page with its own fonts, then sharing them`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  return v && !v.startsWith("--") ? v : "";
}
const mb = (n: number) => (n / 1024 / 1024).toFixed(0);

/** Every PDF below a folder, sorted (the importer's own folder walk). */
async function pdfFiles(dir: string): Promise<string[]> {
  return (await collectFiles([dir])).filter((f) => f.toLowerCase().endsWith(".pdf"));
}

// ---------------------------------------------------------------- memory

async function memory(dir: string, n: number): Promise<void> {
  const files = await Promise.all((await pdfFiles(dir)).map(async (path) => ({ path, bytes: readFileSync(path) })));
  let peak = process.memoryUsage().rss;
  console.log(`memory: ${n} full parses over the ${files.length} PDFs of ${dir} (start RSS ${mb(peak)} MB)`);
  const pdf = await parserNamed("pdf");
  for (let i = 1; i <= n; i++) {
    await readWith(pdf, files[i % files.length]).catch(() => undefined);
    if (i % 50 === 0 || i === n) {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      if (i % 200 === 0 || i === n) console.log(`  after ${String(i).padStart(5)} parses: RSS ${mb(rss)} MB, heap ${mb(process.memoryUsage().heapUsed)} MB`);
    }
  }
  const ok = peak < 300 * 1024 * 1024;
  console.log(`peak RSS ${mb(peak)} MB: ${ok ? "OK" : "OVER"} (limit 300 MB)`);
}

// ---------------------------------------------------------------- a long PDF

async function long(pages: number, core: number, keep: boolean): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "charters-bench-long-"));
  const source = join(ROOT, "fixtures", "corpus", "c03-cliclavoro-2020", "charter.pdf");
  const pin = pinning(core).length ? core : undefined;
  try {
    console.log(`one PDF of ${pages} pages, made of the pages of ${relative(ROOT, source)}; the import pinned to core ${core}${pin === undefined ? " (no taskset: not pinned)" : ""}, --file-timeout 3600`);
    for (const ownFonts of [true, false]) {
      const dir = join(work, ownFonts ? "own-fonts" : "shared-fonts");
      mkdirSync(dir);
      const file = join(dir, "long.pdf");
      writeFileSync(file, await longPdf(readFileSync(source), pages, { ownFonts }));
      const r = await runImport(dir, join(work, `${ownFonts}.sqlite`), ["--concurrency", "1", "--file-timeout", "3600"], { pin });
      const s = r.summary;
      const size = (readFileSync(file).length / 1048576).toFixed(1);
      const outcome = s.failed ? `FAILED: ${s.failures[0]?.reason}` : `${s.indicators} indicators`;
      console.log(
        `  ${ownFonts ? "every page its own fonts" : "pages sharing their fonts"} (${size} MB): ${r.wallS.toFixed(1)} s wall, ${r.cpuS.toFixed(1)} s CPU, ` +
          `${(pages / r.wallS).toFixed(1)} pages/s, peak RSS ${mb(r.peakRss)} MB; ${outcome}`,
      );
    }
    if (keep) console.log(`kept: ${work}`);
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- speed

interface Side {
  name: string;
  what: string;
  run: () => Promise<CommandResult>;
}

const median = (xs: number[]) => {
  const v = [...xs].sort((x, y) => x - y);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

async function speed(dir: string, targetPages: number, rounds: number, core: number, keep: boolean): Promise<void> {
  const sources = await pdfFiles(dir);
  if (!sources.length) throw new Error(`no PDF under ${dir}`);
  const work = mkdtempSync(join(tmpdir(), "charters-bench-pdf-"));
  try {
    // the pdf.js child over the originals counts the pages (and warms the disk cache)
    const script = fileURLToPath(new URL("./lib/pdfjs-text.js", import.meta.url));
    const countRun = await runNode([script], { input: sources.join("\n") });
    const setPages = (JSON.parse(countRun.stdout.trim().split("\n").pop() ?? "{}") as { pages?: number }).pages ?? 0;
    if (!setPages) throw new Error(`pdf.js read no page of the PDFs under ${dir}:\n${countRun.stderr.slice(-1000)}`);
    const copies = Math.max(1, Math.ceil(targetPages / setPages));
    const archive = join(work, "archive");
    const list: string[] = [];
    for (let k = 0; k < copies; k++) {
      for (const src of sources) {
        const dest = join(archive, `copy-${String(k).padStart(3, "0")}`, relative(dir, src));
        mkdirSync(dirname(dest), { recursive: true });
        writeFileSync(dest, vary(readFileSync(src), "pdf", k));
        list.push(dest);
      }
    }
    const pages = setPages * copies;
    const pin = pinning(core).length ? core : undefined;
    console.log(`${sources.length} PDFs (${setPages} pages) under ${dir}, ${copies} byte-unique copies: ${list.length} files, ${pages} pages`);
    console.log(pin === undefined ? "taskset not found: the sides run unpinned" : `every side pinned to core ${core} (taskset -c ${core}); node ${process.version}`);

    const sides: Side[] = [];
    let db = 0;
    sides.push({
      name: "import",
      what: "charters import --concurrency 1",
      run: async () => {
        const file = join(work, `import-${db++}.sqlite`);
        const r = await runImport(archive, file, ["--concurrency", "1"], { pin });
        rmSync(file, { force: true });
        const s = r.summary;
        if (s.new !== list.length || s.failed) console.log(`  WARNING: the import read ${s.new} of ${list.length} files new, ${s.failed} failed`);
        return r;
      },
    });
    const pdftotext = which("pdftotext");
    if (pdftotext) {
      sides.push({
        name: "pdftotext",
        what: "pdftotext -layout, a process per file",
        run: () => runCommand("xargs", ["-d", "\\n", "-I{}", pdftotext, "-q", "-layout", "{}", "/dev/null"], { pin, input: list.join("\n") }),
      });
    } else console.log("pdftotext not found (poppler-utils): no pdftotext side, no bar");
    sides.push({
      name: "pdf.js",
      what: "pdf.js getTextContent, one process",
      run: () => runNode([script], { pin, input: list.join("\n") }),
    });

    const results = new Map<string, CommandResult[]>(sides.map((s) => [s.name, []]));
    for (let r = 0; r < rounds; r++) {
      const order = sides.map((_, i) => sides[(i + r) % sides.length]);
      process.stdout.write(`round ${r + 1}/${rounds}:`);
      for (const side of order) {
        const res = await side.run();
        if (res.code !== 0 && side.name !== "import") console.log(`\n  WARNING: ${side.name} exited ${res.code}: ${res.stderr.slice(-500)}`);
        results.get(side.name)!.push(res);
        process.stdout.write(`  ${side.name} ${res.wallS.toFixed(1)} s`);
      }
      console.log("");
    }

    const rows = sides.map((s) => {
      const rs = results.get(s.name)!;
      const wall = median(rs.map((x) => x.wallS));
      const cpu = median(rs.map((x) => x.cpuS));
      return [s.name, s.what, wall.toFixed(2), (pages / wall).toFixed(1), cpu.toFixed(2), (pages / cpu).toFixed(1), `${mb(Math.max(...rs.map((x) => x.peakRss)))} MB`, median(rs.map((x) => x.otherCpuS / x.wallS)).toFixed(2)];
    });
    const header = ["side", "what", "wall s", "pages/s", "cpu s", "pages/cpu-s", "peak RSS", "others"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) => cells.map((x, i) => (i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ");
    console.log(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
    for (const row of rows) console.log(line(row));
    console.log("(medians over the rounds; cpu = CPU seconds of the child and what it waited for; others = cores the rest of the machine kept busy meanwhile)\n");

    const imp = results.get("import")!;
    const ratio = (other: string, by: "wallS" | "cpuS") => results.get(other)!.map((o, i) => o[by] / imp[i][by]);
    for (const other of sides.filter((s) => s.name !== "import").map((s) => s.name)) {
      const w = ratio(other, "wallS");
      const c = ratio(other, "cpuS");
      const bar = other === "pdftotext" ? `  (bar >= 0.50)  ${median(w) >= 0.5 ? "PASS" : "FAIL"}` : "";
      console.log(`import / ${other} pages/s: ${median(w).toFixed(2)} by wall time (rounds ${spread(w)}), ${median(c).toFixed(2)} by CPU time (rounds ${spread(c)})${bar}`);
    }
    if (keep) console.log(`kept: ${work}`);
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main

if (process.argv.includes("--help") || process.argv.includes("-h")) console.log(HELP);
else {
  const shared = join(ROOT, "..", "shared", "corpus");
  const dir = arg("--dir") || (existsSync(shared) ? shared : join(ROOT, "fixtures", "corpus"));
  const mem = arg("--memory");
  const longPages = arg("--long");
  try {
    if (mem !== undefined) await memory(dir, Number(mem) || 1000);
    else if (longPages !== undefined) await long(Number(longPages) || 2000, Number(arg("--core") ?? 0) || 0, process.argv.includes("--keep"));
    else await speed(dir, Number(arg("--pages")) || 500, Number(arg("--rounds")) || 5, Number(arg("--core") ?? 0) || 0, process.argv.includes("--keep"));
  } catch (e) {
    console.error(`bench:pdf: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
