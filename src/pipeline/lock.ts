/**
 * One import at a time per database: an exclusive lock on `<db>.lock`, an empty SQLite file
 * beside it held in an EXCLUSIVE transaction for the whole run. The operating system drops
 * the lock with the process, however it ends (even kill -9), so a lock is never stale.
 * A second import says which run holds it and stops (exit 4), or with `--wait` waits for it,
 * polling, so that signals are still handled while it waits.
 */
import Database from "better-sqlite3";
import { databaseError } from "../db/errors.js";

export class ImportLock {
  private constructor(private readonly conn: Database.Database) {}

  static lockPath(dbPath: string): string {
    return `${dbPath}.lock`;
  }

  /** Take the lock now, or return null when another process holds it. */
  static tryAcquire(dbPath: string): ImportLock | null {
    const path = ImportLock.lockPath(dbPath);
    let conn: Database.Database | undefined;
    try {
      conn = new Database(path, { timeout: 0 });
      conn.pragma("journal_mode = MEMORY"); // no journal file beside the lock
      conn.exec("BEGIN EXCLUSIVE");
      return new ImportLock(conn);
    } catch (e) {
      conn?.close();
      if ((e as { code?: string }).code?.startsWith("SQLITE_BUSY")) return null;
      throw databaseError(e, path);
    }
  }

  /**
   * Take the lock, waiting up to `waitMs` (Infinity: as long as it takes) for the import that
   * holds it; null when it did not come in time or `signal` was aborted. `onWait` is called
   * once, when the lock is found taken.
   */
  static async acquire(dbPath: string, opts: { waitMs: number; signal?: AbortSignal; onWait?: () => void }): Promise<ImportLock | null> {
    const deadline = performance.now() + opts.waitMs;
    let lock = ImportLock.tryAcquire(dbPath);
    if (!lock && opts.waitMs > 0) opts.onWait?.();
    while (!lock && performance.now() < deadline && !opts.signal?.aborted) {
      await new Promise((r) => setTimeout(r, Math.max(1, Math.min(250, deadline - performance.now()))));
      lock = ImportLock.tryAcquire(dbPath);
    }
    return lock;
  }

  release(): void {
    try {
      this.conn.exec("ROLLBACK");
    } finally {
      this.conn.close();
    }
  }
}
