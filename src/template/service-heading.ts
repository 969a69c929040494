/**
 * A service named by the structure above its block and table: the last heading-like line
 * before them (an HTML or Word heading, a short line set apart the way headings are, a
 * row spanning a sheet), never the charter's own title or issuer, nor a year line.
 */
import { ISSUER_MARKERS, TITLE_MARKERS } from "../normalize/taxonomy.js";
import { isFootnote, labelKey } from "../normalize/text.js";
import { labelByMeaning, matchServiceLabel } from "./service.js";
import { startsWithMarker, titleServiceName } from "./title.js";

/** What the reader knows of a line: its kind, its text, whether it is a table row and how many texts it holds. */
export interface LineLike {
  kind: "row" | "heading" | "paragraph" | "term" | "definition";
  texts: string[];
  label?: string;
}

/** Longest line that can name a service. */
const MAX_HEADING = 100;

/** Whether a line reads as a heading: a heading block, or one short line that is neither a sentence nor a label. */
export function isHeadingLike(line: LineLike): boolean {
  if (line.texts.length !== 1 || line.kind === "definition" || line.kind === "term") return false;
  const t = line.texts[0].trim();
  if (!t || t.length > MAX_HEADING || isFootnote(t) || matchServiceLabel(t)) return false;
  if (line.kind === "heading") return true;
  // a title line naming its service ("Carta dei Servizi NAME - Anno 2020"), however many its words
  if (titleServiceName(t)) return true;
  if (labelByMeaning(t)) return false;
  if (line.label) return false; // "Label: value"
  return t.split(/\s+/).length <= 10 && !/[.:;]$/.test(t) && /^[\p{Lu}\d]/u.test(t);
}

/** The service name a heading gives, or null where the line is the charter's title, issuer or a year line. */
export function headingServiceName(text: string): string | null {
  const named = titleServiceName(text);
  if (named) return named;
  const key = labelKey(text);
  if (TITLE_MARKERS.some((m) => key.includes(m)) || startsWithMarker(text, ISSUER_MARKERS)) return null;
  if (/(?:19|20)\d{2}/.test(text) && key.replace(/\d+/g, "").split(" ").filter(Boolean).length <= 3) return null;
  return text.trim();
}
