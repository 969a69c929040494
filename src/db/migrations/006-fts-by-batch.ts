/**
 * Migration 006_fts_by_batch: the full-text index of new rows is written by the writer, once
 * per batch of documents (documentIndexer in src/db/analysis-schema.ts), not by a trigger per row.
 */
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "006_fts_by_batch",
  up(db) {
    db.exec("DROP TRIGGER IF EXISTS indicators_fts_insert; DROP TRIGGER IF EXISTS services_fts_insert;");
  },
};
