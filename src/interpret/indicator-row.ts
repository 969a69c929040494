/**
 * One row of an indicator table to an Indicator: merged cells resolved (a cell covered
 * from above takes the text of the cell it continues), the columns read by the roles of
 * the table's header, the additional dimensions' definition told apart from a
 * sub-dimension, then the one Indicator builder.
 */
import type { Indicator, ReviewItem } from "../model/schema.js";
import { isAdditionalDimension, normalizeDimension } from "../normalize/dimension.js";
import type { ColumnRole } from "../normalize/taxonomy.js";
import type { HeaderMap } from "../template/header.js";
import { buildIndicator } from "../template/indicator.js";
import { type InterpretContext, type Item, provenance } from "./items.js";

export interface TableState {
  header: HeaderMap;
  /** Resolved text per column of the last data row, for cells merged down. */
  previous: (string | null)[];
}

function col(header: HeaderMap, role: ColumnRole): number {
  return header.roles.indexOf(role);
}

/**
 * A group label printed only in its group's first row (a Markdown table, a source that lost
 * its merges) labels the rows below it: an empty dimension cell takes the dimension above,
 * and with it an empty sub-dimension cell the sub-dimension above (a group shared by both).
 */
function inheritGroupLabels(header: HeaderMap, row: Item, previous: (string | null)[], resolved: (string | null)[]): void {
  const dim = col(header, "dimension");
  const empty = (i: number) => i >= 0 && !resolved[i] && !row.cells[i]?.covered && !!previous[i];
  if (!empty(dim)) return;
  resolved[dim] = previous[dim];
  const sub = col(header, "subdimension");
  if (empty(sub)) resolved[sub] = previous[sub];
}

/** One table row to an indicator, with merged cells resolved; null where the row states none. */
export function readIndicatorRow(row: Item, table: TableState, ctx: InterpretContext, review: ReviewItem[]): Indicator | null {
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
  // (scraped text and delimited files infer their merges from their layout: src/scraped/)
  if (!ctx.inferMerges) inheritGroupLabels(header, row, table.previous, resolved);
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
  // A cell merged across the sub-dimension and description columns is the indicator's
  // definition (the additional dimensions); so is a lone sub-dimension cell of an
  // additional dimension in a source that lost its merges.
  const mergedAcross = subCol >= 0 && descCol === subCol + 1 && !!row.cells[descCol] && spansLeft[descCol];
  const inferred = ctx.inferMerges && subCol >= 0 && descCol >= 0 && !description && !!subRaw && isAdditionalDimension(normalizeDimension(dimensionRaw).value[0]);
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
    { provenance: provenance(ctx, row.src), review, ...(header.percentCols.has(actualCol) ? { actualHint: "percentuale" } : {}) },
  );
}
