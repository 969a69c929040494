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
 * src/db/migrations/ ("007-what-it-does.ts", a new unique name "007_what_it_does") and
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

/**
 * The contract's columns (../shared/corpus/README.md, read by the scorer) come first in
 * v_services and v_indicators, in their order; the columns after them, and the other
 * views, are the analysts' (ids, keys, facts: src/db/analysis-schema.ts), documented
 * column by column in src/db/docs.ts (a test holds the two together).
 */
export const VIEWS: readonly ViewDef[] = [
  {
    name: "v_services",
    select: `
SELECT d.source_path, d.format, d.kind, d.issuer, d.title, d.year, d.office, d.signatory,
       s.name AS service_name, s.description AS service_description, s.delivery_mode, s.users,
       s.complaint_authority, s.urls,
       d.id AS document_id, s.id AS service_id, k.issuer_key, sk.service_key, k.charter_key, k.best,
       (SELECT count(*) FROM indicators i WHERE i.service_id = s.id) AS indicators
FROM services s JOIN documents d ON d.id = s.document_id
LEFT JOIN document_keys k ON k.document_id = d.id
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
       k.issuer_key, sk.service_key, k.charter_key, k.best
FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
LEFT JOIN indicator_facts f ON f.indicator_id = i.id
LEFT JOIN document_keys k ON k.document_id = d.id
LEFT JOIN service_keys sk ON sk.service_id = s.id
WHERE ${CURRENT}`,
  },
  {
    name: "v_indicators_best",
    select: `SELECT * FROM v_indicators WHERE best = 1`,
  },
  {
    name: "v_charters",
    select: `
WITH files AS (
  SELECT k.charter_key, k.issuer_key, k.best, k.confidence, d.id, d.source_path, d.format, d.kind, d.issuer, d.title, d.year, d.signatures
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
        FROM signatures s WHERE s.charter_key = b.charter_key) AS signature_check
FROM files b WHERE b.best = 1`,
  },
  {
    name: "v_checks",
    select: `
SELECT x.check_name AS "check", x.severity, x.document_id, x.service_id, x.indicator_id, d.source_path, x.message,
       x.id AS finding_id, x.scope, x.field, x.value, x.related_indicator_id,
       d.issuer, d.year, d.kind, d.format, s.name AS service_name, i.description AS indicator_description,
       k.charter_key, sk.service_key, k.best,
       i.src_sheet, i.src_page, i.src_row, i.src_line
FROM findings x JOIN documents d ON d.id = x.document_id
LEFT JOIN services s ON s.id = x.service_id
LEFT JOIN indicators i ON i.id = x.indicator_id
LEFT JOIN document_keys k ON k.document_id = d.id
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
