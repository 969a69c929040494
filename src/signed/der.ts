/**
 * A small reader of ASN.1 BER/DER (X.690), enough for CMS envelopes and certificates:
 * tag-length-value nodes with definite and indefinite lengths (signing tools write
 * constructed, indefinite-length OCTET STRINGs for large contents), object identifiers,
 * integers, strings and times. Every read is bounded by its parent; a node that runs past
 * its bounds or nests too deep is an error, not a crash.
 */

export class DerError extends Error {}

export interface Node {
  buf: Buffer;
  /** Class (0 universal, 1 application, 2 context-specific, 3 private). */
  cls: number;
  constructed: boolean;
  /** Tag number within its class. */
  tag: number;
  /** Where the node's header starts, its content starts and ends, and the node ends (past an end-of-contents marker). */
  start: number;
  contentStart: number;
  contentEnd: number;
  end: number;
  depth: number;
}

const MAX_DEPTH = 64;

export function readNode(buf: Buffer, at = 0, limit = buf.length, depth = 0): Node {
  if (depth > MAX_DEPTH) throw new DerError("nested too deep");
  if (at + 2 > limit) throw new DerError(`truncated at byte ${at}`);
  const first = buf[at];
  let i = at + 1;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    do {
      if (i >= limit) throw new DerError(`truncated tag at byte ${at}`);
      tag = tag * 128 + (buf[i] & 0x7f);
    } while (buf[i++] & 0x80 && tag < 2 ** 28);
  }
  if (i >= limit) throw new DerError(`truncated at byte ${at}`);
  const lenByte = buf[i++];
  const base = { buf, cls: first >> 6, constructed: (first & 0x20) !== 0, tag, start: at, depth };
  if (lenByte === 0x80) {
    if (!base.constructed) throw new DerError(`indefinite length on a primitive value at byte ${at}`);
    // indefinite length: children up to an end-of-contents marker (00 00)
    let j = i;
    while (!(buf[j] === 0 && buf[j + 1] === 0)) {
      if (j + 2 > limit) throw new DerError(`unterminated indefinite length at byte ${at}`);
      j = readNode(buf, j, limit, depth + 1).end;
    }
    return { ...base, contentStart: i, contentEnd: j, end: j + 2 };
  }
  let len = lenByte;
  if (lenByte & 0x80) {
    const n = lenByte & 0x7f;
    if (n > 4 || i + n > limit) throw new DerError(`bad length at byte ${at}`);
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + buf[i++];
  }
  if (i + len > limit) throw new DerError(`a value at byte ${at} runs past its end (${len} bytes declared, ${limit - i} left)`);
  return { ...base, contentStart: i, contentEnd: i + len, end: i + len };
}

/** A constructed node's children, in order. */
export function children(n: Node): Node[] {
  if (!n.constructed) throw new DerError(`a primitive value at byte ${n.start} where a structure was expected`);
  const out: Node[] = [];
  let at = n.contentStart;
  while (at < n.contentEnd) {
    const c = readNode(n.buf, at, n.contentEnd, n.depth + 1);
    out.push(c);
    at = c.end;
  }
  return out;
}

/** A primitive value's bytes; a constructed string's (BER) chunks joined. */
export function bytesOf(n: Node): Buffer {
  if (!n.constructed) return n.buf.subarray(n.contentStart, n.contentEnd);
  return Buffer.concat(children(n).map(bytesOf));
}

/** The node's whole encoding, header included. */
export const encodingOf = (n: Node): Buffer => n.buf.subarray(n.start, n.end);

export const isUniversal = (n: Node, tag: number) => n.cls === 0 && n.tag === tag;
export const isContext = (n: Node, tag: number) => n.cls === 2 && n.tag === tag;

export const TAG = { INTEGER: 2, OCTET_STRING: 4, OID: 6, UTF8: 12, SEQUENCE: 16, SET: 17, PRINTABLE: 19, T61: 20, IA5: 22, UTC_TIME: 23, GENERALIZED_TIME: 24, UNIVERSAL_STRING: 28, BMP: 30 } as const;

export function oidOf(n: Node): string {
  if (!isUniversal(n, TAG.OID)) throw new DerError(`an object identifier expected at byte ${n.start}`);
  const b = bytesOf(n);
  if (!b.length) throw new DerError(`an empty object identifier at byte ${n.start}`);
  const parts: number[] = [];
  let v = 0;
  for (const byte of b) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (!parts.length) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

/** A string value of a certificate's name (Printable, UTF8, IA5, Teletex, BMP, Universal). */
export function stringOf(n: Node): string {
  const b = bytesOf(n);
  if (n.tag === TAG.BMP) return Buffer.from(b).swap16().toString("utf16le");
  if (n.tag === TAG.UNIVERSAL_STRING) return String.fromCodePoint(...Array.from({ length: b.length >> 2 }, (_, k) => b.readUInt32BE(k * 4)));
  if (n.tag === TAG.T61) return b.toString("latin1");
  return b.toString("utf8");
}

/** A UTCTime or GeneralizedTime as an ISO 8601 instant; null where it does not read as one. */
export function timeOf(n: Node): string | null {
  const s = bytesOf(n).toString("latin1");
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})?$/.exec(s);
  if (!m) return null;
  let year = Number(m[1]);
  if (m[1].length === 2) year += year < 50 ? 2000 : 1900;
  const zone = !m[8] || m[8] === "Z" ? "Z" : `${m[8].slice(0, 3)}:${m[8].slice(3)}`;
  const ms = m[7] ? `.${m[7].padEnd(3, "0").slice(0, 3)}` : "";
  const d = new Date(`${year}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}${ms}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
