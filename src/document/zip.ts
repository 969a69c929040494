/**
 * Reading the parts of a zip container (Word, OpenDocument) with JSZip, which the project
 * already carries through exceljs: declared sizes are checked first (zipguard.ts), and
 * a part larger than a charter's can be is refused before it is inflated.
 */
import type JSZip from "jszip";
import { ParseError } from "../model/errors.js";
import { guardZip } from "./zipguard.js";

/** A charter's document part is well under this. */
const MAX_PART = 64 * 1024 * 1024;

export async function openZip(bytes: Buffer, parser: string): Promise<JSZip> {
  try {
    guardZip(bytes);
  } catch (e) {
    throw new ParseError((e as Error).message, parser);
  }
  // loaded on the first container: a batch of PDFs has no use for it
  const { default: Zip } = await import("jszip");
  try {
    return await Zip.loadAsync(bytes, { checkCRC32: false });
  } catch (e) {
    throw new ParseError(`corrupt or truncated zip archive (${(e as Error).message})`, parser);
  }
}

/** A part's text, or null where the archive has no such part. */
export async function readPart(zip: JSZip, name: string, parser: string): Promise<string | null> {
  const entry = zip.file(name);
  if (!entry) return null;
  const size = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  if (size > MAX_PART) throw new ParseError(`refused: ${name} expands to ${Math.round(size / 1048576)} MiB`, parser);
  try {
    return await entry.async("string");
  } catch (e) {
    throw new ParseError(`corrupt or truncated zip archive: ${name} unreadable (${(e as Error).message})`, parser);
  }
}
