/**
 * Migration 011_review_decisions: what a person decided about an item of the review queue
 * (charters review accept|dismiss): accepted (the data as read is right, or the guess
 * made an alias) or dismissed (nothing to do). A decided item leaves the queue; `reopen`
 * puts it back. Items are named by their kind and key (src/review/decisions.ts).
 */
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "011_review_decisions",
  up(db) {
    db.exec(`
CREATE TABLE review_decisions (
  id INTEGER PRIMARY KEY,
  item TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('accepted', 'dismissed')),
  code TEXT,
  why TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`);
  },
};
