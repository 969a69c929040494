/**
 * Migration 008_measures: each indicator's target and achieved value in comparable form
 * (src/normalize/measure.ts: durations in days, working days apart, shares as fractions,
 * counts, money) and whether the achieved value met the target. Filled by the analysis
 * (src/analysis/facts.ts), which computes every row again when its version changes.
 */
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "008_measures",
  up(db) {
    db.exec(`
ALTER TABLE indicator_facts ADD COLUMN target_norm REAL;
ALTER TABLE indicator_facts ADD COLUMN target_norm_unit TEXT;
ALTER TABLE indicator_facts ADD COLUMN actual_norm REAL;
ALTER TABLE indicator_facts ADD COLUMN actual_norm_unit TEXT;
ALTER TABLE indicator_facts ADD COLUMN met INTEGER CHECK (met IN (0, 1));
DELETE FROM indicator_facts;
`);
  },
};
