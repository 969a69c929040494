/**
 * RTF code pages: the document's (\ansicpgN, \mac, \pc) and a font's (\fcharsetN, \cpgN)
 * to the WHATWG decoders node has. A code page it has no decoder for reads as
 * Windows-1252, the RTF default, which is decoded here (document/cp1252.ts): node's own
 * decoder takes its 0x80-0x9F for control characters.
 */
import { decodeCp1252 } from "../document/cp1252.js";

/** \fcharset values (Windows character sets) to code pages. */
const CHARSETS: Record<number, number> = {
  0: 1252, 77: 10000, 128: 932, 129: 949, 134: 936, 136: 950, 161: 1253, 162: 1254, 163: 1258,
  177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250,
};

const LABELS: Record<number, string> = { 932: "shift_jis", 936: "gbk", 949: "euc-kr", 950: "big5", 10000: "macintosh", 20866: "koi8-r", 65001: "utf-8" };

interface Decoder {
  decode(bytes: Uint8Array): string;
}

const WINDOWS_1252: Decoder = { decode: decodeCp1252 };
const decoders = new Map<number, Decoder>();

/** A decoder for a Windows code page number; Windows-1252's for one without a decoder. */
export function decoderFor(codePage: number): Decoder {
  let d = decoders.get(codePage);
  if (!d) {
    const label = LABELS[codePage] ?? (codePage === 874 || (codePage >= 1250 && codePage <= 1258 && codePage !== 1252) ? `windows-${codePage}` : codePage >= 28592 && codePage <= 28605 ? `iso-8859-${codePage - 28590}` : null);
    try {
      d = label ? new TextDecoder(label) : WINDOWS_1252;
    } catch {
      d = WINDOWS_1252;
    }
    decoders.set(codePage, d);
  }
  return d;
}

/** The code page of a font's character set, where it names one (0, ANSI, is the document's own: undefined). */
export function charsetCodePage(charset: number): number | undefined {
  return charset === 0 || charset === 1 ? undefined : CHARSETS[charset];
}
