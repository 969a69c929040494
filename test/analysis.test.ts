/** The analysis after an import: keys across formats and years, best files, findings in the database, the search index in step. */
import Database from "better-sqlite3";
import { copyFileSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { refreshAnalysis } from "../src/analysis/refresh.js";
import { openDatabase } from "../src/db/open.js";
import { Store } from "../src/db/store.js";
import { readCharter } from "../src/read/charter.js";
import { importPaths } from "../src/pipeline/import.js";
import { CHECKS, CORPUS, YEARS, diffWithGold, loadGold } from "./helpers/gold.js";
import { republish } from "./helpers/republish.js";
import { tempDir } from "./helpers/tmp.js";

type Row = Record<string, unknown>;
const C03 = join(CORPUS, "c03-cliclavoro-2020");
const C03_2021 = join(YEARS, "c03-cliclavoro-2021");

function query(dbPath: string, sql: string, ...args: unknown[]): Row[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as Row[];
  } finally {
    db.close();
  }
}

describe("fixtures of this suite", () => {
  it.each(["years", "checks"].flatMap((d) => {
    const root = d === "years" ? YEARS : CHECKS;
    return readdirSync(root).flatMap((id) => readdirSync(join(root, id)).filter((f) => f !== "gold.json").map((f) => join(root, id, f)));
  }))("%s reads as its gold", async (path) => {
    const { document } = await readCharter({ path, bytes: readFileSync(path) });
    expect(diffWithGold(document, loadGold(path))).toEqual([]);
  });
});

describe("keys", () => {
  it("takes one charter's files in every format as one charter, and chooses a structured one as best", async () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    await importPaths(["charter.xlsx", "charter.xls", "charter.pdf", "charter.pdftotext.txt", "source.txt"].map((f) => join(C03, f)), { db });
    const charters = query(db, "SELECT * FROM v_charters");
    expect(charters).toHaveLength(1);
    expect(charters[0]).toMatchObject({ files: 5, formats: "pdf,tsv,txt,xls,xlsx", best_format: "xlsx", issuer_key: "ministero-del-lavoro-e-delle-politiche-sociali", year: 2020, kind: "standards" });
    expect(query(db, "SELECT count(*) n FROM v_indicators_best")[0].n).toBe(17);
    expect(query(db, "SELECT count(DISTINCT service_key) n, count(*) files FROM v_services")[0]).toEqual({ n: 1, files: 5 });
  });

  it("follows a service across years through case and a typo in its name, and tells the years' charters apart", async () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    await importPaths([join(C03, "charter.xlsx"), join(C03_2021, "charter.xlsx")], { db });
    const s = query(db, "SELECT year, service_name, service_key, charter_key FROM v_services ORDER BY year");
    expect(s.map((r) => r.year)).toEqual([2020, 2021]);
    expect(s[0].service_name).not.toBe(s[1].service_name);
    expect(s[0].service_key).toBe(s[1].service_key);
    expect(s[0].charter_key).not.toBe(s[1].charter_key);
    expect(query(db, "SELECT how FROM key_variants WHERE kind = 'service' ORDER BY how").map((r) => r.how)).toEqual(["first", "typo"]);
  });

  it("gives a file without an issuer the issuer its services are known under, and a nameless service the key of the one with its indicators", async () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    // c04's source.txt prints no issuer; c01's source.txt no service name.
    const files = [join(CORPUS, "c04-comunicazioni-obbligatorie", "source.txt"), join(CORPUS, "c04-comunicazioni-obbligatorie", "charter.xlsx"),
      join(CORPUS, "c01-registro-associazioni-2020", "source.txt"), join(CORPUS, "c01-registro-associazioni-2020", "charter.xlsx")];
    await importPaths(files, { db });
    const docs = query(db, "SELECT d.source_path, k.issuer_key, k.issuer_inferred, k.charter_key FROM documents d JOIN document_keys k ON k.document_id = d.id ORDER BY d.source_path");
    expect(new Set(docs.map((d) => d.issuer_key))).toEqual(new Set(["ministero-del-lavoro-e-delle-politiche-sociali"]));
    expect(docs.filter((d) => d.issuer_inferred === 1).map((d) => String(d.source_path).split("/").slice(-2).join("/"))).toEqual(["c04-comunicazioni-obbligatorie/source.txt"]);
    expect(query(db, "SELECT count(*) n FROM v_charters")[0].n).toBe(2);
    expect(query(db, "SELECT matched_by FROM service_keys ORDER BY matched_by").map((r) => r.matched_by)).toEqual(["indicators", "name", "name", "name"]);
  });
});

describe("findings", () => {
  const findings = (db: string, path: string) =>
    query(db, `SELECT "check", i.position AS row FROM v_checks c LEFT JOIN indicators i ON i.id = c.indicator_id WHERE c.source_path = ? ORDER BY "check", row`, path).map((r) => `${r.check}@${r.row}`);

  it("are the same for every format of a charter", async () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    const k01 = join(CHECKS, "k01-domain-checks");
    const k02 = join(CHECKS, "k02-results-missed");
    const formats = ["charter.xlsx", "charter.xls", "charter.pdf", "charter.pdftotext.txt"];
    await importPaths([...formats.map((f) => join(k01, f)), ...formats.map((f) => join(k02, f))], { db });
    const expected01 = ["duplicate_indicator@7", "percent_out_of_range@6", "placeholder_left@8", "target_missing@5", "target_not_numeric@2", "unit_mismatch@3"];
    for (const f of formats) expect(findings(db, join(k01, f))).toEqual(expected01);
    for (const f of formats) expect(findings(db, join(k02, f))).toEqual(["target_missed@1", "target_missed@4"]);
  });

  it("flag the template's placeholders left in the corpus", async () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    await importPaths([join(CORPUS, "c01-registro-associazioni-2020", "charter.xlsx")], { db });
    const rows = query(db, `SELECT c.*, v.placeholder FROM v_checks c JOIN v_indicators v USING (indicator_id) WHERE "check" = 'placeholder_left'`);
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.placeholder === 1 && r.severity === "warning" && /Per esempio/.test(String(r.message)))).toBe(true);
  });

  it("follow their document: replaced with it, computed again when the rules change, not duplicated by a re-import", async () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    const path = join(dir, "charter.xlsx");
    copyFileSync(join(CORPUS, "c01-registro-associazioni-2020", "charter.xlsx"), path);
    await importPaths([path], { db });
    const before = query(db, "SELECT count(*) n FROM findings")[0].n;
    expect(before).toBe(7);
    await importPaths([path], { db });
    expect(query(db, "SELECT count(*) n FROM findings")[0].n).toBe(before);
    // A corrected republish of the charter (the template's examples replaced): its findings replace the earlier version's.
    expect(await republish(join(CORPUS, "c01-registro-associazioni-2020", "charter.xlsx"), path, [[/^Per esempio: /, ""]])).toBe(6);
    await importPaths([path], { db });
    const fresh = join(dir, "fresh.sqlite");
    await importPaths([path], { db: fresh });
    const checks = (d: string) => query(d, `SELECT check_name, message FROM v_checks ORDER BY check_name, message`);
    expect(checks(db)).toEqual(checks(fresh));
    expect(checks(db).filter((c) => c.check_name === "placeholder_left")).toEqual([]);
    expect(query(db, "SELECT count(*) n FROM findings")[0].n).toBe(Number(before) + checks(fresh).length); // the earlier version's kept with it
    // Rules of another version: every document is checked again.
    const w = openDatabase(db);
    w.exec("UPDATE checked_documents SET version = 'older rules'; UPDATE analysis_state SET value = 'older rules' WHERE name = 'checks'");
    expect(refreshAnalysis(w).checks?.checked).toBe(1);
    expect(refreshAnalysis(w).skipped).toBe(true);
    w.close();
  });
});

describe("rows changed in place", () => {
  it("make the analysis run again (charters alias re-normalizes stored dimensions without a re-import)", async () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    await importPaths([join(C03, "charter.xlsx"), join(C03_2021, "charter.xlsx")], { db });
    const worse = () => query(db, `SELECT value FROM v_checks WHERE "check" = 'target_worse_than_previous_year' ORDER BY value`).map((r) => r.value);
    expect(worse()).toEqual(["5 giorni lavorativi", "90%"]);
    const w = openDatabase(db);
    expect(refreshAnalysis(w).skipped).toBe(true);
    // As the re-normalization does: the 2021 row's dimensions dropped and written again, another code.
    const id = (w.prepare("SELECT indicator_id FROM v_indicators WHERE year = 2021 AND target_raw = '90%'").get() as { indicator_id: number }).indicator_id;
    w.prepare("DELETE FROM indicator_dimensions WHERE indicator_id = ?").run(id);
    w.prepare("INSERT INTO indicator_dimensions (indicator_id, position, code) VALUES (?, 1, 'trasparenza')").run(id);
    const again = refreshAnalysis(w);
    expect(again.skipped).toBe(false);
    expect(again.checks?.checked).toBe(1);
    w.close();
    expect(worse()).toEqual(["5 giorni lavorativi"]);
  });
});

describe("the search index", () => {
  it("holds exactly the current indicators and services, accents folded, and follows replacements", async () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    const path = join(dir, "charter.xlsx");
    copyFileSync(join(CORPUS, "c01-registro-associazioni-2020", "charter.xlsx"), path);
    await importPaths([path, join(CORPUS, "c05-genova-urp-2020", "charter.xls")], { db });
    const counts = () => query(db, "SELECT (SELECT count(*) FROM indicators_fts) f, (SELECT count(*) FROM v_indicators) v, (SELECT count(*) FROM services_fts) sf, (SELECT count(*) FROM v_services) sv")[0];
    expect(counts()).toEqual({ f: 18, v: 18, sf: 2, sv: 2 });
    const hits = (q: string) => query(db, "SELECT v.description FROM v_indicators v WHERE v.indicator_id IN (SELECT rowid FROM indicators_fts WHERE indicators_fts MATCH ?) ORDER BY v.description", q).map((r) => r.description);
    expect(hits("reclami")).toEqual(["Controllo sull'andamento dei reclami ricevuti fino alla presa in carico da parte dell'ufficio", "Regolarità della prestazione erogata"]);
    expect(hits("esaustivita")).toEqual(["Esaustività della prestazione erogata"]);
    // A corrected republish: the index follows the new version and drops the superseded one.
    expect(await republish(join(CORPUS, "c01-registro-associazioni-2020", "charter.xlsx"), path, [[/Numero dei reclami non ammissibili/, "Numero delle istanze non ammissibili"]])).toBe(1);
    await importPaths([path], { db });
    expect(counts()).toEqual({ f: 18, v: 18, sf: 2, sv: 2 });
    expect(hits("reclami")).toEqual(["Controllo sull'andamento dei reclami ricevuti fino alla presa in carico da parte dell'ufficio"]);
    expect(hits("istanze")).toContain("Regolarità della prestazione erogata");
  });

  it("indexes what a batch of writes committed, at its end, and nothing of a batch rolled back", async () => {
    const file = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");
    const { document, parser } = await readCharter({ path: file, bytes: readFileSync(file) });
    const store = new Store(join(tempDir(), "c.sqlite"));
    store.runs.begin({}, 1, new Date().toISOString());
    const meta = (name: string) => ({ source: { text: `/x/${name}.xlsx`, bytes: null }, sha256: name, size: 1, mtimeMs: 1 });
    const indexed = () => store.db.prepare("SELECT (SELECT count(*) FROM indicators_fts) i, (SELECT count(*) FROM services_fts) s").get();
    const rows = document.services.reduce((n, s) => n + s.indicators.length, 0);
    // no trigger writes the index row by row any more
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%fts_insert'").all()).toEqual([]);
    store.writeDocument(meta("alone"), "xlsx", parser, document); // a write alone is a batch of one
    expect(indexed()).toEqual({ i: rows, s: 1 });
    expect(() =>
      store.batch(() => {
        store.writeDocument(meta("lost"), "xlsx", parser, document);
        throw new Error("the disk is full");
      }),
    ).toThrow("the disk is full");
    expect(indexed()).toEqual({ i: rows, s: 1 });
    store.batch(() => {
      store.writeDocument(meta("a"), "xlsx", parser, document);
      store.writeDocument(meta("b"), "xlsx", parser, document);
      store.writeDocument({ ...meta("a"), sha256: "a2" }, "xlsx", parser, document); // replaced within the batch
    });
    expect(indexed()).toEqual({ i: 3 * rows, s: 3 });
    const notIndexed = store.db.prepare("SELECT count(*) n FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id WHERE d.current = 1 AND i.id NOT IN (SELECT rowid FROM indicators_fts)").get();
    expect(notIndexed).toEqual({ n: 0 });
    store.close();
  });
});
