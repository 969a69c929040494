/** What the tabular parsers share: sheets in, one validated canonical document out. */
import type { CharterDocument } from "../model/schema.js";
import type { Sheet } from "../layout/grid.js";
import { interpretSheet, type InterpretContext } from "../layout/interpret.js";
import { assembleDocument } from "../template/assemble.js";

export function documentFromSheets(sheets: Sheet[], ctx: InterpretContext): CharterDocument {
  return assembleDocument(sheets.map((s) => interpretSheet(s, ctx)), ctx.base.parser);
}
