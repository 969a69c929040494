/**
 * The database side: opens (and migrates) the SQLite file and writes whole documents,
 * one transaction each. It never parses; it stores the canonical model it is given.
 *
 * Upsert semantics, by source path: the same content again changes nothing; new content
 * at a known path replaces the current version (the old row is kept with current = 0,
 * its data deleted); a failure is recorded like a document, with its reason.
 */
import type Database from "better-sqlite3";
import type { CharterDocument, DocumentStatus, Format } from "../model/schema.js";
import { openDatabase, type OpenOptions } from "./open.js";

export interface FileMeta {
  /** Absolute path of the file. */
  path: string;
  sha256: string;
  size: number;
  mtimeMs: number;
}

export interface KnownFile {
  id: number;
  sha256: string;
  size: number;
  mtime_ms: number | null;
  status: DocumentStatus | "duplicate";
  /** 1 for a duplicate whose original is no longer current: its content is in no current document. */
  orphan: number;
}

export type WriteResult = "new" | "updated" | "unchanged" | "duplicate";

export interface RunCounts {
  files: number;
  new: number;
  updated: number;
  unchanged: number;
  duplicate: number;
  failed: number;
  seconds: number;
}

/** A row read with less confidence than this makes its document partial. */
export const WEAK_ROW_CONFIDENCE = 0.5;

/** success unless some service came out empty or some row is barely trusted. */
export function documentStatus(doc: CharterDocument): DocumentStatus {
  const weak = doc.services.some((s) => s.indicators.length === 0 || s.indicators.some((i) => i.confidence < WEAK_ROW_CONFIDENCE));
  return weak ? "partial" : "success";
}

/** A current duplicate whose original was replaced or removed (SQL over `documents d`). */
const ORPHAN = `(d.status = 'duplicate' AND NOT EXISTS (SELECT 1 FROM documents o WHERE o.id = d.duplicate_of AND o.current = 1))`;

export class Store {
  readonly db: Database.Database;
  private readonly stmts;

  constructor(path: string, opts: OpenOptions = {}) {
    this.db = openDatabase(path, opts);
    const db = this.db;
    this.stmts = {
      known: db.prepare(`SELECT d.id, d.sha256, d.size, d.mtime_ms, d.status, ${ORPHAN} AS orphan
        FROM documents d WHERE d.source_path = ? AND d.current = 1`),
      orphans: db.prepare(`SELECT d.source_path FROM documents d WHERE d.current = 1 AND ${ORPHAN} ORDER BY d.source_path`),
      sameContent: db.prepare(
        "SELECT id FROM documents WHERE sha256 = ? AND current = 1 AND status IN ('success', 'partial') AND source_path != ? ORDER BY id LIMIT 1",
      ),
      startRun: db.prepare("INSERT INTO runs (started_at, status, args, workers) VALUES (?, 'running', ?, ?)"),
      finishRun: db.prepare(`UPDATE runs SET finished_at = @finished_at, status = 'completed', files = @files, new = @new,
        updated = @updated, unchanged = @unchanged, duplicate = @duplicate, failed = @failed, seconds = @seconds WHERE id = @id`),
      interruptRuns: db.prepare("UPDATE runs SET status = 'interrupted' WHERE status = 'running' AND id != ?"),
      runFailure: db.prepare("INSERT INTO run_failures (run_id, source_path, reason) VALUES (?, ?, ?)"),
      retire: db.prepare("UPDATE documents SET current = 0 WHERE id = ?"),
      dropServices: db.prepare("DELETE FROM services WHERE document_id = ?"),
      dropActions: db.prepare("DELETE FROM actions WHERE document_id = ?"),
      dropReview: db.prepare("DELETE FROM review WHERE document_id = ?"),
      dropDocument: db.prepare("DELETE FROM documents WHERE id = ?"),
      insertDocument: db.prepare(`INSERT INTO documents
        (source_path, format, sha256, size, mtime_ms, status, error, duplicate_of, run_id, parser, parser_version, current,
         kind, issuer, title, year, office, signatory, imported_at, changed_at)
        VALUES (@source_path, @format, @sha256, @size, @mtime_ms, @status, @error, @duplicate_of, @run_id, @parser, @parser_version, 1,
         @kind, @issuer, @title, @year, @office, @signatory, @now, @now)`),
      touch: db.prepare("UPDATE documents SET mtime_ms = ? WHERE id = ?"),
      insertService: db.prepare(`INSERT INTO services
        (document_id, position, name, description, delivery_mode, users, complaint_authority, urls, sheet, page)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertIndicator: db.prepare(`INSERT INTO indicators
        (service_id, position, dimension_raw, subdimension, subdimension_raw, description, formula,
         target_raw, target_value, target_unit, actual_raw, actual_value, actual_unit, notes, activity, explanation,
         placeholder, confidence, src_sheet, src_page, src_row, src_line, bbox, parser, parser_version)
        VALUES (@service_id, @position, @dimension_raw, @subdimension, @subdimension_raw, @description, @formula,
         @target_raw, @target_value, @target_unit, @actual_raw, @actual_value, @actual_unit, @notes, @activity, @explanation,
         @placeholder, @confidence, @src_sheet, @src_page, @src_row, @src_line, @bbox, @parser, @parser_version)`),
      insertDimension: db.prepare("INSERT INTO indicator_dimensions (indicator_id, position, code) VALUES (?, ?, ?)"),
      insertAction: db.prepare("INSERT INTO actions (document_id, position, action, outcome) VALUES (?, ?, ?, ?)"),
      insertReview: db.prepare(`INSERT INTO review (document_id, kind, label, reason, src_sheet, src_page, src_row, src_line)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    };
  }

  /** The current version recorded for a path, if any. */
  known(path: string): KnownFile | undefined {
    return this.stmts.known.get(path) as KnownFile | undefined;
  }

  /** Paths of current duplicates whose original is no longer current (its file changed): they need parsing. */
  orphanedDuplicates(): string[] {
    return (this.stmts.orphans.all() as { source_path: string }[]).map((r) => r.source_path);
  }

  /** The run that writes are attributed to (set by beginRun). */
  runId: number | null = null;

  /** Open a run record; runs left 'running' by a killed process become 'interrupted'. */
  beginRun(args: unknown, workers: number): number {
    this.runId = Number(this.stmts.startRun.run(new Date().toISOString(), JSON.stringify(args), workers).lastInsertRowid);
    this.stmts.interruptRuns.run(this.runId);
    return this.runId;
  }

  finishRun(counts: RunCounts, failures: { path: string; reason: string }[]): void {
    const id = this.runId;
    if (id === null) return;
    this.db.transaction(() => {
      this.stmts.finishRun.run({ id, finished_at: new Date().toISOString(), ...counts });
      for (const f of failures) this.stmts.runFailure.run(id, f.path, f.reason);
    })();
  }

  /** The current document with this content under another path, if any. */
  sameContent(sha256: string, path: string): number | undefined {
    return (this.stmts.sameContent.get(sha256, path) as { id: number } | undefined)?.id;
  }

  /** Run several writes in one transaction (each write is its own savepoint inside it). */
  batch<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Record that a file's content is unchanged though its mtime moved (so the cheap check hits next time). */
  touch(id: number, mtimeMs: number): void {
    this.stmts.touch.run(Math.trunc(mtimeMs), id);
  }

  /** Store a parsed document in one transaction, replacing the path's earlier version. */
  writeDocument(meta: FileMeta, format: Format, parser: { name: string; version: string }, doc: CharterDocument): WriteResult {
    return this.write(meta, {
      format,
      status: documentStatus(doc),
      error: null,
      parser: parser.name,
      parser_version: parser.version,
      doc,
    });
  }

  /** Record a file that could not be imported, with its reason, in one transaction. */
  writeFailure(meta: FileMeta, reason: string): WriteResult {
    return this.write(meta, { format: null, status: "failure", error: reason, parser: null, parser_version: null, doc: null });
  }

  /** Record a file whose content is already imported under another path: not imported twice. */
  writeDuplicate(meta: FileMeta, originalId: number): WriteResult {
    const r = this.write(meta, { format: null, status: "duplicate", error: null, parser: null, parser_version: null, doc: null, duplicateOf: originalId });
    return r === "unchanged" ? "unchanged" : "duplicate";
  }

  private write(
    meta: FileMeta,
    v: { format: Format | null; status: DocumentStatus | "duplicate"; error: string | null; parser: string | null; parser_version: string | null; doc: CharterDocument | null; duplicateOf?: number },
  ): WriteResult {
    const s = this.stmts;
    return this.db
      .transaction((): WriteResult => {
        const old = s.known.get(meta.path) as KnownFile | undefined;
        const sameStatus =
          v.status === "duplicate"
            ? old?.status === "duplicate" && !old.orphan
            : old !== undefined && (old.status === v.status || (old.status !== "failure" && v.status !== "failure" && old.status !== "duplicate"));
        if (old && old.sha256 === meta.sha256 && sameStatus) return "unchanged";
        if (old) {
          // Keep the old version's record, not its data: the dataset shows one current version per path.
          s.dropServices.run(old.id);
          s.dropActions.run(old.id);
          s.dropReview.run(old.id);
          if (old.status === "failure" || old.status === "duplicate") s.dropDocument.run(old.id);
          else s.retire.run(old.id);
        }
        const d = v.doc;
        const now = new Date().toISOString();
        const docId = Number(
          s.insertDocument.run({
            source_path: meta.path,
            format: v.format,
            sha256: meta.sha256,
            size: meta.size,
            mtime_ms: Math.trunc(meta.mtimeMs),
            status: v.status,
            error: v.error,
            duplicate_of: v.duplicateOf ?? null,
            run_id: this.runId,
            parser: v.parser,
            parser_version: v.parser_version,
            kind: d?.kind ?? null,
            issuer: d?.issuer ?? null,
            title: d?.title ?? null,
            year: d?.year ?? null,
            office: d?.office ?? null,
            signatory: d?.signatory ?? null,
            now,
          }).lastInsertRowid,
        );
        if (d) this.insertContent(docId, d);
        return old ? "updated" : "new";
      })
      .immediate();
  }

  private insertContent(docId: number, d: CharterDocument): void {
    const s = this.stmts;
    d.services.forEach((svc, si) => {
      const serviceId = Number(
        s.insertService.run(docId, si + 1, svc.name, svc.description, svc.delivery_mode, svc.users, svc.complaint_authority,
          JSON.stringify(svc.urls), svc.provenance.sheet, svc.provenance.page).lastInsertRowid,
      );
      svc.indicators.forEach((ind, ii) => {
        const p = ind.provenance;
        const id = Number(
          s.insertIndicator.run({
            service_id: serviceId,
            position: ii + 1,
            dimension_raw: ind.dimension_raw,
            subdimension: ind.subdimension,
            subdimension_raw: ind.subdimension_raw,
            description: ind.description,
            formula: ind.formula,
            target_raw: ind.target_raw,
            target_value: ind.target_value,
            target_unit: ind.target_unit,
            actual_raw: ind.actual_raw,
            actual_value: ind.actual_value,
            actual_unit: ind.actual_unit,
            notes: ind.notes,
            activity: ind.activity,
            explanation: ind.explanation,
            placeholder: ind.placeholder ? 1 : 0,
            confidence: ind.confidence,
            src_sheet: p.sheet,
            src_page: p.page,
            src_row: p.row,
            src_line: p.line,
            bbox: p.bbox ? JSON.stringify(p.bbox) : null,
            parser: p.parser,
            parser_version: p.parser_version,
          }).lastInsertRowid,
        );
        ind.dimension.forEach((code, k) => s.insertDimension.run(id, k + 1, code));
      });
    });
    d.actions.forEach((a, k) => s.insertAction.run(docId, k + 1, a.action, a.outcome));
    for (const r of d.review) {
      s.insertReview.run(docId, r.kind, r.label, r.reason, r.provenance.sheet, r.provenance.page, r.provenance.row, r.provenance.line);
    }
  }

  close(): void {
    this.db.close();
  }
}
