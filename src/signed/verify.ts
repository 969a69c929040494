/**
 * Checking a signer of an envelope with node:crypto, offline: the signed content's digest
 * against the signed messageDigest attribute, then the signature over the signed
 * attributes (or, without them, over the content) with the public key of the signer's
 * certificate held in the envelope, and that certificate against the hash of it the
 * signed attributes name (CAdES signing-certificate). Nothing else: the certificate is not checked against
 * a trust list, a revocation list or its validity period (no network, no chain).
 */
import { createHash, createPublicKey, constants, verify, type KeyObject } from "node:crypto";
import type { SignerInfo } from "./cms.js";
import { bytesOf, children, isContext, type Node, oidOf } from "./der.js";

/** How far a signer could be checked: the signature verified, the digest alone matched, or nothing (no means to check). */
export type Check = "signature" | "digest" | "none";

export class SignatureError extends Error {}

const DIGESTS: Record<string, string> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
  "2.16.840.1.101.3.4.2.4": "sha224",
};

/** Signature algorithms naming their own digest; RSA, ECDSA and EdDSA keys by themselves take the signer's digest algorithm. */
const SIGNATURES: Record<string, string | null> = {
  "1.2.840.113549.1.1.1": null,
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.113549.1.1.14": "sha224",
  "1.2.840.10045.2.1": null,
  "1.2.840.10045.4.1": "sha1",
  "1.2.840.10045.4.3.1": "sha224",
  "1.2.840.10045.4.3.2": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
};
const RSA_PSS = "1.2.840.113549.1.1.10";
const ED25519 = "1.3.101.112";

/** RSASSA-PSS parameters: their hash ([0], SHA-1 by default) and salt length ([2], 20 by default). */
function pssParams(params: Node | null): { hash: string; saltLength: number } {
  let hash = "sha1";
  let saltLength = 20;
  for (const p of params ? children(params) : []) {
    if (isContext(p, 0)) hash = DIGESTS[oidOf(children(children(p)[0])[0])] ?? hash;
    else if (isContext(p, 2) && children(p)[0]) {
      const v = bytesOf(children(p)[0]);
      if (v.length >= 1 && v.length <= 4) saltLength = v.readUIntBE(0, v.length);
    }
  }
  return { hash, saltLength };
}

/** Whether the signature verifies; null where the algorithm is not one this checks. */
function verifies(s: SignerInfo, key: KeyObject, data: Buffer): boolean | null {
  const { oid, params } = s.signatureAlgorithm;
  try {
    if (oid === ED25519) return verify(null, data, key, s.signature);
    if (oid === RSA_PSS) {
      const { hash, saltLength } = pssParams(params);
      return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, s.signature);
    }
    if (!(oid in SIGNATURES)) return null;
    const hash = SIGNATURES[oid] ?? DIGESTS[s.digestAlgorithm];
    return hash ? verify(hash, data, key, s.signature) : null;
  } catch {
    // a key or parameters node:crypto cannot use (an unsupported curve or hash): not checked
    return null;
  }
}

/** Check one signer over the content; a content or signature that does not match is an error. */
export function checkSigner(s: SignerInfo, content: Buffer): Check {
  const hash = DIGESTS[s.digestAlgorithm];
  let check: Check = "none";
  if (s.signedAttributes) {
    if (!s.messageDigest) throw new SignatureError("its signed attributes have no message digest");
    if (!hash) return "none";
    if (!createHash(hash).update(content).digest().equals(s.messageDigest)) {
      throw new SignatureError("the content's digest does not match the one signed: the content was changed after it was signed");
    }
    check = "digest";
  }
  if (!s.certificate) return check;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: s.certificate.publicKey, format: "der", type: "spki" });
  } catch {
    return check;
  }
  const ok = verifies(s, key, s.signedAttributes ?? content);
  if (ok === false) throw new SignatureError(s.signedAttributes ? "the signature over the signed attributes does not verify with the signer's certificate" : "the signature over the content does not verify with the signer's certificate");
  // CAdES signs a hash of the signer's certificate: the one in the envelope must be that one
  const named = s.certificateHash;
  const certHash = named && DIGESTS[named.algorithm];
  if (named && certHash && !createHash(certHash).update(s.certificate.der).digest().equals(named.hash)) {
    throw new SignatureError("the signer's certificate in the envelope is not the one the signature names (its signing-certificate attribute)");
  }
  return ok ? "signature" : check;
}
