/**
 * The taxonomy tables (dimensions, subdimensions) follow src/normalize/taxonomy.ts: upserted
 * on every open, in the schema transaction, so a code added to the taxonomy reaches existing
 * databases before any row refers to it. A code removed from the taxonomy stays in the table
 * (older rows may still refer to it).
 */
import type Database from "better-sqlite3";
import { DIMENSIONS, SUBDIMENSIONS } from "../normalize/taxonomy.js";

export function seedTaxonomy(db: Database.Database): void {
  const dim = db.prepare(`INSERT INTO dimensions (code, label, additional, position) VALUES (?, ?, ?, ?)
    ON CONFLICT (code) DO UPDATE SET label = excluded.label, additional = excluded.additional, position = excluded.position`);
  for (const d of DIMENSIONS) dim.run(d.code, d.label, d.additional ? 1 : 0, d.order);
  const sub = db.prepare(`INSERT INTO subdimensions (code, dimension_code, label) VALUES (?, ?, ?)
    ON CONFLICT (code) DO UPDATE SET dimension_code = excluded.dimension_code, label = excluded.label`);
  for (const s of SUBDIMENSIONS) sub.run(s.code, s.dimension, s.label);
}
