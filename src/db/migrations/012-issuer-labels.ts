/**
 * Migration 012_issuer_labels: one display spelling per issuer key ("Comune di Esempio"
 * for "COMUNE DI ESEMPIO", "Comune di  Esempio"), chosen by the analysis
 * (src/analysis/keys-pass.ts) and shown as issuer_label in the views; `issuer` stays as printed.
 */
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "012_issuer_labels",
  up(db) {
    db.exec("CREATE TABLE issuer_labels (issuer_key TEXT PRIMARY KEY, label TEXT NOT NULL);");
  },
};
