/**
 * One import run, under the import lock: walk, settle what is known, parse the rest in the
 * worker pool, write in batches (the main thread is the only writer), prune, record the run.
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
import { documentStatus, type FileMeta, type Store } from "../db/store.js";
import { refreshAnalysis } from "../analysis/refresh.js";
import { readAliases } from "../db/aliases.js";
import { DatabaseError, databaseError, isDatabaseFailure } from "../db/errors.js";
import type { CharterDocument, Format } from "../model/schema.js";
import { CHARTER_EXTENSIONS, type FileReport, type ImportOptions, type ImportSummary } from "./import.js";
import { fsPath, keyOf, type SourcePath } from "./paths.js";
import { parseContext, WorkerPool, type ParseReply } from "./pool.js";
import { settleKnown, triage, type ToTriage, type Triage, type TriageRules } from "./triage.js";
import { walk } from "./walk.js";

export interface RunSettings extends ImportOptions {
  dbPath: string;
  concurrency: number;
  fileTimeout: number;
  busyTimeout: number;
  wait: number;
}

/** Seconds the record of a run that failed on a lock waits for that lock, at least. */
const FINAL_WAIT_S = 30;

/** A result waiting for the writer. */
type Pending =
  | { meta: FileMeta; reply: ParseReply }
  | { meta: FileMeta; duplicateOf: number }
  | { meta: FileMeta; failure: string }
  | { meta: { source: SourcePath }; touch: { id: number; mtimeMs: number }; report: FileReport };

function pagesOf(doc: CharterDocument): number {
  const pages = new Set<number>();
  for (const s of doc.services) for (const i of s.indicators) if (i.provenance.page) pages.add(i.provenance.page);
  return pages.size;
}

/** A store error that concerns one document (a constraint it breaks), not the database. */
const documentLevel = (e: unknown) => /^SQLITE_(CONSTRAINT|TOOBIG|MISMATCH|RANGE)/.test(String((e as { code?: string })?.code ?? ""));

const base = (p: SourcePath): Pick<FileReport, "path" | "pathHex"> => (p.bytes ? { path: p.text, pathHex: p.bytes.toString("hex") } : { path: p.text });

export async function runImport(store: Store, paths: string[], opts: RunSettings): Promise<ImportSummary> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const args = { paths, allFiles: !!opts.allFiles, concurrency: opts.concurrency, fileTimeout: opts.fileTimeout, retryFailed: !!opts.retryFailed, prune: !!opts.prune, follow: opts.follow ?? true };
  const runId = store.runs.begin(args, opts.concurrency, startedAt);
  const summary: ImportSummary = {
    runId, db: opts.dbPath, status: "completed", startedAt, finishedAt: startedAt,
    files: 0, new: 0, updated: 0, unchanged: 0, duplicate: 0, failed: 0, seconds: 0,
    indicators: 0, pages: 0, partial: 0, review: 0, knownFailures: 0, skipped: {}, symlinks: 0, retired: 0, notDone: 0,
    warnings: [], failures: [],
  };
  let fatal: DatabaseError | Error | null = null;
  let pool: WorkerPool | null = null; // started on the first file that needs parsing
  const queue = new PQueue({ concurrency: opts.concurrency * 2 });
  const stopped = () => fatal !== null || !!opts.signal?.aborted;
  const halt = () => {
    queue.clear();
    void (pool as WorkerPool | null)?.close();
  };
  const fail = (e: unknown) => {
    fatal ??= isDatabaseFailure(e) ? databaseError(e, opts.dbPath) : (e as Error);
    halt();
  };
  opts.signal?.addEventListener("abort", halt, { once: true });

  let done = 0;
  let total = 0;
  // Each file's outcome in this run: a file looked at twice (an orphaned duplicate, first
  // unchanged or duplicate, so with no indicators to take back) has its first one revised.
  const outcomes = new Map<string, FileReport>();
  const report = (path: SourcePath, r: FileReport) => {
    const earlier = outcomes.get(keyOf(path));
    outcomes.set(keyOf(path), r);
    if (earlier === undefined) done++;
    else if (earlier.outcome === "failed") {
      summary.failed--;
      if (earlier.known) summary.knownFailures--;
      summary.failures = summary.failures.filter((f) => f.path !== r.path || f.pathHex !== r.pathHex);
    } else if (earlier.outcome !== "retired") summary[earlier.outcome]--;
    if (r.outcome === "failed") {
      summary.failed++;
      if (r.known) summary.knownFailures++;
      summary.failures.push({ path: r.path, ...(r.pathHex ? { pathHex: r.pathHex } : {}), reason: r.reason ?? "unknown", known: !!r.known });
    } else if (r.outcome !== "retired") summary[r.outcome]++;
    if (r.outcome === "new" || r.outcome === "updated") {
      summary.indicators += r.indicators ?? 0;
      summary.pages += r.pages ?? 0;
      summary.review += r.review ?? 0;
      if (r.partial) summary.partial++;
    }
    opts.onFile?.(r, done, total);
  };

  const pending: Pending[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  const writeOne = (p: Pending): FileReport => {
    if ("touch" in p) {
      store.touch(p.touch.id, p.touch.mtimeMs);
      return p.report;
    }
    const b = base(p.meta.source);
    if ("failure" in p) {
      const known = store.writeFailure(p.meta, p.failure) === "unchanged";
      return { ...b, outcome: "failed", known, reason: p.failure };
    }
    if ("duplicateOf" in p) return { ...b, outcome: store.writeDuplicate(p.meta, p.duplicateOf) };
    const reply = p.reply;
    if (!reply.ok) {
      const known = store.writeFailure(p.meta, reply.reason, reply.parsers ?? null) === "unchanged";
      return { ...b, outcome: "failed", known, reason: reply.reason };
    }
    // Two paths with the same content in one run: the first written is the original.
    const original = store.sameContent(p.meta.sha256, p.meta.source);
    if (original !== undefined) return { ...b, outcome: store.writeDuplicate(p.meta, original) };
    const doc = reply.document;
    try {
      const outcome = store.writeDocument(p.meta, reply.parser.format as Format, reply.parser, doc);
      const indicators = doc.services.reduce((n, s) => n + s.indicators.length, 0);
      return { ...b, outcome, parser: reply.parser.name, services: doc.services.length, indicators, pages: pagesOf(doc), partial: documentStatus(doc) === "partial", review: doc.review.length };
    } catch (e) {
      if (!documentLevel(e)) throw e;
      const reason = `could not be stored: ${(e as Error).message}`;
      store.writeFailure(p.meta, reason);
      return { ...b, outcome: "failed", reason };
    }
  };
  /** The single writer: every pending result in one transaction, each document its own savepoint. */
  const flush = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (pending.length === 0 || fatal) return;
    const batch = pending.splice(0);
    try {
      const reports = store.batch(() => batch.map(writeOne));
      reports.forEach((r, i) => report(batch[i].meta.source, r));
    } catch (e) {
      fail(e);
    }
  };
  const enqueue = (p: Pending) => {
    pending.push(p);
    if (pending.length >= 32) flush();
    else flushTimer ??= setTimeout(flush, 200);
  };

  // People's label decisions (charters alias), sent to the parsers with every file.
  const aliases = readAliases(store.db).map(({ kind, label, code }) => ({ kind, label, code }));
  const rules: TriageRules = { parsers: null };
  const settle = (path: SourcePath, t: Triage) => {
    if (t.kind === "unchanged") return report(path, { ...base(path), outcome: "unchanged" });
    if (t.kind === "known-failure") {
      const r: FileReport = { ...base(path), outcome: "failed", known: true, reason: t.reason };
      return t.touch ? enqueue({ meta: { source: path }, touch: t.touch, report: r }) : report(path, r);
    }
    if (t.kind === "touch") return enqueue({ meta: { source: path }, touch: t, report: { ...base(path), outcome: "unchanged" } });
    if (t.kind === "fail") return enqueue({ meta: t.meta, failure: t.reason });
    if (t.kind === "duplicate") return enqueue({ meta: t.meta, duplicateOf: t.originalId });
  };
  const importAll = async (files: ToTriage[]) => {
    for (const file of files) {
      // Backpressure: never more than a few files read and waiting per worker.
      await queue.onSizeLessThan(opts.concurrency * 2);
      if (stopped()) break;
      void queue.add(async () => {
        try {
          const t = await triage(store, file, rules);
          if (stopped()) return;
          if (t.kind !== "parse") return settle(file.path, t);
          pool ??= new WorkerPool({ size: opts.concurrency, timeoutMs: opts.fileTimeout * 1000, aliases });
          const reply = await pool.parse(file.path.text, t.bytes);
          if (!reply.ok && reply.cancelled) return;
          if (!fatal) enqueue({ meta: t.meta, reply });
        } catch (e) {
          fail(e);
        }
      });
    }
    await queue.onIdle();
    flush(); // on a signal too: what was parsed is committed
  };

  try {
    const found = await walk(paths, { accept: (ext) => CHARTER_EXTENSIONS.has(ext), allFiles: opts.allFiles, follow: opts.follow });
    Object.assign(summary, { files: found.files.length, skipped: found.skipped, symlinks: found.symlinks });
    total = found.files.length;
    for (const u of found.unreadable) {
      summary.failed++;
      summary.failures.push({ ...base(u.path), reason: u.reason, known: false, folder: true });
    }
    for (const w of found.warnings) summary.warnings.push(`${w.path.text}: ${w.reason}`);
    if (total === 0) summary.warnings.push(`no charter files found in ${paths.join(", ")}`);
    opts.onStart?.(total);
    if (!opts.retryFailed) rules.parsers = store.hasParsedFailures() ? parseContext((await import("./parsers-id.js")).parsersId(), aliases) : "";
    await importAll(await settleKnown(store, found.files, rules, settle, stopped));
    // A duplicate whose original changed in this run now holds content that no current
    // document has: it is looked at again, and parsed on its own.
    const inRun = new Set(found.files.map(keyOf));
    if (!stopped()) await importAll(store.orphanedDuplicates().filter((p) => inRun.has(keyOf(p))).map((path) => ({ path })));
    if (opts.prune && !stopped()) await prune(store, paths, inRun, (path) => {
      summary.retired++;
      opts.onFile?.({ ...base(path), outcome: "retired", reason: "its file is gone (--prune)" }, done, total);
    });
    // Keys, best files and checks (src/analysis/), skipped when nothing changed; after a run
    // stopped early, the next run does it.
    if (!stopped()) refreshAnalysis(store.db);
  } catch (e) {
    fail(e);
  } finally {
    if (flushTimer) clearTimeout(flushTimer);
    opts.signal?.removeEventListener("abort", halt);
    await (pool as WorkerPool | null)?.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  summary.finishedAt = new Date().toISOString();
  summary.notDone = total - done;
  const err = fatal as DatabaseError | Error | null;
  if (err) summary.status = "failed";
  else if (opts.signal?.aborted) summary.status = "interrupted";
  if (opts.signal?.aborted) summary.interrupted = String(opts.signal.reason);
  if (err) summary.error = { problem: err instanceof DatabaseError ? err.problem : "internal", message: err.message };
  const why = err ? err.message : summary.interrupted ? `interrupted by ${summary.interrupted}` : null;
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

/** Retire the current documents at or under the given paths whose file no longer exists. */
async function prune(store: Store, paths: string[], seen: Set<string>, retired: (path: SourcePath) => void): Promise<void> {
  for (const root of new Set(paths.map((p) => resolve(p)))) {
    for (const d of store.documentsUnder(root)) {
      if (seen.has(keyOf(d.path))) continue;
      try {
        await lstat(fsPath(d.path));
        continue; // still there (left out by the walk: an extension, a folder that cannot be read)
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "ENOTDIR") continue;
      }
      store.retireDocument(d.id);
      retired(d.path);
    }
  }
}
