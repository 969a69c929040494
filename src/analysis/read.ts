/** What the read-side commands share: the public views, and a view's rows in a stable order. */
import type Database from "better-sqlite3";
import { VIEW_DOCS, viewDoc, type ViewDoc } from "../db/docs.js";
import { UsageError } from "../pipeline/import.js";

/** The documentation of a public view, or a usage error listing them. */
export function publicView(name: string): ViewDoc {
  const v = viewDoc(name);
  if (!v) throw new UsageError(`unknown view ${JSON.stringify(name)}: one of ${VIEW_DOCS.map((d) => d.name).join(", ")}`);
  return v;
}

export type Row = Record<string, unknown>;

/** An SQL error of the statement itself (syntax, a function refused or failing, an overflow), not of the database file. */
export const isSqlError = (e: unknown): boolean => (e as { code?: unknown })?.code === "SQLITE_ERROR";

/**
 * The statement's rows, stepped through only once they are asked for (the connection is not
 * busy before: an output that cannot be opened fails cleanly); an SQL error met while
 * stepping (load_extension refused, an overflow) a usage error of --where.
 */
function* rowsOf(stmt: Database.Statement, where: string | undefined): Generator<Row> {
  try {
    yield* stmt.iterate() as IterableIterator<Row>;
  } catch (e) {
    throw where && isSqlError(e) ? new UsageError(`bad --where ${JSON.stringify(where)}: ${(e as Error).message}`) : e;
  }
}

/** The rows of a view, in its stable order, optionally filtered by an SQL condition. */
export function viewRows(db: Database.Database, view: ViewDoc, where?: string): { columns: string[]; rows: IterableIterator<Row> } {
  const sql = `SELECT * FROM "${view.name}"${where ? ` WHERE (${where})` : ""} ORDER BY ${view.order}`;
  let stmt;
  try {
    stmt = db.prepare(sql);
  } catch (e) {
    throw new UsageError(`bad --where ${JSON.stringify(where)}: ${(e as Error).message}`);
  }
  return { columns: stmt.columns().map((c) => c.name), rows: rowsOf(stmt, where) };
}
