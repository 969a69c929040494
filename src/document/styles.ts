/**
 * Heading levels from a word processor's paragraph styles, shared by the Word backends
 * (.docx, .doc, RTF): a style named "heading N" (or its Italian, German, French name)
 * is a level-N heading, "Title" a level-1 heading, and a style with an outline level
 * (0-8) a heading one below it.
 */

const NAMED = /^(?:heading|titolo|berschrift|titre)\s*(\d)$/i;
const TITLE = /^(title|titolo)$/i;

/** The heading level of a style by its name, else by its outline level (0-based, 9 = body text), else undefined. */
export function headingLevel(name: string, outline?: number): number | undefined {
  const m = NAMED.exec(name.trim());
  if (m) return Number(m[1]);
  if (TITLE.test(name.trim())) return 1;
  return outlineLevel(outline);
}

/** A paragraph's own outline level (0-based, 9 = body text) as a heading level. */
export function outlineLevel(outline: number | undefined): number | undefined {
  return outline !== undefined && Number.isInteger(outline) && outline >= 0 && outline < 9 ? outline + 1 : undefined;
}
