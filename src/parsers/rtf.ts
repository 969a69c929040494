/**
 * Rich Text Format (RTF), recognised by its content ("{\rtf") whatever its extension: an
 * RTF saved as ".doc" is what AbiWord and many converters write. Read natively
 * (src/rtf/) into the word processor's paragraphs, then the same blocks as a Word
 * document (document/wordproc.ts): headings by paragraph style or outline level,
 * paragraphs with their bold labels, tables with their merged cells.
 */
import type { Block } from "../document/blocks.js";
import { headingLevel } from "../document/styles.js";
import { wordBlocks } from "../document/wordproc.js";
import { RtfReader } from "../rtf/reader.js";
import { ParseError } from "../model/errors.js";
import { defineParser } from "./types.js";

/** An RTF file: "{\rtf" after an optional byte-order mark and blanks. */
export function isRtf(b: Buffer): boolean {
  const head = b.subarray(0, 64).toString("latin1").replace(/^\xef\xbb\xbf/, "").trimStart();
  return head.startsWith("{\\rtf");
}

/** An RTF file's blocks, in order. */
export function rtfBlocks(bytes: Buffer): Block[] {
  const { paragraphs, styles } = new RtfReader().read(bytes);
  const headings = new Map<number, number>();
  for (const [n, s] of styles) {
    const level = headingLevel(s.name, s.outline);
    if (level !== undefined) headings.set(n, level);
  }
  return wordBlocks(paragraphs, headings);
}

export const rtfParser = defineParser({
  accepts: (f) => isRtf(f.bytes),
  async parse(f) {
    const blocks = rtfBlocks(f.bytes);
    if (!blocks.length) throw new ParseError("an RTF file with no text", "rtf");
    return { blocks };
  },
});
