/**
 * The one way through, from a file's bytes to the canonical document, taken by the
 * import's parser workers (pipeline/worker.ts) and by `charters inspect`:
 *
 *   route      the parsers that claim the bytes, by priority (parsers/registry.ts); the
 *              first whose reading gets through assembly wins, the others' reasons are kept
 *   parse      the file to the document model's blocks (src/document/), or, for scraped
 *              text, the parts the template's knowledge read back (src/scraped/); a
 *              signed envelope's content is read the same way, from the route on
 *   interpret  blocks to parts: title block, service block, indicator tables (src/interpret/)
 *   assemble   the parts to one validated document (template/assemble.ts)
 *   doubt      rows read without their geometry lose confidence by what their cells show
 *              (scraped/common/sanity.ts), where the parser asks for it, and so do rows
 *              read by OCR, by their cells and by the engine's confidence in their words
 *   limits     every text field within the domain's limits (normalize/limits.ts)
 */
import { ParseError } from "../model/errors.js";
import type { CharterDocument } from "../model/schema.js";
import { interpretBlocks } from "../interpret/interpret.js";
import { applyLimits } from "../normalize/limits.js";
import { routeSource } from "../parsers/registry.js";
import type { DocumentSource, Parser, SignedSource, SourceBase, SourceFile } from "../parsers/types.js";
import { applyRowDoubts, lowerRow } from "../scraped/common/sanity.js";
import { assembleDocument } from "../template/assemble.js";

export interface CharterReading {
  /** The canonical document, every text field within its limit. */
  document: CharterDocument;
  /** The parser that read it. */
  parser: Parser;
  /** How many fields the limits cut. */
  truncated: number;
}

/** Provenance shared by everything `parser` reads from `file`. */
export const sourceBase = (parser: Pick<Parser, "name" | "version">, file: SourceFile): SourceBase => ({ file: file.path, parser: parser.name, parser_version: parser.version });

/** Read a file the whole way: route, parse, interpret, assemble, doubt, limits. */
export async function readCharter(file: SourceFile): Promise<CharterReading> {
  const { value, parser } = await routeSource(file, (p) => readWith(p, file));
  const { document, truncated } = applyLimits(value, sourceBase(parser, file));
  return { document, parser, truncated };
}

/** One parser's reading of a file, up to the assembled document (no routing, no limits); a ParseError where it cannot. */
export async function readWith(parser: Parser, file: SourceFile): Promise<CharterDocument> {
  const base = sourceBase(parser, file);
  const parsed = await parser.parse(file, base);
  return "signed" in parsed ? readSigned(parsed.signed, file) : documentOf(parsed, base);
}

/** A signed envelope's content read as its own format (routed, up to the assembled document); the document records the signatures. */
async function readSigned({ envelope, content, signatures }: SignedSource["signed"], file: SourceFile): Promise<CharterDocument> {
  const inner = { path: file.path, bytes: content, ocr: file.ocr };
  let read: { value: CharterDocument; parser: Parser };
  try {
    read = await routeSource(inner, (p) => readWith(p, inner));
  } catch (e) {
    throw new ParseError(`the signed document: ${(e as Error).message}`, envelope);
  }
  return { ...read.value, signed: { envelope, format: read.parser.format, signatures } };
}

/** What a parser read, interpreted and assembled. */
export function documentOf(parsed: DocumentSource, base: SourceBase): CharterDocument {
  const parts = "parts" in parsed ? parsed.parts : interpretBlocks(parsed.blocks, { base, inferMerges: parsed.inferMerges });
  const document = assembleDocument(parts, base.parser);
  const lineDoubts = "lineDoubts" in parsed ? parsed.lineDoubts : undefined;
  if (lineDoubts) for (const s of document.services) for (const i of s.indicators) for (const name of lineDoubts.get(i.provenance.line ?? -1) ?? []) lowerRow(i, name);
  for (const s of document.services) {
    // rows read without their geometry, or by OCR from a scanned page, are doubted by what their cells show
    const doubted = parsed.rowDoubts ? s.indicators : s.indicators.filter((i) => i.provenance.ocr !== undefined);
    if (doubted.length) document.review.push(...applyRowDoubts(doubted));
  }
  return document;
}
