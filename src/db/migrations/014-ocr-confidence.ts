/**
 * Migration 014_ocr_confidence: a row read by OCR from a scanned page keeps the engine's
 * mean confidence in its words (0..1) in `src_ocr`, beside the rest of its provenance
 * (src_page, bbox); null for a row read from text.
 */
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "014_ocr_confidence",
  up(db) {
    db.exec("ALTER TABLE indicators ADD COLUMN src_ocr REAL CHECK (src_ocr IS NULL OR (src_ocr >= 0 AND src_ocr <= 1));");
  },
};
