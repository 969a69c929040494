/**
 * Report benchmark: how `charters report` scales with the database.
 *
 *   npm run bench:report                        20,000 and 80,000 indicators (default)
 *   npm run bench:report -- --indicators 10000  N and 4N
 *   npm run bench:report -- --rounds 5          reports per size (default 3), alternating sizes
 *
 * Builds two databases in a temp folder (scripts/lib/report-db.ts: the fixtures' charters
 * written again and again through the real store, with the analysis refreshed), then times
 * the real CLI, `node bin/charters.js report --db DB --out FILE`, a child process, on each in
 * turn, and prints the median wall and CPU seconds of each size and the ratio of 4N to N (the
 * bar: at most 6, where linear work gives about 4). Exit code 0 whatever the figures.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, runCommand } from "./lib/child.js";
import { buildReportDb } from "./lib/report-db.js";

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) || fallback : fallback;
};
if (argv.includes("--help")) {
  console.log("npm run bench:report [-- --indicators N] [--rounds R]: report time for N and 4N indicators, and their ratio");
  process.exit(0);
}
const n = arg("--indicators", 20_000);
const rounds = arg("--rounds", 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), "charters-bench-report-"));
try {
  const sizes = [n, 4 * n];
  const dbs: { size: number; db: string; indicators: number; wall: number[]; cpu: number[] }[] = [];
  for (const size of sizes) {
    const db = join(dir, `report-${size}.sqlite`);
    const t0 = performance.now();
    const indicators = await buildReportDb(db, size);
    console.log(`database of ${indicators} indicators built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    dbs.push({ size, db, indicators, wall: [], cpu: [] });
  }
  for (let r = 0; r < rounds; r++) {
    for (const d of r % 2 ? [...dbs].reverse() : dbs) {
      const res = await runCommand(process.execPath, [CLI, "report", "--db", d.db, "--out", join(dir, `report-${d.size}.html`)]);
      if (res.code !== 0) throw new Error(`report failed on ${d.indicators} indicators: ${res.stderr}`);
      d.wall.push(res.wallS);
      d.cpu.push(res.cpuS);
      console.log(`  round ${r + 1}: ${d.indicators} indicators: ${res.wallS.toFixed(2)} s wall, ${res.cpuS.toFixed(2)} s CPU; ${res.stdout.trim()}`);
    }
  }
  const [small, large] = dbs;
  for (const d of dbs) console.log(`${d.indicators} indicators: median ${median(d.wall).toFixed(2)} s wall, ${median(d.cpu).toFixed(2)} s CPU (${rounds} reports)`);
  const ratio = median(large.cpu) / median(small.cpu);
  const wallRatio = median(large.wall) / median(small.wall);
  const size = large.indicators / small.indicators;
  console.log(`ratio ${size.toFixed(2)}x the indicators: ${ratio.toFixed(2)}x the CPU time, ${wallRatio.toFixed(2)}x the wall time (bar: at most 6x) ${ratio <= 6 ? "PASS" : "FAIL"}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
