/**
 * The database under a nightly job: another program's lock held mid-run, a full disk (a real
 * tmpfs), a second import into the same database, simultaneous first runs. Real child
 * processes of the CLI, real second connections, real file systems.
 */
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildArchive } from "./helpers/archive.js";
import { cli, cliChild, filesSeen } from "./helpers/cli.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NO_STACK = /\n\s+at |SqliteError|Error: .*\n.*node:/;

function table(db: string, sql: string): unknown[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all();
  } finally {
    d.close();
  }
}

/** Hold the write lock from this process (another connection) for `ms`. */
async function holdLock(db: string, ms: number): Promise<void> {
  const holder = new Database(db, { timeout: 10_000 });
  holder.exec("BEGIN IMMEDIATE");
  await sleep(ms);
  holder.exec("COMMIT");
  holder.close();
}

describe("another program holding the write lock mid-run", () => {
  it("is waited for up to --busy-timeout; past it the run fails cleanly (exit 3, recorded), and the next run completes the work", async () => {
    const dir = tempDir();
    const archive = join(dir, "archive");
    const files = buildArchive(archive, 30);
    const db = join(dir, "c.sqlite");

    // Held 3 s, waited for up to 30 s: the run simply completes.
    const patient = cliChild(["import", archive, "--db", db, "--log-format", "json", "--concurrency", "1", "--busy-timeout", "30"]);
    await patient.until((l) => filesSeen(l) >= 5);
    await holdLock(db, 3000);
    const ok = await patient.ended;
    expect(ok.status).toBe(0);
    expect(ok.summary).toMatchObject({ status: "completed", new: files.length });

    // Held 4 s, waited for 1 s: the run stops, says so in one line, and is recorded as failed.
    const archive2 = join(dir, "archive2");
    buildArchive(archive2, 30);
    const db2 = join(dir, "c2.sqlite");
    const impatient = cliChild(["import", archive2, "--db", db2, "--log-format", "json", "--concurrency", "1", "--busy-timeout", "1"]);
    await impatient.until((l) => filesSeen(l) >= 5);
    await holdLock(db2, 4000);
    const failed = await impatient.ended;
    expect(failed.status).toBe(3);
    expect(failed.stderr).not.toMatch(NO_STACK);
    expect(failed.stderr).toContain(`database ${db2}: database is locked`);
    expect(failed.stderr).toMatch(/--busy-timeout/);
    expect(failed.summary).toMatchObject({ status: "failed", error: { problem: "busy" } });
    expect(Number(failed.summary.notDone)).toBeGreaterThan(0);
    expect(table(db2, "SELECT status, error LIKE '%locked%' AS why FROM runs")).toEqual([{ status: "failed", why: 1 }]);
    const again = cli(["import", archive2, "--db", db2, "--log-format", "json"]);
    expect(again.status).toBe(0);
    expect(Number(again.summary.new) + Number(again.summary.unchanged)).toBe(30);
    expect(table(db2, "SELECT count(*) n FROM documents WHERE current = 1")).toEqual([{ n: 30 }]);
    expect(table(db2, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    expect(table(db2, "SELECT count(*) n FROM runs WHERE status = 'running'")).toEqual([{ n: 0 }]);
  }, 120_000);
});

describe("a full disk", () => {
  it("fails the run cleanly (exit 3, no stack trace), keeps the database consistent, and the next run completes the work", (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip("needs root to mount a small tmpfs (mount -t tmpfs -o size=...)");
    const dir = tempDir();
    const mnt = join(dir, "small");
    mkdirSync(mnt);
    const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "size=600k", "tmpfs", mnt], { encoding: "utf8" });
    if (mount.status !== 0) return ctx.skip(`cannot mount a tmpfs here: ${mount.stderr.trim()}`);
    try {
      const archive = join(dir, "archive");
      buildArchive(archive, 60);
      const db = join(mnt, "c.sqlite");
      const full = cli(["import", archive, "--db", db, "--log-format", "json"]);
      expect(full.stderr).not.toMatch(NO_STACK);
      expect(full.status).toBe(3);
      expect(full.stderr).toMatch(/database or disk is full|disk \(or quota\) is full/);
      expect(full.summary).toMatchObject({ status: "failed", error: { problem: "full" } });
      expect(table(db, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
      const runs = table(db, "SELECT status FROM runs") as { status: string }[];
      expect(runs.map((r) => r.status)).not.toContain("running");
      expect(spawnSync("mount", ["-o", "remount,size=64m", mnt]).status).toBe(0);
      const again = cli(["import", archive, "--db", db, "--log-format", "json"]);
      expect(again.status).toBe(0);
      expect(table(db, "SELECT count(*) n FROM documents WHERE current = 1")).toEqual([{ n: 60 }]);
      expect(table(db, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    } finally {
      if (spawnSync("umount", [mnt]).status !== 0) spawnSync("umount", ["-l", mnt]); // lazily, if something still holds it
    }
  }, 120_000);
});

describe("a read-only or damaged database", () => {
  it("is refused in one line that names the file and what to do (exit 3)", (ctx) => {
    const dir = tempDir();
    const charter = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");
    // Damaged: pages of an imported database overwritten.
    const damaged = join(dir, "damaged.sqlite");
    expect(cli(["import", charter, "--db", damaged, "--log-format", "json"]).status).toBe(0);
    const d = new Database(damaged);
    d.pragma("journal_mode = DELETE");
    d.close();
    const bytes = readFileSync(damaged);
    bytes.fill(0xff, 4096 * 3, Math.min(bytes.length, 4096 * 8));
    writeFileSync(damaged, bytes);
    const bad = cli(["import", charter, "--db", damaged, "--log-format", "json"]);
    expect(bad.status).toBe(3);
    expect(bad.stderr).toBe(`charters: database ${damaged}: database disk image is malformed (SQLITE_CORRUPT): the file is damaged; restore it from a backup, or import into a new file with --db\n`);
    expect(cli(["import", charter, "--db", damaged, "--log-format", "json", "--debug"]).stderr).toMatch(/\n\s+at /);

    // Read-only: a file system mounted read-only (needs root to mount).
    if (process.getuid?.() !== 0) return ctx.skip("the read-only half needs root to mount a tmpfs read-only");
    const mnt = join(dir, "ro");
    mkdirSync(mnt);
    const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mnt], { encoding: "utf8" });
    if (mount.status !== 0) return ctx.skip(`cannot mount a tmpfs here: ${mount.stderr.trim()}`);
    try {
      const db = join(mnt, "c.sqlite");
      expect(cli(["import", charter, "--db", db, "--log-format", "json"]).status).toBe(0);
      expect(spawnSync("mount", ["-o", "remount,ro", mnt]).status).toBe(0);
      const ro = cli(["import", join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx"), "--db", db, "--log-format", "json"]);
      expect(ro.status).toBe(3);
      expect(ro.stderr).toMatch(new RegExp(`^charters: database ${db}: .*(read-only|readonly|cannot be written|cannot be opened).*\n$`));
      expect(ro.stderr.split("\n")).toHaveLength(2);
    } finally {
      if (spawnSync("umount", [mnt]).status !== 0) spawnSync("umount", ["-l", mnt]); // lazily, if something still holds it
    }
  });
});

describe("two imports into one database", () => {
  it("never both parse: the second says which run is going (exit 4), or with --wait waits and finds everything unchanged", async () => {
    const dir = tempDir();
    const archive = join(dir, "archive");
    const files = buildArchive(archive, 60);
    const db = join(dir, "c.sqlite");
    const first = cliChild(["import", archive, "--db", db, "--log-format", "json", "--concurrency", "1"]);
    await first.until((l) => l.some((x) => x.event === "start"));
    const refused = cli(["import", archive, "--db", db, "--log-format", "json"]);
    expect(refused.status).toBe(4);
    expect(refused.stderr).toMatch(new RegExp(`another import is running into ${db} \\(run 1, pid ${first.child.pid} on .*, started .*\\).*--wait`));
    expect(refused.stderr).not.toMatch(NO_STACK);
    const waiting = cliChild(["import", archive, "--db", db, "--log-format", "json", "--wait"]);
    const [a, b] = await Promise.all([first.ended, waiting.ended]);
    expect(a.status).toBe(0);
    expect(a.summary).toMatchObject({ new: files.length });
    expect(b.status).toBe(0);
    expect(b.stderr).toMatch(/another import is running .*; waiting for it/);
    expect(b.summary).toMatchObject({ unchanged: files.length, new: 0 });
    expect(table(db, "SELECT id, status FROM runs ORDER BY id")).toEqual([
      { id: 1, status: "completed" },
      { id: 2, status: "completed" },
    ]);
  }, 120_000);

  it("five pairs of simultaneous first runs on new files all succeed", async () => {
    const dir = tempDir();
    const charter = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");
    for (let i = 0; i < 5; i++) {
      const db = join(dir, `pair-${i}.sqlite`);
      const pair = [0, 1].map(() => cliChild(["import", charter, "--db", db, "--log-format", "json", "--wait", "60"]));
      const [a, b] = await Promise.all(pair.map((p) => p.ended));
      expect([a.status, b.status]).toEqual([0, 0]);
      expect((a.stderr + b.stderr).replace(/charters: another import is running into .*; waiting for it\n/g, "")).toBe("");
      expect([a.summary.new, b.summary.new].sort()).toEqual([0, 1]);
      expect(table(db, "SELECT status FROM runs")).toEqual([{ status: "completed" }, { status: "completed" }]);
    }
  }, 120_000);
});
