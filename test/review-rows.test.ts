/**
 * The rows to review (issue 20): charters review --rows lists the indicator rows with
 * needs_review = 1 with their cells and reasons; --accept takes a row as read; --correct
 * corrects a cell through charters fix (an edit, kept across re-imports) and accepts the
 * row. Through the real CLI, on a real import of a scraped charter.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importPaths } from "../src/pipeline/import.js";
import { query } from "./helpers/query.js";
import { tempDir } from "./helpers/tmp.js";

const BIN = join(import.meta.dirname, "..", "bin", "charters.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000 });
const SCRAPE = join(import.meta.dirname, "..", "fixtures", "scraped", "calib", "f01-provincia-trasporti-eccezionali", "charter.pdftotext.txt");

async function setUp(): Promise<{ db: string; path: string }> {
  const dir = tempDir();
  const db = join(dir, "c.sqlite");
  const path = join(dir, "carta.pdftotext.txt");
  copyFileSync(SCRAPE, path);
  await importPaths([path], { db });
  return { db, path };
}

const toReview = (db: string) => query(db, "SELECT indicator_id FROM v_indicators WHERE needs_review = 1 ORDER BY indicator_id").map((r) => Number(r.indicator_id));

describe("charters review --rows", () => {
  it("lists every row that needs review with its cells and reasons, and a person accepts one", async () => {
    const { db } = await setUp();
    const ids = toReview(db);
    expect(ids.length).toBeGreaterThan(1);
    const list = cli("review", "--rows", "--format", "jsonl", "--db", db);
    expect(list.status, list.stderr).toBe(0);
    const rows = list.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((r) => r.indicator_id).sort((a, b) => a - b)).toEqual(ids);
    for (const r of rows) {
      expect(r.type).toBe("row");
      expect(r.confidence).toBeLessThan(0.7);
      expect(r.review_reason).toBeTruthy();
    }
    const ok = cli("review", "--accept", String(ids[0]), "--by", "anna", "--db", db);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toBe("1 row accepted by anna\n");
    expect(toReview(db)).toEqual(ids.slice(1));
    expect(query(db, `SELECT needs_review, reviewed_by FROM v_indicators WHERE indicator_id = ${ids[0]}`)).toEqual([{ needs_review: 0, reviewed_by: "anna" }]);
    expect(cli("review", "--accept", "999999", "--db", db).status).toBe(2);
    expect(cli("review", "accept", "abc", "--rows", "--db", db).status).toBe(2);
  });

  it("corrects a cell as charters fix does: an edit kept on the next import of the file, the row accepted", async () => {
    const { db, path } = await setUp();
    const id = toReview(db)[0];
    const r = cli("review", "--correct", String(id), "notes", "Nota corretta", "--why", "the scrape cut it", "--by", "bruno", "--db", db);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^edit 1: indicator ${id} notes .* -> "Nota corretta", accepted by bruno; kept on every later import of `));
    expect(query(db, "SELECT field, after, why, created_by FROM edits")).toEqual([{ field: "notes", after: "Nota corretta", why: "the scrape cut it", created_by: "bruno" }]);
    expect(query(db, `SELECT notes, edited, needs_review FROM v_indicators WHERE indicator_id = ${id}`)).toEqual([{ notes: "Nota corretta", edited: 1, needs_review: 0 }]);
    // the same correction again changes nothing (exit 1); a field fix does not know is a usage error
    expect(cli("review", "--correct", String(id), "notes", "Nota corretta", "--db", db).status).toBe(1);
    expect(cli("review", "--correct", String(id), "colour", "x", "--db", db).status).toBe(2);

    // the file changes (a line added at its end) and is imported again: the row is read anew, the correction stands
    appendFileSync(path, "\n");
    await importPaths([path], { db });
    const again = query(db, "SELECT indicator_id, needs_review, reviewed_by FROM v_indicators WHERE notes = 'Nota corretta' AND edited = 1");
    expect(again).toHaveLength(1);
    expect(Number(again[0].indicator_id)).not.toBe(id);
    // and the acceptance with it: the corrected row reads as the person accepted it
    expect([again[0].needs_review, again[0].reviewed_by]).toEqual([0, "bruno"]);
  });
});

describe("a row's acceptance (issue 20)", () => {
  const reviewedRows = (db: string) => query(db, "SELECT indicator_id, description, reviewed_by FROM v_indicators WHERE reviewed_by IS NOT NULL ORDER BY indicator_id");

  it("stays when its file is imported again unchanged, read again (--reread), or read again after a change, where the row reads the same", async () => {
    const { db, path } = await setUp();
    const ids = toReview(db);
    expect(cli("review", "--accept", String(ids[0]), String(ids[1]), "--by", "anna", "--db", db).status).toBe(0);
    const accepted = reviewedRows(db);
    expect(accepted.map((r) => r.indicator_id)).toEqual(ids.slice(0, 2));
    expect(query(db, "SELECT count(*) AS n FROM row_acceptances")).toEqual([{ n: 2 }]);

    await importPaths([path], { db }); // unchanged: nothing read again
    expect(reviewedRows(db)).toEqual(accepted);

    // unchanged, read again in place (import --reread all): new rows, the acceptance with them
    expect(await importPaths([path], { db, reread: "all" })).toMatchObject({ reread: 1 });
    const reread = reviewedRows(db);
    expect(reread.map((r) => [r.description, r.reviewed_by])).toEqual(accepted.map((r) => [r.description, "anna"]));

    appendFileSync(path, "\n"); // another version of the file: every row read again, with new ids
    await importPaths([path], { db });
    const again = reviewedRows(db);
    expect(again.map((r) => r.indicator_id)).not.toEqual(accepted.map((r) => r.indicator_id));
    expect(again.map((r) => [r.description, r.reviewed_by])).toEqual(accepted.map((r) => [r.description, "anna"]));
    expect(toReview(db)).toHaveLength(ids.length - 2);
  });

  it("is not carried to a row that reads otherwise: a person accepted other cells", async () => {
    const { db, path } = await setUp();
    const [first] = toReview(db);
    const [row] = query(db, `SELECT description, target_raw FROM v_indicators WHERE indicator_id = ${first}`);
    expect(cli("review", "--accept", String(first), "--db", db).status).toBe(0);
    // the same file with the row's target printed otherwise
    const text = readFileSync(path, "utf8");
    expect(text).toContain(String(row.target_raw));
    writeFileSync(path, text.replace(String(row.target_raw), `${row.target_raw} (rivisto)`));
    await importPaths([path], { db });
    expect(query(db, "SELECT needs_review, reviewed_by FROM v_indicators WHERE description = ?", row.description)).toEqual([{ needs_review: 1, reviewed_by: null }]);
  });
});

describe("a row's queue item and its --rows decision are one decision", () => {
  type Item = { type: string; id: string; kind: string; label: string };
  const queue = (db: string, ...extra: string[]): Item[] => {
    const r = cli("review", "--format", "jsonl", "--db", db, ...extra);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((x: Item) => x.kind === "row");
  };
  const descriptionOf = (db: string, id: number) => String(query(db, `SELECT description FROM v_indicators WHERE indicator_id = ${id}`)[0].description);

  it("accepting the row (--rows --accept) settles its queue item", async () => {
    const { db } = await setUp();
    const items = queue(db);
    const id = toReview(db).find((i) => items.some((it) => it.label === descriptionOf(db, i)))!;
    expect(id).toBeDefined();
    const label = descriptionOf(db, id);
    expect(cli("review", "--accept", String(id), "--db", db).status).toBe(0);
    expect(queue(db).map((i) => i.label)).not.toContain(label);
    expect(queue(db, "--all").map((i) => i.label)).toContain(label);
  });

  it("accepting the queue item accepts its row (kept across re-imports), reopening it takes both back", async () => {
    const { db, path } = await setUp();
    const [item] = queue(db);
    const row = toReview(db).find((i) => descriptionOf(db, i) === item.label)!;
    expect(row).toBeDefined();
    const ok = cli("review", "accept", item.id, "--by", "carla", "--db", db);
    expect(ok.status, ok.stderr).toBe(0);
    expect(toReview(db)).not.toContain(row);
    expect(query(db, `SELECT needs_review, reviewed_by FROM v_indicators WHERE indicator_id = ${row}`)).toEqual([{ needs_review: 0, reviewed_by: "carla" }]);
    const listed = cli("review", "--rows", "--format", "jsonl", "--db", db).stdout;
    expect(listed).not.toContain(`"indicator_id":${row},`);

    appendFileSync(path, "\n");
    await importPaths([path], { db });
    expect(query(db, "SELECT reviewed_by FROM v_indicators WHERE description = ? ", item.label)).toEqual([{ reviewed_by: "carla" }]);

    const back = cli("review", "reopen", item.id, "--db", db);
    expect(back.status, back.stderr).toBe(0);
    expect(query(db, "SELECT needs_review, reviewed_by FROM v_indicators WHERE description = ?", item.label)).toEqual([{ needs_review: 1, reviewed_by: null }]);
    expect(queue(db).map((i) => i.id)).toContain(item.id);
  });
});
