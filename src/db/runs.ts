/**
 * The record of import runs: one `runs` row per run (its process, arguments, counts, whole
 * summary, and how it ended: completed, interrupted by a signal, failed with the reason),
 * and one `run_failures` row per file or folder that failed in it (known = it had failed
 * before with the same content and was not parsed again).
 */
import type Database from "better-sqlite3";
import { hostname } from "node:os";

export type RunStatus = "completed" | "interrupted" | "failed";

export interface RunCounts {
  files: number;
  new: number;
  updated: number;
  unchanged: number;
  duplicate: number;
  failed: number;
  seconds: number;
}

export interface RunningRun {
  id: number;
  pid: number | null;
  host: string | null;
  started_at: string;
}

export class RunLog {
  /** The run that writes are attributed to (set by begin). */
  id: number | null = null;
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      start: db.prepare("INSERT INTO runs (started_at, status, args, workers, pid, host) VALUES (?, 'running', ?, ?, ?, ?)"),
      finish: db.prepare(`UPDATE runs SET finished_at = @finished_at, status = @status, error = @error, summary = @summary,
        files = @files, new = @new, updated = @updated, unchanged = @unchanged, duplicate = @duplicate, failed = @failed, seconds = @seconds
        WHERE id = @id`),
      stale: db.prepare(`UPDATE runs SET status = 'interrupted',
        error = coalesce(error, 'the process ended before the run did (killed, or the machine stopped)') WHERE status = 'running'`),
      running: db.prepare("SELECT id, pid, host, started_at FROM runs WHERE status = 'running' ORDER BY id DESC LIMIT 1"),
      failure: db.prepare("INSERT INTO run_failures (run_id, source_path, reason, known) VALUES (?, ?, ?, ?)"),
    };
  }

  /** The latest run recorded as running (to name the import that holds the lock). */
  running(): RunningRun | undefined {
    return this.stmts.running.get() as RunningRun | undefined;
  }

  /**
   * Open a run record. Called under the import lock: a run still marked running belongs to a
   * process that is gone, and becomes interrupted.
   */
  begin(args: unknown, workers: number, startedAt: string): number {
    return this.db.transaction(() => {
      this.stmts.stale.run();
      return (this.id = Number(this.stmts.start.run(startedAt, JSON.stringify(args), workers, process.pid, hostname()).lastInsertRowid));
    }).immediate();
  }

  finish(
    status: RunStatus,
    counts: RunCounts,
    summary: unknown,
    error: string | null,
    failures: { path: string; reason: string; known: boolean }[],
  ): void {
    const id = this.id;
    if (id === null) return;
    const { files, new: created, updated, unchanged, duplicate, failed, seconds } = counts;
    this.db.transaction(() => {
      this.stmts.finish.run({
        id, status, error, summary: JSON.stringify(summary), finished_at: new Date().toISOString(),
        files, new: created, updated, unchanged, duplicate, failed, seconds,
      });
      for (const f of failures) this.stmts.failure.run(id, f.path, f.reason, f.known ? 1 : 0);
    }).immediate();
  }
}
