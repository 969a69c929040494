/**
 * The run's counts: each file's outcome as it is committed, folded into the summary
 * (new, updated, ..., failures with their reasons, indicators, pages, review items), and
 * how the run ended. The only place the summary's figures are counted.
 */
import { DatabaseError } from "../db/errors.js";
import { keyOf, type SourcePath } from "./paths.js";
import { reportPath, type FileReport, type ImportFailure, type ImportOptions, type ImportSummary } from "./types.js";
import type { WalkResult } from "./walk.js";

/** The summary's count of each kind of update. */
const UPDATE_COUNT = { version: "updatedVersions", charter: "updatedCharters", reading: "reread" } as const;

export class Tally {
  readonly summary: ImportSummary;
  /** Files whose outcome is known, of `total`. */
  done = 0;
  /** Files the walk found. */
  total = 0;
  /**
   * Each file's outcome in this run: a file looked at twice (an orphaned duplicate, first
   * unchanged or duplicate, so with no indicators to take back) has its first one revised.
   */
  private readonly outcomes = new Map<string, FileReport>();

  constructor(
    runId: number,
    db: string,
    startedAt: string,
    private readonly onFile: ImportOptions["onFile"],
  ) {
    this.summary = {
      runId, db, status: "completed", startedAt, finishedAt: startedAt,
      files: 0, new: 0, updated: 0, unchanged: 0, duplicate: 0, failed: 0, seconds: 0,
      indicators: 0, pages: 0, partial: 0, review: 0, updatedVersions: 0, updatedCharters: 0, reread: 0, ocrPages: 0, knownFailures: 0, skipped: {}, symlinks: 0, retired: 0, notDone: 0,
      warnings: [], failures: [],
    };
  }

  /**
   * What the walk found: the files to look at, what it left out, paths and folders that
   * failed (a path that is not there, a folder that cannot be read, and a named folder
   * with no charter file unless empty folders are allowed), links not followed.
   */
  walked(found: WalkResult, paths: string[], allowEmpty = false): void {
    const summary = this.summary;
    Object.assign(summary, { files: found.files.length, skipped: found.skipped, symlinks: found.symlinks });
    this.total = found.files.length;
    for (const u of found.unreadable) this.failed({ ...reportPath(u.path), reason: u.reason, known: false, ...(u.missing ? { missing: true } : { folder: true }) });
    for (const e of found.empty) {
      const why = "no charter file in this folder (an unmounted share, a wrong path?)";
      if (allowEmpty) summary.warnings.push(`${e.text}: ${why}; --allow-empty: not a failure`);
      else this.folderFailed(e, `${why}: --allow-empty accepts an empty folder`);
    }
    for (const w of found.warnings) summary.warnings.push(`${w.path.text}: ${w.reason}`);
    if (this.total === 0 && found.empty.length === 0) summary.warnings.push(`no charter files found in ${paths.join(", ")}`);
  }

  /** A folder that failed (it could not be read, had no charter file, --prune refused to empty it): listed with the failures. */
  folderFailed(path: SourcePath, reason: string): void {
    this.failed({ ...reportPath(path), reason, known: false, folder: true });
  }

  private failed(f: ImportFailure): void {
    this.summary.failed++;
    this.summary.failures.push(f);
  }

  /** One file's outcome, committed (or settled without a write); a second outcome of the same path replaces its first. */
  report(path: SourcePath, r: FileReport): void {
    const summary = this.summary;
    const earlier = this.outcomes.get(keyOf(path));
    this.outcomes.set(keyOf(path), r);
    if (earlier === undefined) this.done++;
    else if (earlier.outcome === "failed") {
      summary.failed--;
      if (earlier.known) summary.knownFailures--;
      summary.failures = summary.failures.filter((f) => f.path !== r.path || f.pathHex !== r.pathHex);
    } else if (earlier.outcome !== "retired") summary[earlier.outcome]--;
    if (earlier?.update) summary[UPDATE_COUNT[earlier.update]]--;
    if (r.outcome === "failed") {
      summary.failed++;
      if (r.known) summary.knownFailures++;
      summary.failures.push({ path: r.path, ...(r.pathHex ? { pathHex: r.pathHex } : {}), reason: r.reason ?? "unknown", known: !!r.known });
    } else if (r.outcome !== "retired") summary[r.outcome]++;
    summary.ocrPages += r.ocrPages ?? 0;
    if (r.update) summary[UPDATE_COUNT[r.update]]++;
    if (r.outcome === "new" || r.outcome === "updated") {
      summary.indicators += r.indicators ?? 0;
      summary.pages += r.pages ?? 0;
      summary.review += r.review ?? 0;
      if (r.partial) summary.partial++;
    }
    this.onFile?.(r, this.done, this.total);
  }

  /** A document retired by --prune (its file is gone): counted apart, not a file of this run. */
  retired(path: SourcePath): void {
    this.summary.retired++;
    this.onFile?.({ ...reportPath(path), outcome: "retired", reason: "its file is gone (--prune)" }, this.done, this.total);
  }

  /**
   * How the run ended: failed (an error stopped it), interrupted (a signal), or completed;
   * its time and the files not looked at. Returns why it ended early, for the runs table.
   */
  end(started: number, err: Error | null, signal: AbortSignal | undefined): string | null {
    const summary = this.summary;
    summary.seconds = (performance.now() - started) / 1000;
    summary.finishedAt = new Date().toISOString();
    summary.notDone = this.total - this.done;
    if (err) summary.status = "failed";
    else if (signal?.aborted) summary.status = "interrupted";
    if (signal?.aborted) summary.interrupted = String(signal.reason);
    if (err) summary.error = { problem: err instanceof DatabaseError ? err.problem : "internal", message: err.message };
    return err ? err.message : summary.interrupted ? `interrupted by ${summary.interrupted}` : null;
  }
}
