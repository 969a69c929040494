/**
 * `charters search`: the full-text index (FTS5, unicode61 with diacritics removed, so
 * "qualita" finds "qualità") over service names and descriptions, indicator descriptions,
 * formulas, notes and the results reports' text columns.
 *
 * Words match their Italian variants: each word of a query is folded (case, accents) and
 * cut to its stem by the Italian Porter stemmer (natural), and the stem is searched as a
 * prefix, so "reclamo" finds "reclami" and "reclamo" ("reclam*"), "pratica" finds
 * "pratiche". A stem shorter than three letters, and a "quoted phrase", are searched as
 * typed. Every word must appear. `raw` passes FTS5's own syntax (OR, NEAR, prefix*,
 * column:word) as it is.
 *
 * One hit per charter: the same row found in several files of one charter (its xlsx, its
 * PDF, its scraped text) is listed once, from the charter's best file where that has it,
 * with how many files hold it; `everyFile` lists each file's row.
 */
import type Database from "better-sqlite3";
import { stemIt } from "../normalize/fuzzy.js";
import { UsageError } from "../pipeline/import.js";
import { isSqlError, type Row } from "./read.js";

export interface SearchOptions {
  query: string;
  /** FTS5 query syntax instead of plain words. */
  raw?: boolean;
  /** Only each charter's best file (v_indicators_best). */
  best?: boolean;
  /** Every file's row, not one per charter. */
  everyFile?: boolean;
  /** Words as typed, not their stems. */
  exact?: boolean;
  limit?: number;
}

export const SEARCH_COLUMNS = ["indicator_id", "issuer", "year", "service_name", "dimension", "description", "formula", "target_raw", "source_path", "files", "snippet"] as const;

/** Shorter stems are searched as typed: a two-letter prefix finds everything. */
const MIN_STEM = 3;

const fold = (w: string) => w.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");

/** Plain words as an FTS5 query: each word its stem as a prefix ("reclam"*), a quoted phrase as typed; operators are only text. */
export function ftsQuery(query: string, exact = false): string {
  const words = query.match(/"[^"]*"|[^\s"]+/g) ?? [];
  return words
    .map((w) => {
      const phrase = w.startsWith('"');
      const text = w.replace(/^"|"$/g, "");
      if (text.trim() === "") return "";
      const quoted = `"${text.replace(/"/g, '""')}"`;
      if (phrase || exact || /\s/.test(text)) return quoted;
      // A word of letters only: "e-mail", "l'utente", "2021" are searched as typed.
      if (!/^\p{L}+$/u.test(fold(text))) return quoted;
      const stem = stemIt(fold(text));
      return stem.length >= MIN_STEM ? `"${stem}"*` : quoted;
    })
    .filter(Boolean)
    .join(" ");
}

export function searchIndicators(db: Database.Database, opts: SearchOptions): { columns: string[]; rows: Row[] } {
  const match = opts.raw ? opts.query : ftsQuery(opts.query, opts.exact);
  if (match.trim() === "") throw new UsageError("the search query is empty");
  const view = opts.best ? "v_indicators_best" : "v_indicators";
  const hits = `SELECT ${SEARCH_COLUMNS.filter((c) => c !== "snippet" && c !== "files").map((c) => `v.${c}`).join(", ")}, v.charter_key, v.service_key, v.best,
      snippet(indicators_fts, -1, '[', ']', '…', 10) AS snippet, bm25(indicators_fts) AS rank
    FROM indicators_fts JOIN ${view} v ON v.indicator_id = indicators_fts.rowid
    WHERE indicators_fts MATCH ?`;
  // One per charter and row (the same service, dimension, description and formula): the best file's first.
  const sql = opts.everyFile
    ? `SELECT *, 1 AS files FROM (${hits}) ORDER BY rank, indicator_id LIMIT ?`
    : `SELECT * FROM (
        SELECT h.*, row_number() OVER w AS n, count(*) OVER (PARTITION BY charter_key, service_key, dimension, description, formula) AS files
        FROM (${hits}) h WINDOW w AS (PARTITION BY charter_key, service_key, dimension, description, formula ORDER BY best DESC, rank, indicator_id)
      ) WHERE n = 1 ORDER BY rank, indicator_id LIMIT ?`;
  try {
    const rows = db.prepare(sql).all(match, opts.limit ?? 50) as Row[];
    return { columns: [...SEARCH_COLUMNS], rows };
  } catch (e) {
    // The statement is fixed: an SQL error is the query's (an unterminated ", a bare *, no such column).
    if (isSqlError(e)) throw new UsageError(`bad search query ${JSON.stringify(opts.query)}: ${(e as Error).message}`);
    throw e;
  }
}
