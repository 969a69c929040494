/**
 * What changed from one version of a charter to the next (document_changes, shown by
 * v_charter_versions): for each document that superseded another (documents.superseded_by),
 * the rows added, the rows removed and the values changed. Rows are matched by what they
 * are (service name, dimension, description and formula, folded), in order where the same
 * row is printed twice; a matched row's printed values are compared field by field.
 */
import type Database from "better-sqlite3";
import { foldName } from "../keys/keys.js";

/** The printed values compared between two versions of a row. */
export const COMPARED_FIELDS = ["subdimension_raw", "target_raw", "actual_raw", "notes", "activity", "explanation"] as const;

type Field = (typeof COMPARED_FIELDS)[number];

export interface VersionRow extends Record<Field, string | null> {
  service: string | null;
  dimension: string;
  description: string | null;
  formula: string | null;
}

export interface Change {
  change: "added" | "removed" | "changed";
  service: string | null;
  description: string | null;
  field?: Field;
  before?: string | null;
  after?: string | null;
}

export interface VersionDiff {
  added: number;
  removed: number;
  changed: number;
  changes: Change[];
}

const rowKey = (r: VersionRow) => [foldName(r.service), r.dimension, foldName(r.description), foldName(r.formula)].join("|");

/** Group rows by what they are, each group in printed order. */
function byKey(rows: readonly VersionRow[]): Map<string, VersionRow[]> {
  const m = new Map<string, VersionRow[]>();
  for (const r of rows) {
    const k = rowKey(r);
    m.set(k, [...(m.get(k) ?? []), r]);
  }
  return m;
}

/** The rows added, removed and changed from `before` to `after`. Pure. */
export function diffVersions(before: readonly VersionRow[], after: readonly VersionRow[]): VersionDiff {
  const old = byKey(before);
  const changes: Change[] = [];
  const named = (r: VersionRow) => ({ service: r.service, description: r.description ?? r.formula });
  const now = byKey(after);
  for (const [k, rows] of now) {
    const earlier = old.get(k) ?? [];
    rows.forEach((r, n) => {
      const e = earlier[n];
      if (!e) return void changes.push({ change: "added", ...named(r) });
      for (const f of COMPARED_FIELDS) if ((e[f] ?? null) !== (r[f] ?? null)) changes.push({ change: "changed", ...named(r), field: f, before: e[f], after: r[f] });
    });
    for (const e of earlier.slice(rows.length)) changes.push({ change: "removed", ...named(e) });
  }
  for (const [k, rows] of old) if (!now.has(k)) for (const e of rows) changes.push({ change: "removed", ...named(e) });
  const count = (c: Change["change"]) => changes.filter((x) => x.change === c).length;
  return { added: count("added"), removed: count("removed"), changed: count("changed"), changes };
}

/** Fill document_changes for every document that superseded another and has none yet; returns how many. */
export function refreshVersions(db: Database.Database): number {
  const todo = db
    .prepare(`SELECT n.id, (SELECT max(p.id) FROM documents p WHERE p.superseded_by = n.id) AS previous FROM documents n
      WHERE EXISTS (SELECT 1 FROM documents p WHERE p.superseded_by = n.id) AND NOT EXISTS (SELECT 1 FROM document_changes c WHERE c.document_id = n.id)`)
    .all() as { id: number; previous: number }[];
  const rows = db.prepare(`SELECT s.name AS service, i.description, i.formula, ${COMPARED_FIELDS.map((f) => `i.${f}`).join(", ")},
      COALESCE((SELECT group_concat(code, ',') FROM (SELECT code FROM indicator_dimensions x WHERE x.indicator_id = i.id ORDER BY x.position)), '') AS dimension
    FROM indicators i JOIN services s ON s.id = i.service_id WHERE s.document_id = ? ORDER BY s.position, i.position`);
  const insert = db.prepare("INSERT INTO document_changes (document_id, previous_id, rows_added, rows_removed, values_changed, changes) VALUES (?, ?, ?, ?, ?, ?)");
  for (const t of todo) {
    const d = diffVersions(rows.all(t.previous) as VersionRow[], rows.all(t.id) as VersionRow[]);
    insert.run(t.id, t.previous, d.added, d.removed, d.changed, JSON.stringify(d.changes));
  }
  return todo.length;
}
