/**
 * One import run, under the import lock: walk, settle what is known, parse the rest in the
 * worker pool, write in batches (batch-writer.ts: the main thread is the only writer),
 * prune, record the run with its counts (tally.ts).
 *
 * Two things stop a run early. A signal (opts.signal): no more files are taken, what is
 * parsed is committed, the files being parsed are dropped (the next run takes them) and the
 * run is `interrupted`. A database error at the writer (locked past the busy timeout, disk
 * full, read-only, corrupt): nothing more is written, the run is `failed` with the reason.
 * Either way the summary says how many files were not looked at, and the next run, the same
 * command again, completes the work.
 */
import PQueue from "p-queue";
import { lstat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Store } from "../db/store.js";
import { refreshAnalysis } from "../analysis/refresh.js";
import { readAliases } from "../db/aliases.js";
import { DatabaseError, databaseError, isDatabaseFailure } from "../db/errors.js";
import type { Alias } from "../normalize/aliases.js";
import { BatchWriter } from "./batch-writer.js";
import { DatabaseFile } from "./db-file.js";
import { PRUNE_MAX_SHARE } from "./limits.js";
import { fromText, fsPath, keyOf, type SourcePath } from "./paths.js";
import { parseContext, WorkerPool } from "./pool.js";
import { Tally } from "./tally.js";
import { settleKnown, triage, type ToTriage, type Triage, type TriageRules } from "./triage.js";
import { reportPath, type FileReport, type ImportOptions, type ImportSummary } from "./types.js";
import { walk } from "./walk.js";

export interface RunSettings extends ImportOptions {
  dbPath: string;
  /** The import lock held: checked before each batch (lock.ts). */
  lock?: { check(): void };
  concurrency: number;
  fileTimeout: number;
  busyTimeout: number;
  wait: number;
  /** Whether a file found in a folder is taken, by its lower-cased extension. */
  accept: (ext: string) => boolean;
}

/** Seconds the record of a run that failed on a lock waits for that lock, at least. */
const FINAL_WAIT_S = 30;

export async function runImport(store: Store, paths: string[], opts: RunSettings): Promise<ImportSummary> {
  return new ImportRun(store, paths, opts).run();
}

/** One run's state: the queue of files in flight, the worker pool, the writer, the tally, and the error that stopped it. */
class ImportRun {
  private readonly started = performance.now();
  private readonly tally: Tally;
  private readonly writer: BatchWriter;
  private readonly queue: PQueue;
  private fatal: DatabaseError | Error | null = null;
  private pool: WorkerPool | null = null; // started on the first file that needs parsing
  /** People's label decisions (charters alias), sent to the parsers with every file. */
  private aliases: Alias[] = [];
  private readonly rules: TriageRules = { parsers: null };
  /** The database file as the run opened it: deleted or replaced, the run fails. */
  private readonly dbFile: DatabaseFile;

  constructor(
    private readonly store: Store,
    private readonly paths: string[],
    private readonly opts: RunSettings,
  ) {
    this.dbFile = new DatabaseFile(opts.dbPath);
    const startedAt = new Date().toISOString();
    const args = { paths, allFiles: !!opts.allFiles, concurrency: opts.concurrency, fileTimeout: opts.fileTimeout, retryFailed: !!opts.retryFailed, prune: !!opts.prune || !!opts.pruneForce, pruneForce: !!opts.pruneForce, follow: opts.follow ?? true, allowEmpty: !!opts.allowEmpty, ...(opts.reread ? { reread: opts.reread } : {}) };
    const runId = store.runs.begin(args, opts.concurrency, startedAt);
    this.tally = new Tally(runId, opts.dbPath, startedAt, opts.onFile);
    this.queue = new PQueue({ concurrency: opts.concurrency * 2 });
    this.writer = new BatchWriter(store, {
      written: (source, r) => this.tally.report(source, r),
      failed: (e) => this.fail(e),
      stopped: () => this.fatal !== null,
      before: () => {
        this.dbFile.check();
        opts.lock?.check();
      },
    });
  }

  /** Stopped by an error or a signal: no more files are taken. */
  private readonly stopped = () => this.fatal !== null || !!this.opts.signal?.aborted;

  /** Take no more files and stop the workers (the files being parsed are dropped). */
  private readonly halt = () => {
    this.queue.clear();
    void this.pool?.close();
  };

  private fail(e: unknown): void {
    this.fatal ??= isDatabaseFailure(e) ? databaseError(e, this.opts.dbPath) : (e as Error);
    this.halt();
  }

  async run(): Promise<ImportSummary> {
    const { store, opts, paths, tally } = this;
    opts.signal?.addEventListener("abort", this.halt, { once: true });
    this.aliases = readAliases(store.db).map(({ kind, label, code }) => ({ kind, label, code }));
    try {
      const found = await walk(paths, { accept: opts.accept, allFiles: opts.allFiles, follow: opts.follow });
      tally.walked(found, paths, opts.allowEmpty);
      opts.onStart?.(tally.total);
      if (opts.reread) this.rules.reread = { all: opts.reread === "all", current: new Set((await import("./parsers-id.js")).parsersId().split(",")) };
      if (!opts.retryFailed) this.rules.parsers = store.hasParsedFailures() ? parseContext((await import("./parsers-id.js")).parsersId(), this.aliases, opts.ocr !== false) : "";
      await this.importAll(await settleKnown(store, found.files, this.rules, this.settle, this.stopped));
      // A duplicate whose original changed in this run now holds content that no current
      // document has: it is looked at again, and parsed on its own.
      const inRun = new Set(found.files.map(keyOf));
      if (!this.stopped()) await this.importAll(store.orphanedDuplicates().filter((p) => inRun.has(keyOf(p))).map((path) => ({ path })));
      // Never under a path that failed: a share that is not mounted is no proof its files are gone.
      const failedRoots = new Set(tally.summary.failures.filter((f) => f.missing || f.folder).map((f) => resolve(f.path)));
      if ((opts.prune || opts.pruneForce) && !this.stopped()) await prune(store, paths.filter((p) => !failedRoots.has(resolve(p))), inRun, !!opts.pruneForce, tally);
      // Keys, best files and checks (src/analysis/), skipped when nothing changed; after a run
      // stopped early, the next run does it.
      if (!this.stopped()) refreshAnalysis(store.db);
      this.dbFile.check(); // never `completed` into a file that is gone
    } catch (e) {
      this.fail(e);
    } finally {
      this.writer.cancelTimer();
      opts.signal?.removeEventListener("abort", this.halt);
      await this.pool?.close();
    }
    return this.finish();
  }

  /** A file settled by the triage without parsing: reported at once, or written first. */
  private readonly settle = (path: SourcePath, t: Triage) => {
    const { tally, writer } = this;
    if (t.kind === "unchanged") return tally.report(path, { ...reportPath(path), outcome: "unchanged" });
    if (t.kind === "known-failure") {
      const r: FileReport = { ...reportPath(path), outcome: "failed", known: true, reason: t.reason };
      return t.touch ? writer.enqueue({ meta: { source: path }, touch: t.touch, report: r }) : tally.report(path, r);
    }
    if (t.kind === "touch") return writer.enqueue({ meta: { source: path }, touch: t, report: { ...reportPath(path), outcome: "unchanged" } });
    if (t.kind === "fail") return writer.enqueue({ meta: t.meta, failure: t.reason });
    if (t.kind === "duplicate") return writer.enqueue({ meta: t.meta, duplicateOf: t.originalId });
  };

  /** Triage each file, parse those that need it in the pool, hand every result to the writer. */
  private async importAll(files: ToTriage[]): Promise<void> {
    const { opts, queue } = this;
    for (const file of files) {
      // Backpressure: never more than a few files read and waiting per worker.
      await queue.onSizeLessThan(opts.concurrency * 2);
      if (this.stopped()) break;
      void queue.add(async () => {
        try {
          const t = await triage(this.store, file, this.rules);
          if (this.stopped()) return;
          if (t.kind !== "parse") return this.settle(file.path, t);
          this.pool ??= new WorkerPool({ size: opts.concurrency, timeoutMs: opts.fileTimeout * 1000, aliases: this.aliases, ocr: opts.ocr !== false });
          const reply = await this.pool.parse(file.path.text, t.bytes);
          if (!reply.ok && reply.cancelled) return;
          if (!this.fatal) this.writer.enqueue({ meta: t.meta, reply });
        } catch (e) {
          this.fail(e);
        }
      });
    }
    await queue.onIdle();
    this.writer.flush(); // on a signal too: what was parsed is committed
  }

  /** The summary's last figures and status, recorded in `runs`; an error that is not the database's is thrown. */
  private finish(): ImportSummary {
    const { store, opts, tally } = this;
    const summary = tally.summary;
    const err = this.fatal;
    const why = tally.end(this.started, err, opts.signal);
    try {
      // A run that failed on a lock is recorded once the lock comes: wait for it once more, at least 30 s.
      if (err instanceof DatabaseError && err.problem === "busy") store.db.pragma(`busy_timeout = ${Math.max(opts.busyTimeout, FINAL_WAIT_S) * 1000}`);
      store.runs.finish(summary.status, summary, summary, why, summary.failures);
    } catch (e) {
      summary.warnings.push(`the run could not be recorded as ${summary.status} (${databaseError(e, opts.dbPath).message}); the next run marks it interrupted`);
    }
    if (err && !(err instanceof DatabaseError)) throw err;
    return summary;
  }
}

/**
 * Retire the current documents at or under the given paths whose file no longer exists. Under
 * a path where more than PRUNE_MAX_SHARE of them would go (a share not mounted tonight: the
 * folder is there, empty), none is retired without `force`: that folder fails, saying so.
 */
async function prune(store: Store, paths: string[], seen: Set<string>, force: boolean, tally: Tally): Promise<void> {
  for (const root of new Set(paths.map((p) => resolve(p)))) {
    const docs = store.documentsUnder(root);
    const gone: typeof docs = [];
    for (const d of docs) {
      if (seen.has(keyOf(d.path))) continue;
      try {
        await lstat(fsPath(d.path));
        continue; // still there (left out by the walk: an extension, a folder that cannot be read)
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "ENOTDIR") continue;
      }
      gone.push(d);
    }
    if (!force && gone.length > PRUNE_MAX_SHARE * docs.length) {
      const empty = gone.length === docs.length ? ", all of them: the folder is empty or its files cannot be seen (a share not mounted?)" : "";
      const reason = `--prune refused: ${gone.length} of the ${docs.length} documents under it would be retired${empty}; none was. If the files are really gone, run again with --prune-force`;
      tally.folderFailed(fromText(root), reason);
      continue;
    }
    for (const d of gone) {
      store.retireDocument(d.id);
      tally.retired(d.path);
    }
  }
}
