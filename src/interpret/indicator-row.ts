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
  /** The group label of a row spanning the table, for the rows below it. */
  group: string | null;
  /** The table block its header was read in, and the header's titles. */
  block?: number;
  titles?: string[];
  /** The second row of a header printed on two rows: not an indicator. */
  subHeader?: unknown;
  /** The page of the table's last row read (paged sources). */
  page?: number;
}

function col(header: HeaderMap, role: ColumnRole): number {
  return header.roles.indexOf(role);
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
    // a group label printed on the first row of its group only: carried down (not in text that
    // lost its cells, where a row's wrapped lines come apart as rows with an empty first cell)
    if (resolved[i] === null && !cell?.covered && !ctx.inferMerges && header.roles[i] === "dimension") resolved[i] = table.previous[i] ?? null;
    spansLeft[i] = cell?.covered === "left";
  }
  // a group shared by dimension and sub-dimension: an empty sub-dimension under a carried dimension is carried too
  const dimCol = col(header, "dimension");
  const subAt = col(header, "subdimension");
  if (!ctx.inferMerges && dimCol >= 0 && subAt >= 0 && !row.cells[dimCol]?.text && !row.cells[dimCol]?.covered && !row.cells[subAt]?.text && !row.cells[subAt]?.covered && resolved[subAt] === null) resolved[subAt] = table.previous[subAt] ?? null;
  table.previous = resolved.slice();

  const get = (role: ColumnRole): string | null => {
    const i = col(header, role);
    return i >= 0 ? resolved[i] ?? null : null;
  };
  const dimensionRaw = get("dimension") ?? table.group;
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
  // a unit-of-measure column: the unit of the bare numbers, and the formula where the table prints none
  const unit = get("unit");
  const formula = col(header, "formula") >= 0 ? get("formula") : unit;
  const actualRaw = get("actual");
  // a target printed in alternative columns: the one the row fills, its column's leaf title the note
  const alt = header.alternatives?.find((a) => resolved[a.column]);
  const targetRaw = alt ? resolved[alt.column] : get("target");
  const notes = get("notes") ?? alt?.leaf ?? null;
  if (!description && !formula && !targetRaw && !actualRaw) return null;

  const actualCol = col(header, "actual");
  const unitWord = unit && /%/.test(unit) ? "percentuale" : unit; // "%" alone: a percentage
  const hint = header.percentCols.has(actualCol) ? { actualHint: "percentuale" } : unitWord ? { actualHint: unitWord, unitHint: unitWord } : {};
  return buildIndicator(
    { dimension_raw: dimensionRaw, subdimension_raw: subRaw, description, formula, target_raw: targetRaw, actual_raw: actualRaw, notes, activity: get("activity"), explanation: get("explanation") },
    { provenance: provenance(ctx, row.src), review, ...hint },
  );
}
