/**
 * The notes pass. The Note column is the last column of the ministry's table, so its
 * cell comes in the stream right after its row's value. Where the table has that column,
 * a lone paragraph printed right after a value that its row took (no formula, no value,
 * no label of its own) is that row's note.
 */
import { hasNotesColumn } from "../common/kinds.js";
import { type TextLine, endsIncomplete, joinCellLines } from "../common/lines.js";
import type { RowDraft } from "./segment.js";
import type { TableReading } from "./table.js";

export interface Notes {
  /** The note each row took. */
  of: Map<RowDraft, string>;
  /** Drafts read as notes (not rows). */
  taken: Set<RowDraft>;
}

export function readNotes(table: TableReading, lines: TextLine[]): Notes {
  const out: Notes = { of: new Map(), taken: new Set() };
  if (!hasNotesColumn(lines)) return out;
  const { events } = table.seg;
  const kept = new Set(table.rows.filter((a) => a.formula || a.target).map((a) => a.row));
  // a piece printed before a row's own label is the row above's note
  const rows = table.rows.filter((a) => kept.has(a.row));
  rows.forEach((a, k) => {
    if (a.row.leadNote && k > 0 && !out.of.has(rows[k - 1].row)) out.of.set(rows[k - 1].row, a.row.leadNote);
  });
  const found: { owner: RowDraft; r: RowDraft; text: string; pageEnd: boolean }[] = [];
  events.forEach((e, i) => {
    if (e.t !== "row" || kept.has(e.row) || i === 0) return;
    const prev = events[i - 1];
    const owner = prev.t === "value" ? table.valueOwner.get(i - 1) : undefined;
    if (!owner || out.of.has(owner)) return;
    const r = e.row;
    const text = joinCellLines(r.desc);
    if (r.formula.length || r.extraPieces.length || !text || text.length > 200 || endsIncomplete(text)) return;
    // nothing else follows in the same row: the next event opens another row or is not text
    const next = events[i + 1];
    if (next && next.t === "value" && next.row === r) return;
    // after the page's last row, with labels or other cells still to come on the page: cells
    // drifted to the page's end, whose rows are not known
    const lastOnPage = !events.some((x, k) => k > i && x.t === "row" && x.row.page === r.page && kept.has(x.row));
    const more = events.some((x, k) => k > i && (x.t === "label" || (x.t === "row" && !kept.has(x.row))) && ("page" in x ? x.page : x.row.page) === r.page);
    if (lastOnPage && more) return;
    found.push({ owner, r, text, pageEnd: lastOnPage });
  });
  // a note after a page's last row is that row's only where the page prints its notes with their rows,
  // or where that row is the table's last (no row after it could own the note)
  const inlinePages = new Set([...found.filter((f) => !f.pageEnd).map((f) => f.r.page), ...rows.filter((a) => a.row.leadNote).map((a) => a.row.page)]);
  const lastRow = rows[rows.length - 1]?.row;
  for (const f of found) {
    if (f.pageEnd && f.owner !== lastRow && !inlinePages.has(f.r.page)) continue;
    out.of.set(f.owner, f.text);
    out.taken.add(f.r);
  }
  return out;
}
