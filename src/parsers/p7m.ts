/**
 * Signed files (.p7m, CAdES/CMS SignedData, DER or base64, nested .p7m.p7m), recognised by
 * their content: the signed document is taken out (src/signed/) and handed back with its
 * signatures; the reader (read/charter.ts) reads it as its own format, by the parser that
 * claims it, and the document records who signed it, when, and how far that was checked
 * (`signed`). A broken envelope, a detached signature, a content whose digest does not
 * match the signed one or a signature that does not verify fail with their reason.
 */
import { ParseError } from "../model/errors.js";
import { EnvelopeError, openEnvelope } from "../signed/envelope.js";
import { isSignedEnvelope } from "./sniff.js";
import { defineParser } from "./types.js";

export const signedParser = defineParser({
  accepts: (f) => isSignedEnvelope(f.bytes),
  async parse(f) {
    try {
      const { content, signatures } = openEnvelope(f.bytes);
      return { signed: { envelope: "p7m", content, signatures } };
    } catch (e) {
      if (e instanceof EnvelopeError) throw new ParseError(e.message, "p7m");
      throw e;
    }
  },
});
