/** The database: migrations, the analysts' views, idempotent re-imports, failures kept consistent. */
import Database from "better-sqlite3";
import { copyFileSync, readFileSync, writeFileSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importPaths } from "../src/pipeline/import.js";
import { MIGRATIONS } from "../src/db/migrations.js";
import { CORPUS } from "./helpers/gold.js";
import { republish } from "./helpers/republish.js";
import { tempDir } from "./helpers/tmp.js";

const V_SERVICES = ["source_path", "format", "kind", "issuer", "title", "year", "office", "signatory", "service_name", "service_description", "delivery_mode", "users", "complaint_authority", "urls"];
const V_INDICATORS = ["source_path", "service_name", "dimension", "dimension_raw", "subdimension", "subdimension_raw", "description", "formula", "target_raw", "target_value", "target_unit", "actual_raw", "actual_value", "actual_unit", "notes", "activity", "explanation", "placeholder", "confidence"];

function snapshot(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      services: db.prepare("SELECT * FROM v_services ORDER BY source_path, service_name").all(),
      indicators: db.prepare("SELECT * FROM v_indicators ORDER BY source_path, service_name, description, formula").all(),
      documents: db.prepare("SELECT id, source_path, sha256, status, current, imported_at, changed_at FROM documents ORDER BY id").all(),
    };
  } finally {
    db.close();
  }
}

describe("database", () => {
  it("records its migrations and exposes the views with the contract's columns", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "c.sqlite");
    await importPaths([join(CORPUS, "c05-genova-urp-2020", "charter.xlsx")], { db: dbPath });
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare("SELECT name FROM migrations ORDER BY name").all().map((r) => (r as { name: string }).name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    // The contract's columns first, in their order; the analysts' columns after them.
    expect(db.prepare("SELECT * FROM v_services LIMIT 0").columns().map((c) => c.name).slice(0, V_SERVICES.length)).toEqual(V_SERVICES);
    expect(db.prepare("SELECT * FROM v_indicators LIMIT 0").columns().map((c) => c.name).slice(0, V_INDICATORS.length)).toEqual(V_INDICATORS);
    const row = db.prepare("SELECT dimension, placeholder, urls FROM v_indicators JOIN v_services USING (source_path, service_name) LIMIT 1").get() as Record<string, unknown>;
    expect(row.dimension).toBe("trasparenza,accessibilita,tempestivita");
    expect(row.placeholder).toBe(0);
    expect(JSON.parse(row.urls as string)).toEqual([]);
    expect(db.prepare("SELECT count(*) n FROM actions").get()).toEqual({ n: 3 });
    expect(db.pragma("foreign_key_check")).toEqual([]);
    db.close();
  });

  it("changes nothing when the same files are imported again", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "c.sqlite");
    const files = [join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx"), join(CORPUS, "c02-servizi-lavoro-2021", "source.txt")];
    const first = await importPaths(files, { db: dbPath });
    expect(first.new).toBe(2);
    const before = snapshot(dbPath);
    const again = await importPaths(files, { db: dbPath });
    expect(again).toMatchObject({ new: 0, updated: 0, unchanged: 2, failed: 0 });
    expect(snapshot(dbPath)).toEqual(before);
  });

  it("settles a file by path, size and mtime without reading it, and by its sha-256 when only the mtime moved", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "c.sqlite");
    const path = join(dir, "source.txt");
    const original = readFileSync(join(CORPUS, "c02-servizi-lavoro-2021", "source.txt"));
    writeFileSync(path, original);
    const when = new Date("2026-01-02T03:04:05Z");
    utimesSync(path, when, when);
    expect((await importPaths([path], { db: dbPath })).new).toBe(1);
    // Same size and mtime: the quick check trusts them (as rsync does) and reads nothing,
    // so different bytes of the same length go unnoticed.
    const scrambled = Buffer.from(original);
    scrambled[scrambled.length - 2] ^= 0x20;
    writeFileSync(path, scrambled);
    utimesSync(path, when, when);
    expect(await importPaths([path], { db: dbPath })).toMatchObject({ unchanged: 1, updated: 0 });
    // The original bytes with a new mtime: read, hashed, found the same, and the new mtime kept.
    writeFileSync(path, original);
    const later = new Date("2026-02-03T04:05:06Z");
    utimesSync(path, later, later);
    expect(await importPaths([path], { db: dbPath })).toMatchObject({ unchanged: 1, updated: 0 });
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare("SELECT mtime_ms FROM documents WHERE current = 1").get()).toEqual({ mtime_ms: later.getTime() });
    db.close();
    // The scrambled bytes with a new mtime: changed content, a new version.
    writeFileSync(path, scrambled);
    expect((await importPaths([path], { db: dbPath })).updated).toBe(1);
  });

  it("supersedes a file's earlier version of its charter when its content changes, keeping one current version", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "c.sqlite");
    const path = join(dir, "charter.xlsx");
    copyFileSync(join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx"), path);
    await importPaths([path], { db: dbPath });
    const rows = snapshot(dbPath).indicators.length;
    await republish(join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx"), path, [[/^7 giorni lavorativi$/, "5 giorni lavorativi"]]);
    const s = await importPaths([path], { db: dbPath });
    expect(s.updated).toBe(1);
    const snap = snapshot(dbPath);
    expect(snap.services.map((r) => (r as { kind: string }).kind)).toEqual(["standards"]);
    expect(snap.documents.filter((d) => (d as { current: number }).current === 1)).toHaveLength(1);
    expect(snap.indicators).toHaveLength(rows);
    expect(snap.indicators.filter((i) => (i as { target_raw: string }).target_raw === "5 giorni lavorativi")).toHaveLength(1);
  });

  it("records a bad file as failed with its reason, imports the rest, and leaves nothing half-written", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "c.sqlite");
    const bad = join(dir, "broken.xlsx");
    const full = (await import("node:fs")).readFileSync(join(CORPUS, "c01-registro-associazioni-2020", "charter.xlsx"));
    writeFileSync(bad, full.subarray(0, 3000));
    writeFileSync(join(dir, "empty.pdf"), "");
    const s = await importPaths([dir, join(CORPUS, "c02-servizi-lavoro-2021", "charter.xls")], { db: dbPath });
    expect(s.failed).toBe(2);
    expect(s.new).toBe(1);
    expect(s.failures.map((f) => f.reason).join("\n")).toMatch(/empty file/);
    const db = new Database(dbPath, { readonly: true });
    const failed = db.prepare("SELECT source_path, error FROM documents WHERE status = 'failure' ORDER BY source_path").all() as { source_path: string; error: string }[];
    expect(failed.map((f) => f.source_path)).toEqual([bad, join(dir, "empty.pdf")]);
    expect(failed[0].error).toMatch(/truncated|corrupt|unreadable/);
    expect(db.prepare("SELECT count(*) n FROM services s JOIN documents d ON d.id = s.document_id WHERE d.status = 'failure'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) n FROM v_services").get()).toEqual({ n: 1 });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  });

  it("keeps labels it could not place in the review table with where they were seen", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "c.sqlite");
    await importPaths([join(CORPUS, "c03-cliclavoro-2020", "charter.xls")], { db: dbPath });
    const db = new Database(dbPath, { readonly: true });
    const rows = db.prepare("SELECT kind, label, src_sheet, src_row FROM review ORDER BY src_row").all() as { kind: string; label: string; src_row: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.kind === "subdimension" && r.src_row > 0)).toBe(true);
    db.close();
  });
});
