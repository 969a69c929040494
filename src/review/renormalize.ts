/**
 * Re-normalize stored rows when the vocabulary changes (an alias made, replaced or
 * removed), from the raw labels the database keeps: no file is parsed again.
 *
 * A row is changed only where its stored codes are what its label said under the old
 * vocabulary, and the label says something else under the new one: codes a parser found
 * another way (a scraped row placed by its position or its words) are left as they are.
 * The review items of a changed row follow: an item is settled when the row's label now
 * names a code, and raised again when an alias that placed it is removed.
 */
import type Database from "better-sqlite3";
import type { Vocabulary } from "../normalize/aliases.js";
import { normalizeDimension, normalizeSubdimension } from "../normalize/dimension.js";

export interface RenormalizeResult {
  /** Indicator rows whose dimension or sub-dimension codes changed. */
  rows: number;
  /** Current documents those rows belong to. */
  documents: number;
  /** Review items settled (removed) and raised (added back). */
  settled: number;
  raised: number;
}

interface StoredRow {
  id: number;
  document_id: number;
  dims: string | null;
  subdimension: string | null;
  src_sheet: string | null;
  src_page: number | null;
  src_row: number | null;
  src_line: number | null;
}

/** The same reasons the interpreter gives (src/interpret/interpret.ts). */
const REASON = {
  dimension: "names no canonical dimension",
  subdimension: "not a sub-dimension of the template; kept as printed",
} as const;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function renormalize(db: Database.Database, before: Vocabulary, after: Vocabulary): RenormalizeResult {
  const result: RenormalizeResult = { rows: 0, documents: 0, settled: 0, raised: 0 };
  if (before.fingerprint === after.fingerprint) return result;
  const current = `FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id WHERE d.current = 1`;
  const pairs = db
    .prepare(`SELECT DISTINCT i.dimension_raw AS dim, i.subdimension_raw AS sub ${current} AND (i.dimension_raw IS NOT NULL OR i.subdimension_raw IS NOT NULL)`)
    .all() as { dim: string | null; sub: string | null }[];
  const rowsOf = db.prepare(`SELECT i.id, s.document_id, i.subdimension, i.src_sheet, i.src_page, i.src_row, i.src_line,
      (SELECT group_concat(code, ',') FROM (SELECT code FROM indicator_dimensions x WHERE x.indicator_id = i.id ORDER BY x.position)) AS dims
    ${current} AND i.dimension_raw IS ? AND i.subdimension_raw IS ?`);
  const dropDims = db.prepare("DELETE FROM indicator_dimensions WHERE indicator_id = ?");
  const addDim = db.prepare("INSERT INTO indicator_dimensions (indicator_id, position, code) VALUES (?, ?, ?)");
  const setSub = db.prepare("UPDATE indicators SET subdimension = ? WHERE id = ?");
  const at = "document_id = ? AND kind = ? AND label = ? AND src_sheet IS ? AND src_page IS ? AND src_row IS ? AND src_line IS ?";
  const settle = db.prepare(`DELETE FROM review WHERE ${at}`);
  // One item per row, as the parsers make them (rows of one PDF page share their place).
  const raise = db.prepare("INSERT INTO review (document_id, kind, label, reason, src_sheet, src_page, src_row, src_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const documents = new Set<number>();
  const subAliases = (v: Vocabulary) => v.entries.subdimension.map((e) => `${e.key}=${e.code}`).join(";");
  const subAliasesSame = subAliases(before) === subAliases(after);

  const review = (r: StoredRow, kind: keyof typeof REASON, label: string, placed: boolean) => {
    const where = [r.document_id, kind, label, r.src_sheet, r.src_page, r.src_row, r.src_line] as const;
    if (placed) result.settled += settle.run(...where).changes;
    else result.raised += raise.run(r.document_id, kind, label, REASON[kind], r.src_sheet, r.src_page, r.src_row, r.src_line).changes;
  };

  db.transaction(() => {
    for (const { dim, sub } of pairs) {
      const dimsBefore = normalizeDimension(dim, before).value;
      const dimsAfter = normalizeDimension(dim, after).value;
      const subOf = (dims: string[], v: Vocabulary) => normalizeSubdimension(sub, dims, v).value;
      // Unchanged unless the label reads otherwise, or sub-dimension aliases changed and the row has one.
      if (sameList(dimsBefore, dimsAfter) && (subAliasesSame || !sub)) continue;
      for (const r of rowsOf.all(dim, sub) as StoredRow[]) {
        const stored = r.dims ? r.dims.split(",") : [];
        const dimsChange = !!dim && sameList(stored, dimsBefore) && !sameList(dimsBefore, dimsAfter);
        const dimsNow = dimsChange ? dimsAfter : stored;
        const subBefore = subOf(stored, before);
        const subAfter = subOf(dimsNow, after);
        const subChange = !!sub && r.subdimension === subBefore && subBefore !== subAfter;
        if (!dimsChange && !subChange) continue;
        if (dimsChange) {
          dropDims.run(r.id);
          dimsAfter.forEach((code, k) => addDim.run(r.id, k + 1, code));
          if ((stored.length === 0) !== (dimsAfter.length === 0)) review(r, "dimension", dim, dimsAfter.length > 0);
        }
        if (subChange) {
          setSub.run(subAfter, r.id);
          if ((subBefore === null) !== (subAfter === null)) review(r, "subdimension", sub, subAfter !== null);
        }
        result.rows++;
        documents.add(r.document_id);
      }
    }
  }).immediate();
  result.documents = documents.size;
  return result;
}
