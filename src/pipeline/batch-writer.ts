/**
 * The single writer: results of the triage and the parser workers wait here and are written
 * in batches (every pending result in one transaction, each document its own savepoint),
 * when 32 are waiting or 200 ms after the first. The main thread is the only writer.
 */
import { documentStatus, type FileMeta, type Store } from "../db/store.js";
import type { CharterDocument, Format } from "../model/schema.js";
import type { SourcePath } from "./paths.js";
import type { ParseReply } from "./pool.js";
import { reportPath, type FileReport } from "./types.js";

/** A result waiting for the writer. */
export type Pending =
  | { meta: FileMeta; reply: ParseReply }
  | { meta: FileMeta; duplicateOf: number }
  | { meta: FileMeta; failure: string }
  | { meta: { source: SourcePath }; touch: { id: number; mtimeMs: number }; report: FileReport };

/** A batch is written when this many results wait, */
const BATCH_SIZE = 32;
/** or this long after the first one came. */
const BATCH_DELAY_MS = 200;

function pagesOf(doc: CharterDocument): number {
  const pages = new Set<number>();
  for (const s of doc.services) for (const i of s.indicators) if (i.provenance.page) pages.add(i.provenance.page);
  return pages.size;
}

/** A store error that concerns one document (a constraint it breaks), not the database. */
const documentLevel = (e: unknown) => /^SQLITE_(CONSTRAINT|TOOBIG|MISMATCH|RANGE)/.test(String((e as { code?: string })?.code ?? ""));

/** The report's count of pages read by OCR, where there were any. */
const ocrOf = (reply: ParseReply): Pick<FileReport, "ocrPages"> => (reply.ocrPages ? { ocrPages: reply.ocrPages } : {});

/** Write one result in the batch's transaction; what it became, as a report. */
function writeOne(store: Store, p: Pending): FileReport {
  if ("touch" in p) {
    store.touch(p.touch.id, p.touch.mtimeMs);
    return p.report;
  }
  const b = reportPath(p.meta.source);
  if ("failure" in p) {
    const known = store.writeFailure(p.meta, p.failure) === "unchanged";
    return { ...b, outcome: "failed", known, reason: p.failure };
  }
  if ("duplicateOf" in p) return { ...b, outcome: store.writeDuplicate(p.meta, p.duplicateOf) };
  const reply = p.reply;
  if (!reply.ok) {
    const known = store.writeFailure(p.meta, reply.reason, reply.parsers ?? null) === "unchanged";
    return { ...b, outcome: "failed", known, reason: reply.reason, ...ocrOf(reply) };
  }
  // Two paths with the same content in one run: the first written is the original.
  const original = store.sameContent(p.meta.sha256, p.meta.source);
  if (original !== undefined) return { ...b, outcome: store.writeDuplicate(p.meta, original) };
  const doc = reply.document;
  try {
    const { outcome, update } = store.writeDocument(p.meta, reply.parser.format as Format, reply.parser, doc);
    const indicators = doc.services.reduce((n, s) => n + s.indicators.length, 0);
    return { ...b, outcome, ...(update ? { update } : {}), parser: reply.parser.name, services: doc.services.length, indicators, pages: pagesOf(doc), partial: documentStatus(doc) === "partial", review: doc.review.length, ...ocrOf(reply) };
  } catch (e) {
    if (!documentLevel(e)) throw e;
    const reason = `could not be stored: ${(e as Error).message}`;
    store.writeFailure(p.meta, reason);
    return { ...b, outcome: "failed", reason };
  }
}

export interface BatchWriterHooks {
  /** A result committed, as its report. */
  written: (source: SourcePath, report: FileReport) => void;
  /** The batch's transaction failed (rolled back whole): the run stops. */
  failed: (e: unknown) => void;
  /** Whether the run has failed already: nothing more is written then. */
  stopped: () => boolean;
  /** Called before each batch is written; what it throws fails the run as a failed batch does. */
  before?: () => void;
}

export class BatchWriter {
  private readonly pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly hooks: BatchWriterHooks,
  ) {}

  enqueue(p: Pending): void {
    this.pending.push(p);
    if (this.pending.length >= BATCH_SIZE) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_DELAY_MS);
  }

  /** Every pending result in one transaction, each document its own savepoint. */
  flush(): void {
    this.cancelTimer();
    if (this.pending.length === 0 || this.hooks.stopped()) return;
    const batch = this.pending.splice(0);
    try {
      this.hooks.before?.();
      const reports = this.store.batch(() => batch.map((p) => writeOne(this.store, p)));
      reports.forEach((r, i) => this.hooks.written(batch[i].meta.source, r));
    } catch (e) {
      this.hooks.failed(e);
    }
  }

  cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
