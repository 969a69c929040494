/**
 * Migration 009_versions: a path's documents are versions, never lost.
 *
 * `head` = 1 marks what a path holds now (the record the next import compares the file
 * with: at most one per path); `current` = 1 marks the documents whose data the views show.
 * New content at a known path whose charter is another (another year, issuer or kind) is
 * a new charter: the earlier one stays current for its year, no longer head. New content of
 * the same charter (a corrected republish) supersedes the earlier version: current = 0,
 * `superseded_by` the new document, its data kept (v_charter_versions). What changed from
 * one version to the next is in `document_changes` (src/analysis/versions.ts).
 *
 * Before this migration a path had one current document and replaced versions lost their
 * data: those rows stay as they are (current = 0, head = 0).
 */
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "009_versions",
  up(db) {
    db.exec(`
ALTER TABLE documents ADD COLUMN head INTEGER NOT NULL DEFAULT 0 CHECK (head IN (0, 1));
ALTER TABLE documents ADD COLUMN superseded_by INTEGER REFERENCES documents(id) ON DELETE SET NULL;
ALTER TABLE documents ADD COLUMN superseded_at TEXT;
UPDATE documents SET head = current;
DROP INDEX documents_current_path;
CREATE UNIQUE INDEX documents_head_path ON documents(source_path, coalesce(source_path_bytes, x'')) WHERE head = 1;
CREATE INDEX documents_path ON documents(source_path);
CREATE INDEX documents_superseded_by ON documents(superseded_by);
-- What changed from a document's previous version (the one it superseded) to it.
CREATE TABLE document_changes (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  previous_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  rows_added INTEGER NOT NULL,
  rows_removed INTEGER NOT NULL,
  values_changed INTEGER NOT NULL,
  -- each change: {"change": "added"|"removed"|"changed", "service", "description", "field", "before", "after"}
  changes TEXT NOT NULL CHECK (json_valid(changes))
);
`);
  },
};
