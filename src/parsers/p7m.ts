/**
 * Signed files (.p7m, CAdES/CMS SignedData, DER or base64, nested .p7m.p7m), recognised by
 * their content: the signed document is taken out (src/signed/) and read as its own
 * format by the parser that claims it; the document records who signed it, when, and how
 * far that was checked (`signed`). A broken envelope, a detached signature, a content
 * whose digest does not match the signed one or a signature that does not verify fail
 * with their reason. The parsers are passed in (registry.ts), not imported: no cycle.
 */
import { EnvelopeError, openEnvelope } from "../signed/envelope.js";
import { isSignedEnvelope } from "./sniff.js";
import type { ParseOutcome } from "./registry.js";
import { defineParser, ParseError, type Parser, type SourceFile } from "./types.js";

export const PARSER_VERSION = "1.0.0";

export function signedParser(read: (f: SourceFile) => Promise<ParseOutcome>): Parser {
  return defineParser({
    name: "p7m",
    version: PARSER_VERSION,
    format: "p7m",
    reads: "signed files (.p7m: CAdES, DER or base64, nested): the document inside read by its own format; signer, time and check recorded",
    // before the PDF parser, which would take a signed PDF's bytes for a PDF's
    priority: 5,
    accepts: (f) => isSignedEnvelope(f.bytes),
    async parse(f) {
      let opened: ReturnType<typeof openEnvelope>;
      try {
        opened = openEnvelope(f.bytes);
      } catch (e) {
        if (e instanceof EnvelopeError) throw new ParseError(e.message, "p7m");
        throw e;
      }
      let inner: ParseOutcome;
      try {
        inner = await read({ path: f.path, bytes: opened.content });
      } catch (e) {
        throw new ParseError(`the signed document: ${(e as Error).message}`, "p7m");
      }
      return { ...inner.document, signed: { envelope: "p7m", format: inner.parser.format, signatures: opened.signatures } };
    },
  });
}
