/** Migration 005_analysis_stale: rows changed in place (charters alias) make the analysis stale (src/db/analysis-schema.ts). */
import { ANALYSIS_STALE_TRIGGERS } from "../analysis-schema.js";
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "005_analysis_stale",
  up(db) {
    db.exec(ANALYSIS_STALE_TRIGGERS);
  },
};
