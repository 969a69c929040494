/**
 * Migration 015_row_acceptances: a person's acceptance of an indicator row (charters review
 * --rows --accept, or accepting the row's item of the review queue), kept so that it
 * outlives the stored row: the file imported again, or read again after a change, brings
 * the row back accepted where it reads the same.
 *
 * An acceptance names its row as an edit does (src/db/migrations/010-edits.ts: the file's
 * path, the charter's year, the row's key) and adds what the person saw: a fingerprint of
 * the row's printed cells (src/db/acceptances.ts). A row read otherwise is a row nobody
 * looked at, and needs review again.
 */
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "015_row_acceptances",
  up(db) {
    db.exec(`
CREATE TABLE row_acceptances (
  id INTEGER PRIMARY KEY,
  source_path TEXT NOT NULL,
  source_path_bytes BLOB,
  year INTEGER,
  row_key TEXT NOT NULL,
  -- the row's printed cells when it was accepted (sha1 of their JSON)
  cells TEXT NOT NULL,
  accepted_by TEXT NOT NULL,
  accepted_at TEXT NOT NULL,
  -- the row it was made on (indicators.id at the time)
  indicator_id INTEGER
);
CREATE INDEX row_acceptances_row ON row_acceptances(source_path, row_key);
`);
  },
};
