/**
 * The `aliases` table: people's label decisions, with who made them and when.
 * Reading and writing only; what an alias does to stored rows is src/review/.
 */
import type Database from "better-sqlite3";
import { labelKey } from "../normalize/text.js";
import type { Alias, AliasKind } from "../normalize/aliases.js";

export interface StoredAlias extends Alias {
  created_by: string;
  created_at: string;
}

/** Every alias, by kind and label. */
export function readAliases(db: Database.Database): StoredAlias[] {
  return db.prepare("SELECT kind, label, code, created_by, created_at FROM aliases ORDER BY kind, label_key").all() as StoredAlias[];
}

/** The alias recorded for a label (matched folded), if any. */
export function findAlias(db: Database.Database, kind: AliasKind, label: string): StoredAlias | undefined {
  return db
    .prepare("SELECT kind, label, code, created_by, created_at FROM aliases WHERE kind = ? AND label_key = ?")
    .get(kind, labelKey(label)) as StoredAlias | undefined;
}

/** Record an alias, replacing the decision for the same folded label. */
export function writeAlias(db: Database.Database, a: StoredAlias): void {
  db.prepare(
    `INSERT INTO aliases (kind, label, label_key, code, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (kind, label_key) DO UPDATE SET label = excluded.label, code = excluded.code,
       created_by = excluded.created_by, created_at = excluded.created_at`,
  ).run(a.kind, a.label, labelKey(a.label), a.code, a.created_by, a.created_at);
}

export function deleteAlias(db: Database.Database, kind: AliasKind, label: string): boolean {
  return db.prepare("DELETE FROM aliases WHERE kind = ? AND label_key = ?").run(kind, labelKey(label)).changes > 0;
}
