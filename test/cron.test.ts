/**
 * The import as cron runs it: no terminal, another working folder, an environment of its
 * own. The database is named or refused; a missing path or an empty folder fails alone;
 * every error is a JSON event under --log-format json; paths are absolute. The real CLI.
 */
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "charters.js");
/** The CLI in `cwd`, with exactly the environment given (as `env -i` does). */
const cron = (cwd: string, env: Record<string, string>, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: "utf8", timeout: 120_000 });
const events = (stdout: string) => stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("an import run by cron", () => {
  it("refuses to guess where the database goes, and takes CHARTERS_DB", () => {
    const home = tempDir();
    const file = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");
    const r = cron(home, {}, "import", file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^charters: import needs --db FILE, or the environment variable CHARTERS_DB/);
    expect(events(r.stdout)).toEqual([expect.objectContaining({ event: "error", problem: "usage", exit: 2 })]);
    expect(readdirSync(home)).toEqual([]); // nothing written in the working folder
    const db = join(home, "archive.sqlite");
    const ok = cron(home, { CHARTERS_DB: db }, "import", file, "-q");
    expect(ok.status, ok.stderr).toBe(0);
    expect(existsSync(db)).toBe(true);
    // The commands that read take it too.
    expect(cron(home, { CHARTERS_DB: db }, "export", "--view", "v_charters", "--format", "jsonl").stdout).toMatch(/"charter_key"/);
    // npm start names its own.
    expect((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start).toMatch(/ --db \S+/);
  });

  it("fails a missing path alone: the others are imported, exit 1, absolute paths in the JSON log", () => {
    const home = tempDir();
    mkdirSync(join(home, "a"));
    mkdirSync(join(home, "c"));
    copyFileSync(join(CORPUS, "c05-genova-urp-2020", "charter.xlsx"), join(home, "a", "carta.xlsx"));
    copyFileSync(join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx"), join(home, "c", "carta.xlsx"));
    const r = cron(home, {}, "import", "a", "b", "c", "--db", "out/c.sqlite", "--log-format", "json");
    expect(r.status, r.stderr).toBe(1);
    const log = events(r.stdout);
    const summary = log.at(-1)!;
    expect(summary).toMatchObject({ event: "summary", new: 2, failed: 1, db: join(home, "out", "c.sqlite") });
    expect(summary.failures).toEqual([{ path: join(home, "b"), reason: "no such file or folder", known: false, missing: true }]);
    expect(log.filter((e) => e.event === "file").map((e) => e.path).sort()).toEqual([join(home, "a", "carta.xlsx"), join(home, "c", "carta.xlsx")]);
    const d = new Database(join(home, "out", "c.sqlite"), { readonly: true });
    expect(d.prepare("SELECT source_path, reason FROM run_failures").all()).toEqual([{ source_path: join(home, "b"), reason: "no such file or folder" }]);
    d.close();
  });

  it("fails a named folder with no charter file unless --allow-empty, and never prunes under it", () => {
    const home = tempDir();
    const share = join(home, "share");
    mkdirSync(share);
    copyFileSync(join(CORPUS, "c05-genova-urp-2020", "charter.xlsx"), join(share, "carta.xlsx"));
    const db = join(home, "c.sqlite");
    expect(cron(home, {}, "import", share, "--db", db, "-q").status).toBe(0);
    // The share is unmounted: an empty folder where the files were.
    rmSync(join(share, "carta.xlsx"));
    writeFileSync(join(share, ".mountpoint"), "");
    const r = cron(home, {}, "import", share, "--db", db, "--prune", "--log-format", "json");
    expect(r.status).toBe(1);
    const summary = events(r.stdout).at(-1)!;
    expect(summary).toMatchObject({ failed: 1, retired: 0 });
    expect(String((summary.failures as { reason: string }[])[0].reason)).toMatch(/no charter file in this folder \(an unmounted share, a wrong path\?\): --allow-empty/);
    const views = new Database(db, { readonly: true });
    expect(views.prepare("SELECT count(*) n FROM v_services").get()).toEqual({ n: 1 });
    views.close();
    const allowed = cron(home, {}, "import", share, "--db", db, "--allow-empty", "--log-format", "json");
    expect(allowed.status).toBe(0);
    expect(events(allowed.stdout).filter((e) => e.event === "warning").map((e) => e.message)).toEqual([expect.stringMatching(/no charter file in this folder .*--allow-empty: not a failure/)]);
  });

  it("says every error as a JSON event too: usage, database", () => {
    const home = tempDir();
    const file = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");
    const usage = cron(home, {}, "import", file, "--db", "c.sqlite", "--concurrency", "0", "--log-format", "json");
    expect(usage.status).toBe(2);
    expect(events(usage.stdout)).toEqual([expect.objectContaining({ event: "error", problem: "usage", message: expect.stringMatching(/--concurrency/) })]);
    expect(usage.stderr.trim().split("\n")).toHaveLength(2); // the problem, and where to look
    const foreign = join(home, "notes.sqlite");
    const other = new Database(foreign);
    other.exec("CREATE TABLE notes (t TEXT)");
    other.close();
    const db = cron(home, {}, "import", file, "--db", foreign, "--log-format", "json");
    expect(db.status).toBe(3);
    expect(events(db.stdout)).toEqual([expect.objectContaining({ event: "error", problem: "database", exit: 3 })]);
    expect(db.stderr).toMatch(/notes\.sqlite/);
  });
});
