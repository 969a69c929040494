/**
 * What each indicator's own text says, stored in indicator_facts: the comparators its
 * target and achieved value state and the better direction. Computed for the rows that
 * have none yet; all again when FACTS_VERSION changes (the direction data changed).
 */
import type Database from "better-sqlite3";
import type { Unit } from "../model/schema.js";
import { comparatorOf } from "../normalize/comparator.js";
import { betterDirection } from "../normalize/direction.js";

/** Bump when comparator.ts, direction.ts or direction-cues.ts change what they decide. */
export const FACTS_VERSION = "1";

interface Row {
  id: number;
  description: string | null;
  formula: string | null;
  target_raw: string | null;
  target_unit: Unit | null;
  actual_raw: string | null;
  actual_unit: Unit | null;
}

/** Fill indicator_facts for every indicator without a row; returns how many were written. */
export function refreshFacts(db: Database.Database, all: boolean): number {
  if (all) db.exec("DELETE FROM indicator_facts");
  const rows = db
    .prepare(`SELECT i.id, i.description, i.formula, i.target_raw, i.target_unit, i.actual_raw, i.actual_unit FROM indicators i
      WHERE NOT EXISTS (SELECT 1 FROM indicator_facts f WHERE f.indicator_id = i.id)`)
    .all() as Row[];
  const insert = db.prepare("INSERT INTO indicator_facts (indicator_id, target_comparator, actual_comparator, better, better_reason) VALUES (?, ?, ?, ?, ?)");
  for (const r of rows) {
    const target = comparatorOf(r.target_raw);
    const d = betterDirection({ description: r.description, formula: r.formula, unit: r.target_unit ?? r.actual_unit, comparator: target });
    insert.run(r.id, target, comparatorOf(r.actual_raw), d.better, d.reason);
  }
  return rows.length;
}
