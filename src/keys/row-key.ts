/**
 * A row's key within its file: what stays the same when the same file is read again
 * (another parser version, a corrected republish of the charter): its service (the name
 * folded, or its position where it has none), its printed dimension, description and
 * formula folded, and its order among the rows of the service that print the same. People's
 * corrections (charters fix) are kept against it and applied to the row it names in every
 * later import (src/db/edits.ts). Pure.
 */
import type { CharterDocument } from "../model/schema.js";
import { foldName } from "./keys.js";

/** The key of every indicator of a document, per service, in order. */
export function rowKeys(doc: Pick<CharterDocument, "services">): string[][] {
  return doc.services.map((svc, si) => {
    const service = foldName(svc.name) ?? `#${si + 1}`;
    const seen = new Map<string, number>();
    return svc.indicators.map((ind) => {
      const base = [service, foldName(ind.dimension_raw) ?? "", foldName(ind.description) ?? "", foldName(ind.formula) ?? ""].join("|");
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return `${base}#${n}`;
    });
  });
}
