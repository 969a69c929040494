/**
 * The contract every parser passes (unstorage's testDriver style): one suite run for each
 * registered parser. Each charter of the corpus and of the quirk fixtures, in each format
 * a parser reads exactly (spreadsheets, tab-separated and comma-separated text, Word,
 * legacy Word and RTF, OpenDocument text, web pages, any of them in a signed envelope),
 * reads back as its gold.json field by field, through the
 * scorer port's text folding; every parser refuses an empty file and random bytes with a
 * clear reason; what it reads carries provenance and is valid against the schema.
 * (PDFs and scraped text, read from geometry or the template's knowledge, are compared
 * with their gold in pdf.test.ts and scraped.test.ts.)
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CharterDocument } from "../src/model/schema.js";
import { ParseError } from "../src/model/errors.js";
import type { ManifestEntry } from "../src/parsers/manifest.js";
import { loadParser, parsers } from "../src/parsers/registry.js";
import { readCharter, readWith } from "../src/read/charter.js";
import { openEnvelope } from "../src/signed/envelope.js";
import { CORPUS, LEGACY, QUIRKS, SIGNED, diffWithGold, loadGold } from "./helpers/gold.js";

/** Parser -> the fixture names it reads exactly. */
const EXACT: [parser: string, file: RegExp][] = [
  ["xlsx", /^charter\.xlsx$/],
  ["xls", /^charter\.xls$/],
  ["ods", /^charter\.ods$/],
  ["tsv", /^source\.txt$/],
  ["csv", /^charter.*\.csv$/],
  ["html", /^charter.*\.html?$/],
  ["docx", /^charter.*\.docx$/],
  ["odt", /^charter.*\.odt$/],
  ["doc", /^charter(\.table)?\.doc$/],
  ["rtf", /^charter.*\.rtf$|^charter\..*rtf\.doc$/],
  ["p7m", /^charter.*\.p7m$/],
];

/** Tab-separated exports are the source.txt files whose lines carry tabs (the others are scraped PDF text). */
const isTabular = (path: string) => !path.endsWith(".txt") || /\t.*\t/.test(readFileSync(path, "utf8"));

const cases = new Map<string, string[]>(EXACT.map(([p]) => [p, []]));
for (const root of [CORPUS, QUIRKS, LEGACY, SIGNED]) {
  for (const id of readdirSync(root).filter((d) => existsSync(join(root, d, "gold.json")))) {
    for (const f of readdirSync(join(root, id)).sort()) {
      const path = join(root, id, f);
      const hit = EXACT.find(([, re]) => re.test(f));
      if (hit && isTabular(path)) cases.get(hit[0])!.push(path);
    }
  }
}

function contract(entry: ManifestEntry, files: string[]): void {
  describe(`parser ${entry.name}`, () => {
    it("refuses an empty file with a clear reason", async () => {
      const parser = await loadParser(entry);
      const empty = { path: "empty", bytes: Buffer.alloc(0) };
      if (parser.accepts(empty)) await expect(readWith(parser, empty)).rejects.toBeInstanceOf(ParseError);
    });
    it("refuses random bytes with a clear reason", async () => {
      const parser = await loadParser(entry);
      for (let k = 0; k < 3; k++) {
        const junk = { path: "junk", bytes: randomBytes(4096 + k * 777) };
        if (!parser.accepts(junk)) continue;
        await expect(readWith(parser, junk)).rejects.toBeInstanceOf(ParseError);
      }
    });
    if (!files.length) return;
    it.each(files)("reads %s as its gold, with provenance, valid against the schema", async (path) => {
      const parser = await loadParser(entry);
      const bytes = readFileSync(path);
      const { document, parser: used } = await readCharter({ path, bytes });
      expect(used.name).toBe(parser.name);
      expect(() => CharterDocument.parse(document)).not.toThrow();
      expect(diffWithGold(document, loadGold(path))).toEqual([]);
      // a signed file's rows are read by the parser of the document inside its envelope
      const reader = document.signed ? (await readCharter({ path, bytes: openEnvelope(bytes).content })).parser : parser;
      expect(document.signed?.format ?? parser.format).toBe(reader.format);
      for (const s of document.services) {
        expect(s.provenance.file).toBe(path);
        for (const i of s.indicators) {
          expect(i.provenance.file).toBe(path);
          expect(i.provenance.parser).toBe(reader.name);
          expect(i.provenance.parser_version).toBe(reader.version);
          expect(i.provenance.row ?? i.provenance.line ?? i.provenance.page).toBeGreaterThan(0);
          expect(i.confidence).toBeGreaterThan(0);
        }
      }
    });
  });
}

describe("the parser contract", () => {
  it("covers every exactly-read format with at least two charters", () => {
    for (const [p] of EXACT) expect(cases.get(p)!.length, p).toBeGreaterThanOrEqual(2);
  });
  for (const p of parsers()) contract(p, cases.get(p.name) ?? []);
});
