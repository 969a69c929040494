/**
 * Every SQL example of the manual (docs/*.md and the README: each ```sql block, one
 * statement per `;`) runs on a database of the bundled fixtures and returns rows: an
 * example that names a column the views no longer have, or that finds nothing, fails here.
 * The database holds what the examples are about: standards and results, two years of one
 * service, a corrected republish (a superseded version), a failed file, review items.
 */
import Database from "better-sqlite3";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { importPaths } from "../src/pipeline/import.js";
import { CHECKS, CORPUS, QUIRKS, YEARS } from "./helpers/gold.js";
import { republish } from "./helpers/republish.js";

const ROOT = join(import.meta.dirname, "..");
const FIXTURES = join(ROOT, "fixtures");

/** The SQL statements of a Markdown page's ```sql blocks, with where each is. */
function sqlExamples(file: string): { where: string; sql: string }[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const out: { where: string; sql: string }[] = [];
  for (const m of text.matchAll(/^```sql\n([^]*?)^```$/gm)) {
    const body = m[1].split("\n").filter((l) => !l.trim().startsWith("--")).join("\n");
    for (const sql of body.split(/;\s*$/m).map((s) => s.trim()).filter(Boolean)) {
      const line = text.slice(0, m.index).split("\n").length;
      out.push({ where: `${file}:${line}`, sql });
    }
  }
  return out;
}

const PAGES = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const EXAMPLES = PAGES.flatMap(sqlExamples);

describe("the manual's SQL examples", () => {
  let db: Database.Database;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "charters-test-"));
    const path = join(dir, "c.sqlite");
    const files = join(dir, "files");
    mkdirSync(files);
    // A charter republished with a correction: its first version superseded.
    const republished = join(files, "carta-cliclavoro.xlsx");
    copyFileSync(join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx"), republished);
    await importPaths([republished], { db: path });
    await republish(join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx"), republished, [[/^7 giorni lavorativi$/, "5 giorni lavorativi"]]);
    await importPaths(
      [
        files,
        join(CORPUS, "c03-cliclavoro-2020", "charter.pdf"),
        join(CORPUS, "c05-genova-urp-2020", "charter.xlsx"),
        join(YEARS, "c03-cliclavoro-2021", "charter.xlsx"),
        join(CHECKS, "k02-results-missed", "charter.xlsx"),
        join(QUIRKS, "q04-results-three-services"),
        join(FIXTURES, "review", "r01-chiarezza-informativa-2022", "charter.xlsx"),
        join(FIXTURES, "bad", "encrypted.pdf"),
      ],
      { db: path },
    );
    db = new Database(path, { readonly: true });
    return () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }, 300_000);

  it("are found: at least the views' examples", () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(EXAMPLES.map((e) => [e.where, e.sql] as const))("%s runs and returns rows", (_where, sql) => {
    const rows = db.prepare(sql).all();
    expect(rows.length, sql).toBeGreaterThan(0);
  });
});
