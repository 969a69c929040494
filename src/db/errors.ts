/**
 * What can go wrong with the database file itself (not with a charter): it is locked by
 * another program, the disk is full, it is read-only, corrupt, not ours, or newer than
 * this code. Each becomes a DatabaseError that names the file and what to do; the CLI
 * prints it on one line and exits 3 (`--debug` adds the stack).
 */

export type DatabaseProblem = "busy" | "full" | "readonly" | "corrupt" | "notadb" | "io" | "cantopen" | "foreign" | "newer" | "gone" | "other";

const HINTS: Record<DatabaseProblem, string> = {
  busy: "another program holds its write lock; run again when it is done, or wait longer with --busy-timeout",
  full: "the disk (or quota) is full; free some space and run the same command again: what was committed is kept",
  readonly: "it cannot be written; check the permissions of the file, its -wal and -shm files and its folder",
  corrupt: "the file is damaged; restore it from a backup, or import into a new file with --db",
  notadb: "it is not a SQLite database; point --db to a charters database or to a new file",
  io: "the disk reported an I/O error; check the file system and run again",
  cantopen: "it cannot be opened or created; check that the folder exists and is writable and that the path is not a folder",
  foreign: "it belongs to another application and was left untouched; point --db to a charters database or to a new file",
  newer: "its schema is newer than this program; upgrade charters (it was left untouched)",
  gone: "what the run wrote went to a file no path leads to any more; run the same command again to import into the file now at that path (or a new one)",
  other: "run again with --debug for details",
};

export class DatabaseError extends Error {
  readonly hint: string;
  constructor(
    readonly path: string,
    readonly problem: DatabaseProblem,
    what: string,
    options?: { cause?: unknown },
  ) {
    const hint = HINTS[problem];
    super(`database ${path}: ${what}: ${hint}`, options);
    this.name = "DatabaseError";
    this.hint = hint;
  }
}

/** SQLite's primary result code (SQLITE_IOERR_WRITE -> SQLITE_IOERR), or undefined for other errors. */
function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return undefined;
  return code.split("_").slice(0, 2).join("_");
}

const BY_SQLITE_CODE: Record<string, DatabaseProblem> = {
  SQLITE_BUSY: "busy",
  SQLITE_LOCKED: "busy",
  SQLITE_FULL: "full",
  SQLITE_READONLY: "readonly",
  SQLITE_PERM: "readonly",
  SQLITE_CORRUPT: "corrupt",
  SQLITE_NOTADB: "notadb",
  SQLITE_IOERR: "io",
  SQLITE_CANTOPEN: "cantopen",
};

const BY_ERRNO: Record<string, DatabaseProblem> = {
  ENOSPC: "full",
  EDQUOT: "full",
  EACCES: "readonly",
  EPERM: "readonly",
  EROFS: "readonly",
  EISDIR: "cantopen",
  ENOTDIR: "cantopen",
  ENOENT: "cantopen",
  EIO: "io",
};

/** True for an error of the database (SQLite's or the file system's around it), false for a bug. */
export function isDatabaseFailure(e: unknown): boolean {
  return e instanceof DatabaseError || sqliteCode(e) !== undefined;
}

/** The DatabaseError for an error met while opening or writing the database at `path`. */
export function databaseError(e: unknown, path: string): DatabaseError {
  if (e instanceof DatabaseError) return e;
  const code = sqliteCode(e);
  const errno = (e as { code?: unknown })?.code;
  const problem = code ? (BY_SQLITE_CODE[code] ?? "other") : typeof errno === "string" ? (BY_ERRNO[errno] ?? "other") : "other";
  const message = (e as Error)?.message ?? String(e);
  return new DatabaseError(path, problem, code ? `${message} (${(e as { code: string }).code})` : message, { cause: e });
}
