/** What the CLI's commands share: how paths are shown, how an existing database is opened. */
import type Database from "better-sqlite3";
import { Option } from "commander";
import { existsSync } from "node:fs";
import { relative } from "node:path";

export const DEFAULT_DB = "output/charters.sqlite";

/** The --db option of the commands that read a database: the environment's CHARTERS_DB, else output/charters.sqlite. */
export function dbOption(description: string): Option {
  return new Option("--db <file>", description).default(process.env.CHARTERS_DB || DEFAULT_DB, `$CHARTERS_DB, else "${DEFAULT_DB}"`);
}

/** A path as the user would type it: relative to the working folder where that is shorter. */
export function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.length < path.length && !rel.startsWith("../..") ? rel : path;
}

/**
 * A database an import made, opened as every command opens it (refused when it is not
 * ours or newer than this code, brought up to date otherwise, its analysis too: a database
 * imported before the analysis existed, or changed by charters alias, gets its keys and
 * findings here), or a usage error (exit 2)
 * naming the path where there is no file: commands that only read never create one.
 */
export async function openExisting(path: string): Promise<Database.Database> {
  if (!existsSync(path)) {
    const { UsageError } = await import("../pipeline/import.js");
    throw new UsageError(`no database at ${path}: run \`charters import ... --db ${path}\` first, or name it with --db`);
  }
  (await import("../pipeline/db-file.js")).checkDatabasePath(path);
  const { openDatabase } = await import("../db/open.js");
  const { refreshAnalysis } = await import("../analysis/refresh.js");
  const db = openDatabase(path);
  try {
    refreshAnalysis(db); // keys and checks up to date (skipped at once when they are)
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Install the aliases a database records for this process's normalizers (charters inspect --aliases); the file is only read. */
export async function useRecordedAliases(path: string): Promise<void> {
  const { UsageError } = await import("../pipeline/import.js");
  if (!existsSync(path)) throw new UsageError(`no database at ${path}`);
  (await import("../pipeline/db-file.js")).checkDatabasePath(path);
  const { default: Sqlite } = await import("better-sqlite3");
  const db = new Sqlite(path, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'aliases'").get()) {
      throw new UsageError(`${path} has no aliases table: not a charters database, or one no command has opened since aliases exist`);
    }
    const { readAliases } = await import("../db/aliases.js");
    const { useAliases } = await import("../normalize/aliases.js");
    useAliases(readAliases(db));
  } finally {
    db.close();
  }
}
