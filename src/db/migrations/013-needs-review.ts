/**
 * Migration 013_needs_review: every indicator row says whether a person should look at it
 * (`needs_review`: its confidence below the review threshold when it was read), why
 * (`review_reason`: the doubts of its reading), and who accepted it after a look
 * (`reviewed_by`, `reviewed_at`: `charters review --rows --accept`). Rows stored before
 * take the threshold of this version, 0.7 (REVIEW_THRESHOLD, src/template/indicator.ts).
 */
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "013_needs_review",
  up(db) {
    db.exec(`
      ALTER TABLE indicators ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE indicators ADD COLUMN review_reason TEXT;
      ALTER TABLE indicators ADD COLUMN reviewed_by TEXT;
      ALTER TABLE indicators ADD COLUMN reviewed_at TEXT;
      UPDATE indicators SET needs_review = 1 WHERE confidence < 0.7;
      CREATE INDEX IF NOT EXISTS indicators_needs_review ON indicators(needs_review) WHERE needs_review = 1;
    `);
  },
};
