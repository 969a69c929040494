/**
 * The checks stage: one small module per rule, like unified's plugins. A document check
 * reads the canonical CharterDocument (whatever format it came from) and reports
 * findings through `report`, each tied to a place (service, indicator, field) with a
 * message; the runner (index.ts) stamps them with the rule's name and severity. Rules
 * that compare documents (across years) are corpus checks: they read facts gathered
 * from the database (src/analysis/) and return findings by id.
 */
import type { CharterDocument } from "../model/schema.js";

export type Severity = "error" | "warning" | "info";

export interface CheckInfo {
  /** The rule's name, as in v_checks.check: snake_case. */
  name: string;
  severity: Severity;
  /** Bumped when the rule changes what it finds: stored findings are then computed again. */
  version: number;
  /** One sentence for docs/checks.md, the docs table and `charters metadata`. */
  summary: string;
}

/** Where a finding is, within one document (0-based positions). */
export interface Place {
  service: number | null;
  indicator: number | null;
  /** The field the finding is about ("target_raw"), if one. */
  field?: string | null;
  /** That field's value as printed. */
  value?: string | null;
}

export interface Finding extends Required<Place> {
  check: string;
  severity: Severity;
  message: string;
}

export type Report = (message: string, place: Place) => void;

export interface DocumentCheck extends CheckInfo {
  run(doc: CharterDocument, report: Report): void;
}
