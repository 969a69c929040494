/**
 * The fields a person may correct (charters fix), how a value is written as text in the
 * edits table, checked, read from a row and applied to it. Pure: the same functions apply
 * an edit to a row being imported (src/db/edits.ts) and to a stored row (src/review/fix.ts).
 *
 * As text: a dimension is its codes joined by ',' ('' for none); a sub-dimension its code;
 * a number in decimal notation; a unit its code; placeholder 0 or 1; '' is null. A printed
 * target or achieved value (target_raw, actual_raw) gives its number and unit again, as
 * the parsers read them (src/normalize/value.ts), unless those are corrected too.
 */
import type { Indicator, Unit } from "../model/schema.js";
import { UNITS } from "../model/formats.js";
import { DIMENSIONS, SUBDIMENSIONS } from "./taxonomy.js";
import { parseValue } from "./value.js";

/** In the order edits are applied: a printed value before the number and unit it gives. */
export const EDIT_FIELDS = [
  "dimension", "subdimension", "description", "formula",
  "target_raw", "target_value", "target_unit", "actual_raw", "actual_value", "actual_unit",
  "notes", "activity", "explanation", "placeholder",
] as const;
export type EditField = (typeof EDIT_FIELDS)[number];

/** The part of an indicator an edit may change. */
export type EditableRow = Pick<Indicator, EditField>;

const TEXT_FIELDS = new Set<EditField>(["description", "formula", "target_raw", "actual_raw", "notes", "activity", "explanation"]);

/** A correction that cannot be recorded as asked (a usage error). */
export class FixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FixError";
  }
}

export function parseField(field: string): EditField {
  if ((EDIT_FIELDS as readonly string[]).includes(field)) return field as EditField;
  throw new FixError(`"${field}" is not a field charters fix corrects: one of ${EDIT_FIELDS.join(", ")}`);
}

/** The value as the edits table keeps it, checked for the field; null for an empty one. */
export function checkValue(field: EditField, value: string): string | null {
  const v = value.trim();
  if (v === "") return null;
  switch (field) {
    case "dimension": {
      const codes = v.split(",").map((c) => c.trim()).filter(Boolean);
      const bad = codes.filter((c) => !DIMENSIONS.some((d) => d.code === c));
      if (bad.length) throw new FixError(`not a dimension code: ${bad.join(", ")} (codes: ${DIMENSIONS.map((d) => d.code).join(", ")})`);
      return codes.join(",");
    }
    case "subdimension":
      if (!SUBDIMENSIONS.some((s) => s.code === v)) throw new FixError(`"${v}" is not a sub-dimension code (codes: ${SUBDIMENSIONS.map((s) => s.code).join(", ")})`);
      return v;
    case "target_value":
    case "actual_value": {
      const n = Number(v.replace(",", "."));
      if (!Number.isFinite(n)) throw new FixError(`${field} must be a number, not "${v}"`);
      return String(n);
    }
    case "target_unit":
    case "actual_unit":
      if (!(UNITS as readonly string[]).includes(v)) throw new FixError(`"${v}" is not a unit (units: ${UNITS.join(", ")})`);
      return v;
    case "placeholder":
      if (v !== "0" && v !== "1") throw new FixError(`placeholder is 0 or 1, not "${v}"`);
      return v;
    default:
      return v;
  }
}

/** A row's field as the edits table writes it. */
export function fieldText(row: EditableRow, field: EditField): string | null {
  const v = row[field];
  if (field === "dimension") return (v as string[]).length ? (v as string[]).join(",") : null;
  if (field === "placeholder") return v ? "1" : "0";
  return v === null || v === undefined ? null : String(v);
}

/** Write a value (as the edits table keeps it) into a row; a printed value gives its number and unit again. */
export function applyField(row: EditableRow, field: EditField, value: string | null): void {
  switch (field) {
    case "dimension":
      row.dimension = value ? value.split(",") : [];
      return;
    case "placeholder":
      row.placeholder = value === "1";
      return;
    case "target_value":
    case "actual_value":
      row[field] = value === null ? null : Number(value);
      return;
    case "target_unit":
    case "actual_unit":
      row[field] = value as Unit | null;
      return;
    case "target_raw":
    case "actual_raw": {
      row[field] = value;
      const parsed = parseValue(value, row.formula);
      if (field === "target_raw") [row.target_value, row.target_unit] = [parsed.value, parsed.unit];
      else [row.actual_value, row.actual_unit] = [parsed.value, parsed.unit];
      return;
    }
    default:
      if (TEXT_FIELDS.has(field)) (row as Record<string, unknown>)[field] = value;
      else row.subdimension = value;
  }
}
