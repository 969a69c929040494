/**
 * The import as a library call: files and folders in, a database updated, a summary
 * out. The CLI is a thin layer over `importPaths`.
 *
 * One import at a time per database (lock.ts). The main thread walks (walk.ts), stats and
 * hashes files and decides what needs parsing (triage.ts), and is the only writer; parsing
 * runs in worker threads behind a p-queue that bounds how many files are in flight (run.ts).
 * How a run ends is recorded in `runs`: completed, interrupted (a signal: what was parsed is
 * committed first), or failed (a database error: locked, full, read-only, corrupt).
 */
import { availableParallelism } from "node:os";
import { Store } from "../db/store.js";
import { walkedExtensions } from "../parsers/manifest.js";
import { DEFAULT_BUSY_TIMEOUT_S } from "../db/open.js";
import { ImportRunningError, UsageError } from "./errors.js";
import type { ImportOptions, ImportSummary } from "./types.js";
import { checkDatabasePath, realDatabasePath } from "./db-file.js";
import { ImportLock } from "./lock.js";
import { MAX_PARSE_BUFFERS, maxConcurrency, WORKER_HEAP_MB } from "./limits.js";
import { runImport } from "./run.js";
import { walk } from "./walk.js";

export { UsageError, ImportRunningError } from "./errors.js";
export { MAX_FILE_BYTES, sha256 } from "./triage.js";
export type { FileOutcome, FileReport, ImportFailure, ImportOptions, ImportSummary } from "./types.js";

/** Extensions picked up when walking a folder; files named explicitly are always tried. */
export const CHARTER_EXTENSIONS = new Set(walkedExtensions());

export const defaultConcurrency = (): number => Math.max(1, availableParallelism());

/** Expand files and folders (recursively) to a sorted list of absolute file paths (text). */
export async function collectFiles(paths: string[], allFiles = false): Promise<string[]> {
  return (await walk(paths, { accept: (ext) => CHARTER_EXTENSIONS.has(ext), allFiles })).files.map((f) => f.text);
}

function positive(name: string, v: number | undefined, fallback: number, integer = false): number {
  const n = v ?? fallback;
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new UsageError(`${name} must be ${integer ? "a whole number of at least 1" : "a number above 0"}, not ${v}`);
  return n;
}

/** Which import holds the lock, for the message. */
function holder(store: Store, dbPath: string): string {
  const r = store.runs.running();
  const who = r ? `run ${r.id}${r.pid ? `, pid ${r.pid}` : ""}${r.host ? ` on ${r.host}` : ""}, started ${r.started_at}` : "a run starting";
  return `another import is running into ${dbPath} (${who})`;
}

/** Import files and folders into the database at `opts.db`. */
export async function importPaths(paths: string[], opts: ImportOptions): Promise<ImportSummary> {
  const concurrency = positive("--concurrency", opts.concurrency, defaultConcurrency(), true);
  if (concurrency > maxConcurrency()) {
    const each = `${WORKER_HEAP_MB} MiB of heap and ${MAX_PARSE_BUFFERS / 1048576} MiB of buffers`;
    throw new UsageError(`--concurrency must be at most ${maxConcurrency()} (4 per core on this machine: more parser threads than cores parse no faster, and each may hold ${each}), not ${concurrency}`);
  }
  const fileTimeout = positive("--file-timeout", opts.fileTimeout, 60);
  const busyTimeout = opts.busyTimeout === 0 ? 0 : positive("--busy-timeout", opts.busyTimeout, DEFAULT_BUSY_TIMEOUT_S);
  const wait = opts.wait ?? 0;
  if (!(wait >= 0)) throw new UsageError(`--wait must be a number of seconds, not ${opts.wait}`);
  if (paths.length === 0) throw new UsageError("no files or folders to import");
  // A path that is not there fails alone (the walk reports it): the others are imported.
  // One database, one lock, however it is named: links resolved (db-file.ts).
  const dbPath = realDatabasePath(opts.db);
  checkDatabasePath(dbPath);
  const store = new Store(dbPath, { busyTimeoutMs: busyTimeout * 1000 });
  try {
    const running = () => store.runs.running();
    const lock = await ImportLock.acquire(dbPath, { waitMs: wait * 1000, signal: opts.signal, running, onWait: () => opts.onWait?.(holder(store, dbPath)) });
    if (!lock) {
      const why = opts.signal?.aborted ? `interrupted (${String(opts.signal.reason)}) while waiting: ` : "";
      throw new ImportRunningError(`${why}${holder(store, dbPath)}${wait > 0 && !opts.signal?.aborted ? `; waited ${wait} s` : ""}: run again when it is done, or use --wait`);
    }
    try {
      return await runImport(store, paths, { ...opts, dbPath, lock, concurrency, fileTimeout, busyTimeout, wait, accept: (ext) => CHARTER_EXTENSIONS.has(ext) });
    } finally {
      lock.release();
    }
  } finally {
    try {
      store.close();
    } catch {
      // closing a database whose disk is full may fail to checkpoint: the WAL keeps the data
    }
  }
}
