/** The review queue and aliases: an unknown label found, settled by a person, and the decision carried on. */
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/open.js";
import { labelKey } from "../src/normalize/text.js";
import { importPaths } from "../src/pipeline/import.js";
import { addAlias, exportAliases, importAliases, removeAlias } from "../src/review/aliases.js";
import { reviewQueue } from "../src/review/queue.js";
import { tempDir } from "./helpers/tmp.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const R01 = join(FIXTURES, "review", "r01-chiarezza-informativa-2022");
const R02 = join(FIXTURES, "review", "r02-chiarezza-informativa-2023");
const R03 = join(FIXTURES, "review", "r03-livello-garantito-2023");
const R04 = join(FIXTURES, "review", "r04-service-without-indicators");
const BIN = join(import.meta.dirname, "..", "bin", "charters.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
const LABEL = "Chiarezza informativa";

/** The stored rows that print a label as their dimension (folded), with their codes. */
function rowsLabelled(db: Database.Database, label: string) {
  const rows = db.prepare("SELECT source_path, dimension, dimension_raw, subdimension FROM v_indicators WHERE dimension_raw IS NOT NULL").all() as {
    source_path: string;
    dimension: string;
    dimension_raw: string;
    subdimension: string | null;
  }[];
  return rows.filter((r) => labelKey(r.dimension_raw) === labelKey(label));
}

const documents = (db: Database.Database) => db.prepare("SELECT id, source_path, sha256, imported_at, current FROM documents ORDER BY id").all();

describe("charters review", () => {
  it("groups an unknown dimension label by kind and label, with its rows, files, an example and a guess", async () => {
    const dbPath = join(tempDir(), "r.sqlite");
    await importPaths([R01, R04, join(FIXTURES, "bad")], { db: dbPath });
    const db = new Database(dbPath, { readonly: true });
    const labelled = rowsLabelled(db, LABEL);
    expect(labelled.length).toBeGreaterThan(0);
    expect(labelled.every((r) => r.dimension === "")).toBe(true);
    const q = reviewQueue(db);
    const g = q.groups.find((x) => x.kind === "dimension" && x.label === LABEL);
    expect(g).toBeDefined();
    expect(g!.rows).toBe(labelled.length);
    expect(g!.files).toBe(new Set(labelled.map((r) => r.source_path)).size);
    expect(g!.example.source_path.startsWith(R01)).toBe(true);
    expect(g!.example.sheet !== null || g!.example.page !== null).toBe(true);
    // Its rows' sub-dimensions (Responsabili, Procedure di contatto...) are Trasparenza's.
    expect(g!.guess).toMatchObject({ code: "trasparenza", basis: "sub-dimensions" });
    expect(g!.alias_kind).toBe("dimension");
    // Each label once: no two groups of one kind share a folded label.
    const keys = q.groups.map((x) => `${x.kind}|${labelKey(x.label)}`);
    expect(new Set(keys).size).toBe(keys.length);
    const failed = db.prepare("SELECT source_path, error FROM documents WHERE status = 'failure' AND current = 1 ORDER BY source_path").all() as { source_path: string; error: string }[];
    expect(failed.length).toBeGreaterThan(0);
    expect(q.failed).toEqual(failed.map((f) => ({ id: expect.stringMatching(/^[0-9a-f]{8}$/), source_path: f.source_path, reason: f.error })));
    // A document read in part says why: its second service came out without indicators.
    const partial = db.prepare("SELECT source_path FROM documents WHERE status = 'partial' AND current = 1").pluck().all();
    expect(partial).toEqual([join(R04, "charter.xlsx")]);
    expect(q.partial).toEqual([{ id: expect.stringMatching(/^[0-9a-f]{8}$/), source_path: join(R04, "charter.xlsx"), reason: "1 service without indicators" }]);
    db.close();
  });

  it("suggests no alias for items no alias settles: a known label printed astray, a field left empty, a label under a dimension without sub-dimensions", async () => {
    const dbPath = join(tempDir(), "r.sqlite");
    await importPaths([join(R01, "charter.xlsx")], { db: dbPath });
    const db = openDatabase(dbPath);
    const insert = db.prepare("INSERT INTO review (document_id, kind, label, reason) SELECT id, ?, ?, 'test' FROM documents");
    insert.run("dimension", "TRASPARENZA");
    insert.run("service", "users");
    const q = reviewQueue(db);
    db.close();
    const of = (kind: string, label: string) => q.groups.find((g) => g.kind === kind && g.label === label);
    for (const [kind, label] of [["dimension", "TRASPARENZA"], ["service", "users"], ["subdimension", "Tempestività"]]) {
      expect(of(kind, label)).toMatchObject({ alias_kind: null, guess: null });
    }
    expect(of("dimension", LABEL)?.alias_kind).toBe("dimension");
  });

  it("prints the queue as a table or JSON lines and exits 0; bad usage exits 2", async () => {
    const dbPath = join(tempDir(), "r.sqlite");
    await importPaths([R01, join(FIXTURES, "bad", "encrypted.pdf")], { db: dbPath });
    const table = cli("review", "--db", dbPath);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/dimension\s+Chiarezza informativa\s+\d+\s+3\s+trasparenza \(1\.00, sub-dimensions\)/);
    expect(table.stdout).toContain(`settle: charters alias dimension "${LABEL}" trasparenza`);
    expect(table.stdout).toMatch(/Failed files:\n.*encrypted\.pdf: .*password/);
    const jsonl = cli("review", "--db", dbPath, "--format", "jsonl");
    expect(jsonl.status).toBe(0);
    const lines = jsonl.stdout.trim().split("\n").map((l) => JSON.parse(l) as { type: string; label?: string; reason?: string });
    expect(lines.find((l) => l.type === "label" && l.label === LABEL)).toBeDefined();
    expect(lines.find((l) => l.type === "failed")?.reason).toMatch(/password/);
    expect(cli("review", "--db", dbPath, "--format", "xml").status).toBe(2);
    const missing = cli("review", "--db", join(tempDir(), "none.sqlite"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no database at .*none\.sqlite/);
  });
});

describe("charters alias", () => {
  it("gives the stored rows their code at once, without a re-import, and settles their review items", async () => {
    const dbPath = join(tempDir(), "r.sqlite");
    await importPaths([R01], { db: dbPath });
    const db = openDatabase(dbPath);
    const docsBefore = documents(db);
    const before = rowsLabelled(db, LABEL);
    const r = addAlias(db, { kind: "dimension", label: LABEL, code: "trasparenza" }, "tester@example", new Date("2026-01-02T03:04:05Z"));
    expect(r.applied.rows).toBe(before.length);
    expect(r.applied.documents).toBe(new Set(before.map((x) => x.source_path)).size);
    const after = rowsLabelled(db, LABEL);
    expect(after.map((x) => x.dimension)).toEqual(before.map(() => "trasparenza"));
    expect(after.map((x) => x.subdimension)).toEqual(before.map((x) => x.subdimension));
    expect(documents(db)).toEqual(docsBefore); // nothing re-imported
    expect(reviewQueue(db).groups.find((g) => g.kind === "dimension" && labelKey(g.label) === labelKey(LABEL))).toBeUndefined();
    expect(db.prepare("SELECT kind, label, code, created_by, created_at FROM aliases").all()).toEqual([
      { kind: "dimension", label: LABEL, code: "trasparenza", created_by: "tester@example", created_at: "2026-01-02T03:04:05.000Z" },
    ]);
    // Removing the decision puts rows and review items back as the import left them.
    const items = (db.prepare("SELECT count(*) AS n FROM review WHERE kind = 'dimension'").get() as { n: number }).n;
    removeAlias(db, "dimension", LABEL.toUpperCase());
    expect(rowsLabelled(db, LABEL).map((x) => x.dimension)).toEqual(before.map(() => ""));
    expect((db.prepare("SELECT count(*) AS n FROM review WHERE kind = 'dimension'").get() as { n: number }).n).toBe(items + before.length);
    db.close();
  });

  it("applies to later imports, in the parser workers, whatever the format or the case", async () => {
    const dbPath = join(tempDir(), "r.sqlite");
    await importPaths([join(R01, "charter.xlsx")], { db: dbPath });
    const db = openDatabase(dbPath);
    addAlias(db, { kind: "dimension", label: LABEL, code: "trasparenza" });
    db.close();
    await importPaths([R02], { db: dbPath, concurrency: 2 });
    const ro = new Database(dbPath, { readonly: true });
    const later = rowsLabelled(ro, LABEL).filter((x) => x.source_path.startsWith(R02));
    expect(new Set(later.map((x) => x.source_path)).size).toBe(3); // xlsx, xls, pdf
    expect(later.every((x) => x.dimension === "trasparenza" && x.dimension_raw === "CHIAREZZA INFORMATIVA")).toBe(true);
    expect(reviewQueue(ro).groups.filter((g) => g.kind === "dimension")).toEqual([]);
    ro.close();
  });

  it("extends how headers and sub-dimensions are read: a later import reads the column, stored rows get the code", async () => {
    const dir = tempDir();
    const before = join(dir, "before.sqlite");
    await importPaths([join(R03, "charter.xlsx")], { db: before });
    const b = openDatabase(before);
    const targets = (d: Database.Database) => (d.prepare("SELECT count(*) AS n FROM v_indicators WHERE target_value IS NOT NULL").get() as { n: number }).n;
    const gold = JSON.parse(readFileSync(join(R03, "gold.json"), "utf8")) as { services: { indicators: { target_raw: string; target_value: number | null }[] }[] };
    // The title is not the template's: the column is read by its words and cells at once, and listed for a person with the role it was read as.
    expect(targets(b)).toBe(gold.services[0].indicators.filter((i) => i.target_value !== null).length);
    const header = reviewQueue(b).groups.find((g) => g.kind === "header");
    expect(header).toMatchObject({ label: "Livello garantito", alias_kind: "header" });
    expect(header!.reasons.join(" ")).toMatch(/read as target/);
    addAlias(b, { kind: "header", label: "Livello garantito", code: "target" });
    const sub = reviewQueue(b).groups.find((g) => g.kind === "subdimension" && g.label === "Recapiti degli uffici");
    expect(sub).toBeDefined();
    const r = addAlias(b, { kind: "subdimension", label: "Recapiti degli uffici", code: "trasparenza.procedure_contatto" });
    expect(r.applied).toMatchObject({ rows: 1, settled: 1 });
    expect(b.prepare("SELECT subdimension FROM v_indicators WHERE subdimension_raw = 'Recapiti degli uffici'").pluck().all()).toEqual(["trasparenza.procedure_contatto"]);
    const moved = join(dir, "aliases.json");
    writeFileSync(moved, JSON.stringify(exportAliases(b)));
    b.close();
    // A later import into another database that took the decisions reads the column.
    const later = join(dir, "later.sqlite");
    const l = openDatabase(later);
    expect(importAliases(l, JSON.parse(readFileSync(moved, "utf8")))).toMatchObject({ added: 2, unchanged: 0 });
    l.close();
    await importPaths([R03], { db: later });
    const ro = new Database(later, { readonly: true });
    const rows = ro.prepare("SELECT target_raw, target_value FROM v_indicators").all() as { target_raw: string; target_value: number }[];
    const want = gold.services[0].indicators.map((i) => ({ target_raw: i.target_raw, target_value: i.target_value }));
    expect(rows).toEqual([...want, ...want]); // xlsx and ods
    expect(reviewQueue(ro).groups.filter((g) => g.kind === "header" || labelKey(g.label) === labelKey("Recapiti degli uffici"))).toEqual([]);
    ro.close();
  });

  it("moves decisions between databases, all or nothing, keeping who and when", async () => {
    const dir = tempDir();
    const a = openDatabase(join(dir, "a.sqlite"));
    addAlias(a, { kind: "dimension", label: LABEL, code: "trasparenza" }, "anna", new Date("2026-03-01T00:00:00Z"));
    addAlias(a, { kind: "header", label: "Livello garantito", code: "target" }, "bruno", new Date("2026-03-02T00:00:00Z"));
    const file = exportAliases(a);
    a.close();
    const bPath = join(dir, "b.sqlite");
    await importPaths([join(R01, "charter.xls")], { db: bPath });
    const b = openDatabase(bPath);
    b.prepare("INSERT INTO aliases (kind, label, label_key, code, created_by, created_at) VALUES ('header', 'Livello garantito', 'livello garantito', 'notes', 'carla', 'x')").run();
    expect(() => importAliases(b, file)).toThrow(/for notes here .* and for target in the file/);
    expect(rowsLabelled(b, LABEL).every((r) => r.dimension === "")).toBe(true); // nothing applied
    b.prepare("DELETE FROM aliases").run();
    const r = importAliases(b, file);
    expect(r.added).toBe(2);
    expect(r.applied.rows).toBe(rowsLabelled(b, LABEL).length);
    expect(rowsLabelled(b, LABEL).every((x) => x.dimension === "trasparenza")).toBe(true);
    expect(b.prepare("SELECT created_by, created_at FROM aliases ORDER BY kind").all()).toEqual([
      { created_by: "anna", created_at: "2026-03-01T00:00:00.000Z" },
      { created_by: "bruno", created_at: "2026-03-02T00:00:00.000Z" },
    ]);
    expect(() => importAliases(b, { format: "something else" })).toThrow(/not an alias file/);
    b.close();
  });

  it("is a command with clear errors (exit 2) for unknown codes, kinds and labels the taxonomy places", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "r.sqlite");
    await importPaths([join(R01, "charter.xlsx")], { db: dbPath });
    const bad = cli("alias", "dimension", LABEL, "trasparent", "--db", dbPath);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/"trasparent" is not a dimension code \(did you mean trasparenza\?\)/);
    expect(cli("alias", "colour", LABEL, "trasparenza", "--db", dbPath).stderr).toMatch(/unknown alias kind "colour"/);
    expect(cli("alias", "dimension", "TRASPARENZA", "efficacia", "--db", dbPath).stderr).toMatch(/already means trasparenza in the taxonomy/);
    expect(cli("alias", "--remove", "dimension", LABEL, "--db", dbPath).status).toBe(2);
    expect(cli("alias", "dimension", LABEL, "--db", dbPath).status).toBe(2);
    const ok = cli("alias", "dimension", LABEL, "trasparenza", "--db", dbPath, "--by", "dora");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/dimension "Chiarezza informativa" -> trasparenza, by dora at \S+; 3 stored rows in 1 file re-normalized; review items: 3 settled, 0 raised/);
    const list = cli("alias", "--list", "--db", dbPath, "--format", "jsonl");
    expect(JSON.parse(list.stdout)).toMatchObject({ kind: "dimension", label: LABEL, code: "trasparenza", created_by: "dora" });
    const out = join(dir, "aliases.json");
    expect(cli("alias", "--export", out, "--db", dbPath).status).toBe(0);
    const other = join(dir, "other.sqlite");
    await importPaths([join(R01, "charter.xls")], { db: other });
    const inspected = (...a: string[]) => JSON.parse(cli("inspect", join(R02, "charter.xlsx"), ...a).stdout) as { services: { indicators: { dimension: string[]; dimension_raw: string }[] }[] };
    const chiarezza = (d: ReturnType<typeof inspected>) => d.services[0].indicators.filter((i) => labelKey(i.dimension_raw ?? "") === labelKey(LABEL)).map((i) => i.dimension.join(","));
    expect(chiarezza(inspected())).toEqual(["", "", ""]);
    expect(chiarezza(inspected("--aliases", dbPath))).toEqual(["trasparenza", "trasparenza", "trasparenza"]);
    const imp = cli("alias", "--import", out, "--db", other);
    expect(imp.status).toBe(0);
    expect(imp.stdout).toMatch(/1 aliases added, 0 already recorded; 3 stored rows in 1 file re-normalized/);
    expect(cli("review", "--db", other).stdout).not.toContain(LABEL);
  });
});
