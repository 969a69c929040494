/**
 * Runs the checks stage on the database: the document rules on every current document
 * not yet checked with the current rules (read back with DocumentLoader, so every format
 * and every earlier import is checked alike), then the corpus rules over the charters'
 * best files, whose findings are computed again each time.
 */
import type Database from "better-sqlite3";
import { checkDocument, DOCUMENT_CHECKS_VERSION } from "../checks/index.js";
import { targetWorseThanPreviousYear, type IndicatorFact } from "../checks/target-worse-than-previous-year.js";
import { DocumentLoader } from "../db/load.js";

export interface ChecksSummary {
  checked: number;
  documentFindings: number;
  corpusFindings: number;
}

export function refreshChecks(db: Database.Database): ChecksSummary {
  const todo = db
    .prepare(`SELECT d.id FROM documents d LEFT JOIN checked_documents c ON c.document_id = d.id
      WHERE d.current = 1 AND d.status IN ('success', 'partial') AND (c.version IS NULL OR c.version != ?) ORDER BY d.id`)
    .all(DOCUMENT_CHECKS_VERSION) as { id: number }[];
  const loader = new DocumentLoader(db);
  const drop = db.prepare("DELETE FROM findings WHERE document_id = ? AND scope = 'document'");
  const insert = db.prepare(`INSERT INTO findings (check_name, scope, severity, document_id, service_id, indicator_id, related_indicator_id, field, value, message)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const mark = db.prepare("INSERT INTO checked_documents (document_id, version) VALUES (?, ?) ON CONFLICT (document_id) DO UPDATE SET version = excluded.version");
  let documentFindings = 0;
  for (const { id } of todo) {
    const loaded = loader.load(id);
    drop.run(id);
    if (loaded) {
      for (const f of checkDocument(loaded.document)) {
        const serviceId = f.service === null ? null : loaded.serviceIds[f.service];
        const indicatorId = f.service === null || f.indicator === null ? null : loaded.indicatorIds[f.service][f.indicator];
        insert.run(f.check, "document", f.severity, id, serviceId, indicatorId, null, f.field, f.value, f.message);
        documentFindings++;
      }
    }
    mark.run(id, DOCUMENT_CHECKS_VERSION);
  }

  db.exec("DELETE FROM findings WHERE scope = 'corpus'");
  const facts = (
    db
      .prepare(`SELECT i.id AS indicatorId, s.id AS serviceId, d.id AS documentId, sk.service_key AS serviceKey, d.year, d.kind,
          COALESCE((SELECT group_concat(code, ',') FROM (SELECT code FROM indicator_dimensions x WHERE x.indicator_id = i.id ORDER BY x.position)), '') AS dimension,
          i.description, i.formula, i.target_raw AS targetRaw, i.target_value AS targetValue, i.target_unit AS targetUnit,
          f.better, f.better_reason AS betterReason, i.confidence, i.placeholder
        FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
        JOIN document_keys k ON k.document_id = d.id AND k.best = 1
        JOIN service_keys sk ON sk.service_id = s.id
        LEFT JOIN indicator_facts f ON f.indicator_id = i.id
        WHERE d.current = 1 AND d.status IN ('success', 'partial') AND d.year IS NOT NULL
        ORDER BY i.id`)
      .all() as (Omit<IndicatorFact, "placeholder"> & { placeholder: number })[]
  ).map((r) => ({ ...r, placeholder: r.placeholder === 1 }));
  const corpus = targetWorseThanPreviousYear.run(facts);
  for (const f of corpus) insert.run(f.check, "corpus", f.severity, f.documentId, f.serviceId, f.indicatorId, f.relatedIndicatorId, f.field, f.value, f.message);
  return { checked: todo.length, documentFindings, corpusFindings: corpus.length };
}
