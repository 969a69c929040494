/**
 * Corrections that last: charters fix records an edit (who, when, why, before, after),
 * applies it to the stored row, keeps it on every later import of the row's file (a
 * corrected republish included), undoes it, and takes many from a CSV, all or nothing.
 * Through the real CLI and a real import.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importPaths } from "../src/pipeline/import.js";
import { CORPUS } from "./helpers/gold.js";
import { republish } from "./helpers/republish.js";
import { query } from "./helpers/query.js";
import { tempDir } from "./helpers/tmp.js";

const BIN = join(import.meta.dirname, "..", "bin", "charters.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000 });
const C03 = join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx");


/** A charter imported from its own path, and the id of its row with a target of "7 giorni lavorativi". */
async function setUp(): Promise<{ dir: string; db: string; path: string; id: number }> {
  const dir = tempDir();
  const db = join(dir, "c.sqlite");
  const path = join(dir, "carta.xlsx");
  copyFileSync(C03, path);
  await importPaths([path], { db });
  const id = Number(query(db, "SELECT indicator_id FROM v_indicators WHERE target_raw = '7 giorni lavorativi'")[0].indicator_id);
  return { dir, db, path, id };
}

const row = (db: string, where: string) =>
  query(db, `SELECT indicator_id, target_raw, target_value, target_unit, target_norm, edited FROM v_indicators WHERE ${where}`);

describe("charters fix", () => {
  it("corrects a stored row, records who, when, why, before and after, and the correction survives a re-import of its file", async () => {
    const { db, path, id } = await setUp();
    const r = cli("fix", String(id), "target_raw", "6 giorni lavorativi", "--why", "the office's own table says 6", "--by", "anna", "--db", db);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^edit 1: indicator \d+ target_raw "7 giorni lavorativi" -> "6 giorni lavorativi", by anna at \S+; kept on every later import of /);
    expect(row(db, `indicator_id = ${id}`)).toEqual([{ indicator_id: id, target_raw: "6 giorni lavorativi", target_value: 6, target_unit: "working_days", target_norm: 6, edited: 1 }]);
    expect(query(db, "SELECT field, before, after, why, created_by FROM edits")).toEqual([
      { field: "target_raw", before: "7 giorni lavorativi", after: "6 giorni lavorativi", why: "the office's own table says 6", created_by: "anna" },
    ]);
    expect(query(db, "SELECT count(*) n FROM v_indicators WHERE edited = 1")).toEqual([{ n: 1 }]);

    // The office republishes the charter with another correction: the row is read again from
    // the new file, and the person's correction is applied on top of it.
    await republish(C03, path, [[/applicazione per iphone/, "applicazione per smartphone"]]);
    expect(await importPaths([path], { db })).toMatchObject({ updated: 1, updatedVersions: 1 });
    const after = row(db, "description LIKE 'Erogazione del servizio in modo continuo%'");
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ target_raw: "6 giorni lavorativi", target_value: 6, edited: 1 });
    expect(Number(after[0].indicator_id)).not.toBe(id);
    expect(query(db, "SELECT count(*) n FROM v_indicators WHERE target_raw = '7 giorni lavorativi'")).toEqual([{ n: 0 }]);

    // Undone: the row says what the file says; later imports leave it so.
    const undo = cli("fix", "--undo", "1", "--by", "bruno", "--db", db);
    expect(undo.status, undo.stderr).toBe(0);
    expect(row(db, "description LIKE 'Erogazione del servizio in modo continuo%'")[0]).toMatchObject({ target_raw: "7 giorni lavorativi", target_value: 7, edited: 0 });
    expect(query(db, "SELECT undone_by FROM edits WHERE id = 1")).toEqual([{ undone_by: "bruno" }]);
    await republish(C03, path, [[/applicazione per iphone/, "applicazione per tablet"]]);
    await importPaths([path], { db });
    expect(row(db, "description LIKE 'Erogazione del servizio in modo continuo%'")[0]).toMatchObject({ target_raw: "7 giorni lavorativi", edited: 0 });
    expect(cli("fix", "--undo", "1", "--db", db).status).toBe(1); // undone already
    const list = cli("fix", "--list", "--all", "--format", "jsonl", "--db", db);
    expect(JSON.parse(list.stdout)).toMatchObject({ id: 1, field: "target_raw", created_by: "anna", undone_by: "bruno" });
  });

  it("moves a row to another dimension: the views, the facets and the checks follow", async () => {
    const { db, id } = await setUp();
    expect(query(db, "SELECT dimension FROM v_indicator_dimensions WHERE indicator_id = ?", id)).toEqual([{ dimension: "continuita" }]);
    const r = cli("fix", String(id), "dimension", "empatia,continuita", "--why", "both", "--db", db);
    expect(r.status, r.stderr).toBe(0);
    expect(query(db, "SELECT dimension FROM v_indicator_dimensions WHERE indicator_id = ? ORDER BY dimension_position", id)).toEqual([{ dimension: "empatia" }, { dimension: "continuita" }]);
    expect(query(db, "SELECT dimension, edited FROM v_indicators WHERE indicator_id = ?", id)).toEqual([{ dimension: "empatia,continuita", edited: 1 }]);
  });

  it("refuses what it cannot record, says when nothing would change, and takes a CSV all or nothing", async () => {
    const { dir, db, id } = await setUp();
    expect(cli("fix", String(id), "target_raw", "6 giorni", "--db", db).stderr).toMatch(/say why/);
    expect(cli("fix", String(id), "colour", "red", "--why", "x", "--db", db).status).toBe(2);
    expect(cli("fix", String(id), "dimension", "empathy", "--why", "x", "--db", db).stderr).toMatch(/not a dimension code: empathy/);
    expect(cli("fix", "999999", "notes", "x", "--why", "x", "--db", db).stderr).toMatch(/no indicator 999999/);
    const same = cli("fix", String(id), "target_raw", "7 giorni lavorativi", "--why", "x", "--db", db);
    expect(same.status).toBe(1);
    expect(same.stderr).toMatch(/already "7 giorni lavorativi": nothing to change/);

    const other = Number(query(db, "SELECT indicator_id FROM v_indicators WHERE indicator_id != ? ORDER BY indicator_id LIMIT 1", id)[0].indicator_id);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, `indicator_id,field,value,why\n${id},notes,"checked, by phone",call\n${other},target_unit,parsecs,typo\n`);
    expect(cli("fix", "--from", bad, "--db", db).status).toBe(2);
    expect(query(db, "SELECT count(*) n FROM edits")).toEqual([{ n: 0 }]); // none recorded
    const good = join(dir, "good.csv");
    writeFileSync(good, `\ufeffindicator_id;field;value\n${id};notes;"checked; by phone"\n${other};placeholder;1\n`);
    const r = cli("fix", "--from", good, "--why", "audit 2026", "--db", db);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^2 edits recorded and applied from .*good\.csv, 0 rows already said so/);
    expect(query(db, "SELECT notes, edited FROM v_indicators WHERE indicator_id = ?", id)).toEqual([{ notes: "checked; by phone", edited: 1 }]);
    expect(query(db, "SELECT placeholder, edited FROM v_indicators WHERE indicator_id = ?", other)).toEqual([{ placeholder: 1, edited: 1 }]);
    expect(query(db, "SELECT DISTINCT why FROM edits")).toEqual([{ why: "audit 2026" }]);
    expect(cli("fix", "--from", good, "--why", "audit 2026", "--db", db).stdout).toMatch(/^0 edits recorded .* 2 rows already said so/);
  });
});
