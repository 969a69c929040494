/**
 * Migration 004_analysis: the analysts' tables: keys, indicator facts, findings, the
 * full-text index and its triggers, the docs table (src/db/analysis-schema.ts).
 */
import { createAnalysisTables } from "../analysis-schema.js";
import type { Migration } from "./migration.js";

export const migration: Migration = {
  name: "004_analysis",
  up: createAnalysisTables,
};
