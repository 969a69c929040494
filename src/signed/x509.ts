/**
 * What an envelope needs of an X.509 certificate (RFC 5280): its issuer and serial number
 * and its subject key identifier (to find the signer's certificate), its subject's common
 * name (CN) and organisation (O), and its public key (SubjectPublicKeyInfo) for node:crypto.
 */
import { bytesOf, children, DerError, encodingOf, isContext, isUniversal, type Node, oidOf, stringOf, TAG } from "./der.js";

export interface Certificate {
  /** The whole certificate as encoded (what a signing-certificate attribute hashes). */
  der: Buffer;
  /** The issuer's Name, as encoded (compared byte for byte). */
  issuer: Buffer;
  serial: Buffer;
  subject: { commonName: string | null; organization: string | null };
  /** SubjectPublicKeyInfo, DER. */
  publicKey: Buffer;
  subjectKeyId: Buffer | null;
}

const OID = { CN: "2.5.4.3", O: "2.5.4.10", SKI: "2.5.29.14" } as const;

/** A Name's attribute values of one type, in order. */
function nameValues(name: Node, type: string): string[] {
  const out: string[] = [];
  for (const rdn of children(name)) {
    for (const atv of children(rdn)) {
      const [t, v] = children(atv);
      if (t && v && oidOf(t) === type) out.push(stringOf(v));
    }
  }
  return out;
}

function subjectKeyId(extensions: Node | undefined): Buffer | null {
  if (!extensions) return null;
  for (const ext of children(children(extensions)[0] ?? extensions)) {
    const parts = children(ext);
    if (parts[0] && oidOf(parts[0]) === OID.SKI) {
      const value = parts[parts.length - 1];
      // extnValue wraps the KeyIdentifier (an OCTET STRING) in an OCTET STRING
      const inner = bytesOf(value);
      return inner[0] === TAG.OCTET_STRING && inner.length >= 2 ? inner.subarray(2) : inner;
    }
  }
  return null;
}

export function readCertificate(cert: Node): Certificate {
  const [tbs] = children(cert);
  if (!tbs || !isUniversal(tbs, TAG.SEQUENCE)) throw new DerError("a certificate without its body");
  const f = children(tbs);
  const k = f[0] && isContext(f[0], 0) ? 1 : 0;
  const [serial, , issuer, , subject, spki] = f.slice(k);
  if (!serial || !issuer || !subject || !spki) throw new DerError("a certificate with fields missing");
  const join = (v: string[]) => (v.length ? v.join(", ") : null);
  return {
    der: encodingOf(cert),
    issuer: encodingOf(issuer),
    serial: bytesOf(serial),
    subject: { commonName: join(nameValues(subject, OID.CN)), organization: join(nameValues(subject, OID.O)) },
    publicKey: encodingOf(spki),
    subjectKeyId: subjectKeyId(f.slice(k + 6).find((n) => isContext(n, 3))),
  };
}
