/**
 * Interpret sheets (grids of cells with their merges) as the templates the offices fill
 * in: the ministry's "Standard qualità dei servizi erogati" and the comuni's "Risultati
 * della qualità dei servizi". Every tabular parser (xlsx, xls/ods, tab-separated text,
 * PDF tables) ends here, so the templates are read one way whatever the format.
 *
 * Sections are recognised from the templates' vocabulary (taxonomy.ts), never from the
 * content of a particular charter: title block, service block (label | value), the
 * indicator table under its header row, the footnotes, improvement actions, signatory.
 */
import type { Action, Indicator, Provenance, ReviewItem, Service } from "../model/schema.js";
import { isAdditionalDimension, normalizeDimension } from "../normalize/dimension.js";
import type { ColumnRole } from "../normalize/taxonomy.js";
import { isFootnote } from "../normalize/text.js";
import type { DocumentPart } from "../template/assemble.js";
import { detectHeader, sameHeader, type HeaderMap } from "../template/header.js";
import { buildIndicator } from "../template/indicator.js";
import { composeSignatory, isActionsHeader, isSignatoryLine } from "../template/sections.js";
import { extractUrls, matchServiceLabel, type ServiceField } from "../template/service.js";
import { readTitleBlock } from "../template/title.js";
import { type GridRow, type Sheet, rowTexts } from "./grid.js";

export interface InterpretContext {
  /** Provenance shared by everything read from this source (file, parser, version). */
  base: Pick<Provenance, "file" | "parser" | "parser_version">;
  /**
   * Whether empty cells may be read as horizontal merges where the template merges
   * (the additional dimensions' definition): true for sources that lost their merges.
   */
  inferMerges?: boolean;
}

interface TableState {
  header: HeaderMap;
  /** Resolved text per column of the last data row, for cells merged down. */
  previous: (string | null)[];
}

interface ServiceDraft {
  fields: Partial<Record<ServiceField, string | null>>;
  indicators: Indicator[];
  firstRow: GridRow | null;
}

function prov(ctx: InterpretContext, sheet: Sheet, row: GridRow | null): Provenance {
  const isText = sheet.refs === "lines";
  return {
    ...ctx.base,
    sheet: sheet.name,
    page: row?.page ?? null,
    row: row && !isText && row.page === undefined ? row.ref : null,
    line: row && isText ? row.ref : null,
    bbox: row?.bbox ?? null,
  };
}

/** Read one sheet: its title block, its service block(s) and its indicator table. */
export function interpretSheet(sheet: Sheet, ctx: InterpretContext): DocumentPart {
  const review: ReviewItem[] = [];
  const titleLines: string[] = [];
  const services: ServiceDraft[] = [];
  const actions: Action[] = [];
  let signatory: string | null = null;
  let table: TableState | null = null;
  let section: "title" | "service" | "table" | "footnotes" | "actions" = "title";
  let sawResultsColumns = false;
  let current: ServiceDraft | null = null;
  const newService = (row: GridRow | null): ServiceDraft => {
    const d: ServiceDraft = { fields: {}, indicators: [], firstRow: row };
    services.push(d);
    return d;
  };

  for (const row of sheet.rows) {
    const texts = rowTexts(row);
    if (texts.length === 0) continue;
    const first = texts[0];

    const header = detectHeader(row);
    if (header) {
      if (table && sameHeader(table.header, header)) continue; // header repeated on a new page
      table = { header, previous: [] };
      if (header.roles.includes("actual")) sawResultsColumns = true;
      if (!current || current.indicators.length > 0) current = current && current.indicators.length === 0 ? current : newService(row);
      section = "table";
      continue;
    }

    const label = row.cells.find((c) => c.text)?.text ? matchServiceLabel(first) : null;
    // Inside a table only the first label of a service block starts a new service.
    if (label && section !== "actions" && (section !== "table" || label.field === "name")) {
      if (!current || section === "table" || section === "footnotes" || current.fields[label.field] !== undefined) {
        current = newService(row);
      }
      const value = texts.length > 1 ? texts.slice(1).join(" ") : label.rest || null;
      current.fields[label.field] = value || null;
      section = "service";
      continue;
    }

    if (isActionsHeader(first)) {
      section = "actions";
      continue;
    }
    if (section === "actions" || (section === "footnotes" && actions.length > 0)) {
      if (isSignatoryLine(texts)) {
        signatory = composeSignatory(texts);
        continue;
      }
      if (section === "actions") actions.push({ action: texts[0], outcome: texts.slice(1).join(" ") || null });
      continue;
    }
    if (isSignatoryLine(texts) && section !== "table") {
      signatory = composeSignatory(texts);
      continue;
    }

    if (section === "title") {
      titleLines.push(...texts);
      continue;
    }
    if (section === "table" && table) {
      if (isFootnote(first) && texts.length === 1) {
        section = "footnotes";
        continue;
      }
      if (!current) current = newService(row);
      const ind = readIndicatorRow(row, table, sheet, ctx, review);
      if (ind) current.indicators.push(ind);
      continue;
    }
    if (isFootnote(first)) section = "footnotes";
  }

  const head = readTitleBlock(titleLines);
  const kind = sawResultsColumns || titleLines.some((l) => /\brisultati\b/i.test(l)) ? "results" : "standards";
  const out: Service[] = [];
  for (const d of services) {
    if (d.indicators.length === 0 && Object.keys(d.fields).length === 0) continue;
    const name = d.fields.name ?? head.serviceName ?? null;
    out.push({
      name,
      description: d.fields.description ?? null,
      delivery_mode: d.fields.delivery_mode ?? null,
      users: d.fields.users ?? null,
      complaint_authority: d.fields.complaint_authority ?? null,
      urls: extractUrls(d.fields.urls ?? null),
      indicators: d.indicators,
      provenance: prov(ctx, sheet, d.firstRow),
    });
    if (!name) review.push({ kind: "service", label: sheet.name ?? "", reason: "service without a name", provenance: prov(ctx, sheet, d.firstRow) });
  }
  return { head, kind, services: out, actions, signatory, review };
}

function col(header: HeaderMap, role: ColumnRole): number {
  return header.roles.indexOf(role);
}

/** One table row to an indicator, with merged cells resolved; null where the row states none. */
export function readIndicatorRow(row: GridRow, table: TableState, sheet: Sheet, ctx: InterpretContext, review: ReviewItem[]): Indicator | null {
  const { header } = table;
  const width = Math.max(header.roles.length, row.cells.length);
  const resolved: (string | null)[] = [];
  const spansLeft: boolean[] = [];
  for (let i = 0; i < width; i++) {
    const cell = row.cells[i];
    if (cell?.covered === "up") resolved[i] = table.previous[i] ?? null;
    else resolved[i] = cell?.text ?? null;
    spansLeft[i] = cell?.covered === "left";
  }
  table.previous = resolved.slice();

  const get = (role: ColumnRole): string | null => {
    const i = col(header, role);
    return i >= 0 ? resolved[i] ?? null : null;
  };
  const dimensionRaw = get("dimension");
  let subRaw = get("subdimension");
  let description = get("description");
  const subCol = col(header, "subdimension");
  const descCol = col(header, "description");
  const dims = normalizeDimension(dimensionRaw);
  // A cell merged across the sub-dimension and description columns is the indicator's
  // definition (the additional dimensions); so is a lone sub-dimension cell of an
  // additional dimension in a source that lost its merges.
  const mergedAcross = subCol >= 0 && descCol === subCol + 1 && !!row.cells[descCol] && spansLeft[descCol];
  const inferred = ctx.inferMerges && subCol >= 0 && descCol >= 0 && !description && !!subRaw && isAdditionalDimension(dims.value[0]);
  if ((mergedAcross || inferred) && subRaw) {
    description = subRaw;
    subRaw = null;
  }
  const formula = get("formula");
  const actualRaw = get("actual");
  if (!description && !formula && !get("target") && !actualRaw) return null;

  const actualCol = col(header, "actual");
  return buildIndicator(
    { dimension_raw: dimensionRaw, subdimension_raw: subRaw, description, formula, target_raw: get("target"), actual_raw: actualRaw, notes: get("notes"), activity: get("activity"), explanation: get("explanation") },
    { provenance: prov(ctx, sheet, row), review, ...(header.percentCols.has(actualCol) ? { actualHint: "percentuale" } : {}) },
  );
}
