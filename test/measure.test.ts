/** Comparable measures: targets and achieved values in one unit per kind, and whether a target was met. */
import Database from "better-sqlite3";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { measureOf, metTarget, type MetInput } from "../src/normalize/measure.js";
import { importPaths } from "../src/pipeline/import.js";
import { QUIRKS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

describe("measureOf", () => {
  it.each([
    [30, "minutes", "30 minuti", 30 / 1440, "days"],
    [48, "hours", "48 ore", 2, "days"],
    [36, "hours", "36 h", 1.5, "days"],
    [10, "days", "entro 10 giorni", 10, "days"],
    [2, "months", "2 mesi", 60, "days"],
    [5, "working_days", "5 giorni lavorativi", 5, "working_days"],
    [95, "percent", "95%", 0.95, "fraction"],
    [18, "weekly_hours", "18 ore settimanali", 18, "hours_per_week"],
    [16, "number", "€ 16,00", 16, "euro"],
    [16, "number", "16 euro", 16, "euro"],
    [3, "number", "3", 3, "count"],
  ] as const)("%s %s (%s) -> %s %s", (value, unit, raw, want, wantUnit) => {
    const m = measureOf(value, unit, raw);
    expect(m.unit).toBe(wantUnit);
    expect(m.value).toBeCloseTo(want, 9);
  });

  it("takes tempo reale as 0 days and leaves what has no number without one", () => {
    expect(measureOf(null, "realtime", "tempo reale")).toEqual({ value: 0, unit: "days" });
    expect(measureOf(null, null, "N.D.")).toEqual({ value: null, unit: null });
    expect(measureOf(null, "percent", "-")).toEqual({ value: null, unit: null });
  });
});

const row = (target: [number | null, MetInput["target_unit"], string], actual: [number | null, MetInput["actual_unit"], string], better: MetInput["better"], comparator: string | null = null): MetInput => ({
  target_value: target[0], target_unit: target[1], target_raw: target[2],
  actual_value: actual[0], actual_unit: actual[1], actual_raw: actual[2], better, comparator,
});

describe("metTarget", () => {
  it("compares in the better direction, in comparable units", () => {
    expect(metTarget(row([90, "percent", "90%"], [88, "percent", "88%"], "higher"))).toBe(false);
    expect(metTarget(row([90, "percent", "90%"], [92, "percent", "92%"], "higher"))).toBe(true);
    expect(metTarget(row([10, "days", "10 giorni"], [12, "days", "12 giorni"], "lower"))).toBe(false);
    expect(metTarget(row([2, "days", "2 giorni"], [36, "hours", "36 ore"], "lower"))).toBe(true);
    expect(metTarget(row([1, "days", "1 giorno"], [36, "hours", "36 ore"], "lower"))).toBe(false);
  });
  it("makes equality a miss under a strict comparator only", () => {
    expect(metTarget(row([2, "percent", "< 2%"], [2, "percent", "2%"], "lower", "<"))).toBe(false);
    expect(metTarget(row([2, "percent", "<= 2%"], [2, "percent", "2%"], "lower", "<="))).toBe(true);
  });
  it("reads an achieved share against a target in another unit as the share of the promise kept", () => {
    expect(metTarget(row([30, "days", "30 giorni"], [92, "percent", "92%"], "lower"))).toBe(false);
    expect(metTarget(row([30, "days", "30 giorni"], [100, "percent", "100%"], "lower"))).toBe(true);
  });
  it("is null where nothing compares: no number, units apart, no direction", () => {
    expect(metTarget(row([90, "percent", "90%"], [null, null, "*"], "higher"))).toBeNull();
    expect(metTarget(row([5, "working_days", "5 gg lav"], [6, "days", "6 giorni"], "lower"))).toBeNull();
    expect(metTarget(row([3, "number", "3"], [4, "number", "4"], null))).toBeNull();
  });
});

describe("a results report through the import", () => {
  it("reads 'Segnalazioni chiuse con esito' higher-is-better: 88% against 90% is not met, and target_missed fires", async () => {
    const db = join(tempDir(), "c.sqlite");
    const file = join(QUIRKS, "q04-results-three-services", "charter.html");
    await importPaths([file], { db });
    const d = new Database(db, { readonly: true });
    const r = d.prepare("SELECT indicator_id, better, target_norm, target_norm_unit, actual_norm, met FROM v_indicators WHERE description = 'Segnalazioni chiuse con esito'").get() as Record<string, unknown>;
    expect(r).toMatchObject({ better: "higher", target_norm: 0.9, target_norm_unit: "fraction", actual_norm: 0.88, met: 0 });
    const missed = d.prepare("SELECT check_name, value FROM v_checks WHERE indicator_id = ?").all(r.indicator_id);
    expect(missed).toEqual([{ check_name: "target_missed", value: "88%" }]);
    // target_missed fires exactly where met is 0.
    const mismatch = d.prepare(`SELECT count(*) n FROM v_indicators v WHERE (v.met = 0) != EXISTS (SELECT 1 FROM v_checks c WHERE c.indicator_id = v.indicator_id AND c.check_name = 'target_missed')`).get();
    expect(mismatch).toEqual({ n: 0 });
    d.close();
  });
});
