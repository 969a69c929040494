/**
 * People's corrections of stored rows (charters fix, migration 010_edits): the history in
 * `edits` (who, when, why, the value before and after; undone ones kept), and which stored
 * rows carry one (`edit_applications`, with the value the file gave them).
 *
 * An edit names its row by the file's path, the charter's year and the row's key
 * (src/keys/row-key.ts). Every later import of that file applies the latest edit of each
 * field that is not undone on top of what the parser read, before the rows are stored
 * (so the views, the checks and the search see the corrected row), and records it. The
 * fields and how a value is written to a row are in src/normalize/edit-fields.ts.
 */
import type Database from "better-sqlite3";
import type { CharterDocument } from "../model/schema.js";
import type { SourcePath } from "../pipeline/paths.js";
import { applyField, EDIT_FIELDS, fieldText, type EditField } from "../normalize/edit-fields.js";

export interface ActiveEdit {
  id: number;
  row_key: string;
  field: EditField;
  after: string | null;
}

/** An edit applied to an indicator of a document being written: where, and the value the file gave. */
export interface Application {
  edit: number;
  service: number;
  indicator: number;
  parsed: string | null;
}

/** The order edits are applied in: a printed value before the number and unit it gives. */
const ORDER = new Map(EDIT_FIELDS.map((f, k) => [f, k]));

export class Edits {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      active: db.prepare(`SELECT e.id, e.row_key, e.field, e.after FROM edits e
        WHERE e.source_path = ? AND e.source_path_bytes IS ? AND e.year IS ? AND e.undone_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM edits l WHERE l.source_path = e.source_path AND l.source_path_bytes IS e.source_path_bytes
            AND l.year IS e.year AND l.row_key = e.row_key AND l.field = e.field AND l.undone_at IS NULL AND l.id > e.id)
        ORDER BY e.id`),
      any: db.prepare("SELECT 1 FROM edits WHERE source_path = ? AND undone_at IS NULL LIMIT 1"),
      record: db.prepare("INSERT OR REPLACE INTO edit_applications (edit_id, indicator_id, parsed) VALUES (?, ?, ?)"),
    };
  }

  /** The latest edit of each field of each row of a file's charter of that year, not undone. */
  active(path: SourcePath, year: number | null): ActiveEdit[] {
    if (!this.stmts.any.get(path.text)) return [];
    return this.stmts.active.all(path.text, path.bytes, year) as ActiveEdit[];
  }

  /**
   * Apply the active edits to a parsed document (its indicators changed in place), given
   * the rows' keys; returns what was applied, to record once the rows have ids.
   */
  patch(doc: CharterDocument, keys: string[][], edits: readonly ActiveEdit[]): Application[] {
    if (edits.length === 0) return [];
    const where = new Map<string, [number, number]>();
    keys.forEach((list, s) => list.forEach((k, i) => where.set(k, [s, i])));
    const out: Application[] = [];
    for (const e of [...edits].sort((a, b) => ORDER.get(a.field)! - ORDER.get(b.field)! || a.id - b.id)) {
      const at = where.get(e.row_key);
      if (!at) continue; // the file no longer prints that row
      const ind = doc.services[at[0]].indicators[at[1]];
      out.push({ edit: e.id, service: at[0], indicator: at[1], parsed: fieldText(ind, e.field) });
      applyField(ind, e.field, e.after);
    }
    return out;
  }

  /** Record the edits applied to the stored rows (indicators.id per service, in order). */
  record(applications: readonly Application[], indicatorIds: number[][]): void {
    for (const a of applications) this.stmts.record.run(a.edit, indicatorIds[a.service][a.indicator], a.parsed);
  }
}
