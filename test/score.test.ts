/** The TypeScript port of the shared scorer: same similarity, same figures. */
import Database from "better-sqlite3";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatReport, scoreDatabase, seqRatio } from "../src/eval/score.js";
import { importPaths } from "../src/pipeline/import.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

describe("scorer", () => {
  it.each([
    ["abcd", "bcde", 0.75],
    ["numero giorni", "numero di giorni", 0.896551724137931],
    ["accessibilità", "accessibilita", 0.9230769230769231],
    ["", "", 1],
    ["tempo reale", "tempo  reale x", 0.88],
    ["€ 5", "5 €", 0.3333333333333333],
  ])("matches difflib's ratio for %j / %j", (a, b, r) => {
    expect(seqRatio(a, b)).toBeCloseTo(r, 12);
  });

  it("scores a faithful import 1.0 and a damaged one lower, naming the damage", async () => {
    const dir = tempDir();
    const db = join(dir, "s.sqlite");
    await importPaths([join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx")], { db });
    const clean = scoreDatabase(db, CORPUS);
    expect(clean.files).toHaveLength(1);
    expect(clean.indicators.prf()[2]).toBe(1);
    expect(clean.services.prf()[2]).toBe(1);

    const w = new Database(db);
    w.prepare("UPDATE indicators SET target_value = target_value + 1 WHERE position = 1").run();
    w.prepare("DELETE FROM indicators WHERE position = 2").run();
    w.close();
    const damaged = scoreDatabase(db, CORPUS);
    const [p, r, f1] = damaged.indicators.prf();
    expect(f1).toBeLessThan(1);
    expect(r).toBeLessThan(p);
    expect(damaged.indicators.rowsFound).toBe(damaged.indicators.rowsGold - 1);
    expect(damaged.indicators.fieldMiss).toEqual({ target_value: 1 });
    expect(formatReport(damaged, true)).toMatch(/row 1 target_value: gold=95.0 got=96.0/);
  });
});
