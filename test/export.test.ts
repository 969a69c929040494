/** Exports hold exactly the view's rows: each file is read back and compared with the view. */
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeDataPackage } from "../src/analysis/datapackage.js";
import { exportView } from "../src/analysis/export.js";
import { openDatabase } from "../src/db/open.js";
import { searchIndicators, ftsQuery } from "../src/analysis/search.js";
import { VIEW_DOCS } from "../src/db/docs.js";
import { importPaths } from "../src/pipeline/import.js";
import { parseCsv } from "../scripts/lib/csv.js";
import { CHECKS, CORPUS, YEARS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

type Row = Record<string, unknown>;
const BIN = join(import.meta.dirname, "..", "bin", "charters.js");

const asCsv = (v: unknown) => (v === null ? "" : String(v));

let db: string;
let viewRows: (view: string) => { columns: string[]; rows: Row[] };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "charters-export-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  db = join(dir, "c.sqlite");
  await importPaths([join(CORPUS, "c01-registro-associazioni-2020"), join(CORPUS, "c05-genova-urp-2020", "charter.xlsx"), join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx"), join(YEARS, "c03-cliclavoro-2021", "charter.xlsx"), join(CHECKS, "k01-domain-checks", "charter.xlsx")], { db });
  viewRows = (view: string) => {
    const d = new Database(db, { readonly: true });
    const order = VIEW_DOCS.find((v) => v.name === view)!.order;
    const stmt = d.prepare(`SELECT * FROM ${view} ORDER BY ${order}`);
    const out = { columns: stmt.columns().map((c) => c.name), rows: stmt.all() as Row[] };
    d.close();
    return out;
  };
});

describe("charters export", () => {
  it("writes CSV in UTF-8 with a byte-order mark, exactly the view's rows", async () => {
    const out = join(tempDir(), "i.csv");
    const r = openDatabase(db);
    const n = await exportView(r, { view: "v_indicators", format: "csv" }, out);
    r.close();
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString("utf8").slice(1));
    const want = viewRows("v_indicators");
    expect(n).toBe(want.rows.length);
    expect(want.rows.length).toBeGreaterThan(40);
    expect(header).toEqual(want.columns);
    expect(rows).toEqual(want.rows.map((w) => want.columns.map((c) => asCsv(w[c]))));
    expect(bytes.toString("utf8")).toContain("Tempestività");
  });

  it("writes XLSX with typed numbers, a header row, frozen panes and filters", async () => {
    const out = join(tempDir(), "i.xlsx");
    const r = openDatabase(db);
    await exportView(r, { view: "v_indicators", format: "xlsx" }, out);
    r.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("v_indicators")!;
    const want = viewRows("v_indicators");
    expect(ws.getRow(1).values).toEqual([undefined, ...want.columns]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.rowCount).toBe(want.rows.length + 1);
    want.rows.forEach((w, k) => {
      const got = ws.getRow(k + 2);
      want.columns.forEach((c, j) => expect(got.getCell(j + 1).value ?? null).toEqual(w[c] ?? null));
    });
    const col = want.columns.indexOf("target_value") + 1;
    expect(want.rows.some((w) => typeof w.target_value === "number")).toBe(true);
    for (let k = 2; k <= ws.rowCount; k++) {
      const v = ws.getRow(k).getCell(col).value;
      expect(v === null || typeof v === "number").toBe(true);
    }
  });

  it("writes JSON lines, one object per row, and filters with --where", async () => {
    const out = join(tempDir(), "c.jsonl");
    const r = openDatabase(db);
    await exportView(r, { view: "v_checks", format: "jsonl", where: "severity = 'error'" }, out);
    r.close();
    const got = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Row);
    const want = viewRows("v_checks").rows.filter((x) => x.severity === "error");
    expect(want.length).toBeGreaterThan(1);
    expect(got).toEqual(want);
  });

  it("refuses an unknown view, a bad condition and a missing database, and writes CSV to standard output", () => {
    const run = (...a: string[]) => spawnSync(process.execPath, [BIN, ...a], { encoding: "utf8", timeout: 60_000 });
    expect(run("export", "--db", db, "--view", "documents", "--format", "csv").stderr).toMatch(/unknown view "documents": one of v_services/);
    expect(run("export", "--db", db, "--where", "nonsense ===", "--format", "csv").status).toBe(2);
    expect(run("export", "--db", join(tempDir(), "none.sqlite"), "--format", "csv").stderr).toMatch(/no database at/);
    expect(run("export", "--db", db).stderr).toMatch(/needs --format/);
    const csv = run("export", "--db", db, "--view", "v_charters", "--format", "csv");
    expect(csv.status).toBe(0);
    expect(parseCsv(csv.stdout.slice(1)).length).toBe(viewRows("v_charters").rows.length + 1);
  });

  it("writes a Frictionless data package: every view as CSV, fields typed and described", async () => {
    const dir = tempDir();
    const r = openDatabase(db);
    const s = await writeDataPackage(r, dir, VIEW_DOCS.map((v) => v.name));
    r.close();
    const pkg = JSON.parse(readFileSync(join(dir, "datapackage.json"), "utf8")) as {
      profile: string; name: string; resources: { name: string; path: string; schema: { fields: { name: string; type: string; description: string; unit?: string }[] } }[];
    };
    expect(pkg.profile).toBe("tabular-data-package");
    expect(pkg.resources.map((x) => x.name)).toEqual(VIEW_DOCS.map((v) => v.name));
    for (const res of pkg.resources) {
      const text = readFileSync(join(dir, res.path), "utf8");
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      const [header, ...rows] = parseCsv(text);
      const want = viewRows(res.name);
      expect(header).toEqual(res.schema.fields.map((f) => f.name));
      expect(header).toEqual(want.columns);
      expect(rows).toEqual(want.rows.map((w) => want.columns.map((c) => asCsv(w[c]))));
      expect(s.resources.find((x) => x.name === res.name)?.rows).toBe(want.rows.length);
      for (const f of res.schema.fields) {
        expect(["string", "integer", "number", "boolean", "array"]).toContain(f.type);
        expect(f.description.length).toBeGreaterThan(5);
        const values = want.rows.map((w) => w[f.name]).filter((v) => v !== null);
        if (f.type === "integer") expect(values.every((v) => Number.isInteger(v))).toBe(true);
        if (f.type === "number") expect(values.every((v) => typeof v === "number")).toBe(true);
        if (f.type === "boolean") expect(values.every((v) => v === 0 || v === 1)).toBe(true);
        if (f.type === "array") expect(values.every((v) => Array.isArray(JSON.parse(String(v))))).toBe(true);
      }
    }
    const ind = pkg.resources.find((x) => x.name === "v_indicators")!.schema.fields;
    expect(ind.find((f) => f.name === "target_value")).toMatchObject({ type: "number", unit: "see target_unit" });
  });
});

describe("charters search", () => {
  it("finds the complaint indicators, accents folded, best files only when asked", () => {
    const r = openDatabase(db);
    const all = searchIndicators(r, { query: "reclami", exact: true, everyFile: true });
    const best = searchIndicators(r, { query: "reclami", exact: true, best: true });
    r.close();
    const want = viewRows("v_indicators").rows.filter((x) => /reclami/i.test(`${x.service_name} ${x.description} ${x.formula} ${x.notes}`));
    expect(all.rows.map((x) => x.indicator_id).sort()).toEqual(want.map((x) => x.indicator_id).sort());
    expect(best.rows.map((x) => x.indicator_id).sort()).toEqual(want.filter((x) => x.best === 1).map((x) => x.indicator_id).sort());
    expect(best.rows.length).toBe(2);
    expect(all.rows.every((x) => /\[reclami\]/i.test(String(x.snippet)))).toBe(true);
  });

  it("quotes plain words and runs through the CLI with every output format", () => {
    expect(ftsQuery(`tempo "di risposta" l'invio NOT`, true)).toBe(`"tempo" "di risposta" "l'invio" "NOT"`);
    expect(ftsQuery(`reclamo "di risposta" l'invio NOT e-mail pratiche di`)).toBe(`"reclam"* "di risposta" "l'invio" "not"* "e-mail" "pratic"* "di"`);
    const run = (...a: string[]) => spawnSync(process.execPath, [BIN, "search", "--db", db, ...a], { encoding: "utf8", timeout: 60_000 });
    const table = run("esaustivita", "--best");
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/Esaustività della prestazione erogata/);
    const lines = run("esaustivita", "--best", "--format", "jsonl").stdout.trim().split("\n").map((l) => JSON.parse(l) as Row);
    expect(lines.length).toBeGreaterThan(0);
    expect(parseCsv(run("esaustivita", "--best", "--format", "csv").stdout).length).toBe(lines.length + 1);
    expect(run("reclam*", "--raw", "--format", "jsonl").stdout.trim().split("\n").length).toBeGreaterThanOrEqual(2);
    expect(run("AND (", "--raw").status).toBe(2);
  });
});

describe("search by word variants, one hit per charter", () => {
  it("'reclamo' finds the charters that say 'reclami', each charter once with how many of its files hold the row", () => {
    const r = openDatabase(db);
    const stemmed = searchIndicators(r, { query: "reclamo" });
    const exact = searchIndicators(r, { query: "reclamo", exact: true });
    const every = searchIndicators(r, { query: "reclamo", everyFile: true });
    r.close();
    expect(exact.rows).toEqual([]); // no charter prints "reclamo"
    const sayReclami = viewRows("v_indicators").rows.filter((x) => /\breclam[io]\b/i.test(`${x.service_name} ${x.description} ${x.formula} ${x.notes}`));
    expect(new Set(stemmed.rows.map((x) => x.indicator_id)).size).toBe(stemmed.rows.length);
    expect(every.rows.map((x) => x.indicator_id).sort()).toEqual(sayReclami.map((x) => x.indicator_id).sort());
    // one per charter and row: as many hits as distinct (charter, row), each from the best file where it has the row
    const key = (x: Row) => [x.charter_key, x.service_key, x.dimension, x.description, x.formula].join("|");
    expect(stemmed.rows.length).toBe(new Set(sayReclami.map(key)).size);
    expect(stemmed.rows.length).toBeLessThan(every.rows.length);
    const byId = new Map(sayReclami.map((x) => [x.indicator_id, x]));
    for (const h of stemmed.rows) {
      const files = sayReclami.filter((x) => key(x) === key(byId.get(h.indicator_id)!));
      expect(h.files).toBe(files.length);
      if (files.some((x) => x.best === 1)) expect(byId.get(h.indicator_id)!.best).toBe(1);
    }
  });
});

describe("export: columns, sort, a read-only query, the Italian CSV, one workbook, a pipe", () => {
  const run = (...a: string[]) => spawnSync(process.execPath, [BIN, "export", "--db", db, ...a], { encoding: "utf8", timeout: 60_000 });

  it("keeps the columns asked for, in their order, sorted as asked", () => {
    const r = run("--view", "v_indicators", "--columns", "year,issuer_label,target_norm", "--sort", "-year,target_norm", "--format", "jsonl");
    expect(r.status, r.stderr).toBe(0);
    const got = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Row);
    expect(Object.keys(got[0])).toEqual(["year", "issuer_label", "target_norm"]);
    const want = viewRows("v_indicators").rows.map((x) => ({ year: x.year, issuer_label: x.issuer_label, target_norm: x.target_norm }));
    const cmp = (a: Row, b: Row) => Number(b.year) - Number(a.year) || (a.target_norm === null ? -1 : b.target_norm === null ? 1 : Number(a.target_norm) - Number(b.target_norm));
    expect(got.map((x) => [x.year, x.target_norm])).toEqual([...want].sort(cmp).map((x) => [x.year, x.target_norm]));
    expect(run("--columns", "year,colour", "--format", "csv").stderr).toMatch(/--columns: "colour" is not a column of v_indicators/);
    expect(run("--sort", "nothing desc", "--format", "csv").status).toBe(2);
  });

  it("runs a query that reads on a read-only connection, and refuses one that writes", () => {
    const r = run("--sql", "SELECT issuer_label, count(*) AS n FROM v_indicators_best GROUP BY 1 ORDER BY 1", "--format", "jsonl");
    expect(r.status, r.stderr).toBe(0);
    const want = viewRows("v_indicators_best").rows.reduce((m, x) => m.set(String(x.issuer_label), (m.get(String(x.issuer_label)) ?? 0) + 1), new Map<string, number>());
    expect(r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Row)).toEqual([...want].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([issuer_label, n]) => ({ issuer_label, n })));
    for (const sql of ["DELETE FROM documents", "DROP VIEW v_indicators", "PRAGMA user_version = 3", "ATTACH ':memory:' AS x", "SELECT 1; DELETE FROM documents"]) {
      const w = run("--sql", sql, "--format", "csv");
      expect(w.status, sql).toBe(2);
    }
    const d = new Database(db, { readonly: true });
    expect(d.prepare("SELECT count(*) n FROM documents").get()).toMatchObject({ n: expect.any(Number) });
    expect(Number((d.prepare("SELECT count(*) n FROM documents").get() as Row).n)).toBeGreaterThan(0);
    d.close();
    expect(run("--sql", "SELECT 1", "--view", "v_checks", "--format", "csv").stderr).toMatch(/--sql exports its own query/);
  });

  it("writes the Italian CSV: ';' between fields and a decimal comma", () => {
    const r = run("--view", "v_indicators", "--columns", "description,target_norm", "--where", "target_norm_unit = 'fraction' AND target_norm < 1", "--csv-locale", "it", "--format", "csv");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.charCodeAt(0)).toBe(0xfeff);
    const lines = r.stdout.slice(1).trim().split("\r\n");
    expect(lines[0]).toBe("description;target_norm");
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(1)) expect(l).toMatch(/;0,\d+$/);
    expect(run("--csv-locale", "it", "--format", "jsonl").status).toBe(2);
  });

  it("writes every view in one workbook, the docs table first, and an xlsx to a pipe with exit 0", async () => {
    const dir = tempDir();
    const all = join(dir, "all.xlsx");
    expect(run("--format", "xlsx", "--all-views", "--out", all).status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(all);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["docs", ...VIEW_DOCS.map((v) => v.name)]);
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, "object", "column_name", "type", "unit", "description"]);
    for (const v of VIEW_DOCS) expect(wb.getWorksheet(v.name)!.rowCount - 1, v.name).toBe(viewRows(v.name).rows.length);
    expect(run("--format", "csv", "--all-views").stderr).toMatch(/--all-views writes one workbook/);

    // The issue's own command: export --format xlsx | cat > f.xlsx
    const piped = join(dir, "piped.xlsx");
    const p = spawnSync("bash", ["-o", "pipefail", "-c", `"${process.execPath}" "${BIN}" export --db "${db}" --format xlsx | cat > "${piped}"`], { encoding: "utf8", timeout: 60_000 });
    expect(p.status, p.stderr).toBe(0);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(piped);
    expect(back.worksheets[0].rowCount - 1).toBe(viewRows("v_indicators").rows.length);
  });
});
