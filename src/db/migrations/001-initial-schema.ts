/**
 * Migration 001_initial_schema: the taxonomy's tables, runs and their failures, documents,
 * services, indicators with their provenance, dimensions per indicator, actions of
 * results reports, the review table.
 */
import type { Migration } from "./migration.js";

const INITIAL_SCHEMA = `
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
`;

export const migration: Migration = {
  name: "001_initial_schema",
  up(db) {
    db.exec(INITIAL_SCHEMA);
  },
};
