/**
 * Migration 003_aliases: People's decisions on labels (charters alias).
 */
import type { Migration } from "./migration.js";

const ALIASES = `
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
`;

export const migration: Migration = {
  name: "003_aliases",
  up(db) {
    db.exec(ALIASES);
  },
};
