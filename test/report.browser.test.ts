/**
 * The HTML report in a real browser: Debian's headless Chromium opens the file, and the
 * test checks that it renders without console errors and without any network request,
 * and that every section and chart holds the counts the database gives (computed here
 * with SQL, not taken from the report's code). It saves screenshots in output/.
 */
import Database from "better-sqlite3";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labelKey } from "../src/normalize/text.js";
import { importPaths } from "../src/pipeline/import.js";
import { NO_ISSUER } from "../src/report/data.js";
import { writeReport } from "../src/report/report.js";
import { Browser, chromiumMissing, type Page } from "./helpers/chromium.js";
import { CORPUS } from "./helpers/gold.js";

const ROOT = join(import.meta.dirname, "..");
const FIXTURES = join(ROOT, "fixtures");
const OUTPUT = join(ROOT, "output");

let browser: Browser;
let page: Page;
let db: Database.Database;
let url: string;
let dir: string;

const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).pluck().get(...args) as number) ?? 0;
const hasView = (name: string) => count("SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name = ?", name) > 0;
/** Indicators the report counts: each charter once where the database says which file is best. */
const counted = () => (hasView("v_indicators_best") ? "AND i.id IN (SELECT indicator_id FROM v_indicators_best)" : "");
const CURRENT = "FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id WHERE d.current = 1 AND d.status IN ('success', 'partial')";

const missing = chromiumMissing();
if (missing) console.warn(`charters: ${missing}`);

describe.skipIf(missing !== null)("charters report in headless Chromium", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "charters-report-"));
    const dbPath = join(dir, "report.sqlite");
    // Two runs: the second finds one failure among its files, so the last run has something to say.
    await importPaths([CORPUS, join(FIXTURES, "review")], { db: dbPath });
    // The corpus's c03 a year later with two targets made worse: domain checks that fire, the worse targets first.
    await importPaths([join(FIXTURES, "quirks", "q02-results-two-services"), join(FIXTURES, "years"), join(FIXTURES, "bad", "encrypted.pdf")], { db: dbPath });
    db = new Database(dbPath, { readonly: true });
    const out = join(dir, "report.html");
    writeReport(db, dbPath, out);
    url = pathToFileURL(out).href;
    browser = await Browser.launch();
    page = await browser.newPage();
    await page.open(url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("renders without console errors and loads nothing but itself", async () => {
    expect(await page.evaluate<string>("document.readyState")).toBe("complete");
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([url]);
    // No resource can come from elsewhere: no src, no stylesheet link, a CSP that forbids any fetch.
    expect(await page.evaluate<number>("document.querySelectorAll('[src], link[rel=stylesheet], iframe, object, embed').length")).toBe(0);
    expect(await page.evaluate<string>("document.querySelector('meta[http-equiv=Content-Security-Policy]').content")).toMatch(/default-src 'none'/);
  });

  it("has every section, with the counts of the database", async () => {
    const ids = await page.evaluate<string[]>("[...document.querySelectorAll('main > section')].map(s => s.id)");
    expect(ids).toEqual(["summary", "issuers", "units", "checks", "review", "charters"]);

    // Last run: new, updated, failed with reasons.
    const run = db.prepare("SELECT * FROM runs ORDER BY id DESC LIMIT 1").get() as Record<string, number>;
    const cards = await page.evaluate<Record<string, number>>(
      "Object.fromEntries([...document.querySelectorAll('#run-counts .card')].map(c => [c.querySelector('.l').textContent, Number(c.querySelector('.n').textContent)]))",
    );
    expect(cards).toEqual({ new: run.new, updated: run.updated, unchanged: run.unchanged, duplicate: run.duplicate, failed: run.failed });
    expect(run.failed).toBeGreaterThan(0);
    const failures = db.prepare("SELECT source_path, reason FROM run_failures WHERE run_id = ? ORDER BY source_path").all(run.id) as { source_path: string; reason: string }[];
    const shown = await page.evaluate<string[][]>("[...document.querySelectorAll('#run-failures tbody tr')].map(tr => [tr.querySelector('a').title, tr.cells[1].textContent])");
    expect(shown).toEqual(failures.map((f) => [f.source_path, f.reason]));

    // Charters: one row per charter (per file where the database does not group them), each file linked.
    const docs = db.prepare("SELECT source_path FROM documents WHERE current = 1 AND status IN ('success', 'partial')").pluck().all() as string[];
    const charters = hasView("v_charters") ? count("SELECT count(*) FROM v_charters") : docs.length;
    expect(await page.evaluate<number>("document.querySelectorAll('#charters-table tbody tr').length")).toBe(charters);
    const links = new Set(await page.evaluate<string[]>("[...document.querySelectorAll('#charters-table a.path')].map(a => a.href)"));
    expect(docs.map((p) => pathToFileURL(p).href).filter((h) => !links.has(h))).toEqual([]);
    expect(links.size).toBe(docs.length);
    // Issuers and years: one block each; the chart's bars add up to the (indicator, dimension) pairs.
    const groups = db.prepare(`SELECT DISTINCT d.issuer, d.year ${CURRENT} ${counted()}`).all() as { issuer: string | null; year: number | null }[];
    const groupKeys = new Set(groups.map((g) => `${labelKey(g.issuer ?? NO_ISSUER)}|${g.year}`));
    expect(await page.evaluate<number>("document.querySelectorAll('#issuers details.issuer').length")).toBe(groupKeys.size);
    expect(await page.evaluate<number>("document.querySelectorAll('#chart-dimensions text.axis-label').length")).toBe(Math.min(40, groupKeys.size));
    const pairs = count(`SELECT count(*) FROM indicator_dimensions x JOIN indicators i ON i.id = x.indicator_id JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
      WHERE d.current = 1 AND d.status IN ('success', 'partial') ${counted()}`);
    const none = count(`SELECT count(*) ${CURRENT} ${counted()} AND NOT EXISTS (SELECT 1 FROM indicator_dimensions x WHERE x.indicator_id = i.id)`);
    const bars = await page.evaluate<{ key: string; value: number }[]>("[...document.querySelectorAll('#chart-dimensions rect.bar')].map(r => ({ key: r.dataset.key, value: Number(r.dataset.value) }))");
    if (groupKeys.size <= 40) expect(bars.reduce((n, b) => n + b.value, 0)).toBe(pairs + none);
    const perDimension = db.prepare(`SELECT x.code, count(*) AS n FROM indicator_dimensions x JOIN indicators i ON i.id = x.indicator_id JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
      WHERE d.current = 1 AND d.status IN ('success', 'partial') ${counted()} GROUP BY x.code`).all() as { code: string; n: number }[];
    for (const { code, n } of perDimension) expect(bars.filter((b) => b.key === code).reduce((k, b) => k + b.value, 0)).toBe(n);
    const services = count(`SELECT count(DISTINCT s.id) ${CURRENT} ${counted()}`);
    expect(await page.evaluate<number>("[...document.querySelectorAll('#issuers details.issuer')].reduce((n, d) => n + Number(d.dataset.services), 0)")).toBe(services);

    // Targets by unit: a bar and a table row per unit, with their counts.
    // One per comparable unit and better direction: targets compare within one.
    const units = db.prepare(`SELECT f.target_norm_unit AS unit, f.better, count(*) AS n FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
      LEFT JOIN indicator_facts f ON f.indicator_id = i.id WHERE d.current = 1 AND d.status IN ('success', 'partial') ${counted()} GROUP BY 1, 2`).all() as { unit: string | null; n: number }[];
    const unitBars = await page.evaluate<number[]>("[...document.querySelectorAll('#chart-units rect.bar')].map(r => Number(r.dataset.value))");
    expect(unitBars.sort((a, b) => a - b)).toEqual(units.map((u) => u.n).sort((a, b) => a - b));
    expect(await page.evaluate<number>("document.querySelectorAll('#units tbody tr').length")).toBe(units.length);

    // Review queue: one row per kind and folded label; failed files with their reasons.
    const items = db.prepare("SELECT r.kind, r.label FROM review r JOIN documents d ON d.id = r.document_id WHERE d.current = 1").all() as { kind: string; label: string }[];
    const labels = new Set(items.map((i) => `${i.kind}|${labelKey(i.label) || i.label}`));
    expect(await page.evaluate<number>("document.querySelectorAll('#review-table tbody tr').length")).toBe(labels.size);
    expect(await page.evaluate<string>("document.querySelector('#review-table').textContent")).toContain("Chiarezza informativa");
    expect(await page.evaluate<number>("document.querySelectorAll('#failed-files tbody tr').length")).toBe(count("SELECT count(*) FROM documents WHERE current = 1 AND status = 'failure'"));
    const partial = count("SELECT count(*) FROM documents WHERE current = 1 AND status = 'partial'");
    expect(partial).toBeGreaterThan(0);
    expect(await page.evaluate<number>("document.querySelectorAll('#partial-files tbody tr').length")).toBe(partial);

    // Domain checks: every finding, targets worse than the year before first.
    if (hasView("v_checks")) {
      // Each charter's findings once (its best file's) where the database says which file that is.
      const best = hasView("v_indicators_best") && count("SELECT count(*) FROM pragma_table_info('v_checks') WHERE name = 'best'") ? "WHERE COALESCE(best, 1) = 1" : "";
      const findings = count(`SELECT count(*) FROM v_checks ${best}`);
      expect(findings).toBeGreaterThan(0);
      expect(await page.evaluate<number>("document.querySelectorAll('#checks-table tbody tr').length")).toBe(Math.min(findings, 2000));
      const worse = count(`SELECT count(*) FROM v_checks ${best ? `${best} AND` : "WHERE"} check_name = 'target_worse_than_previous_year'`);
      expect(worse).toBeGreaterThan(0);
      const first = await page.evaluate<string[]>(`[...document.querySelectorAll('#checks-table tbody tr')].slice(0, ${worse}).map(tr => tr.cells[0].textContent)`);
      expect(first).toEqual(Array(Math.min(worse, 2000)).fill("target_worse_than_previous_year"));
    } else {
      expect(await page.evaluate<string>("document.querySelector('#checks').textContent")).toMatch(/no domain checks/);
    }
  });

  it("sorts a table on a click on its header, numbers as numbers", async () => {
    const values = () => page.evaluate<number[]>("[...document.querySelectorAll('#charters-table tbody tr')].map(tr => Number(tr.cells[5].textContent))");
    const click = () => page.evaluate("document.querySelectorAll('#charters-table th button')[5].click()");
    expect(await page.evaluate<string>("document.querySelectorAll('#charters-table th')[5].textContent")).toBe("Indicators");
    await click();
    const asc = await values();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await click();
    const desc = await values();
    expect(desc).toEqual([...asc].sort((a, b) => b - a));
    expect(new Set(asc).size).toBeGreaterThan(1);
    expect(page.errors).toEqual([]);
  });

  it("saves screenshots that show the report", async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const top = await page.screenshot(1800);
    const full = await page.screenshot();
    for (const png of [top, full]) expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(full.readUInt32BE(20)).toBeGreaterThan(top.readUInt32BE(20)); // the full page is taller than its top
    writeFileSync(join(OUTPUT, "report-top.png"), top);
    writeFileSync(join(OUTPUT, "report-full.png"), full);
  });
});
