/** What the interpreter reads: the blocks' rows and lines in order, each with where it was read. */
import type { BlockSource } from "../document/blocks.js";
import { sourceFields } from "../document/blocks.js";
import type { Provenance } from "../model/schema.js";
import type { GridCell } from "../document/grid.js";

export interface InterpretContext {
  /** Provenance shared by everything read from this source (file, parser, version). */
  base: Pick<Provenance, "file" | "parser" | "parser_version">;
  /**
   * Whether empty cells may be read as horizontal merges where the template merges
   * (the additional dimensions' definition): true for sources that lost their merges.
   */
  inferMerges?: boolean;
}

/** One step of the reading: a table row, or a line of text outside tables. */
export interface Item {
  cells: GridCell[];
  texts: string[];
  src: BlockSource;
  /** "row" for a table's row; the block's type otherwise. */
  kind: "row" | "heading" | "paragraph" | "term" | "definition";
  /** The table block a row belongs to (its index among the source's blocks). */
  table?: number;
  /** A paragraph's leading bold text, where the source marks one. */
  label?: string;
}

export function provenance(ctx: InterpretContext, src: BlockSource | undefined): Provenance {
  return { ...ctx.base, ...sourceFields(src ?? {}) };
}
