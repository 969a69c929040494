/**
 * Signed files (.p7m): a CMS/CAdES SignedData envelope holding the signed document, as
 * DER (or BER), or as base64 with or without PEM armour; an envelope may hold another
 * (.p7m.p7m, a document signed again). Opening one takes the document out and checks
 * each signer (verify.ts); a broken envelope, a detached signature, a content whose
 * digest does not match the signed one or a signature that does not verify is an error
 * with its reason: such a document is not what its signer signed.
 */
import type { Signature } from "../model/schema.js";
import { isSignedEnvelope } from "../parsers/sniff.js";
import { readSignedData } from "./cms.js";
import { DerError } from "./der.js";
import { type Check, checkSigner, SignatureError } from "./verify.js";

export type { Signature };

export class EnvelopeError extends Error {}

const MAX_LAYERS = 8;

const PEM = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)(?:-----END [A-Z0-9 ]+-----|$)/;

/** DER as it is; base64 (PEM-armoured or not) decoded; null where the bytes are neither. */
function derOf(b: Buffer): Buffer | null {
  if (b[0] === 0x30) return b;
  const head = b.subarray(0, 64).toString("latin1").trimStart();
  if (!/^(-----BEGIN |MI)/.test(head)) return null;
  const text = b.toString("latin1");
  const body = (PEM.exec(text)?.[1] ?? text).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return null;
  const der = Buffer.from(body, "base64");
  return der[0] === 0x30 ? der : null;
}

/** The signed document inside an envelope (through nested ones) and its signatures, outer first. */
export function openEnvelope(bytes: Buffer): { content: Buffer; signatures: Signature[] } {
  let current = bytes;
  const signatures: Signature[] = [];
  for (let layer = 1; layer <= MAX_LAYERS; layer++) {
    const der = derOf(current);
    if (!der) throw new EnvelopeError(layer === 1 ? "not a signed envelope: neither DER nor base64" : `layer ${layer}: not readable`);
    let data;
    try {
      data = readSignedData(der);
    } catch (e) {
      if (e instanceof DerError) throw new EnvelopeError(`broken envelope${layer > 1 ? ` (layer ${layer})` : ""}: ${e.message}`);
      throw e;
    }
    if (!data.content) throw new EnvelopeError("a detached signature: the signed document is not inside it");
    if (!data.signers.length) throw new EnvelopeError("an envelope with no signer");
    for (const s of data.signers) {
      let check: Check;
      try {
        check = checkSigner(s, data.content);
      } catch (e) {
        if (!(e instanceof SignatureError)) throw e;
        const who = s.certificate?.subject.commonName;
        throw new EnvelopeError(`signature${who ? ` of ${who}` : ""}${layer > 1 ? ` (layer ${layer})` : ""}: ${e.message}`);
      }
      const time = s.signingTime ?? s.timeStamp;
      signatures.push({
        layer,
        signer: s.certificate?.subject.commonName ?? null,
        organization: s.certificate?.subject.organization ?? null,
        signing_time: time,
        time_source: s.signingTime ? "signing-time" : s.timeStamp ? "timestamp" : null,
        check,
      });
    }
    current = data.content;
    if (!isSignedEnvelope(current)) return { content: current, signatures };
  }
  throw new EnvelopeError(`more than ${MAX_LAYERS} envelopes nested`);
}
