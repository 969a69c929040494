/**
 * People's decisions on items of the review queue (migration 011_review_decisions), so
 * that the queue can be worked to the end: `accept` (the data as read is right, or, for a
 * label an alias settles, the alias made with the guess or the code given) or `dismiss`
 * (nothing to do); a decided item leaves the queue, `reopen` puts it back.
 *
 * An item's id is stable across runs: a label's is its kind and folded label, a failed or
 * partial file's is its path and content (a new version of the file is a new item).
 */
import type Database from "better-sqlite3";
import { createHash } from "node:crypto";

export type Decision = "accepted" | "dismissed";

export interface StoredDecision {
  item: string;
  kind: string;
  label: string;
  decision: Decision;
  code: string | null;
  why: string | null;
  created_by: string;
  created_at: string;
}

/** An item's id: 8 hex digits of its kind and key. */
export function itemId(kind: string, key: string): string {
  return createHash("sha1").update(`${kind}\u0000${key}`).digest("hex").slice(0, 8);
}

export function readDecisions(db: Database.Database): Map<string, StoredDecision> {
  const rows = db.prepare("SELECT item, kind, label, decision, code, why, created_by, created_at FROM review_decisions ORDER BY id").all() as StoredDecision[];
  return new Map(rows.map((r) => [r.item, r]));
}

/** Record a decision (replacing an earlier one on the same item). */
export function recordDecision(db: Database.Database, d: StoredDecision): void {
  db.prepare(
    `INSERT INTO review_decisions (item, kind, label, decision, code, why, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (item) DO UPDATE SET decision = excluded.decision, code = excluded.code, why = excluded.why,
       created_by = excluded.created_by, created_at = excluded.created_at`,
  ).run(d.item, d.kind, d.label, d.decision, d.code, d.why, d.created_by, d.created_at);
}

/** Forget the decision on an item: it is in the queue again. False where there was none. */
export function forgetDecision(db: Database.Database, item: string): boolean {
  return db.prepare("DELETE FROM review_decisions WHERE item = ?").run(item).changes > 0;
}
