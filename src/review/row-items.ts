/**
 * A row read with low confidence is one decision, however a person reaches it: the queue's
 * item of kind `row` (charters review accept ID) and the row itself (charters review --rows
 * --accept N) are the same row. The item is open while one of its rows still needs review;
 * accepting the item accepts its rows (kept across re-imports, src/db/acceptances.ts),
 * accepting every row of the item settles it.
 *
 * The queue's row items come from the `review` table (one entry per row and file, labelled
 * with the row's description, formula or dimension as printed, at the row's place); an entry
 * is the stored row of its document at the same place with that label.
 */
import type Database from "better-sqlite3";
import { labelKey } from "../normalize/text.js";
import { itemId } from "./decisions.js";

/** A stored row behind a queue item, and whether a person accepted it. */
export interface ItemRow {
  indicator_id: number;
  reviewed: boolean;
}

/** The rows behind every queue item of kind `row` of current documents, by item id. */
export function rowItemRows(db: Database.Database): Map<string, ItemRow[]> {
  const links = db
    .prepare(
      `SELECT DISTINCT r.label, i.id AS indicator_id, i.reviewed_at IS NOT NULL AS reviewed
       FROM review r JOIN documents d ON d.id = r.document_id AND d.current = 1
       JOIN services s ON s.document_id = d.id JOIN indicators i ON i.service_id = s.id
       WHERE r.kind = 'row'
         AND i.src_sheet IS r.src_sheet AND i.src_page IS r.src_page AND i.src_row IS r.src_row AND i.src_line IS r.src_line
         AND substr(COALESCE(i.description, i.formula, i.dimension_raw, ''), 1, 120) = r.label
       ORDER BY i.id`,
    )
    .all() as { label: string; indicator_id: number; reviewed: number }[];
  const out = new Map<string, ItemRow[]>();
  for (const l of links) {
    const id = itemId("row", labelKey(l.label) || l.label);
    const list = out.get(id) ?? [];
    list.push({ indicator_id: l.indicator_id, reviewed: l.reviewed === 1 });
    out.set(id, list);
  }
  return out;
}

/** Whether a person accepted every row behind an item (an item with no row found stays open). */
export const rowsAccepted = (rows: readonly ItemRow[] | undefined): boolean => !!rows?.length && rows.every((r) => r.reviewed);
