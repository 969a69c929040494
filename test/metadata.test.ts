/** Datasette metadata and the docs table hold one documentation of every view and column (docs/views.md is written from it: test/docs.test.ts). */
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UNIT_DOCS, VIEW_DOCS } from "../src/db/docs.js";
import { UNITS } from "../src/model/schema.js";
import { importPaths } from "../src/pipeline/import.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const BIN = join(import.meta.dirname, "..", "bin", "charters.js");

describe("charters metadata", () => {
  it("describes every view and column, configures facets and search, hides the internal tables", async () => {
    const dir = tempDir();
    const db = join(dir, "charters.sqlite");
    await importPaths([join(CORPUS, "c05-genova-urp-2020", "charter.xlsx")], { db });
    const r = spawnSync(process.execPath, [BIN, "metadata", "--db", db], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout) as {
      title: string; description: string; source: string;
      databases: Record<string, { description: string; tables: Record<string, { description?: string; columns?: Record<string, string>; facets?: string[]; fts_table?: string; fts_pk?: string; hidden?: boolean }> }>;
    };
    expect(m.title.length).toBeGreaterThan(10);
    expect(m.source.length).toBeGreaterThan(10);
    expect(Object.keys(m.databases)).toEqual(["charters"]);
    const { tables, description } = m.databases.charters;
    for (const u of UNITS) expect(description).toContain(`${u}: ${UNIT_DOCS[u]}`);
    const sqlite = new Database(db, { readonly: true });
    for (const v of VIEW_DOCS) {
      const t = tables[v.name];
      const columns = sqlite.prepare(`SELECT * FROM ${v.name} LIMIT 0`).columns().map((c) => c.name);
      expect(Object.keys(t.columns!)).toEqual(columns);
      for (const c of columns) expect(t.columns![c].length).toBeGreaterThan(5);
      expect(t.description!.length).toBeGreaterThan(20);
      expect(t.hidden).toBeUndefined();
      for (const f of t.facets!) expect(columns).toContain(f);
    }
    expect(tables.v_indicators.facets).toEqual(expect.arrayContaining(["dimension", "issuer_label", "year"]));
    expect(tables.v_indicators.columns!.target_value).toMatch(/Unit: see target_unit/);
    // ?_search= on the views: Datasette runs `fts_pk in (select rowid from fts_table where fts_table match :search)`.
    for (const name of ["v_indicators", "v_indicators_best", "v_services"]) {
      const t = tables[name];
      const n = sqlite.prepare(`SELECT count(*) n FROM ${name} WHERE ${t.fts_pk} IN (SELECT rowid FROM ${t.fts_table} WHERE ${t.fts_table} MATCH ?)`).get("pubblico") as { n: number };
      expect(n.n).toBeGreaterThan(0);
    }
    const internal = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
    expect(internal).toEqual(expect.arrayContaining(["documents", "indicators", "findings", "indicators_fts", "docs"]));
    for (const t of internal) expect(tables[t]).toEqual({ hidden: true });
    // The database documents itself: the same descriptions in its docs table.
    const docs = sqlite.prepare("SELECT description FROM docs WHERE object = 'v_indicators' AND column_name = 'better'").get() as { description: string };
    expect(tables.v_indicators.columns!.better).toBe(docs.description);
    sqlite.close();
  });
});
