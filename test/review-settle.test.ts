/**
 * Review to the end: every item of the queue has an id and can be accepted or dismissed
 * (a label an alias settles is accepted by making the alias), the queue reaches zero, a
 * decision is taken back with reopen; an alias that would change nothing says why, exits
 * 1 and is not recorded; an item's reasons are said once. Through the real CLI.
 */
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importPaths } from "../src/pipeline/import.js";
import { distinctReasons } from "../src/review/queue.js";
import { CORPUS, QUIRKS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const BIN = join(import.meta.dirname, "..", "bin", "charters.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000 });
const FIXTURES = join(import.meta.dirname, "..", "fixtures");

interface Line {
  type: string;
  id: string;
  kind?: string;
  label?: string;
  reasons?: string[];
  guess?: { code: string; basis: string } | null;
  alias_kind?: string | null;
}
const queue = (db: string, ...more: string[]) => cli("review", "--db", db, "--format", "jsonl", ...more).stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Line);

describe("charters review accept|dismiss|reopen", () => {
  it("decides every kind of item, down to an empty queue", async () => {
    const db = join(tempDir(), "r.sqlite");
    await importPaths(
      [
        join(QUIRKS, "q02-results-two-services", "charter.chromium.pdf"),
        join(QUIRKS, "q02-results-two-services", "charter.norules.pdftotext.txt"),
        join(CORPUS, "c01-registro-associazioni-2020", "charter.pdftotext.txt"),
        join(FIXTURES, "review", "r03-livello-garantito-2023", "charter.xlsx"),
        join(FIXTURES, "bad", "encrypted.pdf"),
      ],
      { db },
    );
    const items = queue(db);
    const kinds = new Set(items.map((i) => (i.type === "label" ? i.kind : i.type)));
    for (const k of ["dimension", "subdimension", "header", "row", "failed"]) expect(kinds, k).toContain(k);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);

    // "Cortesia del personale" is guessed by meaning; accepting makes the alias and re-normalizes its rows.
    const cortesia = items.find((i) => i.label === "Cortesia del personale")!;
    expect(cortesia.guess).toMatchObject({ code: "empatia", basis: "meaning" });
    const a = cli("review", "accept", cortesia.id, "--by", "carla", "--db", db);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/accepted as empatia by carla; alias dimension "Cortesia del personale" -> empatia, \d+ stored rows re-normalized/);
    const d = new Database(db, { readonly: true });
    expect(d.prepare("SELECT DISTINCT dimension FROM v_indicators WHERE dimension_raw = 'Cortesia del personale'").pluck().all()).toEqual(["empatia"]);
    d.close();

    // A template's own label astray, rows read with low confidence, a failed file: accepted or dismissed.
    const rest = queue(db);
    const template = rest.find((i) => i.kind === "subdimension" && i.alias_kind === null)!;
    expect(cli("review", "accept", template.id, "empatia", "--db", db).stderr).toMatch(/takes no code/);
    for (const [k, i] of rest.entries()) {
      const sub = i.kind === "subdimension" && i.alias_kind ? ["trasparenza.procedure_contatto"] : [];
      const r = cli("review", k % 2 ? "dismiss" : "accept", i.id, ...(k % 2 ? [] : sub), "--why", "checked", "--db", db);
      expect(r.status, `${i.kind ?? i.type} ${i.label ?? ""}: ${r.stderr}`).toBe(0);
    }
    expect(queue(db)).toEqual([]);
    expect(cli("review", "--db", db).stdout).toMatch(/^Review queue: 0 items \(0 rows\), 0 failed files, 0 partial documents; \d+ decided/);
    // --all shows the decided ones (those an alias settled have no rows left to show).
    const all = queue(db, "--all").map((i) => i.id);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((id) => rest.some((r) => r.id === id))).toBe(true);

    // Taken back: the item is in the queue again.
    expect(cli("review", "reopen", template.id, "--db", db).status).toBe(0);
    expect(queue(db).map((i) => i.id)).toEqual([template.id]);
    expect(cli("review", "reopen", template.id, "--db", db).status).toBe(2);
    expect(cli("review", "accept", "ffffffff", "--db", db).stderr).toMatch(/no item "ffffffff" in the review queue/);
    expect(cli("review", "frobnicate", template.id, "--db", db).status).toBe(2);
  });
});

describe("an alias that changes nothing", () => {
  it("says why, exits 1 and is not recorded; one for a label no row prints yet is recorded for later imports", async () => {
    const db = join(tempDir(), "r.sqlite");
    await importPaths([join(FIXTURES, "review", "r03-livello-garantito-2023", "charter.xlsx")], { db });
    const r = cli("alias", "subdimension", "Recapiti degli uffici", "efficacia.conformita", "--db", db);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/would change nothing: the stored row that prints "Recapiti degli uffici" is under trasparenza, and efficacia.conformita is a sub-dimension of efficacia/);
    expect(cli("alias", "--list", "--format", "jsonl", "--db", db).stdout).toBe("");
    const later = cli("alias", "dimension", "Cortesia allo sportello", "empatia", "--db", db);
    expect(later.status, later.stderr).toBe(0);
    expect(later.stdout).toMatch(/no stored row prints the label yet: applies to the files imported from now on/);
  });
});

describe("an item's reasons", () => {
  it("are said once, however many rows repeat them", () => {
    expect(
      distinctReasons([
        "low confidence (0.60): an additional dimension's definition cut short; the formula holds a piece of a definition; low confidence (0.60): an additional dimension's definition cut short",
        "the formula holds a piece of a definition",
      ]),
    ).toEqual(["low confidence (0.60): an additional dimension's definition cut short", "the formula holds a piece of a definition"]);
  });
});
