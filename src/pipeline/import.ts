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
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Store } from "../db/store.js";
import { DEFAULT_BUSY_TIMEOUT_S } from "../db/open.js";
import type { RunCounts, RunStatus } from "../db/runs.js";
import { ImportRunningError, UsageError } from "./errors.js";
import { ImportLock } from "./lock.js";
import { runImport } from "./run.js";
import { walk } from "./walk.js";

export { UsageError, ImportRunningError } from "./errors.js";
export { MAX_FILE_BYTES, sha256 } from "./triage.js";

/** Extensions picked up when walking a folder; files named explicitly are always tried. */
export const CHARTER_EXTENSIONS = new Set([".xlsx", ".xlsm", ".xls", ".ods", ".pdf", ".txt", ".tsv", ".csv", ".docx", ".odt", ".html", ".htm", ".doc", ".rtf", ".p7m"]);

export type FileOutcome = "new" | "updated" | "unchanged" | "duplicate" | "failed" | "retired";

export interface FileReport {
  /** The path as text (bytes that are not UTF-8 as \xHH). */
  path: string;
  /** The path's bytes in hex, where they are not UTF-8. */
  pathHex?: string;
  outcome: FileOutcome;
  /** A failure known from an earlier run with the same content: not parsed again. */
  known?: boolean;
  parser?: string;
  pages?: number;
  services?: number;
  indicators?: number;
  /** The document is partial (a service without indicators, a row barely trusted). */
  partial?: boolean;
  /** Review items written for it. */
  review?: number;
  reason?: string;
}

export interface ImportFailure {
  path: string;
  pathHex?: string;
  reason: string;
  /** Failed in an earlier run with the same content and was not parsed again. */
  known: boolean;
  /** A folder that could not be read (else a file). */
  folder?: boolean;
}

export interface ImportSummary extends RunCounts {
  runId: number;
  /** Absolute path of the database. */
  db: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string;
  /** Indicators this run wrote (new and updated documents only). */
  indicators: number;
  /** PDF pages with indicator rows imported in this run (a page with only a title block is not counted). */
  pages: number;
  /** New and updated documents that are partial. */
  partial: number;
  /** Review items this run wrote. */
  review: number;
  /** Of `failed`: failures known from earlier runs, not parsed again. */
  knownFailures: number;
  /** Entries of the folders left out, by why (".jpg", "hidden", "symbolic link", ...). */
  skipped: Record<string, number>;
  /** Symbolic links followed. */
  symlinks: number;
  /** Documents retired by --prune (their file is gone). */
  retired: number;
  /** Files not looked at: the run was interrupted or failed first. */
  notDone: number;
  /** The signal that interrupted the run. */
  interrupted?: string;
  /** Why the run failed (a database problem). */
  error?: { problem: string; message: string };
  warnings: string[];
  failures: ImportFailure[];
}

export interface ImportOptions {
  db: string;
  /** Walk folders for every file, not only the charter extensions. */
  allFiles?: boolean;
  /** Parser worker threads; default one per core. */
  concurrency?: number;
  /** Per-file parse time limit in seconds (default 60). */
  fileTimeout?: number;
  /** Seconds a write waits for another program's lock on the database (default 300). */
  busyTimeout?: number;
  /** Seconds to wait for another import into the same database; 0 (default): stop at once; Infinity: as long as it takes. */
  wait?: number;
  /** Follow symbolic links found in folders (default true). */
  follow?: boolean;
  /** Parse again files that failed before with the same content (default false). */
  retryFailed?: boolean;
  /** Retire the documents under the given folders whose file is gone (default false). */
  prune?: boolean;
  /** Aborting it (SIGINT, SIGTERM) stops the run: what was parsed is committed, the run marked interrupted. */
  signal?: AbortSignal;
  /** Called when another import holds the lock and this one waits for it. */
  onWait?: (holder: string) => void;
  /** Called once the files are known, before any is imported. */
  onStart?: (total: number) => void;
  /** Called after each file's outcome is committed. */
  onFile?: (report: FileReport, done: number, total: number) => void;
}

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
  const fileTimeout = positive("--file-timeout", opts.fileTimeout, 60);
  const busyTimeout = opts.busyTimeout === 0 ? 0 : positive("--busy-timeout", opts.busyTimeout, DEFAULT_BUSY_TIMEOUT_S);
  const wait = opts.wait ?? 0;
  if (!(wait >= 0)) throw new UsageError(`--wait must be a number of seconds, not ${opts.wait}`);
  if (paths.length === 0) throw new UsageError("no files or folders to import");
  for (const p of paths) if (!existsSync(resolve(p))) throw new UsageError(`no such file or folder: ${p}`);
  const dbPath = resolve(opts.db);
  const store = new Store(dbPath, { busyTimeoutMs: busyTimeout * 1000 });
  try {
    const lock = await ImportLock.acquire(dbPath, { waitMs: wait * 1000, signal: opts.signal, onWait: () => opts.onWait?.(holder(store, dbPath)) });
    if (!lock) {
      const why = opts.signal?.aborted ? `interrupted (${String(opts.signal.reason)}) while waiting: ` : "";
      throw new ImportRunningError(`${why}${holder(store, dbPath)}${wait > 0 && !opts.signal?.aborted ? `; waited ${wait} s` : ""}: run again when it is done, or use --wait`);
    }
    try {
      return await runImport(store, paths, { ...opts, dbPath, concurrency, fileTimeout, busyTimeout, wait });
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
