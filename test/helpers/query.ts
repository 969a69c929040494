/** Rows of an SQL query on a database file, on a read-only connection closed at once. */
import Database from "better-sqlite3";

export function query(db: string, sql: string, ...params: unknown[]): Record<string, unknown>[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    d.close();
  }
}
