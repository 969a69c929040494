/**
 * `charters search`: the full-text index (FTS5, unicode61 with diacritics removed, so
 * "qualita" finds "qualità") over service names and descriptions, indicator descriptions,
 * formulas, notes and the results reports' text columns. The words of a query must all
 * appear (each as typed, quoted the way Datasette quotes its search box), unless `raw`
 * passes FTS5's own syntax (OR, NEAR, prefix*, column:word).
 */
import type Database from "better-sqlite3";
import { UsageError } from "../pipeline/import.js";
import { isSqlError, type Row } from "./read.js";

export interface SearchOptions {
  query: string;
  /** FTS5 query syntax instead of plain words. */
  raw?: boolean;
  /** Only each charter's best file (v_indicators_best). */
  best?: boolean;
  limit?: number;
}

export const SEARCH_COLUMNS = ["indicator_id", "issuer", "year", "service_name", "dimension", "description", "formula", "target_raw", "source_path", "snippet"] as const;

/** Plain words as an FTS5 query: each word quoted, so that punctuation and operators are only text. */
export function ftsQuery(query: string): string {
  const words = query.match(/"[^"]*"|[^\s"]+/g) ?? [];
  return words
    .map((w) => w.replace(/^"|"$/g, ""))
    .filter((w) => w.trim() !== "")
    .map((w) => `"${w.replace(/"/g, '""')}"`)
    .join(" ");
}

export function searchIndicators(db: Database.Database, opts: SearchOptions): { columns: string[]; rows: Row[] } {
  const match = opts.raw ? opts.query : ftsQuery(opts.query);
  if (match.trim() === "") throw new UsageError("the search query is empty");
  const view = opts.best ? "v_indicators_best" : "v_indicators";
  const sql = `SELECT ${SEARCH_COLUMNS.filter((c) => c !== "snippet").map((c) => `v.${c}`).join(", ")},
      snippet(indicators_fts, -1, '[', ']', '…', 10) AS snippet, bm25(indicators_fts) AS rank
    FROM indicators_fts JOIN ${view} v ON v.indicator_id = indicators_fts.rowid
    WHERE indicators_fts MATCH ? ORDER BY rank, v.indicator_id LIMIT ?`;
  try {
    const rows = db.prepare(sql).all(match, opts.limit ?? 50) as Row[];
    return { columns: [...SEARCH_COLUMNS], rows };
  } catch (e) {
    // The statement is fixed: an SQL error is the query's (an unterminated ", a bare *, no such column).
    if (isSqlError(e)) throw new UsageError(`bad search query ${JSON.stringify(opts.query)}: ${(e as Error).message}`);
    throw e;
  }
}
