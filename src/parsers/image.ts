/**
 * Charters scanned to image files: a TIFF of one page or many (CCITT Group 4 as archives
 * keep them), a PNG, a JPEG. Each page is read by OCR (src/ocr/) into the PDF page
 * reader's rows and from there into the same printed parts and table blocks as a PDF's
 * (pdf/parts.ts): one reader, two sources of words. With OCR off (--no-ocr) such a file
 * fails with that reason.
 */
import { ParseError } from "../model/errors.js";
import { blocksOfPages } from "../pdf/parts.js";
import { imageKind } from "../ocr/decode.js";
import { defineParser } from "./types.js";

export const imageParser = defineParser({
  accepts: (f) => imageKind(f.bytes) !== null,
  async parse(f) {
    if (f.ocr?.off) throw new ParseError("scanned image: OCR is off (--no-ocr)", "image");
    const { scannedImageRows } = await import("../ocr/scanned.js");
    return { blocks: blocksOfPages(await scannedImageRows(f.bytes, f.ocr)) };
  },
});
