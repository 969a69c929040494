/**
 * The database side: opens (and migrates) the SQLite file and writes whole documents,
 * one transaction each. It never parses; it stores the canonical model it is given.
 *
 * By source path: the same content again changes nothing; new content at a known path
 * becomes the path's head (what it holds now) and, where it publishes the same charter
 * as a current document read from that path, supersedes it (versions.ts: current = 0,
 * superseded_by, its data kept); another charter (the next year's) leaves the earlier one
 * current for its year. A failure is recorded like a document, with its reason, and takes
 * no data away.
 */
import type Database from "better-sqlite3";
import type { CharterDocument, DocumentStatus, Format } from "../model/schema.js";
import { needsReview } from "../template/indicator.js";
import type { SourcePath } from "../pipeline/paths.js";
import { rowKeys } from "../keys/row-key.js";
import { documentIndexer } from "./analysis-schema.js";
import { Edits } from "./edits.js";
import { RowAcceptances } from "./acceptances.js";
import { openDatabase, type OpenOptions } from "./open.js";
import { RunLog } from "./runs.js";
import { Versions, type UpdateKind } from "./versions.js";

export type { UpdateKind };

export interface FileMeta {
  /** Absolute path of the file (with its bytes where they are not UTF-8). */
  source: SourcePath;
  sha256: string;
  size: number;
  mtimeMs: number;
  /** Parsed again though its content is the stored one (import --reread, an alias): its reading is replaced in place. */
  reread?: boolean;
}

export interface KnownFile {
  id: number;
  sha256: string;
  size: number;
  mtime_ms: number | null;
  status: DocumentStatus | "duplicate";
  /** For a failure: its reason, and the parsers (name@version) that gave up on it, null when none was tried. */
  error: string | null;
  parsers: string | null;
  /** 1 for a duplicate whose original is no longer current: its content is in no current document. */
  orphan: number;
  /** For a document: the parser that read it and its version. */
  parser: string | null;
  parser_version: string | null;
}

export type WriteResult = "new" | "updated" | "unchanged" | "duplicate";

/** What writing a document did: for an update, whether it was a new version of the path's charter or another charter. */
export interface WriteOutcome {
  outcome: WriteResult;
  update?: UpdateKind;
}

/** A row read with less confidence than this makes its document partial. */
export const WEAK_ROW_CONFIDENCE = 0.5;

/** success unless some service came out empty or some row is barely trusted. */
export function documentStatus(doc: CharterDocument): DocumentStatus {
  const weak = doc.services.some((s) => s.indicators.length === 0 || s.indicators.some((i) => i.confidence < WEAK_ROW_CONFIDENCE));
  return weak ? "partial" : "success";
}

/** A duplicate whose original's path holds other content now, or is gone (SQL over `documents d`). */
const ORPHAN = `(d.status = 'duplicate' AND NOT EXISTS (SELECT 1 FROM documents o WHERE o.id = d.duplicate_of AND o.head = 1))`;

/** The path as the two columns that tell paths apart: source_path and source_path_bytes. */
/** What a document's reading put in the database under its id (a re-reading replaces it): its rows, actions, review items and analysis. */
const CONTENT_OF_DOCUMENT = [
  "DELETE FROM services WHERE document_id = ?",
  "DELETE FROM actions WHERE document_id = ?",
  "DELETE FROM review WHERE document_id = ?",
  "DELETE FROM findings WHERE document_id = ?",
  "DELETE FROM checked_documents WHERE document_id = ?",
  "DELETE FROM document_keys WHERE document_id = ?",
  "DELETE FROM document_changes WHERE document_id = ?",
  "DELETE FROM document_changes WHERE previous_id = ?",
];

const pathParams = (p: SourcePath) => [p.text, p.bytes] as const;

export class Store {
  readonly db: Database.Database;
  readonly runs: RunLog;
  private readonly versions: Versions;
  private readonly edits: Edits;
  private readonly acceptances: RowAcceptances;
  private readonly stmts;
  private readonly index: (documentIds: readonly number[]) => void;
  /** Inside batch(): the documents inserted so far, indexed for full-text search at its end. */
  private unindexed: number[] | null = null;

  constructor(path: string, opts: OpenOptions = {}) {
    this.db = openDatabase(path, opts);
    const db = this.db;
    this.runs = new RunLog(db);
    this.index = documentIndexer(db);
    this.versions = new Versions(db);
    this.edits = new Edits(db);
    this.acceptances = new RowAcceptances(db);
    this.stmts = {
      known: db.prepare(`SELECT d.id, d.sha256, d.size, d.mtime_ms, d.status, d.error, d.parsers, d.parser, d.parser_version, ${ORPHAN} AS orphan
        FROM documents d WHERE d.source_path = ? AND d.source_path_bytes IS ? AND d.head = 1`),
      orphans: db.prepare(`SELECT d.source_path, d.source_path_bytes FROM documents d WHERE d.head = 1 AND ${ORPHAN} ORDER BY d.source_path`),
      sameContent: db.prepare(`SELECT id FROM documents WHERE sha256 = ? AND head = 1 AND status IN ('success', 'partial')
        AND NOT (source_path = ? AND source_path_bytes IS ?) ORDER BY id LIMIT 1`),
      parsedFailures: db.prepare("SELECT 1 FROM documents WHERE current = 1 AND status = 'failure' AND parsers IS NOT NULL LIMIT 1"),
      under: db.prepare(`SELECT id, source_path, source_path_bytes FROM documents
        WHERE (current = 1 OR head = 1) AND (source_path = @root OR substr(source_path, 1, length(@root) + 1) = @root || '/')`),
      unhead: db.prepare("UPDATE documents SET head = 0 WHERE id = ?"),
      prune: db.prepare("UPDATE documents SET current = 0, head = 0, retired_at = ? WHERE id = ?"),
      dropDocument: db.prepare("DELETE FROM documents WHERE id = ?"),
      insertDocument: db.prepare(`INSERT INTO documents
        (source_path, source_path_bytes, format, sha256, size, mtime_ms, status, error, parsers, duplicate_of, run_id, parser, parser_version, current, head,
         kind, issuer, title, year, office, signatory, signatures, imported_at, changed_at)
        VALUES (@source_path, @source_path_bytes, @format, @sha256, @size, @mtime_ms, @status, @error, @parsers, @duplicate_of, @run_id, @parser, @parser_version, 1, 1,
         @kind, @issuer, @title, @year, @office, @signatory, @signatures, @now, @now)`),
      touch: db.prepare("UPDATE documents SET mtime_ms = ? WHERE id = ?"),
      dropContent: CONTENT_OF_DOCUMENT.map((sql) => db.prepare(sql)),
      analysisStale: db.prepare("DELETE FROM analysis_state WHERE name = 'documents'"),
      reread: db.prepare(`UPDATE documents SET format = @format, status = @status, mtime_ms = @mtime_ms, run_id = @run_id, parser = @parser,
        parser_version = @parser_version, kind = @kind, issuer = @issuer, title = @title, year = @year, office = @office,
        signatory = @signatory, signatures = @signatures, changed_at = @now WHERE id = @id`),
      refail: db.prepare("UPDATE documents SET error = ?, parsers = ?, mtime_ms = ?, run_id = ? WHERE id = ?"),
      insertService: db.prepare(`INSERT INTO services
        (document_id, position, name, description, delivery_mode, users, complaint_authority, urls, sheet, page)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertIndicator: db.prepare(`INSERT INTO indicators
        (service_id, position, dimension_raw, subdimension, subdimension_raw, description, formula,
         target_raw, target_value, target_unit, actual_raw, actual_value, actual_unit, notes, activity, explanation,
         placeholder, confidence, needs_review, review_reason, src_sheet, src_page, src_row, src_line, bbox, src_ocr, parser, parser_version, row_key, reviewed_by, reviewed_at)
        VALUES (@service_id, @position, @dimension_raw, @subdimension, @subdimension_raw, @description, @formula,
         @target_raw, @target_value, @target_unit, @actual_raw, @actual_value, @actual_unit, @notes, @activity, @explanation,
         @placeholder, @confidence, @needs_review, @review_reason, @src_sheet, @src_page, @src_row, @src_line, @bbox, @src_ocr, @parser, @parser_version, @row_key, @reviewed_by, @reviewed_at)`),
      insertDimension: db.prepare("INSERT INTO indicator_dimensions (indicator_id, position, code) VALUES (?, ?, ?)"),
      insertAction: db.prepare("INSERT INTO actions (document_id, position, action, outcome) VALUES (?, ?, ?, ?)"),
      insertReview: db.prepare(`INSERT INTO review (document_id, kind, label, reason, src_sheet, src_page, src_row, src_line)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    };
  }

  /** What is recorded for a path's present content (its head: a document, a failure or a duplicate), if any. */
  known(path: SourcePath): KnownFile | undefined {
    return this.stmts.known.get(...pathParams(path)) as KnownFile | undefined;
  }

  /** Paths of current duplicates whose original is no longer current (its file changed): they need parsing. */
  orphanedDuplicates(): SourcePath[] {
    return (this.stmts.orphans.all() as { source_path: string; source_path_bytes: Buffer | null }[]).map((r) => ({ text: r.source_path, bytes: r.source_path_bytes }));
  }

  /** Whether some current failure was a parser's (so that a new parser version may read it). */
  hasParsedFailures(): boolean {
    return this.stmts.parsedFailures.get() !== undefined;
  }

  /** Current documents and heads at `root` or under it (a folder's absolute path). */
  documentsUnder(root: string): { id: number; path: SourcePath }[] {
    return (this.stmts.under.all({ root }) as { id: number; source_path: string; source_path_bytes: Buffer | null }[]).map((r) => ({
      id: r.id,
      path: { text: r.source_path, bytes: r.source_path_bytes },
    }));
  }

  /** Retire a document whose file is gone: current = 0, head = 0 and retired_at; its data stays queryable (v_charter_versions), out of the views. */
  retireDocument(id: number): void {
    this.db.transaction(() => {
      this.stmts.prune.run(new Date().toISOString(), id);
      this.versions.unindex(id);
    })();
  }

  /** The current document with this content under another path, if any. */
  sameContent(sha256: string, path: SourcePath): number | undefined {
    return (this.stmts.sameContent.get(sha256, ...pathParams(path)) as { id: number } | undefined)?.id;
  }

  /**
   * Run several writes in one transaction (each write is its own savepoint inside it); the
   * documents written are indexed for full-text search at its end, in the same transaction.
   */
  batch<T>(fn: () => T): T {
    if (this.unindexed) return fn();
    return this.db
      .transaction(() => {
        this.unindexed = [];
        try {
          const out = fn();
          this.index(this.unindexed);
          return out;
        } finally {
          this.unindexed = null;
        }
      })
      .immediate();
  }

  /** Record that a file's content is unchanged though its mtime moved (so the cheap check hits next time). */
  touch(id: number, mtimeMs: number): void {
    this.stmts.touch.run(Math.trunc(mtimeMs), id);
  }

  /** Store a parsed document in one transaction, superseding the path's earlier version of the same charter; a signed file's format is the format read inside it. */
  writeDocument(meta: FileMeta, format: Format, parser: { name: string; version: string }, doc: CharterDocument): WriteOutcome {
    return this.write(meta, {
      format: doc.signed?.format ?? format,
      status: documentStatus(doc),
      error: null,
      parser: parser.name,
      parser_version: parser.version,
      parsers: null,
      doc,
    });
  }

  /**
   * Record a file that could not be imported, with its reason (and the parsers that gave up on
   * it), in one transaction; "unchanged" when it had failed before with the same content.
   */
  writeFailure(meta: FileMeta, reason: string, parsers: string | null = null): WriteResult {
    return this.write(meta, { format: null, status: "failure", error: reason, parser: null, parser_version: null, parsers, doc: null }).outcome;
  }

  /** Record a file whose content is already imported under another path: not imported twice. */
  writeDuplicate(meta: FileMeta, originalId: number): WriteResult {
    const r = this.write(meta, { format: null, status: "duplicate", error: null, parser: null, parser_version: null, parsers: null, doc: null, duplicateOf: originalId });
    return r.outcome === "unchanged" ? "unchanged" : "duplicate";
  }

  private write(
    meta: FileMeta,
    v: {
      format: Format | null;
      status: DocumentStatus | "duplicate";
      error: string | null;
      parser: string | null;
      parser_version: string | null;
      parsers: string | null;
      doc: CharterDocument | null;
      duplicateOf?: number;
    },
  ): WriteOutcome {
    // alone, a write is a batch of one: its rows are indexed in its transaction
    const unindexed = this.unindexed;
    if (!unindexed) return this.batch(() => this.write(meta, v));
    const s = this.stmts;
    let inserted: number | null = null;
    const result = this.db
      .transaction((): WriteOutcome => {
        const old = s.known.get(...pathParams(meta.source)) as KnownFile | undefined;
        const sameStatus =
          v.status === "duplicate"
            ? old?.status === "duplicate" && !old.orphan
            : old !== undefined && (old.status === v.status || (old.status !== "failure" && v.status !== "failure" && old.status !== "duplicate"));
        if (old && old.sha256 === meta.sha256 && sameStatus && meta.reread && v.doc && v.status !== "duplicate") {
          this.replaceReading(meta, old.id, v.doc, v.format, v.parser, v.parser_version);
          inserted = old.id;
          return { outcome: "updated", update: "reading" };
        }
        if (old && old.sha256 === meta.sha256 && sameStatus) {
          // The same failure again (parsed again: --retry-failed, new parsers): its reason and parsers may be new.
          if (v.status === "failure") s.refail.run(v.error, v.parsers, Math.trunc(meta.mtimeMs), this.runs.id, old.id);
          return { outcome: "unchanged" };
        }
        // A failure or a duplicate has no data: its record goes. A document stays, no longer the path's head.
        if (old?.status === "failure" || old?.status === "duplicate") s.dropDocument.run(old.id);
        else if (old) s.unhead.run(old.id);
        const d = v.doc;
        const now = new Date().toISOString();
        const docId = Number(
          s.insertDocument.run({
            source_path: meta.source.text,
            source_path_bytes: meta.source.bytes,
            format: v.format,
            sha256: meta.sha256,
            size: meta.size,
            mtime_ms: Math.trunc(meta.mtimeMs),
            status: v.status,
            error: v.error,
            parsers: v.parsers,
            duplicate_of: v.duplicateOf ?? null,
            run_id: this.runs.id,
            parser: v.parser,
            parser_version: v.parser_version,
            kind: d?.kind ?? null,
            issuer: d?.issuer ?? null,
            title: d?.title ?? null,
            year: d?.year ?? null,
            office: d?.office ?? null,
            signatory: d?.signatory ?? null,
            signatures: d?.signed ? JSON.stringify(d.signed.signatures) : null,
            now,
          }).lastInsertRowid,
        );
        if (d) {
          this.insertDocumentContent(meta.source, docId, d);
          inserted = docId;
        }
        // The path's earlier versions of the charter it now holds (for a duplicate, its original's charter).
        const charter = d ?? (v.duplicateOf !== undefined ? this.versions.identityOf(v.duplicateOf) : undefined);
        const superseded = charter ? this.versions.supersedeAt(meta.source, charter, v.duplicateOf ?? docId, now) : 0;
        if (!old) return { outcome: "new" };
        const update = superseded > 0 ? "version" : old.status === "success" || old.status === "partial" ? "charter" : undefined;
        return { outcome: "updated", ...(update ? { update } : {}) };
      })
      .immediate();
    // its savepoint released: its rows are indexed with the batch's
    if (inserted !== null) unindexed.push(inserted);
    return result;
  }

  /**
   * A new reading of a stored document's unchanged content (import --reread, an alias that
   * changes how its tables are read): its rows, actions, review items and analysis are
   * replaced under the same document id, so that its versions, duplicates and people's
   * corrections stay attached. A re-reading is not a new publication: no version is added.
   */
  private replaceReading(meta: FileMeta, id: number, d: CharterDocument, format: Format | null, parser: string | null, parserVersion: string | null): void {
    this.versions.unindex(id);
    for (const stmt of this.stmts.dropContent) stmt.run(id);
    this.stmts.analysisStale.run();
    this.stmts.reread.run({
      id, format, status: documentStatus(d), mtime_ms: Math.trunc(meta.mtimeMs), run_id: this.runs.id, parser, parser_version: parserVersion,
      kind: d.kind, issuer: d.issuer, title: d.title, year: d.year, office: d.office, signatory: d.signatory,
      signatures: d.signed ? JSON.stringify(d.signed.signatures) : null, now: new Date().toISOString(),
    });
    this.insertDocumentContent(meta.source, id, d);
  }

  /**
   * A parsed document's rows, with their keys, and people's corrections of those rows
   * (charters fix) applied on top of what the parser read; the rows a person accepted
   * before, as they read now, are marked reviewed again (src/db/acceptances.ts).
   */
  private insertDocumentContent(source: SourcePath, docId: number, parsed: CharterDocument): void {
    const keys = rowKeys(parsed);
    const edits = this.edits.active(source, parsed.year);
    const d = edits.length ? structuredClone(parsed) : parsed;
    const applied = this.edits.patch(d, keys, edits);
    this.edits.record(applied, this.insertContent(docId, d, keys, this.acceptances.forDocument(source, parsed.year)));
  }

  /** Insert a document's services, indicators, actions and review items; returns indicators.id per service, in order. */
  private insertContent(docId: number, d: CharterDocument, keys: string[][], acceptedBy: ReturnType<RowAcceptances["forDocument"]>): number[][] {
    const s = this.stmts;
    const ids: number[][] = [];
    d.services.forEach((svc, si) => {
      ids.push([]);
      const serviceId = Number(
        s.insertService.run(docId, si + 1, svc.name, svc.description, svc.delivery_mode, svc.users, svc.complaint_authority,
          JSON.stringify(svc.urls), svc.provenance.sheet, svc.provenance.page).lastInsertRowid,
      );
      svc.indicators.forEach((ind, ii) => {
        const p = ind.provenance;
        const accepted = acceptedBy(keys[si][ii], ind);
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
            needs_review: needsReview(ind) ? 1 : 0,
            review_reason: ind.review_reason ?? null,
            src_sheet: p.sheet,
            src_page: p.page,
            src_row: p.row,
            src_line: p.line,
            bbox: p.bbox ? JSON.stringify(p.bbox) : null,
            src_ocr: p.ocr ?? null,
            parser: p.parser,
            parser_version: p.parser_version,
            row_key: keys[si][ii],
            reviewed_by: accepted?.by ?? null,
            reviewed_at: accepted?.at ?? null,
          }).lastInsertRowid,
        );
        ids[si].push(id);
        ind.dimension.forEach((code, k) => s.insertDimension.run(id, k + 1, code));
      });
    });
    d.actions.forEach((a, k) => s.insertAction.run(docId, k + 1, a.action, a.outcome));
    for (const r of d.review) {
      s.insertReview.run(docId, r.kind, r.label, r.reason, r.provenance.sheet, r.provenance.page, r.provenance.row, r.provenance.line);
    }
    return ids;
  }

  close(): void {
    this.db.close();
  }
}
