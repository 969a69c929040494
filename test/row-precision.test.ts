/** scripts/lib/row-precision.ts: rows judged cell by cell against their gold, as the scorer counts cells. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreDatabase } from "../src/eval/score.js";
import { importPaths } from "../src/pipeline/import.js";
import { REVIEW_THRESHOLD } from "../src/template/indicator.js";
import { bandTable, fileKind, fileTallies, goldRows, groupFigures, judgeRows, precision, tally } from "../scripts/lib/row-precision.js";

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

  it("tells the accepted rows from the rest and shares them out by kind and band, with the scorer's F1", () => {
    const rows = judgeRows(db, dir);
    const gold = goldRows(dir);
    // every file of the charter folder is expected, scrapes not imported here too (8 rows each)
    expect(gold.get(files[0])).toBe(8);
    const tallies = fileTallies(db, dir);
    const report = scoreDatabase(db, dir);
    for (const f of report.files) expect(tallies.get(f.file), f.file).toEqual({ tp: f.indicators.tp, pred: f.indicators.pred, gold: f.indicators.gold });
    // a file of the folder that was not imported: its gold cells only
    const absent = [...tallies].find(([f]) => !files.includes(f))!;
    expect(absent[1].tp + absent[1].pred).toBe(0);
    expect(absent[1].gold).toBeGreaterThan(0);
    const withRows = new Map([...tallies].map(([f, t]) => [f, { ...t, rows: gold.get(f)! }]));
    const groups = groupFigures(rows, withRows, (r) => r.accepted, (f) => fileKind(f).producer);
    const all = groups.at(-1)!;
    expect(all.label).toBe("all");
    expect(all.rows).toBe(rows.length);
    expect(all.accepted).toBe(rows.filter((r) => r.confidence >= REVIEW_THRESHOLD).length);
    expect(all.pAll).toBeCloseTo(precision(tally(rows)), 10);
    expect(all.gold).toBe([...gold.values()].reduce((a, b) => a + b, 0));
    const t = [...tallies.values()].reduce((a, x) => ({ tp: a.tp + x.tp, pred: a.pred + x.pred, gold: a.gold + x.gold }), { tp: 0, pred: 0, gold: 0 });
    const [p, r] = [t.tp / t.pred, t.tp / t.gold];
    expect(all.f1).toBeCloseTo((2 * p * r) / (p + r), 10);
    const banded = bandTable(rows).map((l) => Number(/rows\s+(\d+)/.exec(l)![1]));
    expect(banded.reduce((a, b) => a + b, 0)).toBe(rows.length);
  });
});
