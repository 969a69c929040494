/**
 * The rows a person should look at (`needs_review` = 1 in v_indicators: read with a
 * confidence below the review threshold, src/template/indicator.ts), each with its cells,
 * where it was read and why it is doubted; and what a person decides about one: accept it
 * as read (it is marked reviewed, by whom and when, and leaves the queue), or correct a cell
 * (an edit of charters fix, kept across re-imports) and accept it.
 */
import type Database from "better-sqlite3";
import { cellsFingerprint, ROW_CELLS, RowAcceptances } from "../db/acceptances.js";
import { addEdits, currentRow, FixError, type StoredEdit } from "./fix.js";
import { describePlace, type Place } from "./queue.js";

/** One row to review: its ids, cells, confidence and reasons, and where it was read. */
export interface RowToReview {
  indicator_id: number;
  confidence: number;
  review_reason: string | null;
  service_name: string | null;
  cells: Record<(typeof ROW_CELLS)[number], string | null>;
  place: Place;
}

export { ROW_CELLS };

export class RowReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RowReviewError";
  }
}

/** The rows that need review, by file and position; `pathLike` narrows them to source paths matching an SQL LIKE pattern. */
export function rowsToReview(db: Database.Database, opts: { limit?: number; pathLike?: string } = {}): RowToReview[] {
  const rows = db
    .prepare(
      `SELECT v.indicator_id, v.confidence, v.review_reason, v.service_name, v.source_path, ${ROW_CELLS.map((c) => `v.${c}`).join(", ")},
              i.src_sheet, i.src_page, i.src_row, i.src_line
       FROM v_indicators v JOIN indicators i ON i.id = v.indicator_id
       WHERE v.needs_review = 1 AND (@like IS NULL OR v.source_path LIKE @like)
       ORDER BY v.source_path, v.service_id, i.position LIMIT @limit`,
    )
    .all({ like: opts.pathLike ?? null, limit: opts.limit ?? -1 }) as Record<string, unknown>[];
  return rows.map((r) => ({
    indicator_id: Number(r.indicator_id),
    confidence: Number(r.confidence),
    review_reason: (r.review_reason as string | null) ?? null,
    service_name: (r.service_name as string | null) ?? null,
    cells: Object.fromEntries(ROW_CELLS.map((c) => [c, (r[c] as string | null) ?? null])) as RowToReview["cells"],
    place: { source_path: String(r.source_path), sheet: r.src_sheet as string | null, page: r.src_page as number | null, row: r.src_row as number | null, line: r.src_line as number | null },
  }));
}

/** How many rows of current documents need review. */
export function countRowsToReview(db: Database.Database): number {
  return (db.prepare("SELECT count(*) AS n FROM v_indicators WHERE needs_review = 1").get() as { n: number }).n;
}

/**
 * Accept rows as read: each is marked reviewed (who, when) and leaves the queue
 * (`needs_review` = 0 in the views; the reading's reasons stay in `review_reason`), and
 * the acceptance is kept (src/db/acceptances.ts), so that the row is accepted again when its
 * file is imported again and the row reads the same. A row accepted already keeps its
 * first acceptance. Unknown ids are refused, none recorded.
 */
export function acceptRows(db: Database.Database, ids: readonly number[], by: string, at = new Date()): { accepted: number; already: number } {
  const known = db.prepare(`SELECT reviewed_at, ${ROW_CELLS.join(", ")} FROM indicators WHERE id = ?`);
  const mark = db.prepare("UPDATE indicators SET reviewed_by = ?, reviewed_at = ? WHERE id = ? AND reviewed_at IS NULL");
  const kept = new RowAcceptances(db);
  return db.transaction(() => {
    let accepted = 0;
    let already = 0;
    for (const id of ids) {
      const row = known.get(id) as ({ reviewed_at: string | null } & Record<string, unknown>) | undefined;
      if (!row) throw new RowReviewError(`no indicator row ${id} (charters review --rows lists them with their ids)`);
      if (row.reviewed_at) {
        already++;
        continue;
      }
      accepted += mark.run(by, at.toISOString(), id).changes;
      let place;
      try {
        place = currentRow(db, id);
      } catch (e) {
        if (e instanceof FixError) throw new RowReviewError(e.message);
        throw e;
      }
      kept.record({ ...place, row_key: place.row_key! }, cellsFingerprint(row), by, at.toISOString(), id);
    }
    return { accepted, already };
  })();
}

/** Take acceptances back: the rows need review again (their kept acceptances forgotten). */
export function unacceptRows(db: Database.Database, ids: readonly number[]): number {
  const row = db.prepare(`SELECT ${ROW_CELLS.join(", ")} FROM indicators WHERE id = ?`);
  const clear = db.prepare("UPDATE indicators SET reviewed_by = NULL, reviewed_at = NULL WHERE id = ?");
  const kept = new RowAcceptances(db);
  let n = 0;
  for (const id of ids) {
    const cells = row.get(id) as Record<string, unknown> | undefined;
    if (!cells) continue;
    const place = currentRow(db, id);
    kept.forget({ ...place, row_key: place.row_key! }, cellsFingerprint(cells));
    n += clear.run(id).changes;
  }
  return n;
}

/**
 * Correct one cell of a row and accept it. The correction is an edit of charters fix
 * (src/review/fix.ts: kept in `edits` with who, when and why, and applied again on every
 * later import of the row); the row is then marked reviewed. A FixError (field, value, no
 * such row) or NoChangeError (the row says so already) leaves nothing recorded.
 */
export function correctCell(db: Database.Database, id: number, field: string, value: string, by: string, why = "corrected in charters review --rows"): { edit: StoredEdit } {
  const [edit] = addEdits(db, [{ indicator: id, field, value, why }], by).added;
  acceptRows(db, [id], by);
  return { edit };
}

/** The rows as a person reads them: one block per row, its non-empty cells one a line. */
export function rowsTable(rows: readonly RowToReview[], total: number, show: (path: string) => string = (p) => p): string {
  const out = [`Rows to review: ${total}${rows.length < total ? ` (${rows.length} shown)` : ""}`];
  for (const r of rows) {
    const where = describePlace(r.place);
    out.push("", `#${r.indicator_id}  confidence ${r.confidence.toFixed(2)}  ${show(r.place.source_path)}${where ? `, ${where}` : ""}`);
    if (r.service_name) out.push(`    service: ${r.service_name}`);
    for (const c of ROW_CELLS) if (r.cells[c] !== null) out.push(`    ${c.padEnd(16)} ${r.cells[c]}`);
    out.push(`    why: ${r.review_reason ?? "confidence below the review threshold"}`);
  }
  if (rows.length) out.push("", "Accept a row as read: charters review --accept ID...; correct a cell: charters review --correct ID FIELD VALUE");
  return out.join("\n") + "\n";
}

/** One JSON object per row. */
export function rowsJsonLines(rows: readonly RowToReview[]): string {
  return rows.map((r) => JSON.stringify({ type: "row", ...r }) + "\n").join("");
}
