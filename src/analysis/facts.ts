/**
 * What each indicator's own text says, stored in indicator_facts: the comparators its
 * target and achieved value state, the better direction, both values in comparable form
 * (src/normalize/measure.ts) and whether the achieved value met the target. Computed for
 * the rows that have none yet; all again when FACTS_VERSION changes (the direction data
 * or the measures changed).
 */
import type Database from "better-sqlite3";
import type { Unit } from "../model/schema.js";
import { comparatorOf } from "../normalize/comparator.js";
import { betterDirection } from "../normalize/direction.js";
import { measureOf, metTarget } from "../normalize/measure.js";

/** Bump when comparator.ts, direction.ts, direction-cues.ts or measure.ts change what they decide. */
export const FACTS_VERSION = "2";

interface Row {
  id: number;
  description: string | null;
  formula: string | null;
  target_raw: string | null;
  target_value: number | null;
  target_unit: Unit | null;
  actual_raw: string | null;
  actual_value: number | null;
  actual_unit: Unit | null;
}

/** Fill indicator_facts for every indicator without a row; returns how many were written. */
export function refreshFacts(db: Database.Database, all: boolean): number {
  if (all) db.exec("DELETE FROM indicator_facts");
  const rows = db
    .prepare(`SELECT i.id, i.description, i.formula, i.target_raw, i.target_value, i.target_unit, i.actual_raw, i.actual_value, i.actual_unit FROM indicators i
      WHERE NOT EXISTS (SELECT 1 FROM indicator_facts f WHERE f.indicator_id = i.id)`)
    .all() as Row[];
  const insert = db.prepare(`INSERT INTO indicator_facts
    (indicator_id, target_comparator, actual_comparator, better, better_reason, target_norm, target_norm_unit, actual_norm, actual_norm_unit, met)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const r of rows) {
    const comparator = comparatorOf(r.target_raw);
    const d = betterDirection({ description: r.description, formula: r.formula, unit: r.target_unit ?? r.actual_unit, comparator });
    const target = measureOf(r.target_value, r.target_unit, r.target_raw);
    const actual = measureOf(r.actual_value, r.actual_unit, r.actual_raw);
    const met = metTarget({ ...r, better: d.better, comparator });
    insert.run(r.id, comparator, comparatorOf(r.actual_raw), d.better, d.reason, target.value, target.unit, actual.value, actual.unit, met === null ? null : met ? 1 : 0);
  }
  return rows.length;
}
