/**
 * PDF charters with pdfjs-dist (legacy build for Node): each page's text runs and rules
 * become rows of cells (pdf/page-rows.ts), the pages' rows are joined into printed parts,
 * each part a table block of the document model (pdf/parts.ts), read by the same
 * interpreter as every other format.
 */
import { pdfBlocks } from "../pdf/parts.js";
import { isPdf, isSignedEnvelope } from "./sniff.js";
import { defineParser } from "./types.js";

export const pdfParser = defineParser({
  // a signed PDF's envelope (.p7m) carries the PDF's header in its first KiB: it is read as
  // the envelope it is (p7m.ts), never as the PDF inside, whose signature may not verify
  accepts: (f) => isPdf(f.bytes) && !isSignedEnvelope(f.bytes),
  async parse(f) {
    return { blocks: await pdfBlocks(f.bytes, f.ocr) };
  },
});
