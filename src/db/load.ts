/**
 * Read a stored document back into the canonical model, with the ids of its rows: what
 * the checks stage reads for a document imported in any run, from any format.
 */
import type Database from "better-sqlite3";
import type { CharterDocument, Indicator, Provenance, ReviewItem, Service } from "../model/schema.js";

export interface LoadedDocument {
  id: number;
  document: CharterDocument;
  /** services.id of each service, in order. */
  serviceIds: number[];
  /** indicators.id of each indicator, per service, in order. */
  indicatorIds: number[][];
}

type Row = Record<string, unknown>;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export class DocumentLoader {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      document: db.prepare("SELECT * FROM documents WHERE id = ?"),
      services: db.prepare("SELECT * FROM services WHERE document_id = ? ORDER BY position"),
      indicators: db.prepare(`SELECT i.*, (SELECT json_group_array(code) FROM (SELECT code FROM indicator_dimensions x WHERE x.indicator_id = i.id ORDER BY x.position)) AS codes
        FROM indicators i JOIN services s ON s.id = i.service_id WHERE s.document_id = ? ORDER BY s.position, i.position`),
      actions: db.prepare("SELECT action, outcome FROM actions WHERE document_id = ? ORDER BY position"),
      review: db.prepare("SELECT * FROM review WHERE document_id = ? ORDER BY id"),
    };
  }

  load(id: number): LoadedDocument | undefined {
    const d = this.stmts.document.get(id) as Row | undefined;
    if (!d || d.kind === null) return undefined;
    const file = String(d.source_path);
    const provenance = (r: Row, parser: unknown, version: unknown, prefix = ""): Provenance => ({
      file,
      parser: String(parser ?? d.parser ?? ""),
      parser_version: String(version ?? d.parser_version ?? ""),
      sheet: str(r[prefix + "sheet"]),
      page: int(r[prefix + "page"]),
      row: int(r[prefix + "row"]),
      line: int(r[prefix + "line"]),
      bbox: r.bbox ? (JSON.parse(String(r.bbox)) as Provenance["bbox"]) : null,
      ...(typeof r.src_ocr === "number" ? { ocr: r.src_ocr } : {}),
    });
    const serviceRows = this.stmts.services.all(id) as Row[];
    const serviceIds = serviceRows.map((s) => Number(s.id));
    const services: Service[] = serviceRows.map((s) => ({
      name: str(s.name),
      description: str(s.description),
      delivery_mode: str(s.delivery_mode),
      users: str(s.users),
      complaint_authority: str(s.complaint_authority),
      urls: JSON.parse(String(s.urls)) as string[],
      indicators: [],
      provenance: { ...provenance(s, null, null), row: null, line: null, bbox: null },
    }));
    const indicatorIds: number[][] = serviceRows.map(() => []);
    const at = new Map(serviceIds.map((sid, k) => [sid, k]));
    for (const r of this.stmts.indicators.all(id) as Row[]) {
      const k = at.get(Number(r.service_id))!;
      const ind: Indicator = {
        dimension: JSON.parse(String(r.codes)) as string[],
        dimension_raw: str(r.dimension_raw),
        subdimension: str(r.subdimension),
        subdimension_raw: str(r.subdimension_raw),
        description: str(r.description),
        formula: str(r.formula),
        target_raw: str(r.target_raw),
        target_value: r.target_value === null ? null : Number(r.target_value),
        target_unit: str(r.target_unit) as Indicator["target_unit"],
        actual_raw: str(r.actual_raw),
        actual_value: r.actual_value === null ? null : Number(r.actual_value),
        actual_unit: str(r.actual_unit) as Indicator["actual_unit"],
        notes: str(r.notes),
        activity: str(r.activity),
        explanation: str(r.explanation),
        placeholder: r.placeholder === 1,
        confidence: Number(r.confidence),
        review_reason: str(r.review_reason),
        provenance: provenance(r, r.parser, r.parser_version, "src_"),
      };
      services[k].indicators.push(ind);
      indicatorIds[k].push(Number(r.id));
    }
    const review: ReviewItem[] = (this.stmts.review.all(id) as Row[]).map((r) => ({
      kind: r.kind as ReviewItem["kind"],
      label: String(r.label),
      reason: String(r.reason),
      provenance: { ...provenance(r, null, null, "src_"), bbox: null },
    }));
    const document: CharterDocument = {
      kind: d.kind as CharterDocument["kind"],
      issuer: str(d.issuer),
      title: str(d.title),
      year: int(d.year),
      office: str(d.office),
      signatory: str(d.signatory),
      actions: (this.stmts.actions.all(id) as Row[]).map((a) => ({ action: String(a.action), outcome: str(a.outcome) })),
      services,
      review,
    };
    return { id, document, serviceIds, indicatorIds };
  }
}
