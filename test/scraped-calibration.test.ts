/**
 * The bar of the review threshold (issue 20): the rows the tool accepts from scraped text
 * (needs_review = 0) are right. The scrapes of fixtures/scraped/calib and calib2 (charters
 * kept aside from the reading rules, every producer and scrape) are imported into a real
 * database and every accepted row judged against its gold row as `npm run confidence`
 * judges it: the accepted band's cell precision must stay at ACCEPTED_PRECISION or above.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPaths } from "../src/pipeline/import.js";
import { REVIEW_THRESHOLD } from "../src/template/indicator.js";
import { type JudgedRow, goldRows, judgeRows, precision, tally } from "../scripts/lib/row-precision.js";

/** Cell precision the accepted rows must keep (issue 20's "done when"). */
const ACCEPTED_PRECISION = 0.98;
/**
 * Each set with its floor on the share of the gold rows accepted, under the figure measured
 * when its bar was set (calib 0.448, 0.510 after the third pass; calib2, written for issue
 * 20's second pass and never tuned on, 0.402, 0.587 after the third pass; calib 0.537 and
 * calib2 0.651 after the fourth): a bar met by
 * accepting nothing is no bar.
 */
const SETS: [string, number][] = [
  ["calib", 0.51],
  ["calib2", 0.62],
];

describe.each(SETS)("scraped text's accepted rows on the calibration scrapes of %s", (set, ACCEPTED_SHARE_FLOOR) => {
  const CALIB = join(import.meta.dirname, "../fixtures/scraped", set);
  let dir: string;
  let rows: JudgedRow[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `${set}-`));
    const db = join(dir, `${set}.sqlite`);
    await importPaths([CALIB], { db });
    rows = judgeRows(db, CALIB);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`are right: cell precision >= ${ACCEPTED_PRECISION}`, () => {
    const accepted = tally(rows.filter((r) => r.accepted));
    expect(accepted.cells).toBeGreaterThan(0);
    expect(precision(accepted)).toBeGreaterThanOrEqual(ACCEPTED_PRECISION);
  });

  it(`are not bought by refusing rows: at least ${ACCEPTED_SHARE_FLOOR} of the gold rows accepted`, () => {
    const gold = [...goldRows(CALIB).values()].reduce((a, b) => a + b, 0);
    expect(gold).toBeGreaterThan(0);
    expect(rows.filter((r) => r.accepted).length / gold).toBeGreaterThanOrEqual(ACCEPTED_SHARE_FLOOR);
  });

  it("send every row below the review threshold to review, and none above it", () => {
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.accepted, r.file).toBe(r.confidence >= REVIEW_THRESHOLD);
  });
});
