/**
 * Whole-import benchmark: the real CLI, as a child process, over a synthetic archive.
 *
 *   npm run bench                  2,000 files (default)
 *   npm run bench -- --files 500   another archive size
 *   npm run bench -- --rounds 5    cold imports repeated (default 3), alternating (a) and (b)
 *   npm run bench -- --keep        keep the temp archive and databases (path printed)
 *   npm run bench -- --help
 *
 * The archive is built in a temp folder from the fixtures (fixtures/corpus/* and
 * fixtures/quirks/*: charter.xlsx, .xls, .ods, charter*.pdf, source.txt,
 * charter.pdftotext.txt), each copy made byte-unique (the importer skips same-content
 * files as duplicates by sha-256) while staying a valid file of its format:
 *   PDF        a `%variant N` comment line after the end
 *   xlsx/ods   the zip's end-of-central-directory comment (and its length field)
 *   xls        one 512-byte padding sector appended after the compound file
 *   text       trailing whitespace-only lines (N spelled as runs of spaces)
 * A sample (one copy of every fixture) is imported first beside the originals and must
 * come out the same (parser, services, indicators, pages) with no failure.
 *
 * Then, each a child process `node bin/charters.js import DIR --db DB --log-format json`:
 *   (a) cold import, --concurrency 1          (c) (b) again, nothing changed
 *   (b) cold import, default workers          (d) (b) again after rewriting 10% of the files
 * (a) and (b) run in rounds, alternating which goes first; the speed-up is the median of
 * the rounds' ratios, each between two runs adjacent in time (the host's speed drifts).
 * with files/s, pages/s (PDF pages with indicator rows, from the summary), wall time and the child's
 * peak resident memory (worker threads live in the same process). The bars are printed
 * PASS/FAIL; the exit code is 0 whatever the figures (timings are not assertions).
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ImportSummary } from "../src/pipeline/import.js";
import { kindOf, vary, type Kind } from "./lib/variants.js";

const HELP = `usage: npm run bench -- [--files N] [--rounds N] [--keep] [--help]

Builds a synthetic archive of N charter files (default 2000) from the fixtures in a temp
folder and times the real CLI on it: a cold import with one worker, a cold import with
the default workers (${availableParallelism()} here), an unchanged re-run and a re-run after 10% of the
files changed. Prints files/s, pages/s, wall time and peak RSS per run, and the bars:
default/one-worker rate >= 1.6, unchanged re-run <= 3% of the cold import, peak RSS < 400 MB,
and the ceiling on the speed-up set by the cores the one-worker run already keeps busy.
Always exits 0 once the runs are done (no timing assertions).

  --files N   files in the archive (default 2000)
  --rounds N  cold imports (a) and (b) repeated N times, alternating their order (default 3);
              the speed-up is the median of each round's ratio
  --keep      keep the temp archive and databases
  --help      this text`;

// ---------------------------------------------------------------- options

const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(HELP);
  process.exit(0);
}
let fileCount = 2000;
let roundCount = 3;
let keep = false;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--keep") keep = true;
  else if (a === "--files" || a.startsWith("--files=")) {
    const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
    fileCount = Number(v);
    if (!Number.isInteger(fileCount) || fileCount < 1) {
      console.error(`bench: --files must be a whole number of at least 1, not ${v}`);
      process.exit(2);
    }
  } else if (a === "--rounds" || a.startsWith("--rounds=")) {
    const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
    roundCount = Number(v);
    if (!Number.isInteger(roundCount) || roundCount < 1) {
      console.error(`bench: --rounds must be a whole number of at least 1, not ${v}`);
      process.exit(2);
    }
  } else {
    console.error(`bench: unknown option ${a}\n\n${HELP}`);
    process.exit(2);
  }
}

/** The repository root: the nearest folder above this script with a package.json. */
function repoRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, "package.json"))) {
    const up = dirname(d);
    if (up === d) throw new Error("bench: cannot find the repository root");
    d = up;
  }
  return d;
}
const ROOT = repoRoot();
const CLI = join(ROOT, "bin", "charters.js");

// ---------------------------------------------------------------- the fixtures and their variants

interface Base {
  /** Fixture folder name, e.g. c01-registro-associazioni-2020. */
  dir: string;
  name: string;
  kind: Kind;
  bytes: Buffer;
}

/** The charter files of a fixture folder (published formats and scrapes, not gold or styles). */
const isCharterFile = (name: string) => /^(charter.*\.(xlsx|ods|xls|pdf)|source\.txt|charter\.pdftotext\.txt)$/.test(name);

function fixtureGroups(): Base[][] {
  const groups: Base[][] = [];
  for (const top of ["fixtures/corpus", "fixtures/quirks"]) {
    const topAbs = join(ROOT, top);
    for (const dir of readdirSync(topAbs, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      const group: Base[] = [];
      for (const name of readdirSync(join(topAbs, dir)).sort()) {
        const kind = kindOf(name);
        if (kind && isCharterFile(name)) group.push({ dir, name, kind, bytes: readFileSync(join(topAbs, dir, name)) });
      }
      if (group.length) groups.push(group);
    }
  }
  return groups;
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

interface ArchiveFile {
  rel: string;
  base: Base;
  variant: number;
}

/** Lay N varied files out like an archive: region / body / year / charter folder / file. */
function buildArchive(dir: string, groups: Base[][], n: number): ArchiveFile[] {
  const files: ArchiveFile[] = [];
  const hashes = new Set<string>();
  for (let k = 0; files.length < n; k++) {
    for (let g = 0; g < groups.length && files.length < n; g++) {
      const slot = k * groups.length + g;
      const folder = join(
        `regione-${String(slot % 20).padStart(2, "0")}`,
        `ente-${String(Math.floor(slot / 20) % 50).padStart(3, "0")}`,
        String(2019 + (k % 5)),
        `${groups[g][0].dir}-v${k}`,
      );
      mkdirSync(join(dir, folder), { recursive: true });
      for (const base of groups[g]) {
        if (files.length >= n) break;
        const bytes = vary(base.bytes, base.kind, k);
        const h = sha(bytes);
        if (hashes.has(h)) throw new Error(`bench: variant ${k} of ${base.dir}/${base.name} is not unique`);
        hashes.add(h);
        const rel = join(folder, base.name);
        writeFileSync(join(dir, rel), bytes);
        files.push({ rel, base, variant: k });
      }
    }
  }
  return files;
}

// ---------------------------------------------------------------- running the CLI

/** The CLI's JSON summary line (`--log-format json`) is the library's summary. */
type Summary = ImportSummary;

interface FileEvent {
  event: "file";
  path: string;
  outcome: string;
  parser?: string;
  services?: number;
  indicators?: number;
  pages?: number;
  reason?: string;
}

interface RunResult {
  summary: Summary;
  events: FileEvent[];
  wallS: number;
  /** Peak resident set of the child process, bytes. */
  peakRss: number;
  /** CPU seconds of the child (all threads), and busy CPU seconds of everything else meanwhile. */
  cpuS: number;
  otherCpuS: number;
  code: number | null;
}

/**
 * Preloaded into the child: at exit it reports its own peak RSS (worker threads included)
 * and CPU time (all its threads), as `MARK<maxRSS kB> <user+system µs>` on stderr.
 */
const MARK = "__charters_bench_usage=";
const PRELOAD =
  "data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();" +
  `process.stderr.write('\\n${MARK}'+u.maxRSS+' '+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;

/** Busy CPU seconds of the whole machine so far (/proc/stat), or NaN where there is none. */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();
function machineBusyS(): number {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: everything but idle and iowait
    return (f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0)) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}

/** VmHWM (peak RSS so far) of a live process, in bytes, or 0 where /proc is not there. */
function vmHwm(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function runImport(dir: string, db: string, extra: string[] = []): Promise<RunResult> {
  const args = ["--import", PRELOAD, CLI, "import", dir, "--db", db, "--log-format", "json", ...extra];
  return new Promise((resolvePromise, reject) => {
    const busy0 = machineBusyS();
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    let polled = 0;
    const poll = setInterval(() => {
      if (child.pid) polled = Math.max(polled, vmHwm(child.pid));
    }, 50);
    child.on("error", (e) => {
      clearInterval(poll);
      reject(e);
    });
    child.on("close", (code) => {
      clearInterval(poll);
      const wallS = (performance.now() - t0) / 1000;
      const busyS = machineBusyS() - busy0;
      const stderr = Buffer.concat(err).toString("utf8");
      const mark = stderr.lastIndexOf(MARK);
      const [maxRssKb, cpuUs] = mark >= 0 ? stderr.slice(mark + MARK.length).split(/\s+/, 2).map(Number) : [0, Number.NaN];
      const cpuS = cpuUs / 1e6;
      const lines = Buffer.concat(out).toString("utf8").split("\n").filter((l) => l.trim());
      let summary: Summary | undefined;
      const events: FileEvent[] = [];
      for (const l of lines) {
        try {
          const o = JSON.parse(l) as { event?: string };
          if (o.event === "summary") summary = o as unknown as Summary;
          else if (o.event === "file") events.push(o as FileEvent);
        } catch {
          /* not a JSON line */
        }
      }
      if (!summary) {
        const rest = stderr.replace(new RegExp(`\\n?${MARK}.*\\n?`), "").trim();
        reject(new Error(`the import printed no summary (exit code ${code})${rest ? `:\n${rest.slice(-2000)}` : ""}`));
        return;
      }
      resolvePromise({ summary, events, wallS, peakRss: Math.max(maxRssKb * 1024, polled), cpuS, otherCpuS: Math.max(0, busyS - cpuS), code });
    });
  });
}

// ---------------------------------------------------------------- the benchmark

const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
const work = mkdtempSync(join(tmpdir(), "charters-bench-"));
const archive = join(work, "archive");
const cleanup = () => {
  if (keep) console.log(`\nkept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
};

try {
  const groups = fixtureGroups();
  const bases = groups.flat();
  console.log(`fixtures: ${bases.length} files in ${groups.length} folders (${[...new Set(bases.map((b) => b.kind))].join(", ")})`);

  // 1. A sample: every fixture beside one varied copy of it; the pairs must parse the same.
  const sampleDir = join(work, "sample");
  const SAMPLE_VARIANT = 987654321;
  for (const b of bases) {
    mkdirSync(join(sampleDir, "orig", b.dir), { recursive: true });
    mkdirSync(join(sampleDir, "varied", b.dir), { recursive: true });
    writeFileSync(join(sampleDir, "orig", b.dir, b.name), b.bytes);
    writeFileSync(join(sampleDir, "varied", b.dir, b.name), vary(b.bytes, b.kind, SAMPLE_VARIANT));
  }
  const sample = await runImport(sampleDir, join(work, "sample.sqlite"));
  const byPath = new Map(sample.events.map((e) => [relative(sampleDir, resolve(ROOT, e.path)), e]));
  const key = (e: FileEvent | undefined) => (e ? `${e.outcome === "failed" ? "failed" : "ok"} ${e.parser} ${e.services}/${e.indicators}/${e.pages}` : "missing");
  const mismatches = bases.filter((b) => {
    const o = byPath.get(join("orig", b.dir, b.name));
    const v = byPath.get(join("varied", b.dir, b.name));
    return !v || v.outcome !== "new" || key(o) !== key(v);
  });
  const s0 = sample.summary;
  console.log(
    `sample: ${s0.files} files (originals + one variant each): ${s0.new} new, ${s0.duplicate} duplicate, ${s0.failed} failed; ` +
      `variants parse like their originals: ${mismatches.length === 0 ? "yes" : "NO"}`,
  );
  for (const b of mismatches) {
    console.log(`  ${b.dir}/${b.name}: original ${key(byPath.get(join("orig", b.dir, b.name)))}, variant ${key(byPath.get(join("varied", b.dir, b.name)))}`);
  }
  for (const f of s0.failures) console.log(`  failed: ${f.path}: ${f.reason}`);
  if (s0.failed > 0 || s0.duplicate > 0 || mismatches.length > 0) throw new Error("the varied files do not import like the fixtures; fix vary() first");

  // 2. The archive.
  let t = performance.now();
  const files = buildArchive(archive, groups, fileCount);
  const bytes = files.reduce((n, f) => n + f.base.bytes.length, 0);
  const perKind = new Map<string, number>();
  for (const f of files) perKind.set(f.base.kind, (perKind.get(f.base.kind) ?? 0) + 1);
  console.log(
    `archive: ${files.length} unique files, ${(bytes / 1048576).toFixed(1)} MB, in ${new Set(files.map((f) => dirname(f.rel))).size} folders ` +
      `(${[...perKind].map(([k, n]) => `${n} ${k}`).join(", ")}), built in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  console.log(`cores: ${availableParallelism()}, node ${process.version}\n`);

  // 3. The runs.
  interface Row {
    label: string;
    r: RunResult;
  }
  const rows: Row[] = [];
  const run = async (label: string, db: string, extra: string[] = []) => {
    process.stdout.write(`${label} ... `);
    const r = await runImport(archive, db, extra);
    const s = r.summary;
    console.log(
      `${r.wallS.toFixed(1)} s: ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.duplicate} duplicate, ${s.failed} failed`,
    );
    for (const f of s.failures.slice(0, 5)) console.log(`  failed: ${f.path}: ${f.reason}`);
    rows.push({ label, r });
    return r;
  };
  // The cold imports are repeated in rounds, alternating their order, and each round's
  // speed-up compares two runs adjacent in time: the host's speed drifts over minutes.
  const rounds: { a: RunResult; b: RunResult }[] = [];
  let dbDefault = "";
  for (let k = 0; k < roundCount; k++) {
    const tag = roundCount > 1 ? ` #${k + 1}` : "";
    const dbOne = join(work, `one-${k}.sqlite`);
    dbDefault = join(work, `default-${k}.sqlite`);
    const runA = () => run(`(a) cold, --concurrency 1${tag}`, dbOne, ["--concurrency", "1"]);
    const runB = () => run(`(b) cold, default workers (${availableParallelism()})${tag}`, dbDefault);
    if (k % 2 === 0) {
      const a = await runA();
      rounds.push({ a, b: await runB() });
    } else {
      const b = await runB();
      rounds.push({ a: await runA(), b });
    }
    rmSync(dbOne, { force: true });
  }
  const c = await run("(c) re-run, nothing changed", dbDefault);

  // 10% of the files get new content (a fresh variant) and a new mtime.
  const changed = files.filter((_, i) => i % 10 === 5);
  const future = Date.now() / 1000 + 60;
  for (const f of changed) {
    const p = join(archive, f.rel);
    writeFileSync(p, vary(f.base.bytes, f.base.kind, 1_000_000_000 + f.variant));
    utimesSync(p, future, future);
  }
  const d = await run(`(d) re-run, ${changed.length} files (10%) changed`, dbDefault);

  const expect: [RunResult, Partial<Summary>][] = [
    ...rounds.flatMap(({ a, b }): [RunResult, Partial<Summary>][] => [
      [a, { new: files.length, failed: 0 }],
      [b, { new: files.length, failed: 0 }],
    ]),
    [c, { unchanged: files.length, failed: 0 }],
    [d, { updated: changed.length, unchanged: files.length - changed.length, failed: 0 }],
  ];
  for (const [r, want] of expect) {
    for (const [k, v] of Object.entries(want)) {
      const got = r.summary[k as keyof Summary];
      if (got !== v) console.log(`WARNING: ${rows.find((x) => x.r === r)?.label}: ${k} = ${got}, expected ${v}`);
    }
  }

  // 4. The table and the bars.
  const header = ["run", "files", "parsed", "wall s", "import s", "files/s", "pages", "pages/s", "peak RSS", "cpu", "others"];
  const table = rows.map(({ label, r }) => {
    const s = r.summary;
    return [
      label,
      String(s.files),
      String(s.new + s.updated + s.failed),
      r.wallS.toFixed(2),
      s.seconds.toFixed(2),
      (s.files / r.wallS).toFixed(1),
      String(s.pages),
      (s.pages / r.wallS).toFixed(1),
      `${mb(r.peakRss)} MB`,
      (r.cpuS / r.wallS).toFixed(2),
      Number.isNaN(r.otherCpuS) ? "-" : (r.otherCpuS / r.wallS).toFixed(2),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ");
  console.log("\n" + line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of table) console.log(line(row));
  console.log(
    "(files/s and pages/s over the child's wall time; pages = PDF pages with indicator rows, from the summary; parsed = new + updated + failed;\n" +
      ` cpu = cores the child kept busy on average; others = cores everything else on the machine used meanwhile, of ${availableParallelism()})`,
  );
  const noisy = rows.filter(({ r }) => r.otherCpuS / r.wallS > 0.2);
  if (noisy.length) console.log(`NOTE: other processes used CPU during ${noisy.map((x) => x.label.slice(0, 3)).join(" ")}: those figures are disturbed`);

  const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");
  const median = (xs: number[]) => {
    const v = [...xs].sort((x, y) => x - y);
    return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };
  const ratios = rounds.map(({ a, b }) => a.wallS / b.wallS);
  const speedup = median(ratios);
  const speedupImport = median(rounds.map(({ a, b }) => a.summary.seconds / b.summary.seconds));
  const coldB = median(rounds.map(({ b }) => b.wallS));
  const unchanged = c.wallS / coldB;
  const unchangedImport = c.summary.seconds / median(rounds.map(({ b }) => b.summary.seconds));
  const peak = Math.max(...rows.map((x) => x.r.peakRss));
  console.log("");
  console.log(
    `default-workers rate / one-worker rate:   ${speedup.toFixed(2)}  (bar >= 1.6)  ${pass(speedup >= 1.6)}   [by import seconds: ${speedupImport.toFixed(2)}]` +
      (rounds.length > 1 ? `  median of ${rounds.length} rounds: ${ratios.map((r) => r.toFixed(2)).join(", ")}` : ""),
  );
  // The one-worker run already keeps more than one core busy (V8 compiles and collects on
  // background threads); the default run must do at least the same CPU work on all cores,
  // so its speed-up cannot exceed cores / (cores the one-worker run used).
  const oneWorkerCores = median(rounds.map(({ a }) => a.cpuS / a.wallS));
  const ceiling = availableParallelism() / oneWorkerCores;
  if (Number.isFinite(ceiling)) {
    console.log(
      `  ceiling: ${availableParallelism()} cores / ${oneWorkerCores.toFixed(2)} cores busy in the one-worker run = ${ceiling.toFixed(2)} ` +
        `(the default run does at least the same CPU work; here it did ${median(rounds.map(({ a, b }) => b.cpuS / a.cpuS)).toFixed(2)} times as much)`,
    );
  }
  console.log(
    `unchanged re-run / cold import (wall):     ${(unchanged * 100).toFixed(1)}%  (bar <= 3%)  ${pass(unchanged <= 0.03)}   [by import seconds: ${(unchangedImport * 100).toFixed(1)}%]`,
  );
  console.log(`peak RSS (max over the runs):             ${mb(peak)} MB  (bar < 400 MB)  ${pass(peak < 400 * 1024 * 1024)}`);
} catch (e) {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  cleanup();
}
