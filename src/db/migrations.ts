/**
 * Schema migrations: named functions applied in order (one file each in src/db/migrations/),
 * each recorded in the `migrations` table. src/db/open.ts applies the missing ones in one
 * write transaction (BEGIN IMMEDIATE, foreign keys off and checked before COMMIT); how to
 * add one: the comment at the top of src/db/views.ts. Views and the taxonomy's rows are not made here.
 */
import type Database from "better-sqlite3";
import { migration as initialSchema } from "./migrations/001-initial-schema.js";
import { migration as operations } from "./migrations/002-operations.js";
import { migration as aliases } from "./migrations/003-aliases.js";
import { migration as analysis } from "./migrations/004-analysis.js";
import { migration as analysisStale } from "./migrations/005-analysis-stale.js";
import { migration as ftsByBatch } from "./migrations/006-fts-by-batch.js";
import { migration as signatures } from "./migrations/007-signatures.js";
import { migration as measures } from "./migrations/008-measures.js";
import { migration as versions } from "./migrations/009-versions.js";
import { migration as edits } from "./migrations/010-edits.js";
import { migration as reviewDecisions } from "./migrations/011-review-decisions.js";
import { migration as issuerLabels } from "./migrations/012-issuer-labels.js";
import { migration as needsReview } from "./migrations/013-needs-review.js";
import { migration as ocrConfidence } from "./migrations/014-ocr-confidence.js";
import { migration as rowAcceptances } from "./migrations/015-row-acceptances.js";
import type { Migration } from "./migrations/migration.js";

export type { Migration };

/** In the order they are applied; a new one goes at the end (src/db/views.ts says how). */
export const MIGRATIONS: Migration[] = [
  initialSchema, operations, aliases, analysis, analysisStale, ftsByBatch, signatures,
  measures, versions, edits, reviewDecisions, issuerLabels, needsReview, ocrConfidence,
  rowAcceptances,
];

/** Apply the migrations this database lacks, in order; inside the caller's write transaction. */
export function migrate(db: Database.Database): string[] {
  db.exec("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  const done = new Set((db.prepare("SELECT name FROM migrations").all() as { name: string }[]).map((r) => r.name));
  const record = db.prepare("INSERT INTO migrations (name, applied_at) VALUES (?, ?)");
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.name)) continue;
    m.up(db);
    record.run(m.name, new Date().toISOString());
    applied.push(m.name);
  }
  return applied;
}
