/** scripts/lib/row-precision.ts: rows judged cell by cell against their gold, as the scorer counts cells. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreDatabase } from "../src/eval/score.js";
import { importPaths } from "../src/pipeline/import.js";
import { bandTable, byKindTable, fileKind, goldRows, judgeRows, precision, tally } from "../scripts/lib/row-precision.js";

describe("fileKind", () => {
  it("names the producer and the scrape from the file's name", () => {
    expect(fileKind("e01/charter.layout.txt")).toEqual({ producer: "libreoffice", scrape: "layout" });
    expect(fileKind("e01/charter.portrait.pdfjs.txt")).toEqual({ producer: "libreoffice", scrape: "pdfjs" });
    expect(fileKind("e01/charter.reportlab-box.raw.txt")).toEqual({ producer: "reportlab", scrape: "raw" });
    expect(fileKind("e01/charter.chromium.pdftotext.txt")).toEqual({ producer: "chromium", scrape: "pdftotext" });
    expect(fileKind("e01/charter.wkhtmltopdf.layout.txt")).toEqual({ producer: "wkhtmltopdf", scrape: "layout" });
    expect(fileKind("c01/source.txt")).toEqual({ producer: "source", scrape: "text" });
    expect(fileKind("c03/charter.chromium.scan200-noisy.pdf")).toEqual({ producer: "chromium", scrape: "pdf scan200-noisy" });
    expect(fileKind("c03/charter.xlsx")).toEqual({ producer: "-", scrape: "xlsx" });
  });
});

describe("judgeRows", () => {
  // a results report with two services whose achieved values are printed before the targets: rows found, rows wrong, rows missed
  const dir = resolve(import.meta.dirname, "..", "fixtures", "scraped", "dev2");
  const files = ["e04-risultati-due-servizi-colonne/charter.layout.txt", "e04-risultati-due-servizi-colonne/charter.pdftotext.txt", "e04-risultati-due-servizi-colonne/charter.reportlab.layout.txt"];
  let tmp: string;
  let db: string;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), "row-precision-"));
    db = join(tmp, "t.sqlite");
    await importPaths(files.map((f) => join(dir, f)), { db });
  }, 120_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("counts the cells of every row read and the right ones as the scorer does: the same precision, file by file", () => {
    const rows = judgeRows(db, dir);
    expect(rows.length).toBeGreaterThan(0);
    const report = scoreDatabase(db, dir);
    for (const f of report.files) {
      const mine = tally(rows.filter((r) => r.file === f.file));
      expect(mine.cells, f.file).toBe(f.indicators.pred);
      expect(mine.right, f.file).toBe(f.indicators.tp);
    }
    expect(new Set(rows.map((r) => r.file))).toEqual(new Set(report.files.map((f) => f.file)));
  });

  it("tells the accepted rows from the rest and shares them out by kind and band", () => {
    const rows = judgeRows(db, dir);
    const gold = goldRows(dir);
    // every file of the charter folder is expected, scrapes not imported here too (8 rows each)
    expect(gold.get(files[0])).toBe(8);
    const lines = byKindTable(rows, gold, 0.7, (f) => fileKind(f).producer);
    expect(lines[0]).toMatch(/^kind/);
    expect(lines.at(-1)).toMatch(/^all/);
    const all = tally(rows);
    expect(lines.at(-1)).toContain(precision(all).toFixed(3));
    const banded = bandTable(rows).map((l) => Number(/rows\s+(\d+)/.exec(l)![1]));
    expect(banded.reduce((a, b) => a + b, 0)).toBe(rows.length);
  });
});
