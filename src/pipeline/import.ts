/**
 * The import as a library call: files and folders in, a database updated, a summary
 * out. The CLI is a thin layer over `importPaths`.
 *
 * The main thread walks, stats and hashes files (cheap I/O), decides what needs parsing
 * (path + size + mtime first, then sha-256), and is the only writer; parsing runs in
 * worker threads behind a p-queue that bounds how many files are in flight. Results
 * are written in batched transactions, each document atomic inside its batch. A file
 * that fails is recorded with its reason and the batch goes on.
 */
import PQueue from "p-queue";
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { statSync, type Stats } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { refreshAnalysis } from "../analysis/refresh.js";
import { readAliases } from "../db/aliases.js";
import { Store, type FileMeta, type KnownFile, type RunCounts, type WriteResult } from "../db/store.js";
import type { CharterDocument, Format } from "../model/schema.js";
import { WorkerPool, type ParseReply } from "./pool.js";

/** Extensions picked up when walking a folder; files named explicitly are always tried. */
export const CHARTER_EXTENSIONS = new Set([".xlsx", ".xlsm", ".xls", ".ods", ".pdf", ".txt", ".tsv", ".csv", ".docx", ".odt", ".html", ".htm", ".doc"]);

/** Files larger than this are refused without being read. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type FileOutcome = WriteResult | "failed";

export interface FileReport {
  path: string;
  outcome: FileOutcome;
  parser?: string;
  pages?: number;
  services?: number;
  indicators?: number;
  reason?: string;
}

export interface ImportSummary extends RunCounts {
  runId: number;
  indicators: number;
  /** PDF pages with indicator rows imported in this run (for rates; a page with only a title block is not counted). */
  pages: number;
  failures: { path: string; reason: string }[];
}

export interface ImportOptions {
  db: string;
  /** Walk folders for every file, not only the charter extensions. */
  allFiles?: boolean;
  /** Parser worker threads; default one per core. */
  concurrency?: number;
  /** Per-file parse time limit in seconds (default 60). */
  fileTimeout?: number;
  /** Called once the files are known, before any is imported. */
  onStart?: (total: number) => void;
  /** Called after each file's outcome is committed. */
  onFile?: (report: FileReport, done: number, total: number) => void;
}

/** A mistake in how the import was asked for (exit code 2), not in a file. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const defaultConcurrency = (): number => Math.max(1, availableParallelism());

/** Expand files and folders (recursively) to a sorted list of absolute file paths. */
export async function collectFiles(paths: string[], allFiles = false): Promise<string[]> {
  const out = new Set<string>();
  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      st = await stat(abs);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    if (st.isDirectory()) {
      const entries = await readdir(abs, { recursive: true, withFileTypes: true });
      for (const e of entries) {
        if (!e.isFile() || e.name.startsWith(".")) continue;
        const parent = e.parentPath ?? (e as unknown as { path: string }).path;
        if (allFiles || CHARTER_EXTENSIONS.has(extname(e.name).toLowerCase())) out.add(join(parent, e.name));
      }
    } else {
      out.add(abs);
    }
  }
  return [...out].sort();
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** What the main thread decided for a file before any parsing. */
type Triage =
  | { kind: "done"; report: FileReport }
  | { kind: "fail"; meta: FileMeta; reason: string }
  | { kind: "duplicate"; meta: FileMeta; originalId: number }
  | { kind: "parse"; meta: FileMeta; bytes: Buffer };

/**
 * The cheap test: same size and mtime as the current document at this path, which did not
 * fail and is not a duplicate of a document since replaced (whose content is then nowhere).
 */
function sameFile(known: KnownFile, st: { size: number; mtimeMs: number }): boolean {
  return known.size === st.size && known.mtime_ms === Math.trunc(st.mtimeMs) && known.status !== "failure" && !known.orphan;
}

/**
 * Nightly runs meet mostly files imported before. Settle those first, from path, size and
 * mtime alone (nothing read, no queue), calling `unchanged` for each; the other files come
 * back in their order, for the full triage. The stats are synchronous: on a local disk a
 * stat takes microseconds, far less than a round trip through the thread pool, and the
 * loop yields to the event loop every few hundred files.
 */
async function settleUnchanged(store: Store, files: string[], unchanged: (path: string) => void): Promise<ToTriage[]> {
  const rest: ToTriage[] = [];
  for (let i = 0; i < files.length; i++) {
    if (i % 256 === 255) await new Promise((r) => setImmediate(r));
    const path = files[i];
    let st: Stats | undefined;
    try {
      st = statSync(path, { throwIfNoEntry: false });
    } catch {
      st = undefined; // unreadable: the full triage says why
    }
    const known = st ? store.known(path) : undefined;
    if (st && known && sameFile(known, st)) unchanged(path);
    else rest.push({ path, st });
  }
  return rest;
}

/** A file for the full triage, with its stat when one was taken already. */
interface ToTriage {
  path: string;
  st?: Stats;
}

async function triage(store: Store, { path, st: taken }: ToTriage): Promise<Triage> {
  let st;
  try {
    st = taken ?? (await stat(path));
  } catch (e) {
    return { kind: "fail", meta: { path, sha256: "unreadable", size: 0, mtimeMs: 0 }, reason: `cannot read the file: ${(e as Error).message}` };
  }
  const known = store.known(path);
  const mtime = Math.trunc(st.mtimeMs);
  if (known && sameFile(known, st)) return { kind: "done", report: { path, outcome: "unchanged" } };
  if (st.size > MAX_FILE_BYTES) {
    const meta = { path, sha256: `size:${st.size}:${mtime}`, size: st.size, mtimeMs: st.mtimeMs };
    return { kind: "fail", meta, reason: `refused: ${Math.round(st.size / 1048576)} MiB is over the ${MAX_FILE_BYTES / 1048576} MiB limit for one charter` };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return { kind: "fail", meta: { path, sha256: `unreadable:${st.size}:${mtime}`, size: st.size, mtimeMs: st.mtimeMs }, reason: `cannot read the file: ${(e as Error).message}` };
  }
  const meta: FileMeta = { path, sha256: sha256(bytes), size: st.size, mtimeMs: st.mtimeMs };
  if (known && known.sha256 === meta.sha256 && known.status !== "failure" && !known.orphan) {
    store.touch(known.id, st.mtimeMs);
    return { kind: "done", report: { path, outcome: "unchanged" } };
  }
  if (bytes.length === 0) return { kind: "fail", meta, reason: "empty file" };
  const original = store.sameContent(meta.sha256, path);
  if (original !== undefined) return { kind: "duplicate", meta, originalId: original };
  return { kind: "parse", meta, bytes };
}

/** A parse result waiting for the writer. */
type Pending = { meta: FileMeta; reply: ParseReply } | { meta: FileMeta; duplicateOf: number } | { meta: FileMeta; failure: string };

function pagesOf(doc: CharterDocument): number {
  const pages = new Set<number>();
  for (const s of doc.services) for (const i of s.indicators) if (i.provenance.page) pages.add(i.provenance.page);
  return pages.size;
}

/** Import files and folders into the database at `opts.db`. */
export async function importPaths(paths: string[], opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const concurrency = opts.concurrency ?? defaultConcurrency();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number of at least 1, not ${concurrency}`);
  const timeoutS = opts.fileTimeout ?? 60;
  if (!(timeoutS > 0)) throw new UsageError(`--file-timeout must be a number of seconds above 0, not ${opts.fileTimeout}`);
  const files = await collectFiles(paths, opts.allFiles);
  const store = new Store(opts.db);
  // People's label decisions (charters alias), sent to the parsers with every file.
  const aliases = readAliases(store.db).map(({ kind, label, code }) => ({ kind, label, code }));
  const runId = store.beginRun({ paths, allFiles: !!opts.allFiles, concurrency, fileTimeout: timeoutS }, concurrency);
  const summary: ImportSummary = { runId, files: files.length, new: 0, updated: 0, unchanged: 0, duplicate: 0, failed: 0, seconds: 0, indicators: 0, pages: 0, failures: [] };
  opts.onStart?.(files.length);

  let pool: WorkerPool | null = null; // started on the first file that needs parsing
  // Twice as many files in flight as workers: while a worker parses, the next file is
  // already read, hashed and waiting in the pool, so a worker that finishes gets its next
  // file at once instead of idling through the main thread's triage and batch writes.
  // The pool still parses at most `concurrency` files at a time.
  const queue = new PQueue({ concurrency: concurrency * 2 });
  let done = 0;
  const pending: Pending[] = [];
  let flushTimer: NodeJS.Timeout | null = null;

  // Each file's outcome in this run: a file looked at twice (an orphaned duplicate, see
  // below: first unchanged or duplicate, so with no indicators to take back) has its first
  // outcome revised.
  const outcomes = new Map<string, FileOutcome>();
  const report = (r: FileReport) => {
    const earlier = outcomes.get(r.path);
    outcomes.set(r.path, r.outcome);
    if (earlier === undefined) done++;
    else if (earlier === "failed") {
      summary.failed--;
      summary.failures = summary.failures.filter((f) => f.path !== r.path);
    } else summary[earlier]--;
    if (r.outcome === "failed") {
      summary.failed++;
      summary.failures.push({ path: r.path, reason: r.reason ?? "unknown" });
    } else summary[r.outcome]++;
    summary.indicators += r.indicators ?? 0;
    summary.pages += r.pages ?? 0;
    opts.onFile?.(r, done, files.length);
  };

  /** The single writer: every pending result in one transaction, each document its own savepoint. */
  const flush = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    const reports = store.batch(() =>
      batch.map((p): FileReport => {
        const path = p.meta.path;
        if ("failure" in p) {
          store.writeFailure(p.meta, p.failure);
          return { path, outcome: "failed", reason: p.failure };
        }
        if ("duplicateOf" in p) return { path, outcome: store.writeDuplicate(p.meta, p.duplicateOf) };
        const reply = p.reply;
        if (!reply.ok) {
          store.writeFailure(p.meta, reply.reason);
          return { path, outcome: "failed", reason: reply.reason };
        }
        // Two paths with the same content in one run: the first written is the original.
        const original = store.sameContent(p.meta.sha256, path);
        if (original !== undefined) return { path, outcome: store.writeDuplicate(p.meta, original) };
        try {
          const outcome = store.writeDocument(p.meta, reply.parser.format as Format, reply.parser, reply.document);
          const indicators = reply.document.services.reduce((n, s) => n + s.indicators.length, 0);
          return { path, outcome, parser: reply.parser.name, services: reply.document.services.length, indicators, pages: pagesOf(reply.document) };
        } catch (e) {
          const reason = `could not be stored: ${(e as Error).message}`;
          store.writeFailure(p.meta, reason);
          return { path, outcome: "failed", reason };
        }
      }),
    );
    reports.forEach(report);
  };
  const enqueue = (p: Pending) => {
    pending.push(p);
    if (pending.length >= 32) flush();
    else flushTimer ??= setTimeout(flush, 200);
  };

  try {
    const importAll = async (batch: ToTriage[]) => {
      for (const file of batch) {
        // Backpressure: never more than a few files read and waiting per worker.
        await queue.onSizeLessThan(concurrency * 2);
        void queue.add(async () => {
          const t = await triage(store, file);
          if (t.kind === "done") return void report(t.report);
          if (t.kind === "fail") return enqueue({ meta: t.meta, failure: t.reason });
          if (t.kind === "duplicate") return enqueue({ meta: t.meta, duplicateOf: t.originalId });
          pool ??= new WorkerPool({ size: concurrency, timeoutMs: timeoutS * 1000, aliases });
          enqueue({ meta: t.meta, reply: await pool.parse(file.path, t.bytes) });
        });
      }
      await queue.onIdle();
      flush();
    };
    await importAll(await settleUnchanged(store, files, (path) => report({ path, outcome: "unchanged" })));
    // A duplicate whose original changed in this run now holds content that no current
    // document has: it is looked at again, and parsed on its own.
    const inRun = new Set(files);
    await importAll(store.orphanedDuplicates().filter((p) => inRun.has(p)).map((path) => ({ path })));
    refreshAnalysis(store.db); // keys, best files and checks (src/analysis/), skipped when nothing changed
  } finally {
    if (flushTimer) clearTimeout(flushTimer);
    await (pool as WorkerPool | null)?.close();
    summary.seconds = (performance.now() - started) / 1000;
    try {
      store.finishRun(summary, summary.failures);
    } finally {
      store.close();
    }
  }
  return summary;
}
