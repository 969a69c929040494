/**
 * Versions, never loss: a file overwritten by next year's charter keeps last year in every
 * view (and the cross-year check still fires); a corrected republish of the same charter
 * supersedes the earlier version, which stays queryable with what changed; --prune retires
 * and keeps; a file that turns bad takes no data away. Through the real import.
 */
import { copyFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importPaths } from "../src/pipeline/import.js";
import { CORPUS, YEARS } from "./helpers/gold.js";
import { republish } from "./helpers/republish.js";
import { query } from "./helpers/query.js";
import { tempDir } from "./helpers/tmp.js";

const C03_2020 = join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx");
const C03_2021 = join(YEARS, "c03-cliclavoro-2021", "charter.xlsx");


/** Put `src` at `path` as a new file version (a later mtime, as a copy over it gives). */
function overwrite(src: string, path: string): void {
  copyFileSync(src, path);
  const later = new Date(Date.now() + 5000);
  utimesSync(path, later, later);
}

const years = (db: string, view: string) => query(db, `SELECT DISTINCT year FROM ${view} ORDER BY year`).map((r) => r.year);

describe("a file overwritten by next year's charter", () => {
  it("keeps both years in every view, and the cross-year check still fires", async () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    const path = join(dir, "carta-servizi.xlsx");
    copyFileSync(C03_2020, path);
    expect(await importPaths([path], { db })).toMatchObject({ new: 1 });
    overwrite(C03_2021, path);
    const s = await importPaths([path], { db });
    expect(s).toMatchObject({ updated: 1, updatedCharters: 1, updatedVersions: 0 });
    for (const view of ["v_services", "v_indicators", "v_indicators_best", "v_indicator_dimensions", "v_charters", "v_charter_versions"]) {
      expect(years(db, view), view).toEqual([2020, 2021]);
    }
    const worse = query(db, "SELECT value, year FROM v_checks WHERE check_name = 'target_worse_than_previous_year' ORDER BY value");
    expect(worse).toEqual([{ value: "5 giorni lavorativi", year: 2021 }, { value: "90%", year: 2021 }]);
    // What the path holds now is the 2021 file: the same file again is unchanged.
    expect(await importPaths([path], { db })).toMatchObject({ unchanged: 1, updated: 0 });
    expect(query(db, "SELECT year, current, head FROM documents ORDER BY id")).toEqual([
      { year: 2020, current: 1, head: 0 },
      { year: 2021, current: 1, head: 1 },
    ]);
  });
});

describe("a corrected republish of the same charter", () => {
  it("supersedes the earlier version, which stays queryable with what changed", async () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    const path = join(dir, "carta-servizi.xlsx");
    copyFileSync(C03_2020, path);
    await importPaths([path], { db });
    const before = query(db, "SELECT description, target_raw FROM v_indicators ORDER BY indicator_id");
    const changed = await republish(C03_2020, path, [
      [/^7 giorni lavorativi$/, "5 giorni lavorativi"],
      [/applicazione per iphone/, "applicazione per smartphone"],
    ]);
    expect(changed).toBe(2);
    const s = await importPaths([path], { db });
    expect(s).toMatchObject({ updated: 1, updatedVersions: 1, updatedCharters: 0 });

    // One charter in the views: the new version.
    expect(query(db, "SELECT count(*) n FROM v_charters")).toEqual([{ n: 1 }]);
    expect(query(db, "SELECT count(*) n FROM v_indicators")).toEqual([{ n: before.length }]);
    expect(query(db, "SELECT count(*) n FROM v_indicators WHERE target_raw = '5 giorni lavorativi'")).toEqual([{ n: 1 }]);

    // Both versions, and what changed.
    const versions = query(db, "SELECT version, versions, state, rows_added, rows_removed, values_changed, changes, document_id, charter_key FROM v_charter_versions ORDER BY version");
    expect(versions.map((v) => [v.version, v.versions, v.state])).toEqual([[1, 2, "superseded"], [2, 2, "current"]]);
    expect(versions[1]).toMatchObject({ rows_added: 1, rows_removed: 1, values_changed: 1 });
    expect(versions[0].charter_key).toBe(versions[1].charter_key);
    const changes = JSON.parse(String(versions[1].changes)) as { change: string; field?: string; before?: string; after?: string; description: string }[];
    expect(changes.find((c) => c.change === "changed")).toMatchObject({ field: "target_raw", before: "7 giorni lavorativi", after: "5 giorni lavorativi" });
    expect(changes.filter((c) => c.change !== "changed").map((c) => [c.change, c.description])).toEqual([
      ["added", "Accesso tramite l'applicazione per smartphone di Cliclavoro"],
      ["removed", "Accesso tramite l'applicazione per iphone di Cliclavoro"],
    ]);
    // The old version's rows, as they were, under its document id.
    const old = query(db, "SELECT i.description, i.target_raw FROM indicators i JOIN services s ON s.id = i.service_id WHERE s.document_id = ? ORDER BY i.id", versions[0].document_id);
    expect(old).toEqual(before);
    // Search holds the current rows only.
    expect(query(db, "SELECT count(*) n FROM indicators_fts")).toEqual([{ n: before.length }]);

    // Importing again changes nothing.
    const snapshot = () => query(db, "SELECT * FROM v_charter_versions ORDER BY document_id");
    const was = snapshot();
    expect(await importPaths([path], { db })).toMatchObject({ unchanged: 1, updated: 0 });
    expect(snapshot()).toEqual(was);
  });
});

describe("a file that goes away or turns bad", () => {
  it("is retired by --prune and stays queryable; a failure takes no data away", async () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    const a = join(dir, "a.xlsx");
    const b = join(dir, "b.xlsx");
    copyFileSync(C03_2020, a);
    copyFileSync(join(CORPUS, "c05-genova-urp-2020", "charter.xlsx"), b);
    await importPaths([dir], { db });
    const rowsOfB = query(db, "SELECT count(*) n FROM v_indicators WHERE source_path = ?", b)[0].n;

    // a.xlsx turns into garbage: recorded as failed, its charter stays in the views.
    writeFileSync(a, "not a charter any more");
    const bad = await importPaths([dir], { db });
    expect(bad).toMatchObject({ failed: 1 });
    expect(query(db, "SELECT count(*) n FROM v_indicators WHERE source_path = ?", a)[0].n).toBeGreaterThan(0);
    expect(query(db, "SELECT status FROM documents WHERE source_path = ? AND head = 1", a)).toEqual([{ status: "failure" }]);

    // b.xlsx is deleted: --prune retires it; its rows stay in the tables, its version says retired.
    rmSync(b);
    expect(await importPaths([dir], { db, prune: true })).toMatchObject({ retired: 1 });
    expect(query(db, "SELECT count(*) n FROM v_indicators WHERE source_path = ?", b)).toEqual([{ n: 0 }]);
    const retired = query(db, "SELECT state, indicators, retired_at IS NOT NULL AS at FROM v_charter_versions WHERE source_path = ?", b);
    expect(retired).toEqual([{ state: "retired", indicators: rowsOfB, at: 1 }]);
  });
});
