/** What the read-side commands share: the public views, a view's rows in a stable order, a read-only query's rows. */
import Database from "better-sqlite3";
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

/** Which rows of a view, which columns, in which order. */
export interface ViewQuery {
  /** An SQL condition the rows must meet. */
  where?: string;
  /** The columns to keep, in this order (default: all, in the view's order). */
  columns?: string[];
  /** Sort keys before the view's own order: "year", "year desc", "-year". */
  sort?: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A column of the view, or a usage error listing them. */
function columnOf(view: ViewDoc, name: string, option: string): string {
  const c = view.columns.find((x) => x.name === name.trim());
  if (!c) throw new UsageError(`${option}: ${JSON.stringify(name.trim())} is not a column of ${view.name} (columns: ${view.columns.map((x) => x.name).join(", ")})`);
  return c.name;
}

/** "year desc", "-year", "year asc", "year" as ORDER BY terms. */
function sortTerms(view: ViewDoc, sort: readonly string[]): string[] {
  return sort.map((s) => {
    const m = /^\s*(-?)\s*(.+?)(?:\s+(asc|desc))?\s*$/i.exec(s);
    if (!m) throw new UsageError(`--sort: ${JSON.stringify(s)} is not a column, "column desc" or "-column"`);
    const desc = m[1] === "-" || m[3]?.toLowerCase() === "desc";
    return `${quote(columnOf(view, m[2], "--sort"))}${desc ? " DESC" : ""}`;
  });
}

/** The rows of a view, in its stable order (after the sort asked for), filtered by an SQL condition, with the columns asked for. */
export function viewRows(db: Database.Database, view: ViewDoc, q: ViewQuery = {}): { columns: string[]; rows: IterableIterator<Row> } {
  const columns = q.columns?.length ? q.columns.map((c) => columnOf(view, c, "--columns")) : null;
  const order = [...sortTerms(view, q.sort ?? []), view.order].join(", ");
  const sql = `SELECT ${columns ? columns.map(quote).join(", ") : "*"} FROM "${view.name}"${q.where ? ` WHERE (${q.where})` : ""} ORDER BY ${order}`;
  let stmt;
  try {
    stmt = db.prepare(sql);
  } catch (e) {
    throw new UsageError(`bad --where ${JSON.stringify(q.where)}: ${(e as Error).message}`);
  }
  return { columns: stmt.columns().map((c) => c.name), rows: rowsOf(stmt, q.where) };
}

/**
 * The rows of one SQL query that only reads, on a connection opened read-only: a statement
 * that writes (INSERT, UPDATE, DELETE, DROP, ATTACH, a PRAGMA that sets) is refused before
 * it runs. The caller closes the connection when the rows are read.
 */
export function queryRows(path: string, sql: string): { columns: string[]; rows: IterableIterator<Row>; close: () => void } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    let stmt;
    try {
      stmt = db.prepare(sql);
    } catch (e) {
      throw new UsageError(`bad --sql: ${(e as Error).message}`);
    }
    if (!stmt.readonly || !stmt.reader) throw new UsageError("--sql runs one query that reads (SELECT, WITH ... SELECT): the database is opened read-only");
    return { columns: stmt.columns().map((c) => c.name), rows: stmt.iterate() as IterableIterator<Row>, close: () => db.close() };
  } catch (e) {
    db.close();
    throw e;
  }
}
