/**
 * File paths as the file system has them. Linux allows any bytes in a name but ISO-8859-1 or
 * Windows-1252 names from old archives are not UTF-8: a JavaScript string cannot hold them, and
 * decoding them would turn every such byte into U+FFFD (two names, one path, neither opens).
 * A SourcePath keeps the exact bytes where the path is not UTF-8, for every `fs` call and for
 * the database (`documents.source_path_bytes`), and shows them as text with each byte that is
 * not UTF-8 written `\xHH` (`source_path`, reports).
 */
import { isUtf8 } from "node:buffer";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

export interface SourcePath {
  /** The path as text: itself where it is UTF-8, else with every invalid byte as `\xHH`. */
  text: string;
  /** The exact bytes, only where they are not UTF-8; null otherwise. */
  bytes: Buffer | null;
}

/** The path to hand to `fs` (a Buffer where the name is not UTF-8). */
export const fsPath = (p: SourcePath): string | Buffer => p.bytes ?? p.text;

/** A key that tells every two different paths apart (Map keys). */
export const keyOf = (p: SourcePath): string => (p.bytes ? `\0${p.bytes.toString("hex")}` : p.text);

export const fromText = (text: string): SourcePath => ({ text, bytes: null });

/** UTF-8 where it is, `\xHH` for each byte that is not. */
export function displayBytes(b: Buffer): string {
  let out = "";
  let i = 0;
  while (i < b.length) {
    const lead = b[i];
    const len = lead < 0x80 ? 1 : lead >> 5 === 6 ? 2 : lead >> 4 === 14 ? 3 : lead >> 3 === 30 ? 4 : 0;
    const seq = len > 0 && i + len <= b.length ? b.subarray(i, i + len) : null;
    if (seq && isUtf8(seq)) {
      out += seq.toString("utf8");
      i += len;
    } else {
      out += `\\x${lead.toString(16).padStart(2, "0")}`;
      i++;
    }
  }
  return out;
}

export function fromBytes(b: Buffer): SourcePath {
  return isUtf8(b) ? { text: b.toString("utf8"), bytes: null } : { text: displayBytes(b), bytes: Buffer.from(b) };
}

/** The path's bytes (UTF-8 of the text where no bytes are kept). */
export const bytesOf = (p: SourcePath): Buffer => p.bytes ?? Buffer.from(p.text, "utf8");

/**
 * `mkdir -p`, one folder at a time: Node's recursive mkdir loops for ever where the kernel
 * answers ENOENT for a folder whose parent exists (`/proc/x`); here that error is returned.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}
