/**
 * Reading stored files again: import --reread replaces the reading of unchanged files in
 * place (after an upgrade: the files a former parser version read; or all), keeping the
 * document, its versions and people's corrections; a header alias reaches the stored files
 * that print its title. Through the real import, the real CLI and a real SQLite file.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { importPaths } from "../src/pipeline/import.js";
import { CORPUS } from "./helpers/gold.js";
import { query } from "./helpers/query.js";
import { tempDir } from "./helpers/tmp.js";

const BIN = join(import.meta.dirname, "..", "bin", "charters.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000 });
const C03 = join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx");
/** A charter in another template, one of whose column titles no vocabulary names ("Strumenti di verifica": read as notes by its cells). */
const OWN_TITLES = join(import.meta.dirname, "..", "fixtures", "templates", "dev", "d01-asl-ambulatori-2024", "charter.html");

function setUp(src: string, name: string): { db: string; path: string } {
  const dir = tempDir();
  const path = join(dir, name);
  copyFileSync(src, path);
  return { db: join(dir, "c.sqlite"), path };
}

const documents = (db: string) => query(db, "SELECT id, head, current, parser_version FROM documents ORDER BY id");

describe("import --reread", () => {
  it("reads again only the files a former parser version read, in place", async () => {
    const { db, path } = setUp(C03, "carta.xlsx");
    await importPaths([path], { db });
    const before = documents(db);
    expect(await importPaths([path], { db, reread: "outdated" })).toMatchObject({ unchanged: 1, reread: 0 });
    const raw = new Database(db);
    raw.prepare("UPDATE documents SET parser_version = '0.0.1'").run();
    raw.close();
    const s = await importPaths([path], { db, reread: "outdated" });
    expect(s).toMatchObject({ updated: 1, reread: 1, updatedVersions: 0, unchanged: 0 });
    expect(documents(db)).toEqual(before); // the same document, its parser version this build's again
    expect(query(db, "SELECT count(*) AS n FROM v_charter_versions")).toEqual([{ n: 1 }]);
    expect(query(db, "SELECT count(*) AS n FROM indicators_fts")).toEqual(query(db, "SELECT count(*) AS n FROM v_indicators"));
  });

  it("keeps people's corrections and the checks of a re-read document", async () => {
    const { db, path } = setUp(C03, "carta.xlsx");
    await importPaths([path], { db });
    const checks = query(db, "SELECT check_name, value FROM v_checks ORDER BY 1, 2");
    const id = Number(query(db, "SELECT indicator_id FROM v_indicators WHERE target_raw = '7 giorni lavorativi'")[0].indicator_id);
    expect(cli("fix", String(id), "target_raw", "6 giorni lavorativi", "--why", "the office's table says 6", "--db", db).status).toBe(0);
    const s = await importPaths([path], { db, reread: "all" });
    expect(s).toMatchObject({ reread: 1 });
    expect(query(db, "SELECT target_raw, edited FROM v_indicators WHERE target_raw LIKE '6 giorni%'")).toEqual([{ target_raw: "6 giorni lavorativi", edited: 1 }]);
    expect(query(db, "SELECT count(*) AS n FROM v_indicators WHERE target_raw = '7 giorni lavorativi'")).toEqual([{ n: 0 }]);
    expect(query(db, "SELECT check_name, value FROM v_checks ORDER BY 1, 2")).toEqual(checks);
  });
});

describe("a header alias", () => {
  it("reaches the stored files that print the title, and --no-reread leaves them", async () => {
    const { db, path } = setUp(OWN_TITLES, "carta.html");
    await importPaths([path], { db });
    const title = "Strumenti di verifica";
    const items = () => query(db, `SELECT count(*) AS n FROM review WHERE kind = 'header' AND label = '${title}'`)[0].n;
    const formulas = () => query(db, "SELECT count(*) AS n FROM v_indicators WHERE formula IS NOT NULL")[0].n as number;
    expect(items()).toBeGreaterThan(0);
    const copy = join(tempDir(), "copy.sqlite");
    copyFileSync(db, copy);
    const deferred = cli("alias", "header", title, "formula", "--no-reread", "--db", copy);
    expect(deferred.stdout).toMatch(/applies to the files imported from now on/);
    expect(query(copy, `SELECT count(*) AS n FROM review WHERE kind = 'header' AND label = '${title}'`)[0].n).toBe(items());

    const before = formulas();
    const docs = documents(db);
    const r = cli("alias", "header", title, "formula", "--db", db);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 stored file read again: 1 reading replaced/);
    expect(items()).toBe(0);
    expect(formulas()).toBeGreaterThan(before);
    expect(documents(db)).toEqual(docs);
  });
});
