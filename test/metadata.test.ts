/** Datasette metadata, the docs table and the README hold one documentation: every view, column, check and command. */
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_CHECKS } from "../src/checks/index.js";
import { buildProgram } from "../src/cli/main.js";
import { UNIT_DOCS, VIEW_DOCS } from "../src/db/docs.js";
import { UNITS } from "../src/model/schema.js";
import { importPaths } from "../src/pipeline/import.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const BIN = join(import.meta.dirname, "..", "bin", "charters.js");
const README = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");

/** The README's text from a heading naming `title` to the next heading of the same or a higher level. */
function section(title: string): string {
  const lines = README.split("\n");
  const start = lines.findIndex((l) => /^#{2,4} /.test(l) && l.includes(title));
  if (start < 0) return "";
  const level = lines[start].match(/^#+/)![0].length;
  const end = lines.findIndex((l, k) => k > start && /^#+ /.test(l) && l.match(/^#+/)![0].length <= level);
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

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
    expect(tables.v_indicators.facets).toEqual(expect.arrayContaining(["dimension", "issuer", "year"]));
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

describe("the README", () => {
  it("documents every column of every view in the view's own section", () => {
    for (const v of VIEW_DOCS) {
      let text = section(`\`${v.name}\``);
      expect(text, `README section for ${v.name}`).not.toBe("");
      // A view with another view's columns may say so and be documented there.
      const same = VIEW_DOCS.find((o) => o !== v && o.columns === v.columns && text.includes(`The columns of \`${o.name}\``));
      if (same) text = section(`\`${same.name}\``);
      for (const c of v.columns) expect(text, `${v.name}.${c.name}`).toMatch(new RegExp("`" + c.name + "`"));
    }
  });

  it("documents every check", () => {
    const text = section("Checks");
    for (const c of ALL_CHECKS) expect(text, c.name).toContain(`\`${c.name}\``);
  });

  it("documents every command and every option (as sqlite-utils does)", () => {
    const program = buildProgram({ out: () => {}, err: () => {}, tty: null });
    expect(program.commands.length).toBeGreaterThan(4);
    for (const cmd of program.commands) {
      expect(README, `charters ${cmd.name()}`).toMatch(new RegExp(`charters ${cmd.name()}\\b`));
      for (const o of cmd.options) expect(README, `charters ${cmd.name()} ${o.long}`).toContain(o.long!);
    }
  });
});
