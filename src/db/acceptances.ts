/**
 * People's acceptances of indicator rows (migration 015_row_acceptances), kept beyond the
 * stored row: every later import of the file marks reviewed again (`reviewed_by`,
 * `reviewed_at`) each row that has the key and the printed cells a person accepted. A row
 * that reads otherwise (another cell, another row at its key) is not the row the person
 * saw, and keeps its reading's own verdict.
 */
import type Database from "better-sqlite3";
import { createHash } from "node:crypto";
import type { SourcePath } from "../pipeline/paths.js";

/** The row's cells a person checks, as printed (charters review --rows shows them; an acceptance is of these). */
export const ROW_CELLS = ["dimension_raw", "subdimension_raw", "description", "formula", "target_raw", "actual_raw", "notes", "activity", "explanation"] as const;

/** A fingerprint of a row's printed cells: what a person accepted. */
export function cellsFingerprint(row: object): string {
  const r = row as Record<string, unknown>;
  const cells = ROW_CELLS.map((c) => (r[c] === undefined || r[c] === null ? null : String(r[c])));
  return createHash("sha1").update(JSON.stringify(cells)).digest("hex");
}

/** Where an acceptance applies: the file's path (text and bytes), the charter's year. */
export interface RowPlace {
  source_path: string;
  source_path_bytes: Buffer | null;
  year: number | null;
  row_key: string;
}

export class RowAcceptances {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      any: db.prepare("SELECT 1 FROM row_acceptances WHERE source_path = ? LIMIT 1"),
      active: db.prepare(`SELECT row_key, cells, accepted_by, accepted_at FROM row_acceptances
        WHERE source_path = ? AND source_path_bytes IS ? AND year IS ? ORDER BY id`),
      record: db.prepare(`INSERT INTO row_acceptances (source_path, source_path_bytes, year, row_key, cells, accepted_by, accepted_at, indicator_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      forget: db.prepare("DELETE FROM row_acceptances WHERE source_path = ? AND source_path_bytes IS ? AND year IS ? AND row_key = ? AND cells = ?"),
    };
  }

  /** Record that a person accepted the row at `place` with these cells. */
  record(place: RowPlace, cells: string, by: string, at: string, indicatorId: number): void {
    this.stmts.forget.run(place.source_path, place.source_path_bytes, place.year, place.row_key, cells);
    this.stmts.record.run(place.source_path, place.source_path_bytes, place.year, place.row_key, cells, by, at, indicatorId);
  }

  /** Take an acceptance back (the row's queue item reopened). */
  forget(place: RowPlace, cells: string): void {
    this.stmts.forget.run(place.source_path, place.source_path_bytes, place.year, place.row_key, cells);
  }

  /**
   * Who accepted each row of a document about to be written, as it reads now (its key and
   * printed cells), if anyone: the rows are stored reviewed (an update after the insert
   * would index them twice for search).
   */
  forDocument(path: SourcePath, year: number | null): (key: string, row: object) => { by: string; at: string } | null {
    if (!this.stmts.any.get(path.text)) return () => null;
    const accepted = new Map<string, { by: string; at: string }>();
    for (const a of this.stmts.active.all(path.text, path.bytes, year) as { row_key: string; cells: string; accepted_by: string; accepted_at: string }[]) {
      accepted.set(`${a.row_key}\u0000${a.cells}`, { by: a.accepted_by, at: a.accepted_at });
    }
    return (key, row) => accepted.get(`${key}\u0000${cellsFingerprint(row)}`) ?? null;
  }
}
