/**
 * Opening a database: foreign and newer files refused untouched, an earlier release's file
 * adopted, views and taxonomy brought up to date on every open, migrations under the write
 * lock (real second connections and real child processes).
 */
import Database from "better-sqlite3";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DatabaseError } from "../src/db/errors.js";
import { MIGRATIONS } from "../src/db/migrations.js";
import { APPLICATION_ID, SCHEMA_VERSION, openDatabase } from "../src/db/open.js";
import { VIEWS } from "../src/db/views.js";
import { DIMENSIONS, SUBDIMENSIONS } from "../src/normalize/taxonomy.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "charters.js");
const RELEASE_001 = join(ROOT, "fixtures", "db", "release-001.sqlite");
const OPEN_JS = join(ROOT, "dist", "src", "db", "open.js");
const CHARTER = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });

/** Every file of a database (main, -wal, -shm, -journal) that exists, with its bytes. */
function files(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) if (existsSync(f)) out[f] = readFileSync(f).toString("hex");
  return out;
}

function foreignDb(path: string, mark?: (db: Database.Database) => void): void {
  const db = new Database(path);
  db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Rossi');");
  mark?.(db);
  db.close();
}

describe("a database that is not ours", () => {
  it.each([
    ["another application's tables, no marker", (p: string) => foreignDb(p), /2 tables|1 tables|no charters marker/],
    ["another application_id", (p: string) => foreignDb(p, (db) => db.pragma("application_id = 1234")), /application_id is 0x000004d2/],
    ["not SQLite at all", (p: string) => writeFileSync(p, "name,score\nRossi,3\n".repeat(50)), /not a database/],
  ])("is refused, byte for byte untouched: %s", (_what, make, reason) => {
    const dir = tempDir();
    const path = join(dir, "other.db");
    make(path);
    const before = files(path);
    const r = cli("import", CHARTER, "--db", path);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(reason);
    expect(r.stderr).toContain(path);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(files(path)).toEqual(before);
  });

  it("is refused when its schema is newer than the code: a higher user_version or an unknown migration", () => {
    const dir = tempDir();
    const path = join(dir, "c.sqlite");
    openDatabase(path).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.pragma("journal_mode = DELETE");
    db.close();
    const before = files(path);
    const r = cli("import", CHARTER, "--db", path);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/schema version .* newer than this program/);
    expect(files(path)).toEqual(before);

    const path2 = join(dir, "d.sqlite");
    openDatabase(path2).close();
    const db2 = new Database(path2);
    db2.prepare("INSERT INTO migrations (name, applied_at) VALUES ('999_from_the_future', 'x')").run();
    db2.pragma("journal_mode = DELETE");
    db2.close();
    const before2 = files(path2);
    expect(() => openDatabase(path2)).toThrow(/999_from_the_future/);
    expect(files(path2)).toEqual(before2);
  });
});

describe("our database", () => {
  it("is marked with application_id and user_version, and an earlier release's file is adopted", async () => {
    const dir = tempDir();
    const path = join(dir, "old.sqlite");
    copyFileSync(RELEASE_001, path);
    const db = openDatabase(path);
    expect(db.pragma("application_id", { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    expect((db.prepare("SELECT name FROM migrations ORDER BY name").all() as { name: string }[]).map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(db.prepare("SELECT count(*) n FROM v_indicators").get()).toEqual({ n: 3 });
    expect(db.prepare("SELECT status, files, new FROM runs").all()).toEqual([{ status: "completed", files: 1, new: 1 }]);
    expect(db.pragma("foreign_key_check")).toEqual([]);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  });

  it("gets the views of this code on every open, whatever an earlier version left", () => {
    const dir = tempDir();
    const path = join(dir, "old.sqlite");
    copyFileSync(RELEASE_001, path);
    const old = new Database(path);
    old.exec("DROP VIEW v_services; CREATE VIEW v_services AS SELECT 1 AS stale");
    old.close();
    const db = openDatabase(path);
    const views = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name").all() as { name: string; sql: string }[];
    expect(views.map((v) => v.name)).toEqual(VIEWS.map((v) => v.name).sort());
    for (const v of VIEWS) expect(views.find((x) => x.name === v.name)!.sql).toContain(v.select.trim());
    expect(db.prepare("SELECT * FROM v_services").columns().map((c) => c.name)).toContain("service_name");
    db.close();
  });

  it("gets the taxonomy of this code on every open: a code added later reaches it, a label change too", () => {
    const dir = tempDir();
    const path = join(dir, "old.sqlite");
    copyFileSync(RELEASE_001, path);
    const old = new Database(path);
    // As if these codes had been added to the taxonomy after the file was made.
    old.exec("DELETE FROM subdimensions WHERE code = 'efficacia.compiutezza'; DELETE FROM dimensions WHERE code = 'empatia'; UPDATE dimensions SET label = 'x' WHERE code = 'equita'");
    old.close();
    const db = openDatabase(path);
    expect(db.prepare("SELECT code FROM dimensions ORDER BY position").all().map((r) => (r as { code: string }).code)).toEqual(DIMENSIONS.map((d) => d.code));
    expect(db.prepare("SELECT count(*) n FROM subdimensions").get()).toEqual({ n: SUBDIMENSIONS.length });
    expect(db.prepare("SELECT label FROM dimensions WHERE code = 'equita'").get()).toEqual({ label: "Equità" });
    db.close();
  });
});

describe("migrations under the write lock", () => {
  it("wait for a lock another connection holds, and fail with a clear error when it does not come", () => {
    const dir = tempDir();
    const path = join(dir, "c.sqlite");
    openDatabase(path).close();
    const holder = new Database(path);
    holder.exec("BEGIN IMMEDIATE");
    let err: unknown;
    const t0 = performance.now();
    try {
      openDatabase(path, { busyTimeoutMs: 300 }).close();
    } catch (e) {
      err = e;
    }
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).problem).toBe("busy");
    expect((err as Error).message).toContain(path);
    holder.exec("COMMIT");
    holder.close();
    openDatabase(path, { busyTimeoutMs: 300 }).close();
  });

  it("wait for another connection that holds a new file in rollback mode before switching it to WAL", async () => {
    const dir = tempDir();
    const path = join(dir, "c.sqlite");
    const BETTER = join(ROOT, "node_modules", "better-sqlite3", "lib", "index.js");
    const holder = spawn(process.execPath, ["--input-type=module", "-e", `import Database from ${JSON.stringify(BETTER)};
      const db = new Database(process.argv[1]); db.exec("BEGIN IMMEDIATE"); console.log("held");
      setTimeout(() => { db.exec("COMMIT"); db.close(); }, 800);`, path], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise((resolve) => holder.stdout!.once("data", resolve));
    const t0 = performance.now();
    const db = openDatabase(path, { busyTimeoutMs: 10_000 });
    expect(performance.now() - t0).toBeGreaterThan(300);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    await new Promise((resolve) => holder.on("exit", resolve));
  });

  it("let five pairs of simultaneous first opens of a new file all succeed", async () => {
    const dir = tempDir();
    const script = `import { openDatabase } from ${JSON.stringify(OPEN_JS)}; openDatabase(process.argv[1]).close();`;
    const open = (path: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const c = spawn(process.execPath, ["--input-type=module", "-e", script, path], { stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        c.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        c.on("exit", (code) => resolve({ code, stderr }));
      });
    for (let i = 0; i < 5; i++) {
      const path = join(dir, `pair-${i}.sqlite`);
      const results = await Promise.all([open(path), open(path)]);
      expect(results).toEqual([{ code: 0, stderr: "" }, { code: 0, stderr: "" }]);
      const db = new Database(path, { readonly: true });
      expect(db.prepare("SELECT count(*) n FROM migrations").get()).toEqual({ n: MIGRATIONS.length });
      expect(db.prepare("SELECT count(*) n FROM dimensions").get()).toEqual({ n: DIMENSIONS.length });
      db.close();
    }
  });
});
