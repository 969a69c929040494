/** What an import is asked (ImportOptions) and what it tells (a FileReport per file, the ImportSummary). */
import type { RunCounts, RunStatus } from "../db/runs.js";
import type { SourcePath } from "./paths.js";

export type FileOutcome = "new" | "updated" | "unchanged" | "duplicate" | "failed" | "retired";

export interface FileReport {
  /** The path as text (bytes that are not UTF-8 as \xHH). */
  path: string;
  /** The path's bytes in hex, where they are not UTF-8. */
  pathHex?: string;
  outcome: FileOutcome;
  /**
   * For an update: "version", a new version of the charter the path held (the earlier one
   * superseded, kept in v_charter_versions), or "charter", another charter (the next
   * year's: the one the path held stays current for its year), or "reading", the same
   * content read again (--reread): its rows replaced, no version added.
   */
  update?: "version" | "charter" | "reading";
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
  /** Scanned pages read by OCR (whatever the outcome). */
  ocrPages?: number;
  reason?: string;
}

export interface ImportFailure {
  path: string;
  pathHex?: string;
  reason: string;
  /** Failed in an earlier run with the same content and was not parsed again. */
  known: boolean;
  /** A folder that could not be read, or a named folder with no charter file (else a file). */
  folder?: boolean;
  /** A path named on the command line that does not exist. */
  missing?: boolean;
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
  /** Scanned pages this run read by OCR (of the files it parsed, failed ones too). */
  ocrPages: number;
  /** Of `updated`: new versions of the charter their path held (the earlier version superseded, kept queryable). */
  updatedVersions: number;
  /** Of `updated`: another charter at a known path (the next year's); the one it held stays current for its year. */
  updatedCharters: number;
  /** Of `updated`: unchanged files read again (--reread, an alias), their rows replaced in place. */
  reread: number;
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
  /**
   * Parse again files whose content is already stored, replacing their reading in place (no
   * version added): "outdated", those read by another version of their parser than this
   * build's (after an upgrade); "all", every file found. Default: unchanged files are skipped.
   */
  reread?: "all" | "outdated";
  /** Read pages without text (scans) by OCR (default true; false: --no-ocr). */
  ocr?: boolean;
  /** Retire the documents under the given folders whose file is gone (default false). */
  prune?: boolean;
  /** Prune even where more than half of a folder's documents would be retired (an empty folder); implies prune. */
  pruneForce?: boolean;
  /** A named folder with no charter file is a warning, not a failure (default false). */
  allowEmpty?: boolean;
  /** Aborting it (SIGINT, SIGTERM) stops the run: what was parsed is committed, the run marked interrupted. */
  signal?: AbortSignal;
  /** Called when another import holds the lock and this one waits for it. */
  onWait?: (holder: string) => void;
  /** Called once the files are known, before any is imported. */
  onStart?: (total: number) => void;
  /** Called after each file's outcome is committed. */
  onFile?: (report: FileReport, done: number, total: number) => void;
}

/** The path fields of a report: the text, and the bytes in hex where they are not UTF-8. */
export const reportPath = (p: SourcePath): Pick<FileReport, "path" | "pathHex"> => (p.bytes ? { path: p.text, pathHex: p.bytes.toString("hex") } : { path: p.text });
