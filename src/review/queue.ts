/**
 * The review queue a person works through: the labels and values the normalizer could
 * not place, grouped by kind and folded label (the same unknown label is one item however
 * many rows and files carry it), with an example of where it was seen and the
 * normalizer's best guess; and the files that failed or were read only in part.
 */
import type Database from "better-sqlite3";
import { WEAK_ROW_CONFIDENCE } from "../db/store.js";
import { aliasTargets, type AliasKind } from "../normalize/aliases.js";
import { guessDimension, guessHeader, guessServiceLabel, guessSubdimension, type DimensionEvidence, type Guess } from "../normalize/guess.js";
import { SUBDIMENSIONS } from "../normalize/taxonomy.js";
import { labelKey } from "../normalize/text.js";
import { builtInMeaning } from "./aliases.js";
import { itemId, readDecisions } from "./decisions.js";
import { rowItemRows, rowsAccepted } from "./row-items.js";

/** Where an item was seen: enough to open the file at the right place. */
export interface Place {
  source_path: string;
  sheet: string | null;
  page: number | null;
  row: number | null;
  line: number | null;
}

export interface ReviewGroup {
  /** The item's id, for charters review accept|dismiss|reopen. */
  id: string;
  kind: string;
  /** The label as printed (its most frequent spelling). */
  label: string;
  rows: number;
  files: number;
  reasons: string[];
  example: Place;
  guess: Guess | null;
  /** The `charters alias` kind that settles this item, where one does. */
  alias_kind: AliasKind | null;
}

export interface ProblemFile {
  /** The item's id, for charters review accept|dismiss|reopen. */
  id: string;
  source_path: string;
  reason: string;
}

export interface ReviewQueue {
  groups: ReviewGroup[];
  failed: ProblemFile[];
  partial: ProblemFile[];
  /** Items a person accepted or dismissed (charters review accept|dismiss), left out of the lists. */
  decided: number;
}

/**
 * The reasons of an item's rows, each said once: a row's reason may join several
 * ("low confidence (0.60): a; b"), and rows repeat each other's.
 */
export function distinctReasons(reasons: readonly string[]): string[] {
  const parts = reasons.flatMap((r) => r.split("; ")).map((p) => p.trim()).filter(Boolean);
  const out: string[] = [];
  for (const p of parts) {
    const bare = p.replace(/^low confidence \([\d.]+\): /, "");
    if (out.some((o) => o === p || o.replace(/^low confidence \([\d.]+\): /, "") === bare)) continue;
    out.push(p);
  }
  return out;
}

/** Review kinds an alias settles. */
export const ALIAS_KIND_OF: Readonly<Record<string, AliasKind>> = {
  dimension: "dimension",
  subdimension: "subdimension",
  header: "header",
  service: "service-label",
};

interface ReviewRow extends Place {
  document_id: number;
  kind: string;
  label: string;
  reason: string;
}

/** A place as a person reads it: "sheet Standard, row 18" or "page 2, line 40". */
export function describePlace(p: Omit<Place, "source_path">): string {
  const parts: string[] = [];
  if (p.sheet) parts.push(`sheet ${p.sheet}`);
  if (p.page) parts.push(`page ${p.page}`);
  if (p.row) parts.push(`row ${p.row}`);
  if (p.line) parts.push(`line ${p.line}`);
  return parts.join(", ");
}

/** Per folded sub-dimension label left without a code, the dimensions of the rows that carry it. */
function subdimensionContext(db: Database.Database): Map<string, Set<string>> {
  const rows = db
    .prepare(
      `SELECT i.subdimension_raw AS label, x.code FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
       JOIN indicator_dimensions x ON x.indicator_id = i.id
       WHERE d.current = 1 AND i.subdimension IS NULL AND i.subdimension_raw IS NOT NULL`,
    )
    .all() as { label: string; code: string }[];
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = labelKey(r.label);
    out.set(key, (out.get(key) ?? new Set()).add(r.code));
  }
  return out;
}

/** Per folded dimension label, what the rows it heads say around it: their sub-dimensions and neighbours. */
function dimensionEvidence(db: Database.Database): Map<string, DimensionEvidence[]> {
  const rows = db
    .prepare(
      `SELECT i.service_id, i.dimension_raw, i.subdimension,
         (SELECT group_concat(code, ',') FROM (SELECT code FROM indicator_dimensions x WHERE x.indicator_id = i.id ORDER BY x.position)) AS dims
       FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
       WHERE d.current = 1 AND i.service_id IN (
         SELECT u.service_id FROM indicators u WHERE u.dimension_raw IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM indicator_dimensions x WHERE x.indicator_id = u.id))
       ORDER BY i.service_id, i.position`,
    )
    .all() as { service_id: number; dimension_raw: string | null; subdimension: string | null; dims: string | null }[];
  const out = new Map<string, DimensionEvidence[]>();
  const dimsOf = (k: number) => (rows[k].dims ? rows[k].dims!.split(",") : []);
  const nearest = (from: number, step: number): string[] => {
    for (let k = from + step; k >= 0 && k < rows.length && rows[k].service_id === rows[from].service_id; k += step) {
      const d = dimsOf(k);
      if (d.length) return d;
    }
    return [];
  };
  rows.forEach((r, k) => {
    if (!r.dimension_raw || r.dims) return;
    const key = labelKey(r.dimension_raw);
    const list = out.get(key) ?? [];
    list.push({ subdimension: r.subdimension, before: nearest(k, -1), after: nearest(k, 1) });
    out.set(key, list);
  });
  return out;
}

interface Context {
  dimensions: Map<string, DimensionEvidence[]>;
  subdimensions: Map<string, Set<string>>;
}

function guessFor(kind: string, label: string, ctx: Context): Guess | null {
  switch (kind) {
    case "dimension":
      return guessDimension(label, ctx.dimensions.get(labelKey(label)) ?? []);
    case "subdimension":
      // Among the sub-dimensions of the rows' own dimensions (none where those have none).
      return guessSubdimension(label, [...(ctx.subdimensions.get(labelKey(label)) ?? [])]);
    case "header":
      return guessHeader(label);
    case "service":
      return guessServiceLabel(label);
    default:
      return null;
  }
}

/** Why a document was read only in part, from what was stored of it. */
function partialReason(empty: number, weak: number): string {
  const parts: string[] = [];
  if (empty) parts.push(`${empty} service${empty === 1 ? "" : "s"} without indicators`);
  if (weak) parts.push(`${weak} row${weak === 1 ? "" : "s"} read with confidence below ${WEAK_ROW_CONFIDENCE}`);
  return parts.join("; ") || "read in part";
}

/** The queue; `all` keeps the items a person decided on (to find one by its id). */
export function reviewQueue(db: Database.Database, opts: { all?: boolean } = {}): ReviewQueue {
  const items = db
    .prepare(
      `SELECT r.document_id, r.kind, r.label, r.reason, d.source_path, r.src_sheet AS sheet, r.src_page AS page, r.src_row AS row, r.src_line AS line
       FROM review r JOIN documents d ON d.id = r.document_id WHERE d.current = 1
       ORDER BY d.source_path, r.src_sheet, r.src_page, COALESCE(r.src_row, r.src_line), r.id`,
    )
    .all() as ReviewRow[];
  const byKey = new Map<string, ReviewRow[]>();
  for (const it of items) {
    const key = `${it.kind}\u0000${labelKey(it.label) || it.label}`;
    const list = byKey.get(key) ?? [];
    list.push(it);
    byKey.set(key, list);
  }
  const ctx: Context = {
    dimensions: items.some((i) => i.kind === "dimension") ? dimensionEvidence(db) : new Map(),
    subdimensions: items.some((i) => i.kind === "subdimension") ? subdimensionContext(db) : new Map(),
  };
  const groups: ReviewGroup[] = [...byKey.values()].map((list) => {
    const spellings = new Map<string, number>();
    for (const it of list) spellings.set(it.label, (spellings.get(it.label) ?? 0) + 1);
    const label = [...spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    const { source_path, sheet, page, row, line } = list[0];
    // An item whose label is a code (a service field left without a value) is no label to alias.
    const aliasKind = ALIAS_KIND_OF[list[0].kind] ?? null;
    // Nor is a sub-dimension label under dimensions the template gives no sub-dimension (Tempestività).
    const rowDims = [...(ctx.subdimensions.get(labelKey(label)) ?? [])];
    const noSubs = list[0].kind === "subdimension" && rowDims.length > 0 && !SUBDIMENSIONS.some((s) => rowDims.includes(s.dimension));
    // Nor is a label the taxonomy knows, printed where no row could take it (scraped text).
    const settles = aliasKind !== null && !aliasTargets(aliasKind).includes(label) && !noSubs && builtInMeaning(aliasKind, label) === null;
    return {
      id: itemId(list[0].kind, labelKey(label) || label),
      kind: list[0].kind,
      label,
      rows: list.length,
      files: new Set(list.map((i) => i.document_id)).size,
      reasons: distinctReasons(list.map((i) => i.reason)),
      example: { source_path, sheet, page, row, line },
      guess: settles ? guessFor(list[0].kind, label, ctx) : null,
      alias_kind: settles ? aliasKind : null,
    };
  });
  groups.sort((a, b) => b.rows - a.rows || b.files - a.files || a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label));

  const failed = (
    db
      .prepare("SELECT source_path, sha256, COALESCE(error, 'unknown') AS reason FROM documents WHERE current = 1 AND status = 'failure' ORDER BY source_path")
      .all() as { source_path: string; sha256: string; reason: string }[]
  ).map((f) => ({ id: itemId("failed", `${f.source_path}\u0000${f.sha256}`), source_path: f.source_path, reason: f.reason }));
  const partial = (
    db
      .prepare(
        `SELECT d.source_path, d.sha256,
           (SELECT count(*) FROM services s WHERE s.document_id = d.id AND NOT EXISTS (SELECT 1 FROM indicators i WHERE i.service_id = s.id)) AS empty,
           (SELECT count(*) FROM indicators i JOIN services s ON s.id = i.service_id WHERE s.document_id = d.id AND i.confidence < ?) AS weak
         FROM documents d WHERE d.current = 1 AND d.status = 'partial' ORDER BY d.source_path`,
      )
      .all(WEAK_ROW_CONFIDENCE) as { source_path: string; sha256: string; empty: number; weak: number }[]
  ).map((p) => ({ id: itemId("partial", `${p.source_path}\u0000${p.sha256}`), source_path: p.source_path, reason: partialReason(p.empty, p.weak) }));
  const decisions = opts.all ? new Map() : readDecisions(db);
  // a row item is decided too where a person accepted its rows (charters review --rows --accept: one decision)
  const rowItems = opts.all || !groups.some((g) => g.kind === "row") ? new Map() : rowItemRows(db);
  const open = <T extends { id: string }>(list: T[]) => list.filter((x) => !decisions.has(x.id) && !rowsAccepted(rowItems.get(x.id)));
  const all = groups.length + failed.length + partial.length;
  const q = { groups: open(groups), failed: open(failed), partial: open(partial), decided: 0 };
  q.decided = all - q.groups.length - q.failed.length - q.partial.length;
  return q;
}
