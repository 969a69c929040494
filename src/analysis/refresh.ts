/**
 * The analysis after an import, in one transaction: indicator facts, what changed between
 * versions, keys and best files, then the checks. It reads and writes only the analysts' tables and is skipped
 * when neither the documents nor the rules changed since the last one.
 */
import type Database from "better-sqlite3";
import { DOCUMENT_CHECKS_VERSION } from "../checks/index.js";
import { refreshChecks, type ChecksSummary } from "./checks-pass.js";
import { FACTS_VERSION, refreshFacts } from "./facts.js";
import { refreshKeys, type KeysSummary } from "./keys-pass.js";
import { refreshVersions } from "./versions.js";

export interface AnalysisSummary {
  skipped: boolean;
  facts: number;
  /** Documents whose changes from their previous version were computed. */
  versions?: number;
  keys?: KeysSummary;
  checks?: ChecksSummary;
}

/** Bump when keys-pass.ts changes how keys or best files are chosen. */
const KEYS_VERSION = "2";

export function refreshAnalysis(db: Database.Database, opts: { force?: boolean } = {}): AnalysisSummary {
  return db
    .transaction((): AnalysisSummary => {
      const state = new Map((db.prepare("SELECT name, value FROM analysis_state").all() as { name: string; value: string }[]).map((r) => [r.name, r.value]));
      const docs = db.prepare("SELECT max(id) AS top, count(*) AS n FROM documents WHERE current = 1").get() as { top: number | null; n: number };
      const seen = { documents: `${docs.top ?? 0}:${docs.n}`, facts: FACTS_VERSION, keys: KEYS_VERSION, checks: DOCUMENT_CHECKS_VERSION };
      if (!opts.force && Object.entries(seen).every(([k, v]) => state.get(k) === v)) return { skipped: true, facts: 0 };
      const facts = refreshFacts(db, state.get("facts") !== FACTS_VERSION);
      const versions = refreshVersions(db);
      const keys = refreshKeys(db);
      const checks = refreshChecks(db);
      const save = db.prepare("INSERT INTO analysis_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value");
      for (const [k, v] of Object.entries(seen)) save.run(k, v);
      return { skipped: false, facts, versions, keys, checks };
    })
    .immediate();
}
