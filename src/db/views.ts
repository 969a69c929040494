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
 *   - column names and meanings are public (README "The analysts' views"): change them
 *     only on purpose and say so in the README.
 *
 * How to add a migration (tables, columns, indexes, data): append a new entry at the
 * END of MIGRATIONS in src/db/migrations.ts with a new unique name ("003_what_it_does"),
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

export const VIEWS: readonly ViewDef[] = [
  {
    name: "v_services",
    select: `
SELECT d.source_path, d.format, d.kind, d.issuer, d.title, d.year, d.office, d.signatory,
       s.name AS service_name, s.description AS service_description, s.delivery_mode, s.users,
       s.complaint_authority, s.urls
FROM services s JOIN documents d ON d.id = s.document_id
WHERE d.status IN ('success', 'partial') AND d.current = 1`,
  },
  {
    name: "v_indicators",
    select: `
SELECT d.source_path, s.name AS service_name,
       COALESCE((SELECT group_concat(code, ',') FROM
                   (SELECT code FROM indicator_dimensions x WHERE x.indicator_id = i.id ORDER BY x.position)), '') AS dimension,
       i.dimension_raw, i.subdimension, i.subdimension_raw, i.description, i.formula,
       i.target_raw, i.target_value, i.target_unit, i.actual_raw, i.actual_value, i.actual_unit,
       i.notes, i.activity, i.explanation, i.placeholder, i.confidence
FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
WHERE d.status IN ('success', 'partial') AND d.current = 1`,
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
