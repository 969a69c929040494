/** The HTML report without a browser: one self-contained file, text escaped, empty databases handled. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/open.js";
import { importPaths } from "../src/pipeline/import.js";
import { barChart, wrapLabel } from "../src/report/charts.js";
import { commonFolder, fileHref } from "../src/report/page.js";
import { reportHtml } from "../src/report/report.js";
import { tempDir } from "./helpers/tmp.js";

const BIN = join(import.meta.dirname, "..", "bin", "charters.js");
const R01 = join(import.meta.dirname, "..", "fixtures", "review", "r01-chiarezza-informativa-2022");
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });

describe("charters report", () => {
  it("writes one HTML file that loads nothing: no external reference of any kind", async () => {
    const dir = tempDir();
    const db = join(dir, "r.sqlite");
    await importPaths([R01], { db });
    const out = join(dir, "sub", "report.html");
    const r = cli("report", "--db", db, "--out", out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/report written to .*report\.html \(\d+ KiB\): 1 charters in 3 files, 1 issuer-years/);
    const html = readFileSync(out, "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    // Nothing is loaded: no src, no url(), no <link>; the only URLs are links a person follows:
    // to the charters' files, relative to the report's folder, and to the web addresses the charters state.
    expect([...html.matchAll(/\b(?:src\s*=|url\s*\()/gi)]).toEqual([]);
    expect(html).not.toMatch(/@import|<link\b|<img\b|<iframe\b/i);
    const hrefs = [...html.matchAll(/<a class="(path|url)" href="([^"]+)"/g)].map((m) => [m[1], m[2].replace(/&amp;/g, "&")]);
    const d = new Database(db, { readonly: true });
    const stated = new Set(d.prepare("SELECT source_url FROM v_charters WHERE source_url IS NOT NULL").pluck().all() as string[]);
    const files = d.prepare("SELECT source_path FROM documents WHERE current = 1").pluck().all() as string[];
    d.close();
    expect(stated.size).toBeGreaterThan(0);
    expect(hrefs.filter(([k]) => k === "url").map(([, h]) => h)).toEqual([...stated]);
    const paths = hrefs.filter(([k]) => k === "path").map(([, h]) => h);
    expect(paths.length).toBeGreaterThan(0);
    for (const h of paths) {
      expect(h).toMatch(/^\.\.\//); // relative to sub/, where the report is
      expect(files).toContain(resolve(join(dir, "sub"), decodeURIComponent(h)));
    }
    const anchors = [...html.matchAll(/\bhref="([^"]+)"/g)].map((m) => m[1]);
    expect(anchors.filter((h) => !h.startsWith("#") && !paths.includes(h) && !stated.has(h))).toEqual([]);
    expect(html).toContain("Chiarezza informativa");
    expect(html).toContain("Accessibilità"); // Italian domain labels as printed
  });

  it("shows text from the charters as text, never as markup", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "r.sqlite");
    await importPaths([join(R01, "charter.xlsx")], { db: dbPath });
    const db = openDatabase(dbPath);
    db.prepare("UPDATE services SET name = ?").run(`<script>alert("x")</script> & "Servizi"`);
    db.prepare("INSERT INTO review (document_id, kind, label, reason) SELECT id, 'header', '<img src=x onerror=alert(1)>', 'test' FROM documents").run();
    const { html } = reportHtml(db, dbPath);
    db.close();
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Servizi&quot;");
  });

  it("reports an empty database and says what is not there; a missing database is exit 2", () => {
    const dir = tempDir();
    const dbPath = join(dir, "empty.sqlite");
    openDatabase(dbPath).close();
    const out = join(dir, "report.html");
    expect(cli("report", "--db", dbPath, "--out", out).status).toBe(0);
    const html = readFileSync(out, "utf8");
    for (const id of ["summary", "issuers", "units", "checks", "review", "charters"]) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain("No import has run on this database yet.");
    expect(html).toContain("Nothing to review.");
    const missing = cli("report", "--db", join(dir, "none.sqlite"), "--out", out);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no database at/);
  });

  it("shows paths under the folder the files share", () => {
    expect(commonFolder(["/a/b/c/x.pdf", "/a/b/d/y.pdf"])).toBe("/a/b/");
    expect(commonFolder(["/a/b/x.pdf"])).toBe("/a/b/");
    expect(commonFolder(["/a/x.pdf", "/b/y.pdf"])).toBe("");
    expect(commonFolder(["/ab/x.pdf", "/a/y.pdf"])).toBe("");
    expect(commonFolder([])).toBe("");
  });
});

describe("the report's labels and links", () => {
  it("wraps a long issuer's name on lines in the chart instead of cutting it", () => {
    const name = "AZIENDA SANITARIA PROVINCIALE DI ESEMPIO - DIPARTIMENTO DI PREVENZIONE E SANITA' PUBBLICA";
    expect(wrapLabel(name, 20).join(" ")).toBe(name);
    expect(wrapLabel(name, 20).every((l) => l.length <= 20 || !l.includes(" "))).toBe(true);
    const svg = barChart([{ label: name, sublabel: "2021", segments: [{ key: "x", value: 3, color: "#000", title: "x" }] }], { id: "c", title: "t", labelWidth: 200 });
    const shown = [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]).join(" ").replace(/&#39;|&apos;/g, "'");
    expect(shown).toBe(name);
    expect(svg).not.toContain("…");
  });

  it("links a file relative to the report's folder, percent-encoded", () => {
    expect(fileHref("/srv/archive/2021/carta dei servizi #1.pdf", "/srv/reports")).toBe("../archive/2021/carta%20dei%20servizi%20%231.pdf");
    expect(fileHref("/srv/archive/carta.pdf", null)).toBe("file:///srv/archive/carta.pdf");
  });
});
