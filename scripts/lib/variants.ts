/**
 * Unique copies of charter files that stay valid in their format, for synthetic
 * archives (the benchmark, the kill/reader/fuzz tests): the importer skips
 * same-content duplicates, so every copy must differ in bytes its format ignores.
 */
import { extname } from "node:path";

export type Kind = "pdf" | "zip" | "xls" | "text";

/** The variant strategy a file takes, from its extension; null for other files. */
export function kindOf(path: string): Kind | null {
  switch (extname(path).toLowerCase()) {
    case ".pdf":
      return "pdf";
    case ".xlsx":
    case ".ods":
      return "zip";
    case ".xls":
      return "xls";
    case ".txt":
    case ".tsv":
    case ".csv":
      return "text";
    default:
      return null;
  }
}

/** The zip's end-of-central-directory record: signature 0x06054b50 in the last 64 KiB. */
function eocdOffset(b: Buffer): number {
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65557); i--) if (b.readUInt32LE(i) === 0x06054b50) return i;
  throw new Error("no end of central directory");
}

/** The file made unique by variant number n, still a valid file of its format. */
export function vary(bytes: Buffer, kind: Kind, n: number): Buffer {
  const tag = `charters variant ${n}`;
  switch (kind) {
    case "pdf": {
      // A comment after %%EOF: readers ignore it.
      const nl = bytes[bytes.length - 1] === 0x0a ? "" : "\n";
      return Buffer.concat([bytes, Buffer.from(`${nl}%variant ${n}\n`, "latin1")]);
    }
    case "zip": {
      // The archive comment of the end-of-central-directory record.
      const e = eocdOffset(bytes);
      const comment = Buffer.from(tag, "latin1");
      const head = Buffer.from(bytes.subarray(0, e + 22)); // drop any comment the file had
      head.writeUInt16LE(comment.length, e + 20);
      return Buffer.concat([head, comment]);
    }
    case "xls": {
      // One whole sector of padding after the compound file; readers go by the FAT, not the size.
      const pad = Buffer.alloc(512);
      pad.write(tag, "latin1");
      return Buffer.concat([bytes, pad]);
    }
    case "text": {
      // Whitespace-only lines: each decimal digit d of n as a line of d + 1 spaces.
      const eol = bytes.includes("\r\n") ? "\r\n" : "\n";
      const lead = bytes[bytes.length - 1] === 0x0a ? "" : eol;
      const lines = [...String(n)].map((d) => " ".repeat(Number(d) + 1));
      return Buffer.concat([bytes, Buffer.from(lead + eol + lines.join(eol) + eol, "utf8")]);
    }
  }
}
