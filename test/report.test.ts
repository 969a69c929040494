/** The HTML report without a browser: one self-contained file, text escaped, empty databases handled. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/open.js";
import { importPaths } from "../src/pipeline/import.js";
import { commonFolder } from "../src/report/page.js";
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
    // Links to the charters' files are the only URLs, and they are file: links, never loaded.
    const urls = [...html.matchAll(/\b(?:src|href|url)\s*[=(]\s*["']?([^"') >]+)/gi)].map((m) => m[1]);
    expect(urls.filter((u) => !u.startsWith("#") && !u.startsWith("file:///"))).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/@import|<link\b|<img\b|<iframe\b/i);
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
