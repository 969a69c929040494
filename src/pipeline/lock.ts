/**
 * One import at a time per database: an exclusive lock on `<db>.lock`, an empty SQLite file
 * beside it held in an EXCLUSIVE transaction for the whole run. The operating system drops
 * the lock with the process, however it ends (even kill -9), so a lock is never stale.
 * A second import says which run holds it and stops (exit 4), or with `--wait` waits for it,
 * polling, so that signals are still handled while it waits.
 *
 * The lock is taken beside the database's real path (import.ts resolves links), and a lock
 * file deleted or replaced under a running import does not let a second one in: the lock
 * taken is the file at that path when the lock came (else it is taken again), a newcomer that
 * gets a lock still defers to a run the database records as running whose process is alive
 * on this host, and the holder takes its lock again when its file was deleted (`check`).
 */
import Database from "better-sqlite3";
import { readFileSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { databaseError } from "../db/errors.js";
import type { RunningRun } from "../db/runs.js";

const identity = (path: string): string | null => {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
};

/** When a process started (ms since the epoch), from /proc; null where that cannot be read. */
function processStart(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]); // field 22, starttime (USER_HZ = 100)
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(btime) ? (btime + ticks / 100) * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Whether the process of a run recorded as running is alive: on this host, its pid exists
 * and started before the run did (a pid used again by a later process is not it).
 */
export function runAlive(run: RunningRun): boolean {
  if (!run.pid || run.host !== hostname()) return false;
  try {
    process.kill(run.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = processStart(run.pid);
  return start === null || start <= Date.parse(run.started_at) + 2000;
}

export class ImportLock {
  private constructor(
    private conn: Database.Database,
    private readonly path: string,
    private id: string | null,
  ) {}

  static lockPath(dbPath: string): string {
    return `${dbPath}.lock`;
  }

  /** The lock on the file at `path` now, or null when another process holds it. */
  private static lockFile(path: string): { conn: Database.Database; id: string | null } | null {
    for (let attempt = 0; ; attempt++) {
      const before = identity(path);
      let conn: Database.Database | undefined;
      try {
        conn = new Database(path, { timeout: 0 });
        conn.pragma("journal_mode = MEMORY"); // no journal file beside the lock
        conn.exec("BEGIN EXCLUSIVE");
      } catch (e) {
        conn?.close();
        if ((e as { code?: string }).code?.startsWith("SQLITE_BUSY")) return null;
        throw databaseError(e, path);
      }
      const after = identity(path);
      // The file locked is the one at the path (not one deleted or replaced while it was opened).
      if (before === null || before === after || attempt >= 3) return { conn, id: after };
      conn.close();
    }
  }

  /**
   * Take the lock now, or return null when another process holds it, or when `running()`
   * names a run whose process is alive (its lock file was deleted or replaced).
   */
  static tryAcquire(dbPath: string, running?: () => RunningRun | undefined): ImportLock | null {
    const path = ImportLock.lockPath(dbPath);
    const got = ImportLock.lockFile(path);
    if (!got) return null;
    const lock = new ImportLock(got.conn, path, got.id);
    const other = running?.();
    if (other && runAlive(other)) {
      lock.release();
      return null;
    }
    return lock;
  }

  /**
   * Take the lock, waiting up to `waitMs` (Infinity: as long as it takes) for the import that
   * holds it; null when it did not come in time or `signal` was aborted. `onWait` is called
   * once, when the lock is found taken.
   */
  static async acquire(
    dbPath: string,
    opts: { waitMs: number; signal?: AbortSignal; onWait?: () => void; running?: () => RunningRun | undefined },
  ): Promise<ImportLock | null> {
    const deadline = performance.now() + opts.waitMs;
    let lock = ImportLock.tryAcquire(dbPath, opts.running);
    if (!lock && opts.waitMs > 0) opts.onWait?.();
    while (!lock && performance.now() < deadline && !opts.signal?.aborted) {
      await new Promise((r) => setTimeout(r, Math.max(1, Math.min(250, deadline - performance.now()))));
      lock = ImportLock.tryAcquire(dbPath, opts.running);
    }
    return lock;
  }

  /**
   * Where the lock file was deleted or replaced while this import holds it, take the lock on
   * the file now at the path (so that a later import, on any host, finds it held); when
   * another process holds that one for a moment, the next check tries again.
   */
  check(): void {
    if (identity(this.path) === this.id && this.id !== null) return;
    const got = ImportLock.lockFile(this.path);
    if (!got) return;
    this.release();
    this.conn = got.conn;
    this.id = got.id;
  }

  release(): void {
    try {
      this.conn.exec("ROLLBACK");
    } finally {
      this.conn.close();
    }
  }
}
