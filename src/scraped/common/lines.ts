/**
 * Scraped text as lines: cleaned, numbered, with the blank lines and page breaks (form
 * feeds) between them remembered, and what a line's ends say about the cell it belongs
 * to (a sentence left open, the rest of a sentence).
 */
import { cleanCell, labelKey } from "../../normalize/text.js";
import type { ServiceField } from "../../template/service.js";

// (a text that stops mid-phrase: the normalizer's, shared with the PDF reader's paragraphs)
export { endsIncomplete } from "../../normalize/text.js";

/** One line of scraped text (a PDF page's line of text runs is pdf/lines.ts' Line). */
export interface TextLine {
  /** Cleaned text (never empty). */
  text: string;
  /** 1-based line number in the source. */
  no: number;
  /** 1-based page: form feeds separate the pages of a scrape. */
  page: number;
  /** A blank line (or more) precedes it. */
  blankBefore: boolean;
  /** The raw line carried a template bullet (Wingdings U+F0xx, •). */
  bullet: boolean;
  /** A service-block label in an office's own words, where the structure shows a block (common/field-labels.ts). */
  fieldLabel?: { field: ServiceField; rest: string };
}

const BULLETS = /[\uf0a7\uf0b7\uf0d8\uf0fc\u2022\u25aa\u25cf\u2010\u00b6\u00a7]/;

/** Split scraped text into cleaned, non-empty lines, remembering blank lines and pages. */
export function splitTextLines(text: string): TextLine[] {
  const out: TextLine[] = [];
  let blank = true;
  let page = 1;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    for (const part of raw.split("\f").map((p, k) => ({ p, k }))) {
      if (part.k > 0) {
        page++;
        blank = true;
      }
      const bullet = BULLETS.test(part.p);
      const t = cleanCell(part.p.replace(/[\u2022\u25aa\u25cf]/g, " "));
      if (!t) {
        blank = true;
        continue;
      }
      out.push({ text: t, no: i + 1, page, blankBefore: blank, bullet });
      blank = false;
    }
  });
  return out;
}

/** Folded words of a text, for word-by-word comparison with the template. */
export function words(s: string): string[] {
  return labelKey(s).split(/\s+/).filter(Boolean);
}

/** A text's original tokens, each with its folded words. */
export function tokens(s: string): { raw: string; key: string[] }[] {
  return s
    .split(/\s+/)
    .filter(Boolean)
    .map((raw) => ({ raw, key: words(raw) }));
}

/** A line that reads as the rest of a cell: it starts in lower case or with punctuation. */
export function startsAsContinuation(s: string): boolean {
  return /^[a-zà-ÿ(/,;.)\-–]/.test(s.trim());
}

/** A cell's lines joined: a space between them, none after a hyphen that ends a line before a lower-case word. */
export function joinCellLines(parts: string[]): string {
  let out = "";
  for (const p of parts) {
    if (!out) out = p;
    else if (/[a-zà-ÿ]-$/i.test(out) && /^[a-zà-ÿ]/.test(p)) out += p;
    else out += " " + p;
  }
  return out;
}
