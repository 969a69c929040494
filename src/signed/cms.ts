/**
 * A CMS SignedData envelope (RFC 5652; CAdES, ETSI EN 319 122, is SignedData with more
 * signed attributes): the content it carries (eContent), the certificates it holds and
 * each signer's digest algorithm, signed attributes (content digest, signing time), its
 * signature and, for CAdES-T, the time of its signature time-stamp.
 */
import { bytesOf, children, DerError, encodingOf, isContext, isUniversal, type Node, oidOf, readNode, TAG, timeOf } from "./der.js";
import { type Certificate, readCertificate } from "./x509.js";

export const OID = {
  signedData: "1.2.840.113549.1.7.2",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  timeStampToken: "1.2.840.113549.1.9.16.2.14",
  signingCertificate: "1.2.840.113549.1.9.16.2.12",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
} as const;

const SHA1 = "1.3.14.3.2.26";
const SHA256 = "2.16.840.1.101.3.4.2.1";

export interface SignerInfo {
  /** The signer's certificate, where the envelope holds it. */
  certificate: Certificate | null;
  digestAlgorithm: string;
  signatureAlgorithm: { oid: string; params: Node | null };
  /** The signed attributes as they are signed (re-tagged as a SET), or null where there are none. */
  signedAttributes: Buffer | null;
  messageDigest: Buffer | null;
  signingTime: string | null;
  /** The hash of the signer's certificate that a signed signing-certificate attribute (CAdES) names. */
  certificateHash: { algorithm: string; hash: Buffer } | null;
  /** The generation time of a signature time-stamp (CAdES-T), not verified. */
  timeStamp: string | null;
  signature: Buffer;
}

export interface SignedData {
  /** The signed content; null for a detached signature. */
  content: Buffer | null;
  signers: SignerInfo[];
}

/** Attributes (a SET of SEQUENCE { type, SET of values }) by type: each type's first value. */
function attributes(set: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const attr of children(set)) {
    const [type, values] = children(attr);
    const first = values && children(values)[0];
    if (type && first) out.set(oidOf(type), first);
  }
  return out;
}

/** The ContentInfo's content type and its [0] EXPLICIT content. */
function contentInfo(n: Node): { type: string; content: Node | null } {
  const [type, content] = children(n);
  if (!type) throw new DerError("an empty ContentInfo");
  return { type: oidOf(type), content: content && isContext(content, 0) ? (children(content)[0] ?? null) : null };
}

/** A time-stamp token's genTime (its TSTInfo's fifth field). */
function timeStampTime(token: Node): string | null {
  const { content } = contentInfo(token);
  if (!content) return null;
  const encap = children(content).find((c) => isUniversal(c, TAG.SEQUENCE) && children(c).some((x) => isContext(x, 0)));
  const eContent = encap && children(encap).find((x) => isContext(x, 0));
  if (!eContent) return null;
  const tst = readNode(bytesOf(children(eContent)[0]));
  const genTime = children(tst)[4];
  return genTime ? timeOf(genTime) : null;
}

/** The first certificate hash of an ESS signing-certificate attribute (v2: SHA-256 unless it names another; v1: SHA-1). */
function certificateHash(attrs: Map<string, Node>): { algorithm: string; hash: Buffer } | null {
  const v2 = attrs.get(OID.signingCertificateV2);
  const v1 = attrs.get(OID.signingCertificate);
  const first = v2 ?? v1;
  const certs = first && children(first)[0];
  const id = certs && children(certs)[0];
  if (!id) return null;
  const [a, b] = children(id);
  if (v2 && a && isUniversal(a, TAG.SEQUENCE) && b) return { algorithm: oidOf(children(a)[0]), hash: bytesOf(b) };
  return a && isUniversal(a, TAG.OCTET_STRING) ? { algorithm: v2 ? SHA256 : SHA1, hash: bytesOf(a) } : null;
}

function findCertificate(sid: Node, certs: Certificate[]): Certificate | null {
  if (isContext(sid, 0)) {
    const ski = bytesOf(sid);
    return certs.find((c) => c.subjectKeyId?.equals(ski)) ?? null;
  }
  const [issuer, serial] = children(sid);
  const found = certs.find((c) => issuer && serial && c.issuer.equals(encodingOf(issuer)) && c.serial.equals(bytesOf(serial)));
  return found ?? (certs.length === 1 ? certs[0] : null);
}

function signerInfo(n: Node, certs: Certificate[]): SignerInfo {
  const f = children(n);
  const [, sid, digestAlg] = f;
  let k = 3;
  const signed = f[k] && isContext(f[k], 0) ? f[k++] : null;
  const [sigAlg, signature] = [f[k], f[k + 1]];
  const unsigned = f[k + 2] && isContext(f[k + 2], 1) ? f[k + 2] : null;
  if (!sid || !digestAlg || !sigAlg || !signature) throw new DerError("a SignerInfo with fields missing");
  const attrs = signed ? attributes(signed) : new Map<string, Node>();
  const stamp = unsigned ? attributes(unsigned).get(OID.timeStampToken) : undefined;
  const sigAlgParts = children(sigAlg);
  let signedAttributes: Buffer | null = null;
  if (signed) {
    signedAttributes = Buffer.from(encodingOf(signed));
    signedAttributes[0] = 0x31; // signed as a SET OF, not as the [0] IMPLICIT it is stored under
  }
  const md = attrs.get(OID.messageDigest);
  const st = attrs.get(OID.signingTime);
  return {
    certificate: findCertificate(sid, certs),
    digestAlgorithm: oidOf(children(digestAlg)[0]),
    signatureAlgorithm: { oid: oidOf(sigAlgParts[0]), params: sigAlgParts[1] ?? null },
    signedAttributes,
    messageDigest: md ? bytesOf(md) : null,
    signingTime: st ? timeOf(st) : null,
    certificateHash: certificateHash(attrs),
    timeStamp: stamp ? timeStampTime(stamp) : null,
    signature: bytesOf(signature),
  };
}

/** The SignedData of a DER/BER ContentInfo. */
export function readSignedData(der: Buffer): SignedData {
  const root = readNode(der);
  const { type, content } = contentInfo(root);
  if (type !== OID.signedData || !content) throw new DerError(`not a signed envelope (content type ${type})`);
  const f = children(content);
  const encap = f[2];
  if (!encap || !isUniversal(encap, TAG.SEQUENCE)) throw new DerError("a SignedData without its content info");
  const eContent = children(encap)[1];
  const certSet = f.find((c, i) => i > 2 && isContext(c, 0));
  const certs = certSet ? children(certSet).filter((c) => isUniversal(c, TAG.SEQUENCE)).map(readCertificate) : [];
  const infos = f[f.length - 1];
  if (!infos || !isUniversal(infos, TAG.SET)) throw new DerError("a SignedData without signer infos");
  return {
    content: eContent && isContext(eContent, 0) ? bytesOf(children(eContent)[0]) : null,
    signers: children(infos).map((s) => signerInfo(s, certs)),
  };
}
