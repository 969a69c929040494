/**
 * The one interface every format implements (markitdown-style): a cheap `accepts()`
 * that only sniffs the bytes, and `parse()` that does the work. Parsers never touch
 * the database; they return the canonical document or throw a ParseError.
 */
import type { CharterDocument, Format } from "../model/schema.js";

export interface SourceFile {
  /** Path as given to the import, used for provenance. */
  path: string;
  bytes: Buffer;
}

export interface Parser {
  /** Stable name, stored in provenance. */
  readonly name: string;
  /** Bumped when the parser's output changes, stored in provenance. */
  readonly version: string;
  readonly format: Format;
  /** Lower runs first where several parsers accept the same bytes. */
  readonly priority: number;
  /** What it reads, in a few words (the formats command prints it). */
  readonly reads?: string;
  /** Largest file this parser will take on (text exports of a charter are a few KiB). */
  readonly maxBytes?: number;
  /** Cheap sniff from the bytes (magic numbers, structure); never a full parse. */
  accepts(file: SourceFile): boolean;
  parse(file: SourceFile): Promise<CharterDocument>;
}

export function defineParser(p: Parser): Parser {
  return p;
}
