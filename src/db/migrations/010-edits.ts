/**
 * Migration 010_edits: people's corrections of stored rows (charters fix), kept as a
 * history and applied on top of every later import of the same row (src/db/edits.ts).
 *
 * An edit names its row by what does not change when the file is imported again: the
 * file's path, the charter's year and the row's key (indicators.row_key: its service, its
 * printed dimension, description and formula, folded, and its order among rows that print
 * the same). `edit_applications` says which stored rows carry an edit and the value the
 * file gave them (what --undo puts back).
 */
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "010_edits",
  up(db) {
    db.exec(`
ALTER TABLE indicators ADD COLUMN row_key TEXT;
CREATE TABLE edits (
  id INTEGER PRIMARY KEY,
  source_path TEXT NOT NULL,
  source_path_bytes BLOB,
  year INTEGER,
  row_key TEXT NOT NULL,
  field TEXT NOT NULL,
  before TEXT,
  after TEXT,
  why TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- the row it was made on (indicators.id at the time)
  indicator_id INTEGER,
  undone_by TEXT,
  undone_at TEXT
);
CREATE INDEX edits_row ON edits(source_path, row_key);
CREATE TABLE edit_applications (
  edit_id INTEGER NOT NULL REFERENCES edits(id) ON DELETE CASCADE,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  -- the value the file gave the field, before the edit
  parsed TEXT,
  PRIMARY KEY (edit_id, indicator_id)
);
CREATE INDEX edit_applications_indicator ON edit_applications(indicator_id);
`);
  },
};
