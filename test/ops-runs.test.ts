/**
 * Nightly runs over the same folders: known failures not parsed again (unless asked, or the
 * parsers changed), new failures told from known ones, documents of deleted files retired
 * with --prune, honest counts in the summary, text limits. Each through the real CLI.
 */
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cli } from "./helpers/cli.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const XLSX_A = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");
const XLSX_B = join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx");
const PARTIAL = join(import.meta.dirname, "..", "fixtures", "ops", "partial.xlsx");
const json = (args: string[]) => cli([...args, "--log-format", "json"]);

/** The failure row of each failed path: which run last wrote it (a file parsed again is written again). */
function failureRuns(db: string): Record<string, number> {
  const d = new Database(db, { readonly: true });
  const rows = d.prepare("SELECT source_path, run_id FROM documents WHERE current = 1 AND status = 'failure'").all() as { source_path: string; run_id: number }[];
  d.close();
  return Object.fromEntries(rows.map((r) => [r.source_path.split("/").pop(), r.run_id]));
}

describe("failed files on the next nights", () => {
  it("are known failures, not parsed again, unless --retry-failed or the parsers changed; new failures are told apart", () => {
    const dir = tempDir();
    const root = join(dir, "in");
    mkdirSync(root);
    copyFileSync(XLSX_A, join(root, "good.xlsx"));
    writeFileSync(join(root, "bad.pdf"), "%PDF-1.4\nnot really a PDF\n");
    const db = join(dir, "c.sqlite");

    const first = json(["import", root, "--db", db]);
    expect(first.status).toBe(1);
    expect(first.summary).toMatchObject({ runId: 1, failed: 1, knownFailures: 0 });
    expect(first.summary.failures[0]).toMatchObject({ known: false });

    // Same content: a known failure, not parsed again (its record still the first run's), exit 0.
    const second = json(["import", root, "--db", db]);
    expect(second.status).toBe(0);
    expect(second.summary).toMatchObject({ runId: 2, unchanged: 1, failed: 1, knownFailures: 1 });
    expect(second.summary.failures[0]).toMatchObject({ known: true, reason: first.summary.failures[0].reason });
    expect(failureRuns(db)).toEqual({ "bad.pdf": 1 });

    // A new bad file beside it: one new failure (exit 1), one known.
    writeFileSync(join(root, "worse.xlsx"), "PK\u0003\u0004 truncated");
    const third = json(["import", root, "--db", db]);
    expect(third.status).toBe(1);
    expect(third.summary).toMatchObject({ failed: 2, knownFailures: 1 });
    expect(Object.fromEntries(third.summary.failures.map((f) => [f.path.split("/").pop(), f.known]))).toEqual({ "bad.pdf": true, "worse.xlsx": false });
    const text = spawnSync(process.execPath, [BIN, "import", root, "--db", db, "--log-format", "text", "--quiet"], { encoding: "utf8" });
    expect(text.stdout).toMatch(/2 failed \(0 new, 2 known\)/);
    expect(text.stdout).toMatch(/--retry-failed/);

    // --retry-failed parses them again (the record is rewritten by that run); still known failures.
    const retried = json(["import", root, "--db", db, "--retry-failed"]);
    expect(retried.status).toBe(0);
    expect(retried.summary).toMatchObject({ failed: 2, knownFailures: 2 });
    expect(failureRuns(db)).toEqual({ "bad.pdf": retried.summary.runId, "worse.xlsx": retried.summary.runId });

    // Parsers of another version gave up on bad.pdf: parsed again by these.
    const d = new Database(db);
    d.prepare("UPDATE documents SET parsers = 'pdf@0.0.1' WHERE source_path LIKE '%bad.pdf'").run();
    d.close();
    const newer = json(["import", root, "--db", db]);
    expect(failureRuns(db)).toEqual({ "bad.pdf": newer.summary.runId, "worse.xlsx": retried.summary.runId });

    // New content at the failed path: parsed again, and a new failure when it fails again.
    writeFileSync(join(root, "bad.pdf"), "%PDF-1.4\nstill not a PDF, other bytes\n");
    utimesSync(join(root, "bad.pdf"), new Date(), new Date(Date.now() + 5000));
    const changed = json(["import", root, "--db", db]);
    expect(changed.status).toBe(1);
    expect(changed.summary.failures.find((f) => f.path.endsWith("bad.pdf"))).toMatchObject({ known: false });
  });
});

describe("--prune", () => {
  it("retires the documents under the given folders whose file is gone, and only those", () => {
    const dir = tempDir();
    const root = join(dir, "in");
    const other = join(dir, "other");
    mkdirSync(root);
    mkdirSync(other);
    copyFileSync(XLSX_A, join(root, "a.xlsx"));
    copyFileSync(XLSX_B, join(root, "b.xlsx"));
    copyFileSync(PARTIAL, join(other, "c.xlsx"));
    const db = join(dir, "c.sqlite");
    expect(json(["import", root, other, "--db", db]).summary).toMatchObject({ new: 3 });
    rmSync(join(root, "b.xlsx"));
    rmSync(join(other, "c.xlsx"));
    const services = () => {
      const d = new Database(db, { readonly: true });
      const names = (d.prepare("SELECT DISTINCT source_path FROM v_services ORDER BY 1").all() as { source_path: string }[]).map((r) => r.source_path.split("/").slice(-2).join("/"));
      d.close();
      return names;
    };
    // Without --prune a deleted file stays in the views.
    expect(json(["import", root, "--db", db]).summary).toMatchObject({ files: 1, unchanged: 1, retired: 0 });
    expect(services()).toEqual(["in/a.xlsx", "in/b.xlsx", "other/c.xlsx"]);
    const pruned = json(["import", root, "--db", db, "--prune"]);
    expect(pruned.status).toBe(0);
    expect(pruned.summary).toMatchObject({ retired: 1 });
    expect(pruned.lines.filter((l) => l.outcome === "retired").map((l) => String(l.path).split("/").pop())).toEqual(["b.xlsx"]);
    // other/ was not among the paths of that run: its deleted file is still current.
    expect(services()).toEqual(["in/a.xlsx", "other/c.xlsx"]);
    const d = new Database(db, { readonly: true });
    expect(d.prepare("SELECT current, retired_at IS NOT NULL AS retired FROM documents WHERE source_path LIKE '%b.xlsx'").all()).toEqual([{ current: 0, retired: 1 }]);
    d.close();
    // The file comes back: imported again as new.
    copyFileSync(XLSX_B, join(root, "b.xlsx"));
    expect(json(["import", root, "--db", db, "--prune"]).summary).toMatchObject({ new: 1, unchanged: 1, retired: 0 });
  });
});

describe("the summary", () => {
  it("counts partial documents and review items, names the database by its absolute path, and stamps every JSON line", () => {
    const dir = tempDir();
    copyFileSync(PARTIAL, join(dir, "partial.xlsx"));
    copyFileSync(XLSX_B, join(dir, "b.xlsx"));
    const r = spawnSync(process.execPath, [BIN, "import", "partial.xlsx", "b.xlsx", "--db", "out/c.sqlite", "--log-format", "json"], { cwd: dir, encoding: "utf8" });
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.at(-1)!;
    const d = new Database(join(dir, "out", "c.sqlite"), { readonly: true });
    const partial = (d.prepare("SELECT count(*) n FROM documents WHERE status = 'partial'").get() as { n: number }).n;
    const review = (d.prepare("SELECT count(*) n FROM review").get() as { n: number }).n;
    const indicators = (d.prepare("SELECT count(*) n FROM v_indicators").get() as { n: number }).n;
    d.close();
    expect(partial).toBe(1);
    expect(review).toBeGreaterThan(0);
    expect(summary).toMatchObject({ event: "summary", new: 2, partial, review, indicators, db: join(dir, "out", "c.sqlite"), status: "completed" });
    for (const l of lines) expect(Date.parse(String(l.time))).toBeGreaterThan(Date.parse("2026-01-01"));
    expect(lines.find((l) => l.event === "start")).toMatchObject({ db: join(dir, "out", "c.sqlite") });
    // Nothing written on the second run: no indicators, partial documents or review items counted.
    const again = spawnSync(process.execPath, [BIN, "import", "partial.xlsx", "b.xlsx", "--db", "out/c.sqlite", "--log-format", "text"], { cwd: dir, encoding: "utf8" });
    expect(again.stdout).toMatch(/0 new, 0 updated, 2 unchanged, 0 duplicate, 0 failed; 0 indicators written to \/.*out\/c\.sqlite/);
    expect(again.stdout).not.toMatch(/partial document|review item/);
  });
});

describe("text fields", () => {
  it("are cut to the domain's limits with a review item: a 3.9 MB line is not a target", () => {
    const dir = tempDir();
    const source = readFileSync(join(CORPUS, "c02-servizi-lavoro-2021", "source.txt"), "utf8");
    const at = source.indexOf("\t95%\n");
    expect(at).toBeGreaterThan(0);
    const huge = "95% " + "entro i termini ".repeat(250_000);
    writeFileSync(join(dir, "huge.txt"), source.slice(0, at) + "\t" + huge + source.slice(at + 4));
    const db = join(dir, "c.sqlite");
    const r = json(["import", join(dir, "huge.txt"), "--db", db]);
    expect(r.status).toBe(0);
    const d = new Database(db, { readonly: true });
    const longest = d.prepare("SELECT max(length(target_raw)) n FROM v_indicators").get() as { n: number };
    const review = d.prepare("SELECT kind, label, reason FROM review WHERE reason LIKE 'truncated%'").all() as { kind: string; label: string; reason: string }[];
    d.close();
    expect(longest.n).toBeLessThanOrEqual(500);
    expect(review).toHaveLength(1);
    expect(review[0]).toMatchObject({ kind: "value" });
    expect(review[0].label).toMatch(/^indicator target_raw: 95% entro/);
    expect(review[0].reason).toMatch(/^truncated to 500 characters, the limit for an indicator's target_raw: it had \d+$/);
    expect(Number(review[0].reason.split(" ").pop())).toBeGreaterThan(3_900_000);
  });
});
