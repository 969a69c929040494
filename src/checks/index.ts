/**
 * Every rule, in the order findings are listed. A rule is one module; add it here, then
 * `npm run docs` writes its line in docs/checks.md (from its `summary`; test/docs.test.ts
 * fails until it is there).
 */
import type { CharterDocument } from "../model/schema.js";
import { duplicateIndicator } from "./duplicate-indicator.js";
import { percentOutOfRange } from "./percent-out-of-range.js";
import { placeholderLeft } from "./placeholder-left.js";
import { targetMissed } from "./target-missed.js";
import { targetMissing } from "./target-missing.js";
import { targetNotNumeric } from "./target-not-numeric.js";
import { targetWorseThanPreviousYear } from "./target-worse-than-previous-year.js";
import type { CheckInfo, DocumentCheck, Finding } from "./types.js";
import { unitMismatch } from "./unit-mismatch.js";

export const DOCUMENT_CHECKS: readonly DocumentCheck[] = [
  placeholderLeft,
  targetMissing,
  targetNotNumeric,
  unitMismatch,
  percentOutOfRange,
  targetMissed,
  duplicateIndicator,
];

/** Every rule, document and corpus ones. */
export const ALL_CHECKS: readonly CheckInfo[] = [...DOCUMENT_CHECKS, targetWorseThanPreviousYear];

/** Names and versions of the document rules: stored findings made by another set are computed again. */
export const DOCUMENT_CHECKS_VERSION = DOCUMENT_CHECKS.map((c) => `${c.name}@${c.version}`).join(" ");

/** Run every document rule on one document. */
export function checkDocument(doc: CharterDocument, checks: readonly DocumentCheck[] = DOCUMENT_CHECKS): Finding[] {
  const out: Finding[] = [];
  for (const c of checks) {
    c.run(doc, (message, p) =>
      out.push({ check: c.name, severity: c.severity, message, service: p.service, indicator: p.indicator, field: p.field ?? null, value: p.value ?? null }),
    );
  }
  return out;
}
