/** What the parsers share: blocks (or sheets) in, one validated canonical document out. */
import type { Block } from "../document/blocks.js";
import { sheetBlocks } from "../document/sheets.js";
import type { Sheet } from "../document/grid.js";
import { interpretBlocks } from "../interpret/interpret.js";
import type { InterpretContext } from "../interpret/items.js";
import type { CharterDocument } from "../model/schema.js";
import { assembleDocument } from "../template/assemble.js";

export function documentFromBlocks(blocks: Block[], ctx: InterpretContext): CharterDocument {
  return assembleDocument(interpretBlocks(blocks, ctx), ctx.base.parser);
}

export function documentFromSheets(sheets: Sheet[], ctx: InterpretContext): CharterDocument {
  return documentFromBlocks(sheetBlocks(sheets), ctx);
}
