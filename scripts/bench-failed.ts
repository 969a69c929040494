/**
 * Known failures benchmark: how much a nightly run over the same failed files costs.
 *
 *   npm run bench:failed                 8 hostile files (default)
 *   npm run bench:failed -- --files 4
 *
 * Builds hostile files in a temp folder (each fails: 3.8 MB of charter words without a
 * table, which the scraped parser segments before it gives up; PDF fixtures cut short and
 * with bytes overwritten), then times the real CLI, each a child process
 * `node bin/charters.js import DIR --db DB --log-format json`:
 *   (1) first run: every file parsed, every file fails
 *   (2) the same command again: every file a known failure, none parsed
 *   (3) again with --retry-failed: every file parsed again
 * and prints (2)/(1) (the bar: under 0.2) and (3)/(1). Exit code 0 whatever the figures.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ImportSummary } from "../src/pipeline/import.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = join(ROOT, "bin", "charters.js");
const argv = process.argv.slice(2);
const files = Number(argv[argv.indexOf("--files") + 1] ?? 8) || 8;

let seed = 20261201;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const WORDS = "servizio utenza accessibilità tempestività trasparenza efficacia numero giorni formula indicatore valore programmato dimensioni sottodimensioni descrizione modalità erogazione ufficio direzione generale".split(" ");

function noise(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = Array.from({ length: 4 + Math.floor(rand() * 10) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(" ");
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n");
}

function brokenPdf(n: number): Buffer {
  const pdfs = ["c01-registro-associazioni-2020", "c02-servizi-lavoro-2021", "c03-cliclavoro-2020", "c05-genova-urp-2020"];
  const b = Buffer.from(readFileSync(join(ROOT, "fixtures", "corpus", pdfs[n % pdfs.length], "charter.pdf")));
  b.fill(0x41, Math.floor(b.length * 0.3), Math.floor(b.length * 0.6));
  return b.subarray(0, Math.floor(b.length * 0.8));
}

function run(dir: string, db: string, extra: string[] = []): { seconds: number; summary: ImportSummary } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, "import", dir, "--db", db, "--log-format", "json", ...extra], { encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  const summary = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { event: string }).find((l) => l.event === "summary") as unknown as ImportSummary;
  return { seconds, summary };
}

const dir = mkdtempSync(join(tmpdir(), "charters-bench-failed-"));
try {
  const archive = join(dir, "hostile");
  spawnSync("mkdir", [archive]);
  for (let i = 0; i < files; i++) {
    if (i % 2 === 0) writeFileSync(join(archive, `noise-${i}.txt`), noise(3_800_000));
    else writeFileSync(join(archive, `broken-${i}.pdf`), brokenPdf(i));
  }
  const db = join(dir, "c.sqlite");
  const first = run(archive, db);
  const second = run(archive, db);
  const retried = run(archive, db, ["--retry-failed"]);
  const row = (name: string, r: { seconds: number; summary: ImportSummary }) =>
    console.log(`${name.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s   failed ${r.summary.failed}, known ${r.summary.knownFailures}`);
  console.log(`${files} hostile files (${Math.ceil(files / 2)} text of 3.8 MB without a table, ${Math.floor(files / 2)} damaged PDFs)\n`);
  row("(1) first run", first);
  row("(2) same files again", second);
  row("(3) again with --retry-failed", retried);
  const ratio = second.seconds / first.seconds;
  console.log(`\n(2)/(1) = ${ratio.toFixed(3)}  (bar: < 0.2) ${ratio < 0.2 ? "PASS" : "FAIL"}`);
  console.log(`(3)/(1) = ${(retried.seconds / first.seconds).toFixed(3)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
