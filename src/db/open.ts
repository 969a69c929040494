/**
 * Opening the database: refuse, untouched, a file that is not ours or whose schema is newer
 * than this code; then, in one write transaction (BEGIN IMMEDIATE, so two first runs at once
 * take turns), apply the missing migrations, upsert the taxonomy, create the views again and
 * set the markers (`application_id`, `user_version`).
 *
 * A charters database has application_id 0x43485254 ("CHRT") and user_version = the number
 * of migrations applied. A file made before the markers existed (application_id 0, with
 * the `migrations` table and every name in it known) is adopted and marked.
 */
import Database from "better-sqlite3";
import { statSync } from "node:fs";
import { makeFolders } from "../pipeline/paths.js";
import { dirname, resolve } from "node:path";
import { DatabaseError, databaseError } from "./errors.js";
import { MIGRATIONS, migrate } from "./migrations.js";
import { seedDocs } from "./docs.js";
import { seedTaxonomy } from "./seed.js";
import { createViews, dropViews } from "./views.js";

export const APPLICATION_ID = 0x43485254;
export const SCHEMA_VERSION = MIGRATIONS.length;
/** How long a write waits for another program's lock by default: long enough for a nightly job. */
export const DEFAULT_BUSY_TIMEOUT_S = 300;

export interface OpenOptions {
  /** How long to wait for another connection's write lock, in milliseconds. */
  busyTimeoutMs?: number;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

/** Why a database is not one this code may write into, or null when it may. */
function refusal(db: Database.Database, path: string): DatabaseError | null {
  const appId = db.pragma("application_id", { simple: true }) as number;
  const version = db.pragma("user_version", { simple: true }) as number;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  if (appId !== 0 && appId !== APPLICATION_ID) {
    return new DatabaseError(path, "foreign", `its application_id is ${hex(appId)}, not charters' ${hex(APPLICATION_ID)}`);
  }
  if (appId === 0 && tables.length === 0) {
    return version === 0 ? null : new DatabaseError(path, "foreign", `it has user_version ${version} but no tables and no charters marker`);
  }
  const names = tables.includes("migrations") ? (db.prepare("SELECT name FROM migrations ORDER BY name").all() as { name: string }[]).map((r) => r.name) : [];
  if (appId === 0 && !(names.includes(MIGRATIONS[0].name) && tables.includes("documents"))) {
    const shown = tables.slice(0, 5).join(", ") + (tables.length > 5 ? ", ..." : "");
    return new DatabaseError(path, "foreign", `it has ${tables.length} tables (${shown}) and no charters marker (application_id)`);
  }
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const unknown = names.filter((n) => !known.has(n));
  if (version > SCHEMA_VERSION || unknown.length > 0) {
    const what = unknown.length > 0 ? `migrations this program does not know (${unknown.join(", ")})` : `schema version ${version}`;
    return new DatabaseError(path, "newer", `it has ${what}; this program knows ${SCHEMA_VERSION} migrations`);
  }
  return null;
}

/** Migrations, taxonomy, views and markers in one write transaction. */
function prepareSchema(db: Database.Database, path: string): string[] {
  db.pragma("foreign_keys = OFF"); // a migration may rebuild a table others refer to; checked below
  try {
    return db
      .transaction(() => {
        // Checked again under the lock: another process may have changed the file meanwhile.
        const refused = refusal(db, path);
        if (refused) throw refused;
        dropViews(db);
        const applied = migrate(db);
        seedTaxonomy(db);
        seedDocs(db);
        createViews(db);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length > 0) throw new DatabaseError(path, "corrupt", `${broken.length} rows break a foreign key after the migrations`);
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
        return applied;
      })
      .immediate();
  } finally {
    db.pragma("foreign_keys = ON");
  }
}

/**
 * Switch to WAL. The switch needs the file to itself and SQLite does not wait for it (no busy
 * handler): while another connection writes in rollback mode (a new file whose first run is
 * migrating), try again every 50 ms, up to the busy timeout.
 */
function useWal(db: Database.Database, busyMs: number): void {
  const deadline = performance.now() + busyMs;
  for (;;) {
    try {
      db.pragma("journal_mode = WAL");
      return;
    } catch (e) {
      if (!String((e as { code?: string }).code).startsWith("SQLITE_BUSY") || performance.now() >= deadline) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}

/** Look at an existing file with a read-only connection: nothing is written to a file we refuse. */
function checkExisting(path: string, busyMs: number): void {
  const ro = new Database(path, { readonly: true, fileMustExist: true, timeout: busyMs });
  try {
    const refused = refusal(ro, path);
    if (refused) throw refused;
  } finally {
    ro.close();
  }
}

/**
 * Open (creating it if needed) the charters database at `path`, migrated and with fresh views.
 * Every failure is a DatabaseError naming the file and what to do.
 */
export function openDatabase(path: string, opts: OpenOptions = {}): Database.Database {
  const memory = path === ":memory:";
  const abs = memory ? path : resolve(path);
  const busyMs = Math.max(0, Math.round(opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_S * 1000));
  let db: Database.Database | undefined;
  try {
    if (!memory) {
      makeFolders(dirname(abs));
      const st = statSync(abs, { throwIfNoEntry: false });
      if (st?.isDirectory()) throw new DatabaseError(abs, "cantopen", "it is a folder");
      if (st && st.size > 0) checkExisting(abs, busyMs);
    }
    db = new Database(abs, { timeout: busyMs });
    db.pragma(`busy_timeout = ${busyMs}`);
    useWal(db, busyMs);
    db.pragma("synchronous = NORMAL");
    prepareSchema(db, abs);
    return db;
  } catch (e) {
    db?.close();
    throw databaseError(e, abs);
  }
}
