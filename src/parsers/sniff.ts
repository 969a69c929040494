/** Content sniffing shared by the parsers' `accepts()`: magic numbers and cheap structure checks. */
import { decodeCp1252 } from "../document/cp1252.js";

export const isZip = (b: Buffer): boolean => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** OLE2 compound file (Excel 97-2003 .xls). */
export const isOle2 = (b: Buffer): boolean =>
  b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));

export const isPdf = (b: Buffer): boolean => b.subarray(0, 1024).includes("%PDF-");

/** True when the zip's directory names an entry (e.g. "xl/workbook.xml"). */
export function zipHasEntry(b: Buffer, name: string): boolean {
  return isZip(b) && b.includes(Buffer.from(name, "latin1"));
}

/** An OpenDocument spreadsheet declares its mimetype as the zip's first, stored entry. */
export const isOds = (b: Buffer): boolean =>
  isZip(b) && b.subarray(0, 120).includes("application/vnd.oasis.opendocument.spreadsheet");

/** Text: no NUL bytes and few control characters in the first 8 KiB. */
export function looksLikeText(b: Buffer): boolean {
  if (b.length === 0) return false;
  const head = b.subarray(0, 8192);
  let control = 0;
  for (const c of head) {
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return control <= head.length / 100;
}

/** Decode text bytes: UTF-8 where valid (BOM dropped), Windows-1252 otherwise. */
export function decodeText(b: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(b);
  } catch {
    return decodeCp1252(b);
  }
}

/** A web page: text that opens (after a BOM, blanks and comments) with a document-level tag. */
export function looksLikeHtml(b: Buffer): boolean {
  if (!looksLikeText(b) && !(b[0] === 0xff && b[1] === 0xfe) && !(b[0] === 0xfe && b[1] === 0xff)) return false;
  const head = decodeText(b.subarray(0, 2048)).replace(/^\ufeff/, "");
  return /^\s*(?:<!--[\s\S]*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b/i.test(head);
}

/**
 * A web page's encoding: its byte-order mark, else the charset its first 4 KiB declare
 * (`<meta charset>`, `<meta http-equiv="Content-Type" content="...; charset=...">`,
 * `<?xml encoding>`), else UTF-8 where the bytes are valid UTF-8 and Windows-1252
 * otherwise. Labels are WHATWG's: "iso-8859-1" and "latin1" decode as Windows-1252.
 */
export function decodeHtml(b: Buffer): string {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder("utf-8").decode(b.subarray(3));
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder("utf-16le").decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder("utf-16be").decode(b.subarray(2));
  const head = b.subarray(0, 4096).toString("latin1");
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  if (m) {
    try {
      const decoder = new TextDecoder(m[1].toLowerCase());
      // a page that declares UTF-8 but is not valid UTF-8 was saved in the old code page
      if (decoder.encoding === "windows-1252") return decodeCp1252(b); // node's own maps 0x80-0x9F to controls
      if (decoder.encoding !== "utf-8") return decoder.decode(b);
    } catch {
      // an unknown label: fall back to the bytes' own evidence
    }
  }
  return decodeText(b);
}

/**
 * What a zip container holds, from its entry names (local headers come first, so a
 * truncated file still tells) and an OpenDocument file's leading mimetype entry.
 */
export function zipKind(b: Buffer): "xlsx" | "docx" | "ods" | "odt" | "odf" | "zip" | null {
  if (!isZip(b)) return null;
  const head = b.subarray(0, 200).toString("latin1");
  if (head.includes("application/vnd.oasis.opendocument.spreadsheet")) return "ods";
  if (head.includes("application/vnd.oasis.opendocument.text")) return "odt";
  if (head.includes("application/vnd.oasis.opendocument.")) return "odf";
  if (zipHasEntry(b, "word/document.xml")) return "docx";
  if (zipHasEntry(b, "xl/")) return "xlsx";
  return "zip";
}

/** An OLE2 compound file holding a Word 97-2003 document: its directory names the "WordDocument" stream (UTF-16LE). */
export const isWordDocument = (b: Buffer): boolean => isOle2(b) && b.includes(Buffer.from("WordDocument", "utf16le"));

/** The DER encoding of the CMS SignedData OID (1.2.840.113549.1.7.2), which follows a signed envelope's outer header. */
const SIGNED_DATA = Buffer.from("06092a864886f70d010702", "hex");

/** A signed envelope (.p7m: CMS SignedData), DER or base64 (PEM-armoured or not), from its first bytes. */
export function isSignedEnvelope(b: Buffer): boolean {
  let head: Buffer | null = b.subarray(0, 32);
  if (b[0] !== 0x30) {
    const text = b.subarray(0, 128).toString("latin1").replace(/-----BEGIN [A-Z0-9 ]+-----/, "").replace(/\s+/g, "");
    head = /^MI[A-Za-z0-9+/]{62}/.test(text) ? Buffer.from(text.slice(0, 64), "base64") : null;
  }
  return !!head && head.subarray(0, 32).includes(SIGNED_DATA);
}
