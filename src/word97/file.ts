/**
 * A Word 97-2003 document's streams and File Information Block ([MS-DOC] 2.5). The OLE2
 * container is read by SheetJS's `cfb`; the streams are taken by their exact path under
 * the root (cfb's own `find` falls back to any stream of that name, an embedded
 * document's included). The FIB is read by its declared counts (csw, cslw, cbRgFcLcb),
 * not by fixed offsets. Files Word 97 cannot open natively (Word 6/95), encrypted and
 * obfuscated ones are refused with their reason.
 */
import { ParseError } from "../model/errors.js";

export interface WordFile {
  /** The WordDocument stream: FIB, text, FKPs. */
  word: Buffer;
  /** The table stream (0Table or 1Table, as the FIB says): piece table, stylesheet, bin tables. */
  table: Buffer;
  /** The Data stream, where paragraph properties too large for their page are kept (sprmPHugePapx); empty where there is none. */
  data: Buffer;
  fib: Fib;
}

export interface Fib {
  nFib: number;
  /** Characters of the main document (then footnotes, headers... which are not read). */
  ccpText: number;
  /** The fc/lcb pair at `index` of fibRgFcLcb (an offset and a length in the table stream). */
  fcLcb(index: number): { fc: number; lcb: number };
}

/** Indexes in fibRgFcLcb97. */
export const FC = { Stshf: 1, PlcfBteChpx: 12, PlcfBtePapx: 13, Clx: 33 } as const;

const WORD97_IDENT = 0xa5ec;
/** wIdent of Word 6.0 and Word 95 files (Windows, and Word 6 for the Macintosh). */
const WORD6_IDENTS = new Set([0xa5dc, 0xa699, 0xa697]);

const fail = (why: string) => new ParseError(`legacy Word document (.doc): ${why}`, "doc");

export function readFib(word: Buffer): Fib & { whichTable: 0 | 1 } {
  const ident = word.length >= 68 ? word.readUInt16LE(0) : 0;
  const nFib = word.length >= 68 ? word.readUInt16LE(2) : 0;
  // Word 6.0 and Word 95 (nFib 101-105) wrote another FIB, one-byte sprms and no table stream
  if (WORD6_IDENTS.has(ident) || (ident === WORD97_IDENT && nFib >= 101 && nFib <= 105)) {
    throw fail(`a Word 6.0/95 document (nFib ${nFib}), older than Word 97, whose format is not read: save it again as .docx (or Word 97-2003)`);
  }
  if (ident !== WORD97_IDENT || nFib < 101) throw fail("the WordDocument stream has no Word file information block (damaged)");
  const flags = word.readUInt16LE(0x0a);
  if (flags & 0x0100) throw fail("it is password-protected (encrypted): remove the password and import it again");
  if (flags & 0x8000) throw fail("it is obfuscated (XOR-protected): remove the protection and import it again");
  const csw = word.readUInt16LE(32);
  const lw = 34 + csw * 2 + 2;
  const cslw = word.readUInt16LE(lw - 2);
  const rg = lw + cslw * 4 + 2;
  if (cslw < 4 || rg > word.length) throw fail("its file information block is truncated");
  const cb = word.readUInt16LE(rg - 2);
  return {
    nFib,
    whichTable: flags & 0x0200 ? 1 : 0,
    ccpText: word.readInt32LE(lw + 12),
    fcLcb(index: number) {
      const at = rg + index * 8;
      if (index >= cb || at + 8 > word.length) return { fc: 0, lcb: 0 };
      return { fc: word.readUInt32LE(at), lcb: word.readUInt32LE(at + 4) };
    },
  };
}

/** The bytes of a structure of the table stream, or null where the FIB gives none or it lies outside the stream. */
export function tablePart(f: WordFile, index: number): Buffer | null {
  const { fc, lcb } = f.fib.fcLcb(index);
  if (lcb === 0 || fc + lcb > f.table.length) return null;
  return f.table.subarray(fc, fc + lcb);
}

export async function openWordFile(bytes: Buffer): Promise<WordFile> {
  // loaded on the first .doc: a batch without one has no use for it
  const { default: CFB } = await import("cfb");
  let container: ReturnType<typeof CFB.parse>;
  try {
    container = CFB.parse(bytes, { type: "buffer" });
  } catch (e) {
    throw fail(`corrupt or truncated OLE2 container (${(e as Error).message})`);
  }
  const root = container.FullPaths[0] ?? "";
  const stream = (name: string): Buffer | null => {
    const k = container.FullPaths.findIndex((p) => p.toLowerCase() === (root + name).toLowerCase());
    const content = k >= 0 ? container.FileIndex[k]?.content : undefined;
    return content && content.length ? Buffer.from(content as Uint8Array) : null;
  };
  const word = stream("WordDocument");
  if (!word) throw fail("the container has no WordDocument stream");
  const fib = readFib(word);
  const name = `${fib.whichTable}Table`;
  const table = stream(name);
  if (!table) throw fail(`the container has no ${name} stream`);
  return { word, table, data: stream("Data") ?? Buffer.alloc(0), fib };
}
