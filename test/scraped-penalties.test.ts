/** The one table of the scraped readers' confidence penalties (src/scraped/common/penalties.ts). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PENALTIES, type PenaltyName, formatPenalties, lower, reasonOf } from "../src/scraped/common/penalties.js";

const ROOT = join(import.meta.dirname, "../src/scraped");
const sources = (dir: string): { path: string; text: string }[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") && e.name !== "penalties.ts" ? [{ path: join(dir, e.name), text: readFileSync(join(dir, e.name), "utf8") }] : []));

describe("confidence penalties", () => {
  it("caps between 0 and 1, each with a reason", () => {
    for (const [name, p] of Object.entries(PENALTIES)) {
      expect(p.cap, name).toBeGreaterThan(0);
      expect(p.cap, name).toBeLessThan(1);
      expect(p.reason.length, name).toBeGreaterThan(10);
    }
  });

  it("are all used by name by the readers, and no reader lowers a confidence by an inline number", () => {
    const text = sources(ROOT).map((s) => s.text).join("\n");
    for (const name of Object.keys(PENALTIES)) expect(text.includes(`"${name}"`), name).toBe(true);
    for (const s of sources(ROOT)) {
      expect(s.text, s.path).not.toMatch(/confidenceCap:\s*[^,\n]*\d\.\d/);
      expect(s.text, s.path).not.toMatch(/confidence\s*=\s*Math\.min\([^)]*\d\.\d/);
      expect(s.text, s.path).not.toMatch(/\b(?:lower|add)\([^)]*\d\.\d/);
    }
  });

  it("fill their placeholders and lower a row to the lowest cap met", () => {
    expect(reasonOf("valueDrifted", { value: "5 giorni" })).toBe('value "5 giorni" printed away from its row');
    const row = { confidence: 1, doubts: [] as string[] };
    lower(row, "subdimensionCarried");
    lower(row, "noFormula");
    lower(row, "interleaved");
    expect(row.confidence).toBe(Math.min(PENALTIES.subdimensionCarried.cap, PENALTIES.noFormula.cap));
    expect(row.doubts).toEqual((["subdimensionCarried", "noFormula", "interleaved"] as PenaltyName[]).map((n) => reasonOf(n)));
  });

  it("print one line a penalty", () => {
    const text = formatPenalties();
    for (const [name, p] of Object.entries(PENALTIES)) expect(text).toMatch(new RegExp(`${name}\\s+cap ${p.cap.toFixed(2)}\\s+`));
  });
});
