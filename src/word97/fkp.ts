/**
 * Direct paragraph and character formatting ([MS-DOC] 2.8.25 PlcBtePapx, 2.9.175
 * PapxFkp, 2.8.26 PlcBteChpx, 2.9.33 ChpxFkp): the bin tables point to 512-byte pages
 * of the WordDocument stream, each listing runs of FCs with their property modifiers.
 * A paragraph's properties are those of the run that holds the FC of its mark; a
 * character's, those of the run that holds its own FC.
 */
import { FC, tablePart, type WordFile } from "./file.js";

export interface Run {
  fcStart: number;
  fcEnd: number;
  /** A paragraph's style (istd); 0 for character runs. */
  istd: number;
  grpprl: Buffer;
}

const PAGE = 512;
const EMPTY = Buffer.alloc(0);

/** The FKP pages a bin table (PlcBte) points to. */
function pages(f: WordFile, index: number): Buffer[] {
  const plc = tablePart(f, index);
  if (!plc) return [];
  const n = Math.floor((plc.length - 4) / 8);
  const out: Buffer[] = [];
  for (let k = 0; k < n; k++) {
    const pn = plc.readUInt32LE(4 * (n + 1) + k * 4) & 0x3fffff;
    const page = f.word.subarray(pn * PAGE, pn * PAGE + PAGE);
    if (page.length === PAGE) out.push(page);
  }
  return out;
}

/** A PapxInFkp at word offset `bx`: its style and property modifiers. */
function papxAt(page: Buffer, bx: number): { istd: number; grpprl: Buffer } {
  if (bx === 0) return { istd: 0, grpprl: EMPTY };
  let at = bx * 2;
  let cb = page[at++];
  let len = cb * 2 - 1;
  if (cb === 0) {
    cb = page[at++] ?? 0;
    len = cb * 2;
  }
  const body = page.subarray(at, Math.min(PAGE - 1, at + len));
  return body.length >= 2 ? { istd: body.readUInt16LE(0), grpprl: body.subarray(2) } : { istd: 0, grpprl: EMPTY };
}

/** A Chpx at word offset `b`: its property modifiers. */
function chpxAt(page: Buffer, b: number): Buffer {
  if (b === 0) return EMPTY;
  const at = b * 2;
  return page.subarray(at + 1, Math.min(PAGE - 1, at + 1 + page[at]));
}

function runs(f: WordFile, index: number, entry: number, read: (page: Buffer, at: number) => { istd: number; grpprl: Buffer }): Run[] {
  const out: Run[] = [];
  for (const page of pages(f, index)) {
    const crun = page[PAGE - 1];
    if (4 * (crun + 1) + crun * entry > PAGE - 1) continue;
    for (let i = 0; i < crun; i++) {
      const p = read(page, 4 * (crun + 1) + i * entry);
      out.push({ fcStart: page.readUInt32LE(i * 4), fcEnd: page.readUInt32LE(i * 4 + 4), ...p });
    }
  }
  return out.sort((a, b) => a.fcStart - b.fcStart);
}

export const paragraphRuns = (f: WordFile): Run[] => runs(f, FC.PlcfBtePapx, 13, (page, at) => papxAt(page, page[at]));
export const characterRuns = (f: WordFile): Run[] => runs(f, FC.PlcfBteChpx, 1, (page, at) => ({ istd: 0, grpprl: chpxAt(page, page[at]) }));

/** The run holding `fc`, by binary search over runs sorted by their start; undefined where none does. */
export function runAt(list: Run[], fc: number): Run | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = list[mid];
    if (fc < r.fcStart) hi = mid - 1;
    else if (fc >= r.fcEnd) lo = mid + 1;
    else return r;
  }
  return undefined;
}
