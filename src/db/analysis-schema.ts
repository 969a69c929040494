/**
 * The analysts' tables: keys (which files publish one charter, which services are one
 * across years), facts derived from each indicator (comparators, the better direction),
 * the checks' findings, the full-text index and the documentation of every public
 * column. Filled by src/analysis/refresh.ts after each import. The full-text index is
 * kept in step in the transaction of each batch of writes: the writer indexes the rows
 * of the documents it inserted at the end of the batch (indexDocuments, one statement
 * per table for the whole batch: a trigger per row cost four times the rest of the
 * write), and triggers follow rows changed or deleted in place.
 */
import type Database from "better-sqlite3";

const FTS_TOKENIZER = "unicode61 remove_diacritics 2";

/** Columns of the full-text index over indicators (rowid = indicators.id) and over services (rowid = services.id). */
const INDICATOR_FTS_COLUMNS = ["service_name", "service_description", "description", "formula", "notes", "activity", "explanation"] as const;
const SERVICE_FTS_COLUMNS = ["name", "description", "delivery_mode", "users"] as const;

const indicatorFtsRow = (ref: "new") =>
  `SELECT ${ref}.id, s.name, s.description, ${ref}.description, ${ref}.formula, ${ref}.notes, ${ref}.activity, ${ref}.explanation FROM services s WHERE s.id = ${ref}.service_id`;

export const ANALYSIS_TABLES = `
-- Every spelling of an issuer or a service name met, and the key it was given (src/keys/resolver.ts).
CREATE TABLE key_variants (
  kind TEXT NOT NULL CHECK (kind IN ('issuer', 'service')),
  scope TEXT NOT NULL,
  fold TEXT NOT NULL,
  key TEXT NOT NULL,
  how TEXT NOT NULL CHECK (how IN ('first', 'typo', 'manual')),
  seen_at TEXT NOT NULL,
  PRIMARY KEY (kind, scope, fold)
);
-- Per current document: its issuer's key, its charter's key, and whether it is the charter's best file.
CREATE TABLE document_keys (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  issuer_key TEXT,
  issuer_inferred INTEGER NOT NULL CHECK (issuer_inferred IN (0, 1)),
  charter_key TEXT NOT NULL,
  best INTEGER NOT NULL CHECK (best IN (0, 1)),
  confidence REAL
);
CREATE INDEX document_keys_charter ON document_keys(charter_key);
CREATE TABLE service_keys (
  service_id INTEGER PRIMARY KEY REFERENCES services(id) ON DELETE CASCADE,
  service_key TEXT NOT NULL,
  matched_by TEXT NOT NULL CHECK (matched_by IN ('name', 'indicators', 'none'))
);
CREATE INDEX service_keys_key ON service_keys(service_key);
-- What each indicator's own text says: the comparators its values state, the better direction.
CREATE TABLE indicator_facts (
  indicator_id INTEGER PRIMARY KEY REFERENCES indicators(id) ON DELETE CASCADE,
  target_comparator TEXT,
  actual_comparator TEXT,
  better TEXT CHECK (better IN ('higher', 'lower')),
  better_reason TEXT
);
-- The checks' findings (src/checks/): document rules per document, corpus rules across documents.
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  check_name TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('document', 'corpus')),
  severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
  indicator_id INTEGER REFERENCES indicators(id) ON DELETE CASCADE,
  related_indicator_id INTEGER REFERENCES indicators(id) ON DELETE CASCADE,
  field TEXT,
  value TEXT,
  message TEXT NOT NULL
);
CREATE INDEX findings_document ON findings(document_id);
CREATE INDEX findings_indicator ON findings(indicator_id);
CREATE INDEX findings_related ON findings(related_indicator_id);
-- Which document rules (names and versions) each document was checked with.
CREATE TABLE checked_documents (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  version TEXT NOT NULL
);
-- What the last analysis saw (documents, rule versions), so a run that changed nothing skips it.
CREATE TABLE analysis_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
-- The documentation of every public view and column (src/db/docs.ts), for charters metadata and export.
CREATE TABLE docs (
  object TEXT NOT NULL,
  column_name TEXT NOT NULL,
  position INTEGER NOT NULL,
  type TEXT,
  unit TEXT,
  description TEXT NOT NULL,
  PRIMARY KEY (object, column_name)
);
CREATE VIRTUAL TABLE indicators_fts USING fts5(${INDICATOR_FTS_COLUMNS.join(", ")}, tokenize = '${FTS_TOKENIZER}');
CREATE VIRTUAL TABLE services_fts USING fts5(${SERVICE_FTS_COLUMNS.join(", ")}, tokenize = '${FTS_TOKENIZER}');
CREATE TRIGGER indicators_fts_insert AFTER INSERT ON indicators BEGIN
  INSERT INTO indicators_fts (rowid, ${INDICATOR_FTS_COLUMNS.join(", ")}) ${indicatorFtsRow("new")};
END;
CREATE TRIGGER indicators_fts_delete AFTER DELETE ON indicators BEGIN
  DELETE FROM indicators_fts WHERE rowid = old.id;
END;
CREATE TRIGGER indicators_fts_update AFTER UPDATE ON indicators BEGIN
  DELETE FROM indicators_fts WHERE rowid = old.id;
  INSERT INTO indicators_fts (rowid, ${INDICATOR_FTS_COLUMNS.join(", ")}) ${indicatorFtsRow("new")};
END;
CREATE TRIGGER services_fts_insert AFTER INSERT ON services BEGIN
  INSERT INTO services_fts (rowid, ${SERVICE_FTS_COLUMNS.join(", ")}) VALUES (new.id, new.name, new.description, new.delivery_mode, new.users);
END;
CREATE TRIGGER services_fts_delete AFTER DELETE ON services BEGIN
  DELETE FROM services_fts WHERE rowid = old.id;
END;
CREATE TRIGGER services_fts_update AFTER UPDATE ON services BEGIN
  DELETE FROM services_fts WHERE rowid = old.id;
  INSERT INTO services_fts (rowid, ${SERVICE_FTS_COLUMNS.join(", ")}) VALUES (new.id, new.name, new.description, new.delivery_mode, new.users);
  UPDATE indicators_fts SET service_name = new.name, service_description = new.description
    WHERE rowid IN (SELECT id FROM indicators WHERE service_id = new.id);
END;
`;

/** Of the documents of a batch (their ids as a JSON array), those still current at its end: a version superseded within the batch is not indexed. */
const CURRENT_OF_BATCH = "(SELECT d.id FROM documents d WHERE d.id IN (SELECT value FROM json_each(?)) AND d.current = 1)";

/** The full-text rows of the services and indicators of some documents, to insert. */
const ftsOfDocuments = {
  services: `INSERT INTO services_fts (rowid, ${SERVICE_FTS_COLUMNS.join(", ")})
    SELECT id, name, description, delivery_mode, users FROM services WHERE document_id IN ${CURRENT_OF_BATCH}`,
  indicators: `INSERT INTO indicators_fts (rowid, ${INDICATOR_FTS_COLUMNS.join(", ")})
    SELECT i.id, s.name, s.description, i.description, i.formula, i.notes, i.activity, i.explanation
    FROM services s JOIN indicators i ON i.service_id = s.id WHERE s.document_id IN ${CURRENT_OF_BATCH}`,
};

/** Index the services and indicators of newly inserted documents (none of their rows indexed yet); inside the writer's transaction. */
export function documentIndexer(db: Database.Database): (documentIds: readonly number[]) => void {
  const services = db.prepare(ftsOfDocuments.services);
  const indicators = db.prepare(ftsOfDocuments.indicators);
  return (ids) => {
    if (ids.length === 0) return;
    const json = JSON.stringify(ids);
    services.run(json);
    indicators.run(json);
  };
}

/** The migration: the tables above, and the full-text index filled from the rows already there. */
export function createAnalysisTables(db: Database.Database): void {
  db.exec(ANALYSIS_TABLES);
  db.exec(`INSERT INTO services_fts (rowid, ${SERVICE_FTS_COLUMNS.join(", ")}) SELECT id, name, description, delivery_mode, users FROM services`);
  db.exec(`INSERT INTO indicators_fts (rowid, ${INDICATOR_FTS_COLUMNS.join(", ")})
    SELECT i.id, s.name, s.description, i.description, i.formula, i.notes, i.activity, i.explanation FROM indicators i JOIN services s ON s.id = i.service_id`);
}

/**
 * Rows changed in place (charters alias re-normalizes stored dimensions and sub-dimensions
 * without a re-import) make the analysis stale: their facts are dropped, their document is
 * checked again and the next refresh is not skipped.
 */
export const ANALYSIS_STALE_TRIGGERS = `
CREATE TRIGGER analysis_stale_indicator AFTER UPDATE ON indicators BEGIN
  DELETE FROM indicator_facts WHERE indicator_id = old.id;
  DELETE FROM checked_documents WHERE document_id IN (SELECT document_id FROM services WHERE id = old.service_id);
  DELETE FROM analysis_state WHERE name = 'documents';
END;
CREATE TRIGGER analysis_stale_dimensions AFTER DELETE ON indicator_dimensions BEGIN
  DELETE FROM checked_documents WHERE document_id IN
    (SELECT s.document_id FROM indicators i JOIN services s ON s.id = i.service_id WHERE i.id = old.indicator_id);
  DELETE FROM analysis_state WHERE name = 'documents';
END;
`;
