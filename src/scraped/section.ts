/**
 * One service's text, pass by pass: its title block and service block (common/services.ts),
 * then its table — the ministry's indicator table (standards/table.ts, standards/notes.ts)
 * or the comuni's results (results/report.ts) — each row built by the one Indicator
 * builder. Values, labels and service-block fields that could not be placed go to review.
 *
 * The folders of src/scraped/ hold what reads each kind of text: common/ the pieces every
 * reading shares (lines, line kinds, labels, service blocks, row checks, confidence
 * penalties), standards/ the ministry's standards table in reading or content-stream order,
 * results/ the comuni's results reports, layout-text/ text that kept its layout
 * (pdftotext -layout), read as a sheet.
 */
import type { Indicator, Provenance, ReviewItem, Service } from "../model/schema.js";
import type { DocumentPart } from "../template/assemble.js";
import { buildIndicator } from "../template/indicator.js";
import { composeSignatory } from "../template/sections.js";
import { extractUrls } from "../template/service.js";
import { readTitleBlock } from "../template/title.js";
import { joinCellLines, type TextLine } from "./common/lines.js";
import { hasNotesColumn } from "./common/kinds.js";
import { readNotes } from "./standards/notes.js";
import { readResults } from "./results/report.js";
import { readByColumns } from "./results/column-sequence.js";
import { type ServiceFields, isUrlLine, placeOrphans, serviceBlock, titleLines } from "./common/services.js";
import { labelKey } from "../normalize/text.js";
import { readTable } from "./standards/table.js";
import { lower } from "./common/penalties.js";

export type Kind = "standards" | "results";

export function readSection(lines: TextLine[], kind: Kind, prov: (line: number | null) => Provenance): DocumentPart {
  const consumed = new Set<number>();
  const review: ReviewItem[] = [];
  const title = readTitleBlock(titleLines(lines, consumed));
  const fields = serviceBlock(lines, consumed);
  const rest = lines.filter((_, i) => !consumed.has(i));
  const indicators: Indicator[] = [];
  let actions: { action: string; outcome: string | null }[] = [];
  let signatory: string | null = null;

  const byColumns = kind === "results" ? readByColumns(rest, prov, review) : null;
  if (byColumns) indicators.push(...byColumns);
  else if (kind === "results") {
    const r = readResults(rest, prov);
    indicators.push(...r.indicators);
    actions = r.actions;
    signatory = r.signatory ? composeSignatory([r.signatory]) : null;
    review.push(...r.review);
  } else indicators.push(...readStandards(rest, fields, prov, review));
  for (const f of ["name", "description", "delivery_mode", "users", "complaint_authority"] as const) {
    if (fields[f] === null) review.push({ kind: "service", label: f, reason: "service-block label printed without a value that could be placed", provenance: prov(null) });
  }

  const service: Service = {
    name: fields.name ?? title.serviceName ?? null,
    description: fields.description ?? null,
    delivery_mode: fields.delivery_mode ?? null,
    users: fields.users ?? null,
    complaint_authority: fields.complaint_authority ?? null,
    urls: extractUrls(fields.urls ?? null),
    indicators,
    provenance: prov(lines[0]?.no ?? null),
  };
  const services = service.indicators.length > 0 || service.name ? [service] : [];
  return { head: title, kind, services, actions, signatory, review };
}

/**
 * The ministry's indicator table (standards/table.ts, standards/notes.ts): its rows built by the Indicator
 * builder, and the paragraphs no row took placed in the service block's empty fields.
 */
function readStandards(rest: TextLine[], fields: ServiceFields, prov: (line: number | null) => Provenance, review: ReviewItem[]): Indicator[] {
  const indicators: Indicator[] = [];
  const table = readTable(rest);
  const notes = readNotes(table, rest);
  // paragraphs that belong to no row: the service block's values printed away from their
  // labels, or (in a table with a Note column) notes printed away from their rows
  const orphans: string[] = [...table.lateLeft];
  for (const r of table.seg.rows) {
    if (table.late.has(r)) continue;
    const a = table.rows.find((x) => x.row === r);
    const kept = (a && (a.formula || a.target)) || notes.taken.has(r);
    const pieces = a?.subdimensionRaw && r.extraPieces.join(" ") === a.subdimensionRaw ? [] : [...r.extraPieces];
    if (!kept && r.desc.length) pieces.push(joinCellLines(r.desc));
    orphans.push(...pieces);
  }
  if (["name", "description", "delivery_mode", "users"].some((f) => fields[f as keyof typeof fields] === null)) placeOrphans(orphans, fields);
  const values = new Set(Object.values(fields).filter((v): v is string => typeof v === "string").map(labelKey));
  const strayNotes = hasNotesColumn(rest) && orphans.some((o) => o.length <= 200 && !values.has(labelKey(o)) && !isUrlLine(o));
  for (const a of table.rows) {
    if (!a.formula && !a.target) continue; // a stray cell, not a row
    const note = a.notes ?? notes.of.get(a.row) ?? null;
    if (strayNotes && note === null) lower(a, "notesAway");
    indicators.push(
      buildIndicator(
        { dimension_raw: a.dimensionRaw, subdimension_raw: a.subdimensionRaw, description: a.description, formula: a.formula, target_raw: a.target, notes: note },
        { provenance: prov(a.row.firstLine), review, dimensions: a.dimension, confidence: a.confidence, doubts: a.doubts.join("; ") },
      ),
    );
  }
  for (const v of table.strayValues) review.push({ kind: "value", label: v.raw, reason: "value printed with no row left to take it", provenance: prov(v.line) });
  for (const l of table.strayLabels) review.push({ kind: l.kind, label: l.raw, reason: "label printed away from its rows that no row could take", provenance: prov(l.line) });
  return indicators;
}
