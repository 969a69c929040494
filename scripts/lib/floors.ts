/**
 * Per-file accuracy floors of the scraped-text fixtures (test/floors.json): every scrape
 * under fixtures/ is imported into a real database and scored with the scorer's port
 * (src/eval/score.ts, the shared scorer's figures), file by file. The test holds each
 * file to its floor; `npm run floors` raises floors to what is measured (never lowers
 * them); and the floors' git history may only go up.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { looksLikeScraped } from "../../src/parsers/scraped.js";
import { scoreDatabase } from "../../src/eval/score.js";
import { importPaths } from "../../src/pipeline/import.js";
import { ROOT } from "./root.js";

export { ROOT };
export const FIXTURES = join(ROOT, "fixtures");
export const FLOORS_FILE = join(ROOT, "test", "floors.json");
/** Folders of charters (each `<id>/gold.json` beside its files) that hold scraped text. */
export const SETS = ["corpus", "quirks", "variants", "scraped/dev", "scraped/own-words"];
export const METRICS = ["f1", "precision", "recall", "service_f1"] as const;

export type Figures = Record<(typeof METRICS)[number], number>;
export interface FloorsFile {
  about: string;
  files: Record<string, Figures>;
}

/** Every scraped-text fixture, as a path relative to fixtures/ ("scraped/dev/d01-.../charter.layout.txt"). */
export function scrapedFixtures(): string[] {
  const out: string[] = [];
  for (const set of SETS) {
    const dir = join(FIXTURES, set);
    if (!existsSync(dir)) continue;
    for (const id of readdirSync(dir).sort()) {
      if (!existsSync(join(dir, id, "gold.json"))) continue;
      for (const f of readdirSync(join(dir, id)).sort()) {
        const p = join(dir, id, f);
        if (/\.txt$/.test(f) && looksLikeScraped(readFileSync(p))) out.push(`${set}/${id}/${f}`);
      }
    }
  }
  return out;
}

/** Import the fixtures into a fresh database and score each one: figures by relative path (zeros for a file that failed). */
export async function measure(files: string[]): Promise<Map<string, Figures>> {
  const dir = mkdtempSync(join(tmpdir(), "floors-"));
  const db = join(dir, "floors.sqlite");
  try {
    await importPaths(files.map((f) => join(FIXTURES, f)), { db });
    const out = new Map<string, Figures>();
    for (const set of SETS) {
      if (!existsSync(join(FIXTURES, set))) continue;
      for (const f of scoreDatabase(db, join(FIXTURES, set)).files) {
        const rel = `${set}/${f.file}`;
        if (!files.includes(rel)) continue;
        const [precision, recall, f1] = f.indicators.prf();
        const [, , service_f1] = f.services.prf();
        out.set(rel, { f1, precision, recall, service_f1 });
      }
    }
    // a file that failed (or left no service) was read with nothing, as the scorer's --expect counts it
    for (const f of files) if (!out.has(f)) out.set(f, { f1: 0, precision: 0, recall: 0, service_f1: 0 });
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function readFloors(text = readFileSync(FLOORS_FILE, "utf8")): FloorsFile {
  return JSON.parse(text) as FloorsFile;
}

/** A measured figure as a floor: rounded down to two decimals. */
export const asFloor = (v: number) => Math.floor(v * 100 + 1e-9) / 100;

/** Every committed version of the floors file, oldest first (git history of this clone). */
export function committedVersions(): { commit: string; floors: FloorsFile }[] {
  const git = (...args: string[]) => execFileSync("git", ["-C", ROOT, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const rel = "test/floors.json";
  // the branch's own line (first parents): a branch merged in is judged by the merge, not by its dates among this line's commits
  const commits = git("log", "--first-parent", "--format=%H", "--", rel).split("\n").filter(Boolean).reverse();
  return commits.map((commit) => ({ commit, floors: readFloors(git("show", `${commit}:${rel}`)) }));
}

/** Floors lowered or dropped from one version to the next: "path metric: 0.95 -> 0.90". */
export function lowered(before: FloorsFile, after: FloorsFile): string[] {
  const out: string[] = [];
  for (const [path, fig] of Object.entries(before.files)) {
    const now = after.files[path];
    if (!now) {
      out.push(`${path}: floor removed`);
      continue;
    }
    for (const m of METRICS) if ((now[m] ?? 0) < fig[m]) out.push(`${path} ${m}: ${fig[m]} -> ${now[m]}`);
  }
  return out;
}
