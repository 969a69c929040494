/**
 * An operator's slips, through the real CLI: --prune over a share not mounted tonight (the
 * folder there, empty), the database file deleted or replaced mid-run, a second import through
 * a symbolic link to the database or after the lock file was deleted, --db naming a FIFO.
 */
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildArchive } from "./helpers/archive.js";
import { cli, cliChild, cliWatched, filesSeen } from "./helpers/cli.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const XLSX = (id: string) => join(CORPUS, id, "charter.xlsx");
const IDS = ["c01-registro-associazioni-2020", "c02-servizi-lavoro-2021", "c03-cliclavoro-2020", "c05-genova-urp-2020"];

function rows(db: string, sql: string): unknown[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all();
  } finally {
    d.close();
  }
}
const current = (db: string) => (rows(db, "SELECT count(*) AS n FROM documents WHERE current = 1") as { n: number }[])[0].n;
const indicators = (db: string) => (rows(db, "SELECT count(*) AS n FROM v_indicators") as { n: number }[])[0].n;

describe("--prune over a folder found empty", () => {
  it("retires nothing there, fails that folder (exit 1; with --allow-empty, naming --prune-force), and --prune-force retires", () => {
    const dir = tempDir();
    const share = join(dir, "share");
    const other = join(dir, "other");
    mkdirSync(share);
    mkdirSync(other);
    for (const id of IDS) copyFileSync(XLSX(id), join(share, `${id}.xlsx`));
    copyFileSync(XLSX(IDS[0]), join(other, "a.xlsx"));
    copyFileSync(XLSX(IDS[1]), join(other, "b.xlsx"));
    copyFileSync(XLSX(IDS[2]), join(other, "c.xlsx"));
    copyFileSync(XLSX(IDS[3]), join(other, "d.xlsx"));
    const db = join(dir, "c.sqlite");
    expect(cli(["import", share, other, "--db", db]).status).toBe(0);
    const before = indicators(db);
    expect(before).toBeGreaterThan(0);
    // Tonight the share is not mounted: the folder is there, empty. In other/ one file of four is gone.
    for (const id of IDS) rmSync(join(share, `${id}.xlsx`));
    rmSync(join(other, "c.xlsx"));
    const r = cli(["import", share, other, "--db", db, "--prune", "--log-format", "json"]);
    expect(r.status).toBe(1);
    expect(r.summary).toMatchObject({ retired: 1, failed: 1, status: "completed" });
    // A named folder with no charter file fails as such (an unmounted share), and nothing under it is pruned.
    const empty = r.summary.failures.find((f) => f.path === share);
    expect(empty).toMatchObject({ folder: true });
    expect(empty!.reason).toMatch(/no charter file in this folder .*--allow-empty/);
    expect(current(db)).toBe(4 + 3);
    // Told the folder may be empty, --prune still refuses to empty it.
    const allowed = cli(["import", share, other, "--db", db, "--prune", "--allow-empty", "--log-format", "json"]);
    expect(allowed.status).toBe(1);
    expect(allowed.summary).toMatchObject({ retired: 0, failed: 1, status: "completed" });
    const refused = allowed.summary.failures.find((f) => f.path === share);
    expect(refused).toMatchObject({ folder: true });
    expect(refused!.reason).toMatch(/--prune refused: 4 of the 4 documents under it would be retired, all of them: the folder is empty .*--prune-force/);
    expect(current(db)).toBe(4 + 3);
    expect(rows(db, "SELECT count(*) AS n FROM run_failures WHERE reason LIKE '--prune refused%'")).toEqual([{ n: 1 }]);
    // More than half of a folder that still holds files is refused too.
    rmSync(join(other, "a.xlsx"));
    rmSync(join(other, "b.xlsx"));
    const most = cli(["import", other, "--db", db, "--prune", "--log-format", "json"]);
    expect(most.status).toBe(1);
    expect(most.summary.failures.map((f) => f.reason)).toEqual([expect.stringMatching(/^--prune refused: 2 of the 3 documents under it would be retired; none was\. .*--prune-force$/)]);
    expect(current(db)).toBe(4 + 3);
    // The operator says the files are really gone.
    const forced = cli(["import", share, other, "--db", db, "--prune-force", "--allow-empty", "--log-format", "json"]);
    expect(forced.status).toBe(0);
    expect(forced.summary).toMatchObject({ retired: 6, failed: 0 });
    expect(current(db)).toBe(1);
  });
});

describe("the database file deleted or replaced during an import", () => {
  it.each([
    ["deleted", (db: string) => unlinkSync(db)],
    ["replaced", (db: string) => (writeFileSync(`${db}.new`, ""), renameSync(`${db}.new`, db))],
  ])("%s: the run fails (exit 3) and never reports completed", async (how, act) => {
    const dir = tempDir();
    const archive = join(dir, "archive");
    buildArchive(archive, 40);
    const db = join(dir, "c.sqlite");
    const run = cliChild(["import", archive, "--db", db, "--log-format", "json", "--concurrency", "1"]);
    await run.until((l) => filesSeen(l) >= 1);
    act(db);
    const r = await run.ended;
    expect(r.status).toBe(3);
    expect(r.summary).toMatchObject({ status: "failed", error: { problem: "gone" } });
    expect(r.stderr).toMatch(new RegExp(`database ${db}: the file was ${how} during the import`));
    expect(r.stdout).not.toMatch(/"status":"completed"/);
  }, 120_000);
});

describe("one lock per database, whatever the path", () => {
  it("a second import through a symbolic link to the database, or after the lock file was deleted, exits 4 while the first runs", async () => {
    const dir = tempDir();
    const archive = join(dir, "archive");
    buildArchive(archive, 40);
    const db = join(dir, "real.sqlite");
    const link = join(dir, "link.sqlite");
    symlinkSync("real.sqlite", link);
    const first = cliChild(["import", archive, "--db", db, "--log-format", "json", "--concurrency", "1"]);
    await first.until((l) => filesSeen(l) >= 1);
    const viaLink = cli(["import", archive, "--db", link, "--log-format", "json"]);
    expect(viaLink.status).toBe(4);
    expect(viaLink.stderr).toMatch(new RegExp(`another import is running into ${db} \\(run 1, pid ${first.child.pid}`));
    unlinkSync(`${db}.lock`);
    const afterDelete = cli(["import", archive, "--db", db, "--log-format", "json"]);
    expect(afterDelete.status).toBe(4);
    expect(afterDelete.stderr).toMatch(new RegExp(`another import is running into ${db} \\(run 1, pid ${first.child.pid}`));
    const a = await first.ended;
    expect(a.status).toBe(0);
    // The first took its lock again: its file is there for the next import.
    expect(existsSync(`${db}.lock`)).toBe(true);
    expect(rows(db, "SELECT id, status FROM runs ORDER BY id")).toEqual([{ id: 1, status: "completed" }]);
    // Once it is done, the link is the database.
    const after = cli(["import", archive, "--db", link, "--log-format", "json"]);
    expect(after.status).toBe(0);
    expect(after.summary).toMatchObject({ db, new: 0 });
  }, 120_000);

  it("a database path naming a FIFO is refused in one line (exit 2) instead of hanging", async () => {
    const dir = tempDir();
    const fifo = join(dir, "db.sqlite");
    execFileSync("mkfifo", [fifo]);
    const r = await cliWatched(["import", XLSX(IDS[0]), "--db", fifo], { maxMb: 1024, timeoutMs: 30_000 });
    expect(r.killed).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/db\.sqlite is not a regular file/);
    // Nor does a command that reads a database, or inspect --aliases.
    for (const args of [["review", "--db", fifo], ["inspect", XLSX(IDS[0]), "--aliases", fifo]]) {
      const read = await cliWatched(args, { maxMb: 1024, timeoutMs: 30_000 });
      expect(read.killed, args[0]).toBeNull();
      expect(read.status, args[0]).toBe(2);
      expect(read.stderr, args[0]).toMatch(/^charters: .*db\.sqlite is not a regular file.*$/);
    }
  });
});
