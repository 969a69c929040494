/**
 * Migration 007_signatures: a document read out of a signed envelope (.p7m) keeps its
 * signatures as a JSON array (layer, signer, organization, signing_time, time_source,
 * check); null for a file that came unsigned.
 */
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "007_signatures",
  up(db) {
    db.exec("ALTER TABLE documents ADD COLUMN signatures TEXT CHECK (signatures IS NULL OR json_valid(signatures));");
  },
};
