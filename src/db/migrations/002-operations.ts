/**
 * Migration 002_operations: a run can fail (with its reason) and says which process ran
 * it and its whole summary; paths that are not UTF-8 keep their bytes; documents whose
 * file is gone are retired; a failure remembers the parsers that gave up on it; a run's
 * failures say which were known before.
 */
import type { Migration } from "./migration.js";

const OPERATIONS = `
CREATE TABLE runs_new (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
  args TEXT NOT NULL CHECK (json_valid(args)),
  workers INTEGER,
  files INTEGER, new INTEGER, updated INTEGER, unchanged INTEGER, duplicate INTEGER, failed INTEGER,
  seconds REAL,
  pid INTEGER,
  host TEXT,
  -- why the run failed or was interrupted
  error TEXT,
  -- the run's whole summary (the CLI's JSON summary line)
  summary TEXT CHECK (summary IS NULL OR json_valid(summary))
);
INSERT INTO runs_new (id, started_at, finished_at, status, args, workers, files, new, updated, unchanged, duplicate, failed, seconds)
  SELECT id, started_at, finished_at, status, args, workers, files, new, updated, unchanged, duplicate, failed, seconds FROM runs;
DROP TABLE runs;
ALTER TABLE runs_new RENAME TO runs;
ALTER TABLE run_failures ADD COLUMN known INTEGER NOT NULL DEFAULT 0 CHECK (known IN (0, 1));
-- the path's exact bytes where they are not UTF-8 (source_path then shows them as \\xHH)
ALTER TABLE documents ADD COLUMN source_path_bytes BLOB;
-- when --prune found the file gone
ALTER TABLE documents ADD COLUMN retired_at TEXT;
-- for a failure: the parsers and versions that gave up on it; other versions try again
ALTER TABLE documents ADD COLUMN parsers TEXT;
DROP INDEX documents_current_path;
CREATE UNIQUE INDEX documents_current_path ON documents(source_path, coalesce(source_path_bytes, x'')) WHERE current = 1;
-- failures recorded before: parsed again once by the parsers of today
UPDATE documents SET parsers = '(before 002_operations)' WHERE status = 'failure';
`;

export const migration: Migration = {
  name: "002_operations",
  up(db) {
    db.exec(OPERATIONS);
  },
};
