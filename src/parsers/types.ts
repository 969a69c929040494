/**
 * The one interface every format implements (markitdown-style): a cheap `accepts()`
 * that only sniffs the bytes, and `parse()` that reads the file into the document model:
 * its blocks (src/document/blocks.ts), or, for scraped text whose table lost its
 * geometry, the parts the template's knowledge read back (src/scraped/), or, for a signed
 * envelope, the file it carries with its signatures. Parsers never
 * interpret blocks, never assemble the document and never touch the database:
 * src/read/charter.ts takes what they return the rest of the way. A file a parser
 * cannot read is refused with a ParseError (src/model/errors.ts).
 */
import type { Block } from "../document/blocks.js";
import type { Format, Provenance, Signature } from "../model/schema.js";
import type { PenaltyName } from "../scraped/common/penalties.js";
import type { DocumentPart } from "../template/assemble.js";

export interface SourceFile {
  /** Path as given to the import, used for provenance. */
  path: string;
  bytes: Buffer;
  /** How pages without text are read by OCR (src/ocr/); on unless `off`. */
  ocr?: OcrControl;
}

/** The reader's OCR of scanned pages: whether it is off (--no-ocr), and a count of the pages it read (the import's summary). */
export interface OcrControl {
  off?: boolean;
  /** Pages read by OCR so far (the reader counts them as it starts each). */
  pages?: number;
  /** Told as each page's OCR starts, with the count so far (the import's time limit starts again: pipeline/pool.ts). */
  onPage?: (count: number) => void;
}

/** Provenance shared by everything read from one file: the file, the parser and its version. */
export type SourceBase = Pick<Provenance, "file" | "parser" | "parser_version">;

/** What a parser reads from a file: a document source, or a signed envelope's content. */
export type ParsedSource = DocumentSource | SignedSource;

/** The document model's blocks, or parts the template's knowledge read. */
export type DocumentSource =
  | {
      blocks: Block[];
      /**
       * Whether empty cells may be read as horizontal merges where the template merges
       * (the additional dimensions' definition): true for sources that lost their merges.
       */
      inferMerges?: boolean;
      /** Whether each row's confidence is to be lowered by what its cells show of the reading (text that lost its geometry). */
      rowDoubts?: boolean;
      /** Penalties the reading itself met, by the source line a row starts on (text that kept its layout: src/scraped/layout-text/). */
      lineDoubts?: ReadonlyMap<number, readonly PenaltyName[]>;
    }
  | { parts: DocumentPart[]; rowDoubts?: boolean };

/** A signed envelope's content, read as its own format (by the parser that claims it), and the envelope's signatures, outer first. */
export interface SignedSource {
  signed: { envelope: "p7m"; content: Buffer; signatures: Signature[] };
}

/** What a parser module exports (defineParser): its sniff and its reading. */
export interface ParserModule {
  /** Cheap sniff from the bytes (magic numbers, structure); never a full parse. */
  accepts(file: SourceFile): boolean;
  /** The file read into blocks (or parts); `base` is the provenance of everything read from it. */
  parse(file: SourceFile, base: SourceBase): Promise<ParsedSource>;
}

/** A parser as the registry hands it out: its manifest entry (manifest.ts) with its module loaded. */
export interface Parser extends ParserModule {
  /** Stable name, stored in provenance. */
  readonly name: string;
  /** Bumped when the parser's output changes, stored in provenance. */
  readonly version: string;
  readonly format: Format;
  /** Lower runs first where several parsers accept the same bytes. */
  readonly priority: number;
  /** What it reads, in a few words (the formats command prints it). */
  readonly reads: string;
  /** Largest file this parser will take on (text exports of a charter are a few KiB). */
  readonly maxBytes?: number;
}

export function defineParser(p: ParserModule): ParserModule {
  return p;
}
