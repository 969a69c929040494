/**
 * The contract every tabular parser passes: each corpus charter in its format reads
 * back as its gold.json, field by field.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, diffWithGold, loadGold } from "./helpers/gold.js";
import { parseFixture } from "./helpers/parse.js";

const charters = readdirSync(CORPUS).filter((d) => existsSync(join(CORPUS, d, "gold.json")));

/** Tab-separated exports are the source.txt files whose lines carry tabs. */
const isTsvExport = (d: string) => existsSync(join(CORPUS, d, "source.txt")) && /\t.*\t/.test(readFileSyncUtf8(join(CORPUS, d, "source.txt")));
function readFileSyncUtf8(p: string): string {
  return readFileSync(p, "utf8");
}

const cases: [string, string][] = [
  ...charters.map((d): [string, string] => ["xlsx", `${d}/charter.xlsx`]),
  ...charters.map((d): [string, string] => ["xls", `${d}/charter.xls`]),
  ...charters.filter(isTsvExport).map((d): [string, string] => ["tsv", `${d}/source.txt`]),
];

describe("tabular parsers read every corpus charter as its gold", () => {
  it("covers every format with at least two charters", () => {
    for (const f of ["xlsx", "xls", "tsv"]) expect(cases.filter(([p]) => p === f).length).toBeGreaterThanOrEqual(2);
  });
  it.each(cases)("%s: %s", async (parser, rel) => {
    const { document, parser: used } = await parseFixture(rel);
    expect(used.name).toBe(parser);
    expect(diffWithGold(document, loadGold(rel.split("/")[0]))).toEqual([]);
    for (const s of document.services)
      for (const i of s.indicators) {
        expect(i.provenance.file).toContain(rel);
        expect(i.provenance.parser).toBe(parser);
        expect(i.provenance.row ?? i.provenance.line).toBeGreaterThan(0);
        expect(i.confidence).toBeGreaterThan(0);
      }
  });
});
