/**
 * Property modifiers ("sprms", [MS-DOC] 2.6) of Word 97-2003 files: a grpprl is a run of
 * opcodes, each followed by an operand whose size its opcode's top three bits (spra)
 * give; variable operands carry their own length. sprmTDefTable's two-byte length counts
 * one byte more than its operand ([MS-DOC] 2.9.315), and sprmPChgTabs may say 255 and
 * leave its length to be worked out from its contents. A truncated grpprl ends the walk.
 */

export interface Sprm {
  op: number;
  arg: Buffer;
}

/** Opcodes read here (paragraph, table and character properties). */
export const SPRM = {
  PFInTable: 0x2416,
  PFTtp: 0x2417,
  PItap: 0x6649,
  PDtap: 0x664a,
  PFInnerTableCell: 0x244b,
  PFInnerTtp: 0x244c,
  POutLvl: 0x2640,
  PIstd: 0x4600,
  PHugePapx: 0x6646,
  PHugePapxOld: 0x6645,
  TDefTable: 0xd608,
  TDefTableOld: 0xd606,
  TVertMerge: 0xd62b,
  TMerge: 0x5624,
  TSplit: 0x5625,
  PChgTabs: 0xc615,
  CFBold: 0x0835,
  CFVanish: 0x083c,
  CFRMarkDel: 0x0800,
  CFSpec: 0x0855,
} as const;

const FIXED: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3 };

/** The operand's offset and length at `i` (just past the opcode), or null past the end. */
function operand(op: number, b: Buffer, i: number): { at: number; len: number } | null {
  const fixed = FIXED[op >> 13];
  if (fixed !== undefined) return { at: i, len: fixed };
  if (op === SPRM.TDefTable || op === SPRM.TDefTableOld) return i + 2 <= b.length ? { at: i + 2, len: b.readUInt16LE(i) - 1 } : null;
  if (i >= b.length) return null;
  if (op === SPRM.PChgTabs && b[i] === 255) {
    // deleted tabs (position and tolerance each), then added tabs (position and kind)
    const del = b[i + 1] ?? 0;
    const add = b[i + 2 + del * 4] ?? 0;
    return { at: i + 1, len: 1 + del * 4 + 1 + add * 3 };
  }
  return { at: i + 1, len: b[i] };
}

/** The sprms of a grpprl, in order. */
export function sprms(grpprl: Buffer): Sprm[] {
  const out: Sprm[] = [];
  let i = 0;
  while (i + 2 <= grpprl.length) {
    const op = grpprl.readUInt16LE(i);
    const o = operand(op, grpprl, i + 2);
    if (!o || o.len < 0 || o.at + o.len > grpprl.length) break;
    out.push({ op, arg: grpprl.subarray(o.at, o.at + o.len) });
    i = o.at + o.len;
  }
  return out;
}
