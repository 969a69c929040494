/**
 * PDF charters with pdfjs-dist (legacy build for Node): each page's text runs and rules
 * become rows of cells (pdf/page-rows.ts), the pages' rows are joined into printed parts,
 * each part a table block of the document model (pdf/parts.ts), read by the same
 * interpreter as every other format.
 */
import { pdfBlocks } from "../pdf/parts.js";
import { isPdf } from "./sniff.js";
import { defineParser } from "./types.js";

export const pdfParser = defineParser({
  accepts: (f) => isPdf(f.bytes),
  async parse(f) {
    return { blocks: await pdfBlocks(f.bytes) };
  },
});
