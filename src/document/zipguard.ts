/**
 * A defence against zip bombs before a workbook library inflates an archive: read the
 * central directory's declared sizes and refuse archives that would expand past a limit or
 * by an absurd ratio; then inflate each entry natively, at most to its declared size, and
 * refuse one that holds more than it declares (the libraries trust the headers and would
 * inflate a lying entry to its end: gigabytes, slowly, in the worker's heap).
 */
import { inflateRawSync } from "node:zlib";
import { ParseError } from "../model/errors.js";

export const MAX_UNCOMPRESSED = 200 * 1024 * 1024;
export const MAX_RATIO = 200;

export function guardZip(b: Buffer, limit = MAX_UNCOMPRESSED): void {
  // End of central directory: signature 0x06054b50 in the last 64 KiB.
  const from = Math.max(0, b.length - 65557);
  let eocd = -1;
  for (let i = b.length - 22; i >= from; i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ParseError("truncated or corrupt zip archive: no end of central directory");
  const entries = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  let total = 0;
  const deflated: { at: number; compressed: number; size: number }[] = [];
  for (let n = 0; n < entries; n++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) throw new ParseError("truncated or corrupt zip archive: bad central directory");
    const compressed = b.readUInt32LE(p + 20);
    const size = b.readUInt32LE(p + 24);
    total += size;
    if (size > 1024 * 1024 && compressed > 0 && size / compressed > MAX_RATIO)
      throw new ParseError(`refused: zip entry expands ${Math.round(size / compressed)}x (a zip bomb?)`);
    if (b.readUInt16LE(p + 10) === DEFLATE) deflated.push({ at: b.readUInt32LE(p + 42), compressed, size });
    p += 46 + b.readUInt16LE(p + 28) + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }
  if (total > limit) throw new ParseError(`refused: archive expands to ${Math.round(total / 1048576)} MiB, over the ${Math.round(limit / 1048576)} MiB limit`);
  for (const e of deflated) checkInflatedSize(b, e);
}

const DEFLATE = 8;

/** Inflate one entry's data at most to its declared size: a ParseError when it holds more. */
function checkInflatedSize(b: Buffer, e: { at: number; compressed: number; size: number }): void {
  if (e.at + 30 > b.length || b.readUInt32LE(e.at) !== 0x04034b50) return; // the library says what is wrong
  const start = e.at + 30 + b.readUInt16LE(e.at + 26) + b.readUInt16LE(e.at + 28);
  try {
    inflateRawSync(b.subarray(start, start + e.compressed), { maxOutputLength: Math.max(1, e.size) });
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new ParseError(`refused: a zip entry holds more than the ${e.size} bytes it declares (a zip bomb?)`);
    }
    // damaged data: the library reading the archive says so in its own words
  }
}
