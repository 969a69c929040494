/**
 * The one document assembly: the parts a source was read in (sheets, pages, sections of
 * scraped text) to one validated canonical document, or a ParseError saying what was
 * missing.
 */
import { type Action, CharterDocument, type ReviewItem, type Service } from "../model/schema.js";
import { labelKey } from "../normalize/text.js";
import { ParseError } from "../model/errors.js";
import type { DocHead } from "./title.js";

/** What one part of a source (a sheet, a printed page run, a section of text) says. */
export interface DocumentPart {
  head: DocHead;
  kind: "standards" | "results";
  services: Service[];
  actions: Action[];
  signatory: string | null;
  review: ReviewItem[];
}

const sameAction = (a: Action, b: Action) => labelKey(a.action) === labelKey(b.action) && labelKey(a.outcome ?? "") === labelKey(b.outcome ?? "");

/** What an indicator table is read by (template/table-roles.ts), for the failure that finds none. */
const WANTED = "table with a header row (short column titles, on one row or two) over rows holding a description and a value (a target or an achieved value)";

/** Assemble the parts of one source into one canonical document. */
export function assembleDocument(parts: DocumentPart[], parser: string): CharterDocument {
  const pick = <K extends "issuer" | "title" | "year" | "office">(k: K): DocHead[K] | null => parts.map((r) => r.head[k]).find((v) => v !== null && v !== undefined) ?? null;
  const services = parts.flatMap((r) => r.services);
  if (services.every((s) => s.indicators.length === 0)) {
    throw new ParseError(
      services.length
        ? `no indicator table found: the service block was read but no ${WANTED}`
        : `no charter table found: no service block and no ${WANTED}`,
      parser,
    );
  }
  return CharterDocument.parse({
    kind: parts.some((r) => r.kind === "results") ? "results" : "standards",
    issuer: pick("issuer"),
    title: pick("title"),
    year: pick("year"),
    office: pick("office"),
    signatory: parts.map((r) => r.signatory).find((s) => s) ?? null,
    // Parts of one source may each repeat the document's improvement actions: keep each once.
    actions: parts.flatMap((r) => r.actions).filter((a, i, all) => all.findIndex((b) => sameAction(a, b)) === i),
    services,
    review: parts.flatMap((r) => r.review),
  });
}
