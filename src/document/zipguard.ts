/**
 * A cheap defence against zip bombs before a workbook library inflates an archive:
 * read the central directory's declared sizes and refuse archives that would expand
 * past a limit or by an absurd ratio.
 */
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
  for (let n = 0; n < entries; n++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) throw new ParseError("truncated or corrupt zip archive: bad central directory");
    const compressed = b.readUInt32LE(p + 20);
    const size = b.readUInt32LE(p + 24);
    total += size;
    if (size > 1024 * 1024 && compressed > 0 && size / compressed > MAX_RATIO)
      throw new ParseError(`refused: zip entry expands ${Math.round(size / compressed)}x (a zip bomb?)`);
    p += 46 + b.readUInt16LE(p + 28) + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }
  if (total > limit) throw new ParseError(`refused: archive expands to ${Math.round(total / 1048576)} MiB, over the ${Math.round(limit / 1048576)} MiB limit`);
}
