/**
 * The analysts' views: defined here and only here, dropped and created again on every
 * open, in the same write transaction as the migrations (src/db/open.ts), so a changed
 * or new view reaches every existing database the next time any command opens it.
 *
 * How to add or change a view:
 *   - add or edit an entry of VIEWS below (name + the SELECT, without `CREATE VIEW`);
 *     views are created in this order and dropped in the reverse one, so a view may use
 *     the views listed before it;
 *   - a view you remove goes to RETIRED_VIEWS, so existing databases lose it too;
 *   - column names and meanings are public (docs/views.md, written from src/db/docs.ts by
 *     `npm run docs`): change them only on purpose and say so in docs/views.md.
 *
 * How to add a migration (tables, columns, indexes, data): write it in a new file of
 * src/db/migrations/ ("013-what-it-does.ts", a new unique name "013_what_it_does") and
 * append it at the END of MIGRATIONS in src/db/migrations.ts,
 * never edit or reorder an applied one (a database records each name it applied and
 * refuses one it does not know). The runner applies what is missing under BEGIN
 * IMMEDIATE with foreign keys off (checked with foreign_key_check before COMMIT), after
 * the views are dropped and before they are created again: a migration may rebuild a
 * table a view reads. Do not create views or seed the taxonomy in a migration: views
 * live here, the taxonomy is upserted from src/normalize/taxonomy.ts by src/db/seed.ts.
 */
import type Database from "better-sqlite3";

export interface ViewDef {
  name: string;
  /** The view's SELECT. */
  select: string;
}

const CURRENT = "d.status IN ('success', 'partial') AND d.current = 1";

const DIMENSION_CODES = `COALESCE((SELECT group_concat(code, ',') FROM
  (SELECT code FROM indicator_dimensions x WHERE x.indicator_id = i.id ORDER BY x.position)), '')`;
const DIMENSION_LABELS = `(SELECT group_concat(label, ', ') FROM
  (SELECT t.label FROM indicator_dimensions x JOIN dimensions t ON t.code = x.code WHERE x.indicator_id = i.id ORDER BY x.position))`;

/** The issuer's one display spelling (issuer_labels, by its key), else the issuer as printed. */
const ISSUER_LABEL = "COALESCE((SELECT l.label FROM issuer_labels l WHERE l.issuer_key = k.issuer_key), d.issuer)";

/** 1 where a person's correction (charters fix) stands on the row, else 0. */
const EDITED = `EXISTS (SELECT 1 FROM edit_applications a JOIN edits e ON e.id = a.edit_id
  WHERE a.indicator_id = i.id AND e.undone_at IS NULL)`;

/** The joins every view of documents shares: keys and best file (analysis), from `documents d`. */
const KEYS_JOIN = "LEFT JOIN document_keys k ON k.document_id = d.id";

/**
 * The contract's columns (../shared/corpus/README.md, read by the scorer) come first in
 * v_services and v_indicators, in their order; the columns after them, and the other
 * views, are the analysts' (ids, keys, facts: src/db/analysis-schema.ts), documented
 * column by column in src/db/docs.ts (a test holds the two together). A new column goes
 * at the end of its view's list, here and in docs.ts.
 */
export const VIEWS: readonly ViewDef[] = [
  {
    name: "v_services",
    select: `
SELECT d.source_path, d.format, d.kind, d.issuer, d.title, d.year, d.office, d.signatory,
       s.name AS service_name, s.description AS service_description, s.delivery_mode, s.users,
       s.complaint_authority, s.urls,
       d.id AS document_id, s.id AS service_id, k.issuer_key, sk.service_key, k.charter_key, k.best,
       (SELECT count(*) FROM indicators i WHERE i.service_id = s.id) AS indicators,
       ${ISSUER_LABEL} AS issuer_label
FROM services s JOIN documents d ON d.id = s.document_id
${KEYS_JOIN}
LEFT JOIN service_keys sk ON sk.service_id = s.id
WHERE ${CURRENT}`,
  },
  {
    name: "v_indicators",
    select: `
SELECT d.source_path, s.name AS service_name, ${DIMENSION_CODES} AS dimension,
       i.dimension_raw, i.subdimension, i.subdimension_raw, i.description, i.formula,
       i.target_raw, i.target_value, i.target_unit, i.actual_raw, i.actual_value, i.actual_unit,
       i.notes, i.activity, i.explanation, i.placeholder, i.confidence,
       CASE WHEN i.needs_review = 1 AND i.reviewed_at IS NULL THEN 1 ELSE 0 END AS needs_review, i.review_reason,
       i.reviewed_by, i.reviewed_at,
       d.id AS document_id, s.id AS service_id, i.id AS indicator_id,
       d.issuer, d.year, d.kind, d.format,
       ${DIMENSION_LABELS} AS dimension_label,
       f.target_comparator, f.actual_comparator, f.better,
       k.issuer_key, sk.service_key, k.charter_key, k.best,
       f.target_norm, f.target_norm_unit, f.actual_norm, f.actual_norm_unit, f.met,
       ${EDITED} AS edited,
       ${ISSUER_LABEL} AS issuer_label
FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
LEFT JOIN indicator_facts f ON f.indicator_id = i.id
${KEYS_JOIN}
LEFT JOIN service_keys sk ON sk.service_id = s.id
WHERE ${CURRENT}`,
  },
  {
    name: "v_indicators_best",
    select: `SELECT * FROM v_indicators WHERE best = 1`,
  },
  {
    name: "v_indicator_dimensions",
    select: `
SELECT v.indicator_id, x.code AS dimension, t.label AS dimension_label, x.position AS dimension_position,
       v.document_id, v.service_id, v.issuer, v.issuer_label, v.issuer_key, v.year, v.kind, v.format,
       v.service_name, v.description, v.target_raw, v.target_norm, v.target_norm_unit,
       v.actual_raw, v.actual_norm, v.actual_norm_unit, v.better, v.met,
       v.service_key, v.charter_key, v.best
FROM v_indicators v
LEFT JOIN indicator_dimensions x ON x.indicator_id = v.indicator_id
LEFT JOIN dimensions t ON t.code = x.code`,
  },
  {
    name: "v_charters",
    select: `
WITH files AS (
  SELECT k.charter_key, k.issuer_key, k.best, k.confidence, d.id, d.source_path, d.format, d.kind, d.issuer, d.title, d.year, d.signatures,
         ${ISSUER_LABEL} AS issuer_label
  FROM document_keys k JOIN documents d ON d.id = k.document_id WHERE ${CURRENT}
),
signatures AS (
  SELECT f.charter_key, json_extract(s.value, '$.signer') AS signer, json_extract(s.value, '$.organization') AS organization,
         json_extract(s.value, '$.signing_time') AS signing_time, json_extract(s.value, '$.check') AS "check"
  FROM files f, json_each(f.signatures) s
)
SELECT b.charter_key, b.issuer_key, b.issuer, b.year, b.kind, b.title,
       (SELECT count(*) FROM services s WHERE s.document_id = b.id) AS services,
       (SELECT count(*) FROM indicators i JOIN services s ON s.id = i.service_id WHERE s.document_id = b.id) AS indicators,
       (SELECT count(*) FROM files f WHERE f.charter_key = b.charter_key) AS files,
       (SELECT group_concat(format, ',') FROM (SELECT DISTINCT f.format FROM files f WHERE f.charter_key = b.charter_key ORDER BY f.format)) AS formats,
       (SELECT json_group_array(source_path) FROM (SELECT f.source_path FROM files f WHERE f.charter_key = b.charter_key ORDER BY f.source_path)) AS source_paths,
       b.id AS best_document_id, b.source_path AS best_source_path, b.format AS best_format, b.confidence AS best_confidence,
       (SELECT count(*) FROM findings x WHERE x.document_id = b.id) AS findings,
       (SELECT count(*) FROM files f WHERE f.charter_key = b.charter_key AND f.signatures IS NOT NULL) AS signed_files,
       (SELECT group_concat(signer, '; ') FROM (SELECT DISTINCT signer FROM signatures s WHERE s.charter_key = b.charter_key AND signer IS NOT NULL ORDER BY signer)) AS signed_by,
       (SELECT group_concat(organization, '; ') FROM (SELECT DISTINCT organization FROM signatures s WHERE s.charter_key = b.charter_key AND organization IS NOT NULL ORDER BY organization)) AS signed_org,
       (SELECT max(signing_time) FROM signatures s WHERE s.charter_key = b.charter_key) AS signed_at,
       (SELECT CASE min(CASE "check" WHEN 'signature' THEN 2 WHEN 'digest' THEN 1 ELSE 0 END) WHEN 2 THEN 'signature' WHEN 1 THEN 'digest' WHEN 0 THEN 'none' END
        FROM signatures s WHERE s.charter_key = b.charter_key) AS signature_check,
       b.issuer_label,
       (SELECT u.value FROM services s, json_each(s.urls) u WHERE s.document_id = b.id ORDER BY s.position, u.key LIMIT 1) AS source_url
FROM files b WHERE b.best = 1`,
  },
  {
    name: "v_charter_versions",
    select: `
WITH RECURSIVE lineage(id, head_id) AS (
  SELECT d.id, d.id FROM documents d
  WHERE d.status IN ('success', 'partial') AND d.superseded_by IS NULL AND (d.current = 1 OR d.retired_at IS NOT NULL)
  UNION ALL
  SELECT d.id, l.head_id FROM documents d JOIN lineage l ON d.superseded_by = l.id
)
SELECT k.charter_key, d.issuer, COALESCE((SELECT lb.label FROM issuer_labels lb WHERE lb.issuer_key = k.issuer_key), d.issuer) AS issuer_label,
       d.year, d.kind, d.title,
       row_number() OVER (PARTITION BY l.head_id ORDER BY d.id) AS version,
       count(*) OVER (PARTITION BY l.head_id) AS versions,
       CASE WHEN d.current = 1 THEN 'current' WHEN d.superseded_by IS NOT NULL THEN 'superseded' ELSE 'retired' END AS state,
       d.id AS document_id, d.source_path, d.format, d.sha256, d.imported_at,
       d.superseded_by, d.superseded_at, d.retired_at,
       c.previous_id, c.rows_added, c.rows_removed, c.values_changed, COALESCE(c.changes, '[]') AS changes,
       (SELECT count(*) FROM indicators i JOIN services s ON s.id = i.service_id WHERE s.document_id = d.id) AS indicators,
       l.head_id AS latest_document_id
FROM lineage l JOIN documents d ON d.id = l.id
LEFT JOIN document_keys k ON k.document_id = l.head_id
LEFT JOIN document_changes c ON c.document_id = d.id`,
  },
  {
    name: "v_actions",
    select: `
SELECT a.document_id, a.position, a.action, a.outcome,
       d.source_path, d.issuer, ${ISSUER_LABEL} AS issuer_label, d.year, d.kind, d.format,
       k.issuer_key, k.charter_key, k.best
FROM actions a JOIN documents d ON d.id = a.document_id
${KEYS_JOIN}
WHERE ${CURRENT}`,
  },
  {
    name: "v_checks",
    select: `
SELECT x.check_name, x.severity, x.document_id, x.service_id, x.indicator_id, d.source_path, x.message,
       x.id AS finding_id, x.scope, x.field, x.value, x.related_indicator_id,
       d.issuer, d.year, d.kind, d.format, s.name AS service_name, i.description AS indicator_description,
       k.charter_key, sk.service_key, k.best,
       i.src_sheet, i.src_page, i.src_row, i.src_line,
       ${ISSUER_LABEL} AS issuer_label,
       x.check_name AS "check"
FROM findings x JOIN documents d ON d.id = x.document_id
LEFT JOIN services s ON s.id = x.service_id
LEFT JOIN indicators i ON i.id = x.indicator_id
${KEYS_JOIN}
LEFT JOIN service_keys sk ON sk.service_id = x.service_id
WHERE ${CURRENT}`,
  },
];

/** Views this code once defined and no longer does: dropped from existing databases. */
export const RETIRED_VIEWS: readonly string[] = [];

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Drop every view of ours (current and retired), dependants first. Inside the caller's transaction. */
export function dropViews(db: Database.Database): void {
  for (const name of [...VIEWS.map((v) => v.name)].reverse().concat(RETIRED_VIEWS)) db.exec(`DROP VIEW IF EXISTS ${quote(name)}`);
}

/** Create every view, in order. Inside the caller's transaction, after dropViews. */
export function createViews(db: Database.Database): void {
  for (const v of VIEWS) db.exec(`CREATE VIEW ${quote(v.name)} AS ${v.select.trim()}`);
}
