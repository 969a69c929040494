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
 *   (a) cold import, --concurrency 1, pinned to core 0 (`taskset -c 0`, where taskset exists)
 *   (b) cold import, default workers, on every core
 *   (c) (b) again, nothing changed
 *   (d) (b) again after rewriting 10% of the files
 * (a) is pinned so that it is one core's work: unpinned, V8 compiles and collects on
 * background threads on the other, idle core, and (b) would be compared with more than
 * one core. (a) and (b) run in rounds, alternating which goes first; the speed-up is the
 * median of the rounds' ratios, each between two runs adjacent in time (the host's speed drifts).
 * with files/s, pages/s (PDF pages with indicator rows, from the summary), wall time and the child's
 * peak resident memory (worker threads live in the same process). The bars are printed
 * PASS/FAIL; the exit code is 0 whatever the figures (timings are not assertions).
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import type { ImportSummary } from "../src/pipeline/import.js";
import { pinning, ROOT, runImport, type FileEvent, type ImportRun } from "./lib/child.js";
import { kindOf, vary, type Kind } from "./lib/variants.js";

type Summary = ImportSummary;
type RunResult = ImportRun;

const HELP = `usage: npm run bench -- [--files N] [--rounds N] [--keep] [--help]

Builds a synthetic archive of N charter files (default 2000) from the fixtures in a temp
folder and times the real CLI on it: a cold import with one worker pinned to one core
(${pinning(0).length ? "taskset -c 0" : "taskset is not installed here: not pinned"}), a cold import with the default workers (${availableParallelism()} here) on
every core, an unchanged re-run and a re-run after 10% of the files changed. Prints files/s, pages/s, wall time and peak RSS per run, and the bars:
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

  // 3. The runs. (a) is one core's work: one worker, the process pinned to core 0.
  const PIN = pinning(0).length ? 0 : undefined;
  const ONE_CORE = PIN === undefined ? "(not pinned: no taskset)" : "on core 0";
  console.log(PIN === undefined ? "taskset not found: (a) runs unpinned, and V8's background threads may use the other cores" : "(a) runs under taskset -c 0: one worker on one core");
  interface Row {
    label: string;
    r: RunResult;
  }
  const rows: Row[] = [];
  const run = async (label: string, db: string, extra: string[] = [], pin?: number) => {
    process.stdout.write(`${label} ... `);
    const r = await runImport(archive, db, extra, { pin });
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
    const runA = () => run(`(a) cold, one worker ${ONE_CORE}${tag}`, dbOne, ["--concurrency", "1"], PIN);
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
  // Unpinned, the one-worker run keeps more than one core busy (V8 compiles and collects on
  // background threads); the default run must do at least the same CPU work on all cores,
  // so its speed-up cannot exceed cores / (cores the one-worker run used). Pinned, that is
  // one core at most, and the ceiling is the number of cores.
  const oneWorkerCores = median(rounds.map(({ a }) => a.cpuS / a.wallS));
  const ceiling = availableParallelism() / Math.max(oneWorkerCores, PIN === undefined ? 0 : 1);
  if (Number.isFinite(ceiling)) {
    console.log(
      `  ceiling: ${availableParallelism()} cores / ${PIN === undefined ? `${oneWorkerCores.toFixed(2)} cores busy in the one-worker run` : `one core (the one-worker run kept ${oneWorkerCores.toFixed(2)} of it busy)`} = ${ceiling.toFixed(2)} ` +
        `(the default run did ${median(rounds.map(({ a, b }) => b.cpuS / a.cpuS)).toFixed(2)} times the one-worker run's CPU work)`,
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
