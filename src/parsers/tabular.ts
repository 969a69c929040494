/** What the tabular parsers share: sheets in, one validated canonical document out. */
import { CharterDocument } from "../model/schema.js";
import type { Sheet } from "../layout/grid.js";
import { assembleDocument, interpretSheet, type InterpretContext } from "../layout/interpret.js";
import { ParseError } from "./types.js";

export function documentFromSheets(sheets: Sheet[], ctx: InterpretContext): CharterDocument {
  const readings = sheets.map((s) => interpretSheet(s, ctx));
  const doc = assembleDocument(readings);
  const indicators = doc.services.reduce((n, s) => n + s.indicators.length, 0);
  if (indicators === 0) {
    throw new ParseError(
      doc.services.length
        ? "no indicator table found: the service block was read but no table header (Dimensioni | Descrizione indicatore | ...) with rows under it"
        : "no charter table found: no service block and no indicator table header in the file",
      ctx.base.parser,
    );
  }
  return CharterDocument.parse(doc);
}
