/**
 * Legacy Word 97-2003 documents (.doc, an OLE2 compound file with a "WordDocument"
 * stream), read natively (src/word97/): the container by SheetJS's `cfb`, the rest by
 * this project (the FIB, the piece table, paragraph and character properties, the
 * stylesheet), into the same blocks as a .docx: headings by style, paragraphs with
 * their bold labels, tables with their merged cells.
 */
import { headingStyles } from "../word97/styles.js";
import { openWordFile } from "../word97/file.js";
import { readParagraphs } from "../word97/paragraphs.js";
import { readPieces, readText } from "../word97/pieces.js";
import type { Block } from "../document/blocks.js";
import { wordBlocks } from "../document/wordproc.js";
import { isWordDocument } from "./sniff.js";
import { defineParser } from "./types.js";

/** A Word 97-2003 document's blocks, in order. */
export async function docBlocks(bytes: Buffer): Promise<Block[]> {
  const file = await openWordFile(bytes);
  const text = readText(file, readPieces(file));
  return wordBlocks(readParagraphs(file, text), headingStyles(file));
}

export const docParser = defineParser({
  accepts: (f) => isWordDocument(f.bytes),
  async parse(f) {
    return { blocks: await docBlocks(f.bytes) };
  },
});
