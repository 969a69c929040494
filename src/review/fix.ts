/**
 * charters fix: a person corrects a stored row (OpenRefine's operation history is the
 * model): each correction is an edit in `edits` (who, when, why, before, after), applied
 * at once to the stored row and, by the import, on top of every later import of the same
 * row (src/db/edits.ts). An edit is undone, never deleted: the row gets back the value the
 * file gave it (or an earlier edit's that still stands), and later imports leave it be.
 */
import type Database from "better-sqlite3";
import { DocumentLoader } from "../db/load.js";
import { rowKeys } from "../keys/row-key.js";
import { applyField, checkValue, EDIT_FIELDS, fieldText, FixError, parseField, type EditableRow, type EditField } from "../normalize/edit-fields.js";
import { splitDelimited } from "../parsers/tsv.js";

export { FixError };

/** A correction that would change nothing (the row already says so, the edit is undone already): exit 1. */
export class NoChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoChangeError";
  }
}

export interface EditInput {
  indicator: number;
  field: string;
  value: string;
  why: string;
}

export interface StoredEdit {
  id: number;
  indicator_id: number | null;
  source_path: string;
  year: number | null;
  row_key: string;
  field: EditField;
  before: string | null;
  after: string | null;
  why: string;
  created_by: string;
  created_at: string;
  undone_by: string | null;
  undone_at: string | null;
}

export interface StoredRow {
  id: number;
  document_id: number;
  source_path: string;
  source_path_bytes: Buffer | null;
  year: number | null;
  row_key: string | null;
}

/** Columns of `indicators` an edit writes (dimension lives in indicator_dimensions). */
const COLUMN_FIELDS = EDIT_FIELDS.filter((f) => f !== "dimension");

/** An indicator row of a current document, with where an edit or an acceptance names it (its key back-filled where it had none). */
export function currentRow(db: Database.Database, id: number): StoredRow {
  const r = db
    .prepare(`SELECT i.id, d.id AS document_id, d.source_path, d.source_path_bytes, d.year, i.row_key
      FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
      WHERE i.id = ? AND d.current = 1 AND d.status IN ('success', 'partial')`)
    .get(id) as StoredRow | undefined;
  if (!r) throw new FixError(`no indicator ${id} in the views (v_indicators.indicator_id of a current file)`);
  if (r.row_key === null) r.row_key = backfillKeys(db, r.document_id).get(id) ?? null;
  if (r.row_key === null) throw new FixError(`indicator ${id}: its row has no key`);
  return r;
}

/** Rows imported before rows had keys: their document's keys, from the stored rows (no edit could stand on them yet). */
function backfillKeys(db: Database.Database, documentId: number): Map<number, string> {
  const loaded = new DocumentLoader(db).load(documentId);
  const out = new Map<number, string>();
  if (!loaded) return out;
  const set = db.prepare("UPDATE indicators SET row_key = ? WHERE id = ?");
  rowKeys(loaded.document).forEach((list, s) => list.forEach((k, i) => out.set(loaded.indicatorIds[s][i], k)));
  for (const [id, key] of out) set.run(key, id);
  return out;
}

/** The editable fields of a stored row. */
function readFields(db: Database.Database, id: number): EditableRow {
  const r = db.prepare(`SELECT ${COLUMN_FIELDS.join(", ")} FROM indicators WHERE id = ?`).get(id) as Record<string, unknown>;
  const dims = db.prepare("SELECT code FROM indicator_dimensions WHERE indicator_id = ? ORDER BY position").pluck().all(id) as string[];
  return { ...(r as unknown as EditableRow), dimension: dims, placeholder: r.placeholder === 1 };
}

/** Write the fields that differ: the row's UPDATE triggers keep the search index and the analysis in step. */
function writeFields(db: Database.Database, id: number, before: EditableRow, after: EditableRow): void {
  const changed = EDIT_FIELDS.filter((f) => fieldText(before, f) !== fieldText(after, f));
  if (changed.includes("dimension")) {
    db.prepare("DELETE FROM indicator_dimensions WHERE indicator_id = ?").run(id);
    const add = db.prepare("INSERT INTO indicator_dimensions (indicator_id, position, code) VALUES (?, ?, ?)");
    after.dimension.forEach((code, k) => add.run(id, k + 1, code));
  }
  const columns = changed.filter((f) => f !== "dimension");
  if (columns.length === 0) return;
  const values = columns.map((f) => (f === "placeholder" ? (after.placeholder ? 1 : 0) : after[f]));
  db.prepare(`UPDATE indicators SET ${columns.map((f) => `${f} = ?`).join(", ")} WHERE id = ?`).run(...values, id);
}

/** The value the file gave a field of a row that carries an edit of it, else its value now. */
function parsedValue(db: Database.Database, id: number, field: EditField, now: string | null): string | null {
  const a = db
    .prepare(`SELECT a.parsed FROM edit_applications a JOIN edits e ON e.id = a.edit_id
      WHERE a.indicator_id = ? AND e.field = ? ORDER BY e.id DESC LIMIT 1`)
    .get(id, field) as { parsed: string | null } | undefined;
  return a ? a.parsed : now;
}

/** Set a field of a stored row to a value (as the edits table keeps it), recording which edit it comes from. */
function setField(db: Database.Database, id: number, field: EditField, value: string | null, edit: number | null, parsed: string | null): void {
  const before = readFields(db, id);
  const after = { ...before, dimension: [...before.dimension] };
  applyField(after, field, value);
  writeFields(db, id, before, after);
  db.prepare("DELETE FROM edit_applications WHERE indicator_id = ? AND edit_id IN (SELECT id FROM edits WHERE field = ?)").run(id, field);
  if (edit !== null) db.prepare("INSERT INTO edit_applications (edit_id, indicator_id, parsed) VALUES (?, ?, ?)").run(edit, id, parsed);
}

const EDIT_COLUMNS = "id, indicator_id, source_path, year, row_key, field, before, after, why, created_by, created_at, undone_by, undone_at";

/**
 * Record corrections and apply them to the stored rows, all or none (one transaction).
 * With `skipUnchanged`, a row that already says the value is passed over (a bulk file run
 * twice); otherwise it is a NoChangeError.
 */
export function addEdits(db: Database.Database, inputs: readonly EditInput[], by: string, opts: { at?: Date; skipUnchanged?: boolean } = {}): { added: StoredEdit[]; unchanged: number } {
  const at = (opts.at ?? new Date()).toISOString();
  return db
    .transaction(() => {
      const added: StoredEdit[] = [];
      let unchanged = 0;
      const insert = db.prepare(`INSERT INTO edits (source_path, source_path_bytes, year, row_key, field, before, after, why, created_by, created_at, indicator_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const input of inputs) {
        const field = parseField(input.field);
        const value = checkValue(field, input.value);
        const why = input.why.trim();
        if (!why) throw new FixError(`indicator ${input.indicator}: say why (--why "...")`);
        const row = currentRow(db, input.indicator);
        const before = fieldText(readFields(db, row.id), field);
        if (before === value) {
          if (opts.skipUnchanged) {
            unchanged++;
            continue;
          }
          throw new NoChangeError(`indicator ${row.id}'s ${field} is already ${value === null ? "empty" : JSON.stringify(value)}: nothing to change`);
        }
        const parsed = parsedValue(db, row.id, field, before);
        const id = Number(insert.run(row.source_path, row.source_path_bytes, row.year, row.row_key, field, before, value, why, by, at, row.id).lastInsertRowid);
        setField(db, row.id, field, value, id, parsed);
        added.push(db.prepare(`SELECT ${EDIT_COLUMNS} FROM edits WHERE id = ?`).get(id) as StoredEdit);
      }
      return { added, unchanged };
    })
    .immediate();
}

/**
 * Undo an edit: kept in the history with who undid it and when; the rows that carry it get
 * back the value of the latest edit of the same field that still stands, or the file's.
 */
export function undoEdit(db: Database.Database, id: number, by: string, at = new Date()): { edit: StoredEdit; rows: number } {
  return db
    .transaction(() => {
      const edit = db.prepare(`SELECT ${EDIT_COLUMNS}, source_path_bytes FROM edits WHERE id = ?`).get(id) as (StoredEdit & { source_path_bytes: Buffer | null }) | undefined;
      if (!edit) throw new FixError(`no edit ${id} (charters fix --list shows them)`);
      if (edit.undone_at) throw new NoChangeError(`edit ${id} was undone already, by ${edit.undone_by} at ${edit.undone_at}`);
      db.prepare("UPDATE edits SET undone_by = ?, undone_at = ? WHERE id = ?").run(by, at.toISOString(), id);
      const standing = db
        .prepare(`SELECT id, after FROM edits WHERE source_path = ? AND source_path_bytes IS ? AND year IS ? AND row_key = ? AND field = ? AND undone_at IS NULL
          ORDER BY id DESC LIMIT 1`)
        .get(edit.source_path, edit.source_path_bytes, edit.year, edit.row_key, edit.field) as { id: number; after: string | null } | undefined;
      const carriers = db.prepare("SELECT indicator_id, parsed FROM edit_applications WHERE edit_id = ?").all(id) as { indicator_id: number; parsed: string | null }[];
      for (const c of carriers) setField(db, c.indicator_id, edit.field, standing ? standing.after : c.parsed, standing?.id ?? null, c.parsed);
      return { edit: db.prepare(`SELECT ${EDIT_COLUMNS} FROM edits WHERE id = ?`).get(id) as StoredEdit, rows: carriers.length };
    })
    .immediate();
}

/** The history of corrections, latest first; with `standing`, only those not undone. */
export function listEdits(db: Database.Database, standing = false): (StoredEdit & { rows: number })[] {
  return db
    .prepare(`SELECT ${EDIT_COLUMNS}, (SELECT count(*) FROM edit_applications a WHERE a.edit_id = e.id) AS rows FROM edits e
      ${standing ? "WHERE undone_at IS NULL" : ""} ORDER BY id DESC`)
    .all() as (StoredEdit & { rows: number })[];
}

/** Corrections from a CSV file with the columns indicator_id, field, value and why (a header row; comma or semicolon). */
export function readEditsCsv(text: string, why?: string): EditInput[] {
  const body = text.replace(/^\ufeff/, "");
  const first = body.split(/\r?\n/, 1)[0];
  const delim = (first.match(/;/g) ?? []).length > (first.match(/,/g) ?? []).length ? ";" : ",";
  const rows = splitDelimited(body, delim).filter((r) => r.fields.some((f) => f.trim() !== ""));
  if (rows.length === 0) throw new FixError("the file is empty: it needs a header row indicator_id,field,value,why");
  const head = rows[0].fields.map((h) => h.trim().toLowerCase());
  const col = (name: string, needed: boolean) => {
    const k = head.indexOf(name);
    if (k < 0 && needed) throw new FixError(`the file has no column "${name}" (columns: indicator_id, field, value, why)`);
    return k;
  };
  const [ind, field, value, because] = [col("indicator_id", true), col("field", true), col("value", true), col("why", why === undefined)];
  return rows.slice(1).map((r) => {
    const id = Number(r.fields[ind]);
    if (!Number.isInteger(id) || id < 1) throw new FixError(`line ${r.line}: indicator_id "${r.fields[ind] ?? ""}" is not an id`);
    return { indicator: id, field: (r.fields[field] ?? "").trim(), value: r.fields[value] ?? "", why: (because >= 0 ? r.fields[because] : undefined) || why || "" };
  });
}
