/**
 * Schema migrations: named functions applied in order, each recorded in the `migrations`
 * table. src/db/open.ts applies the missing ones in one write transaction (BEGIN
 * IMMEDIATE, foreign keys off and checked before COMMIT); how to add one: the comment at
 * the top of src/db/views.ts. Views and the taxonomy's rows are not made here.
 */
import type Database from "better-sqlite3";
import { ANALYSIS_STALE_TRIGGERS, createAnalysisTables } from "./analysis-schema.js";

export interface Migration {
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: Migration[] = [
  {
    name: "001_initial_schema",
    up(db) {
      db.exec(`
CREATE TABLE dimensions (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  additional INTEGER NOT NULL CHECK (additional IN (0, 1)),
  position INTEGER NOT NULL
);
CREATE TABLE subdimensions (
  code TEXT PRIMARY KEY,
  dimension_code TEXT NOT NULL REFERENCES dimensions(code),
  label TEXT NOT NULL
);
-- Every import run, with its counts; its failures in run_failures.
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted')),
  args TEXT NOT NULL CHECK (json_valid(args)),
  workers INTEGER,
  files INTEGER, new INTEGER, updated INTEGER, unchanged INTEGER, duplicate INTEGER, failed INTEGER,
  seconds REAL
);
CREATE TABLE run_failures (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  source_path TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX run_failures_run ON run_failures(run_id);
-- One row per version of an imported file (and per failed or duplicate one): the document and its outcome.
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  source_path TEXT NOT NULL,
  format TEXT,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER,
  status TEXT NOT NULL CHECK (status IN ('success', 'partial', 'failure', 'duplicate')),
  error TEXT,
  -- for a duplicate: the current document with the same content under another path
  duplicate_of INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  run_id INTEGER REFERENCES runs(id),
  parser TEXT,
  parser_version TEXT,
  current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),
  kind TEXT CHECK (kind IN ('standards', 'results')),
  issuer TEXT, title TEXT, year INTEGER, office TEXT, signatory TEXT,
  imported_at TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
CREATE UNIQUE INDEX documents_current_path ON documents(source_path) WHERE current = 1;
CREATE INDEX documents_sha ON documents(sha256);
CREATE TABLE services (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT, description TEXT, delivery_mode TEXT, users TEXT, complaint_authority TEXT,
  urls TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(urls)),
  sheet TEXT, page INTEGER
);
CREATE INDEX services_document ON services(document_id);
CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  dimension_raw TEXT,
  subdimension TEXT REFERENCES subdimensions(code),
  subdimension_raw TEXT,
  description TEXT, formula TEXT,
  target_raw TEXT, target_value REAL, target_unit TEXT,
  actual_raw TEXT, actual_value REAL, actual_unit TEXT,
  notes TEXT, activity TEXT, explanation TEXT,
  placeholder INTEGER NOT NULL CHECK (placeholder IN (0, 1)),
  confidence REAL NOT NULL,
  -- provenance: where the row was read
  src_sheet TEXT, src_page INTEGER, src_row INTEGER, src_line INTEGER,
  bbox TEXT CHECK (bbox IS NULL OR json_valid(bbox)),
  parser TEXT NOT NULL, parser_version TEXT NOT NULL
);
CREATE INDEX indicators_service ON indicators(service_id);
CREATE TABLE indicator_dimensions (
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  code TEXT NOT NULL REFERENCES dimensions(code),
  PRIMARY KEY (indicator_id, position)
);
CREATE INDEX indicator_dimensions_code ON indicator_dimensions(code);
CREATE TABLE actions (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT,
  PRIMARY KEY (document_id, position)
);
-- Labels and values the normalizer could not place, with where they were seen.
CREATE TABLE review (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  reason TEXT NOT NULL,
  src_sheet TEXT, src_page INTEGER, src_row INTEGER, src_line INTEGER
);
CREATE INDEX review_document ON review(document_id);
`);
    },
  },
  {
    // Operations: a run can fail (with its reason) and says which process ran it and its
    // whole summary; paths that are not UTF-8 keep their bytes; documents whose file is gone
    // are retired; a failure remembers the parsers that gave up on it; a run's failures say
    // which were known before.
    name: "002_operations",
    up(db) {
      db.exec(`
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
`);
    },
  },
  {
    name: "003_aliases",
    up(db) {
      db.exec(`
-- A person's decisions that a label the taxonomy does not know stands for one of its codes
-- (charters alias): they extend the vocabulary for every later import, and the stored rows
-- that carry a dimension or sub-dimension label are re-normalized when one is made.
CREATE TABLE aliases (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('dimension', 'subdimension', 'header', 'service-label')),
  label TEXT NOT NULL,
  -- the label folded (case, accents, punctuation) as the normalizer matches it
  label_key TEXT NOT NULL,
  code TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (kind, label_key)
);
`);
    },
  },
  {
    // The analysts' tables: keys, indicator facts, findings, the full-text index and its
    // triggers, the docs table (src/db/analysis-schema.ts).
    name: "004_analysis",
    up: createAnalysisTables,
  },
  {
    // Rows changed in place (charters alias) make the analysis stale (src/db/analysis-schema.ts).
    name: "005_analysis_stale",
    up(db) {
      db.exec(ANALYSIS_STALE_TRIGGERS);
    },
  },
  {
    // The full-text index of new rows is written by the writer, once per batch of documents
    // (documentIndexer in src/db/analysis-schema.ts), not by a trigger per row.
    name: "006_fts_by_batch",
    up(db) {
      db.exec("DROP TRIGGER IF EXISTS indicators_fts_insert; DROP TRIGGER IF EXISTS services_fts_insert;");
    },
  },
  {
    // A document read out of a signed envelope (.p7m): its signatures as a JSON array (signer,
    // organization, signing_time, time_source, check, layer); null for a file that came unsigned.
    name: "007_signatures",
    up(db) {
      db.exec("ALTER TABLE documents ADD COLUMN signatures TEXT CHECK (signatures IS NULL OR json_valid(signatures));");
    },
  },
];

/** Apply the migrations this database lacks, in order; inside the caller's write transaction. */
export function migrate(db: Database.Database): string[] {
  db.exec("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  const done = new Set((db.prepare("SELECT name FROM migrations").all() as { name: string }[]).map((r) => r.name));
  const record = db.prepare("INSERT INTO migrations (name, applied_at) VALUES (?, ?)");
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.name)) continue;
    m.up(db);
    record.run(m.name, new Date().toISOString());
    applied.push(m.name);
  }
  return applied;
}
