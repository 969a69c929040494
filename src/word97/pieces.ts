/**
 * The piece table ([MS-DOC] 2.8.35 Clx, 2.9.177 Pcd): the document's text is a list of
 * pieces, each a run of character positions (CPs) stored at a file offset (FC) of the
 * WordDocument stream, either "compressed" (one byte a character, Windows-1252) or as
 * UTF-16LE (8-bit pieces decode as Windows-1252, document/cp1252.ts). Paragraph and character properties are found by FC, so the text keeps, for
 * each character, where it was stored.
 */
import { decodeCp1252 } from "../document/cp1252.js";
import { ParseError } from "../model/errors.js";
import { FC, tablePart, type WordFile } from "./file.js";

export interface Piece {
  cpStart: number;
  cpEnd: number;
  /** Byte offset of the piece's first character in the WordDocument stream. */
  fc: number;
  compressed: boolean;
  /** The piece's own property modifiers (a Prc's grpprl), where its Prm names one. */
  grpprl: Buffer | null;
}

export interface Text {
  /** The main document's characters, CP 0 .. ccpText. */
  chars: string;
  /** The FC of each character of `chars`. */
  fcs: Int32Array;
  /** The piece each character came from. */
  piece: Uint32Array;
  pieces: Piece[];
}

const fail = (why: string) => new ParseError(`legacy Word document (.doc): ${why}`, "doc");

/** The Clx: its Prc grpprls (property modifiers pieces may point to), then its piece table. */
export function readPieces(f: WordFile): Piece[] {
  const clx = tablePart(f, FC.Clx);
  if (!clx) throw fail("it has no piece table (Clx)");
  const prcs: Buffer[] = [];
  let i = 0;
  while (i < clx.length && clx[i] === 0x01) {
    const cb = clx.readInt16LE(i + 1);
    prcs.push(clx.subarray(i + 3, i + 3 + Math.max(0, cb)));
    i += 3 + Math.max(0, cb);
  }
  if (clx[i] !== 0x02 || i + 5 > clx.length) throw fail("its piece table (Clx) is malformed");
  const lcb = clx.readUInt32LE(i + 1);
  const plc = clx.subarray(i + 5, i + 5 + lcb);
  const n = Math.floor((plc.length - 4) / 12);
  if (n < 1) throw fail("its piece table is empty");
  const pieces: Piece[] = [];
  for (let k = 0; k < n; k++) {
    const pcd = 4 * (n + 1) + k * 8;
    const raw = plc.readUInt32LE(pcd + 2);
    const compressed = (raw & 0x40000000) !== 0;
    const prm = plc.readUInt16LE(pcd + 6);
    pieces.push({
      cpStart: plc.readUInt32LE(k * 4),
      cpEnd: plc.readUInt32LE(k * 4 + 4),
      fc: compressed ? (raw & 0x3fffffff) / 2 : raw & 0x3fffffff,
      compressed,
      grpprl: prm & 1 ? (prcs[prm >> 1] ?? null) : null,
    });
  }
  return pieces;
}

const utf16 = new TextDecoder("utf-16le");

/** The main document's text, from CP 0 to the FIB's ccpText, with each character's FC. */
export function readText(f: WordFile, pieces: Piece[]): Text {
  const end = Math.max(0, f.fib.ccpText);
  const parts: string[] = [];
  const fcs: number[] = [];
  const from: number[] = [];
  pieces.forEach((p, k) => {
    const a = Math.max(0, p.cpStart);
    const b = Math.min(end, p.cpEnd);
    if (b <= a) return;
    const width = p.compressed ? 1 : 2;
    const start = p.fc + (a - p.cpStart) * width;
    const bytes = f.word.subarray(start, start + (b - a) * width);
    if (bytes.length < (b - a) * width) throw fail("its text runs past the end of the WordDocument stream");
    const s = p.compressed ? decodeCp1252(bytes) : utf16.decode(bytes);
    parts.push(s);
    for (let c = 0; c < b - a; c++) {
      fcs.push(start + c * width);
      from.push(k);
    }
  });
  const chars = parts.join("");
  if (chars.length !== fcs.length) throw fail("its text could not be decoded");
  return { chars, fcs: Int32Array.from(fcs), piece: Uint32Array.from(from), pieces };
}
