/** Content sniffing shared by the parsers' `accepts()`: magic numbers and cheap structure checks. */

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
    return new TextDecoder("windows-1252").decode(b);
  }
}
