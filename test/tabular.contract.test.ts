/**
 * The contract every tabular parser passes: each charter of the corpus and of the quirk
 * fixtures, in each tabular format it was published in, reads back as its gold.json,
 * field by field.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSource } from "../src/parsers/registry.js";
import { CORPUS, QUIRKS, diffWithGold, loadGold } from "./helpers/gold.js";

const FORMATS: [parser: string, file: string][] = [
  ["xlsx", "charter.xlsx"],
  ["xls", "charter.xls"],
  ["ods", "charter.ods"],
  ["tsv", "source.txt"],
];

/** Tab-separated exports are the source.txt files whose lines carry tabs (the others are scraped PDF text). */
const isTabular = (path: string) => !path.endsWith(".txt") || /\t.*\t/.test(readFileSync(path, "utf8"));

const cases: [string, string][] = [];
for (const root of [CORPUS, QUIRKS]) {
  for (const id of readdirSync(root).filter((d) => existsSync(join(root, d, "gold.json")))) {
    for (const [parser, file] of FORMATS) {
      const path = join(root, id, file);
      if (existsSync(path) && isTabular(path)) cases.push([parser, path]);
    }
  }
}

describe("tabular parsers read every charter as its gold", () => {
  it("covers every tabular format with at least two charters", () => {
    for (const [p] of FORMATS) expect(cases.filter(([c]) => c === p).length).toBeGreaterThanOrEqual(2);
  });

  it.each(cases)("%s: %s", async (parser, path) => {
    const { document, parser: used } = await parseSource({ path, bytes: readFileSync(path) });
    expect(used.name).toBe(parser);
    expect(diffWithGold(document, loadGold(path))).toEqual([]);
    for (const s of document.services)
      for (const i of s.indicators) {
        expect(i.provenance.file).toBe(path);
        expect(i.provenance.parser).toBe(parser);
        expect(i.provenance.row ?? i.provenance.line).toBeGreaterThan(0);
        expect(i.confidence).toBeGreaterThan(0);
      }
  });
});
