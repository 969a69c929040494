/**
 * Legacy Word 97-2003 documents (.doc, an OLE2 compound file with a "WordDocument"
 * stream). No maintained npm library gives their tables with merged cells (text
 * extractors flatten them), so the file is recognised and refused with the way to
 * convert it: LibreOffice turns it into a .docx, which the docx parser reads natively.
 */
import { isWordDocument } from "./sniff.js";
import { ParseError } from "../model/errors.js";
import { defineParser } from "./types.js";

export const docParser = defineParser({
  accepts: (f) => isWordDocument(f.bytes),
  async parse() {
    throw new ParseError(
      "legacy Word 97-2003 document (.doc): its binary format is not read; convert it to .docx (soffice --headless --convert-to docx FILE) and import the .docx",
      "doc",
    );
  },
});
