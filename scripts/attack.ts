/**
 * The attacks of issue 22, as an attacker and a careless operator would try them, each
 * through the real CLI as a child process in a temp folder (built there, removed after):
 *
 *   npm run attack
 *
 *   1. a charter whose cells are formulas, exported as CSV: no live formula (the bytes, and
 *      LibreOffice headless where it is installed)
 *   2. a link to /proc/self/pagemap in a folder: it fails alone, under 2 GB and 120 s
 *   3. a PDF whose content stream inflates to 4 GiB: it fails alone, under 1.5 GB
 *   4. --prune over a folder found empty: exit non-zero, nothing retired
 *   5. an import through a symbolic link to the database while another runs: exit 4
 *   6. labels and file names with terminal escapes: no control byte in any text output
 *   7. search --raw '"': exit 2
 *   8. the report over 4x the indicators: at most 6x the time (CPU, medians of 3)
 *
 * One line per attack, PASS or FAIL with what was measured; exit code 1 when one fails.
 * Each child runs under a watchdog (memory, time), so that a regression fails here instead
 * of taking the machine.
 */
import Database from "better-sqlite3";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, ROOT, runCommand, runImport, runNode, type Watchdog } from "./lib/child.js";
import { csvCells, ESCAPE_LABEL, ESCAPES, hostileCharterCsv, libreOfficeFormulas, liveFormulas, pdfBomb, terminalControls } from "./lib/hostile.js";
import { buildReportDb } from "./lib/report-db.js";
import { kindOf, vary } from "./lib/variants.js";

const GiB = 1024 ** 3;
const MB = 1024 * 1024;
const C05 = join(ROOT, "fixtures", "corpus", "c05-genova-urp-2020");
const XLSX = join(C05, "charter.xlsx");
const WATCH: Watchdog = { maxRss: 4 * GiB, timeoutMs: 300_000 };
const work = mkdtempSync(join(tmpdir(), "charters-attack-"));
let n = 0;
const fresh = (name: string) => {
  const d = join(work, `${++n}-${name}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const cli = (args: string[], watchdog = WATCH) => runNode([CLI, ...args], { watchdog });
const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;

interface Verdict {
  ok: boolean;
  what: string;
}

async function csvFormulas(): Promise<Verdict> {
  const dir = fresh("csv");
  writeFileSync(join(dir, "evil.csv"), hostileCharterCsv(readFileSync(join(C05, "charter.csv"), "utf8")));
  const db = join(dir, "c.sqlite");
  await cli(["import", join(dir, "evil.csv"), "--db", db]);
  const out = join(dir, "export.csv");
  const r = await cli(["export", "--format", "csv", "--out", out, "--db", db]);
  const live = liveFormulas(csvCells(readFileSync(out, "utf8")));
  const lo = libreOfficeFormulas([out], dir);
  const loText = lo ? `LibreOffice finds ${lo["export.csv"]} formulas` : "LibreOffice not installed";
  return { ok: r.code === 0 && live.length === 0 && (!lo || lo["export.csv"] === 0), what: `${live.length} cells that would run; ${loText}` };
}

async function pagemap(): Promise<Verdict> {
  const dir = fresh("pagemap");
  copyFileSync(XLSX, join(dir, "good.xlsx"));
  symlinkSync("/proc/self/pagemap", join(dir, "pagemap.pdf"));
  const r = await runImport(dir, join(dir, "c.sqlite"), [], { watchdog: { maxRss: 2 * GiB, timeoutMs: 120_000 } }).catch((e: Error) => e);
  if (r instanceof Error) return { ok: false, what: r.message };
  const reason = r.summary.failures.find((f) => f.path.endsWith("pagemap.pdf"))?.reason;
  const ok = !r.killed && r.summary.new === 1 && r.summary.failed === 1 && !!reason && r.peakRss < 2 * GiB && r.wallS < 120;
  return { ok, what: `exit ${r.code}, ${r.wallS.toFixed(1)} s, peak ${mb(r.peakRss)}: "${reason}"` };
}

async function bomb(): Promise<Verdict> {
  const dir = fresh("bomb");
  writeFileSync(join(dir, "bomb.pdf"), pdfBomb(4 * GiB));
  copyFileSync(XLSX, join(dir, "good.xlsx"));
  const r = await runImport(dir, join(dir, "c.sqlite"), [], { watchdog: { maxRss: 1.5 * GiB, timeoutMs: 300_000 } }).catch((e: Error) => e);
  if (r instanceof Error) return { ok: false, what: r.message };
  const reason = r.summary.failures.find((f) => f.path.endsWith("bomb.pdf"))?.reason;
  const ok = !r.killed && r.summary.new === 1 && r.summary.failed === 1 && !!reason && r.peakRss < 1.5 * GiB;
  return { ok, what: `exit ${r.code}, ${r.wallS.toFixed(1)} s, peak ${mb(r.peakRss)} (file ${mb(readFileSync(join(dir, "bomb.pdf")).length)}): "${reason}"` };
}

const count = (db: string, sql: string) => {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare(sql).get() as { n: number }).n;
  } finally {
    d.close();
  }
};

async function pruneEmpty(): Promise<Verdict> {
  const dir = fresh("prune");
  const share = join(dir, "share");
  mkdirSync(share);
  for (const id of readdirSync(join(ROOT, "fixtures", "corpus")).filter((d) => d.startsWith("c0"))) copyFileSync(join(ROOT, "fixtures", "corpus", id, "charter.xlsx"), join(share, `${id}.xlsx`));
  const db = join(dir, "c.sqlite");
  await runImport(share, db);
  const before = count(db, "SELECT count(*) AS n FROM v_indicators");
  for (const f of readdirSync(share)) rmSync(join(share, f)); // tonight the share is not mounted: the folder is there, empty
  const r = await runImport(share, db, ["--prune"]);
  const after = count(db, "SELECT count(*) AS n FROM v_indicators");
  return { ok: r.code !== 0 && r.summary.retired === 0 && after === before, what: `exit ${r.code}, ${r.summary.retired} retired, ${before} -> ${after} indicators: "${r.summary.failures[0]?.reason}"` };
}

async function lockThroughLink(): Promise<Verdict> {
  const dir = fresh("lock");
  const archive = join(dir, "archive");
  mkdirSync(archive);
  const sources = readdirSync(join(ROOT, "fixtures", "corpus")).filter((d) => d.startsWith("c0")).flatMap((id) => ["charter.xlsx", "charter.pdf"].map((f) => join(ROOT, "fixtures", "corpus", id, f)));
  for (let i = 0; i < 60; i++) {
    const src = sources[i % sources.length];
    writeFileSync(join(archive, `${i}-${src.split("/").slice(-2).join("-")}`), vary(readFileSync(src), kindOf(src)!, i));
  }
  symlinkSync("real.sqlite", join(dir, "link.sqlite"));
  const first = runImport(archive, join(dir, "real.sqlite"), ["--concurrency", "1"], { watchdog: WATCH });
  // The second starts once the first holds the lock and has imported a file.
  for (let t = 0; t < 600; t++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      if (count(join(dir, "real.sqlite"), "SELECT count(*) AS n FROM documents") > 0) break;
    } catch {
      // not created yet
    }
  }
  const second = await cli(["import", archive, "--db", join(dir, "link.sqlite"), "--log-format", "json"]);
  const a = await first;
  return { ok: second.code === 4 && a.code === 0, what: `second through the link: exit ${second.code} ("${second.stderr.trim()}"); first: exit ${a.code}` };
}

async function escapes(): Promise<Verdict> {
  const dir = fresh("escapes");
  const root = join(dir, "in");
  mkdirSync(root);
  writeFileSync(join(root, "evil.csv"), hostileCharterCsv(readFileSync(join(C05, "charter.csv"), "utf8")));
  copyFileSync(XLSX, join(root, `carta-${ESCAPES.title}.xlsx`));
  writeFileSync(join(root, `rotto-${ESCAPES.red}.pdf`), "%PDF-1.4 not really");
  const db = join(dir, "c.sqlite");
  const outputs = [
    await cli(["import", root, "--db", db, "--log-format", "text"]),
    await cli(["review", "--db", db]),
    await cli(["alias", "dimension", ESCAPE_LABEL, "equita", "--db", db]),
    await cli(["alias", "--list", "--db", db]),
    await cli(["search", "reclami", "--db", db]),
    await cli(["inspect", join(root, "evil.csv"), "--table"]),
  ];
  const found = outputs.flatMap((o) => [...terminalControls(o.stdout), ...terminalControls(o.stderr)]);
  const shown = outputs[1].stdout.includes("\\x1b]0;pwned\\x07");
  return { ok: found.length === 0 && shown, what: `${found.length} control characters in ${outputs.length} outputs; the label shown as ${shown ? "\\x1b]0;pwned\\x07Qualità ..." : "(not found)"}` };
}

async function searchQuote(): Promise<Verdict> {
  const dir = fresh("search");
  const db = join(dir, "c.sqlite");
  await cli(["import", XLSX, "--db", db]);
  const r = await cli(["search", "--raw", '"', "--db", db]);
  return { ok: r.code === 2, what: `exit ${r.code}: ${r.stderr.trim()}` };
}

async function reportScale(): Promise<Verdict> {
  const dir = fresh("report");
  const sizes = [];
  for (const want of [20_000, 80_000]) {
    const db = join(dir, `r${want}.sqlite`);
    sizes.push({ db, indicators: await buildReportDb(db, want), cpu: [] as number[] });
  }
  for (let round = 0; round < 3; round++) {
    for (const s of round % 2 ? [...sizes].reverse() : sizes) {
      const r = await runCommand(process.execPath, [CLI, "report", "--db", s.db, "--out", join(dir, "r.html")], { watchdog: WATCH });
      if (r.code !== 0) return { ok: false, what: `report failed: ${r.stderr.trim()}` };
      s.cpu.push(r.cpuS);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
  const [small, large] = sizes;
  const ratio = median(large.cpu) / median(small.cpu);
  return { ok: ratio <= 6, what: `${small.indicators} -> ${large.indicators} indicators: ${median(small.cpu).toFixed(2)} -> ${median(large.cpu).toFixed(2)} s CPU, ${ratio.toFixed(2)}x` };
}

const ATTACKS: [string, () => Promise<Verdict>][] = [
  ["CSV export of formula cells has no live formula", csvFormulas],
  ["a link to /proc/self/pagemap fails alone under 2 GB and 120 s", pagemap],
  ["a 4 GiB PDF stream fails alone under 1.5 GB", bomb],
  ["--prune over a folder found empty exits non-zero, retires nothing", pruneEmpty],
  ["an import through a link to the database exits 4 while another runs", lockThroughLink],
  ["no escape byte reaches the terminal", escapes],
  ["search --raw '\"' exits 2", searchQuote],
  ["the report over 4x the indicators takes at most 6x the time", reportScale],
];

let failed = 0;
try {
  for (const [name, attack] of ATTACKS) {
    const v = await attack().catch((e: Error) => ({ ok: false, what: `error: ${e.message}` }));
    if (!v.ok) failed++;
    console.log(`${v.ok ? "PASS" : "FAIL"}  ${name}: ${v.what}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(failed ? `${failed} of ${ATTACKS.length} attacks got through` : `all ${ATTACKS.length} attacks held`);
process.exitCode = failed ? 1 : 0;
