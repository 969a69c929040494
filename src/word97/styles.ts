/**
 * The stylesheet ([MS-DOC] 2.9.271 STSH): for each paragraph style (istd) its built-in
 * identifier (sti 1-9 are Word's "heading 1"-"heading 9", 62 its "Title", whatever the
 * language they are named in), its name, the style it is based on, and the outline level
 * its paragraph properties set. Heading levels follow document/styles.ts, the .docx rules.
 */
import { headingLevel } from "../document/styles.js";
import { FC, tablePart, type WordFile } from "./file.js";
import { SPRM, sprms } from "./sprm.js";

interface Style {
  sti: number;
  name: string;
  base: number;
  outline?: number;
}

const STI_TITLE = 62;
const NO_STYLE = 0x0fff;

function readStyle(std: Buffer, baseSize: number): Style {
  const sti = std.readUInt16LE(0) & 0x0fff;
  const stk = std.readUInt16LE(2) & 0x000f;
  const base = std.readUInt16LE(2) >> 4;
  let at = baseSize;
  const cch = at + 2 <= std.length ? std.readUInt16LE(at) : 0;
  const name = std.subarray(at + 2, Math.min(std.length, at + 2 + cch * 2)).toString("utf16le");
  at += 2 + cch * 2 + 2;
  let outline: number | undefined;
  if (stk === 1) {
    // the paragraph UPX first: its length, its istd, its property modifiers
    if (at % 2) at++;
    const cb = at + 2 <= std.length ? std.readUInt16LE(at) : 0;
    const papx = std.subarray(at + 4, Math.min(std.length, at + 2 + cb));
    for (const s of sprms(papx)) if (s.op === SPRM.POutLvl) outline = s.arg[0];
  }
  return { sti, name, base, ...(outline !== undefined ? { outline } : {}) };
}

/** Each paragraph style's heading level (istd -> level); styles that are no heading are absent. */
export function headingStyles(f: WordFile): Map<number, number> {
  const out = new Map<number, number>();
  const stsh = tablePart(f, FC.Stshf);
  if (!stsh || stsh.length < 6) return out;
  const lcbStshi = stsh.readUInt16LE(0);
  const cstd = stsh.readUInt16LE(2);
  const baseSize = stsh.readUInt16LE(4) || 10;
  const styles: (Style | null)[] = [];
  let at = 2 + lcbStshi;
  for (let k = 0; k < cstd && at + 2 <= stsh.length; k++) {
    const cb = stsh.readUInt16LE(at);
    const std = stsh.subarray(at + 2, at + 2 + cb);
    styles.push(cb >= baseSize && std.length === cb ? readStyle(std, baseSize) : null);
    at += 2 + cb;
  }
  const outlineOf = (istd: number, depth = 0): number | undefined => {
    const s = styles[istd];
    if (!s || depth > 10) return undefined;
    return s.outline ?? (s.base !== NO_STYLE ? outlineOf(s.base, depth + 1) : undefined);
  };
  styles.forEach((s, istd) => {
    if (!s) return;
    const level = s.sti >= 1 && s.sti <= 9 ? s.sti : s.sti === STI_TITLE ? 1 : headingLevel(s.name, outlineOf(istd));
    if (level !== undefined) out.set(istd, level);
  });
  return out;
}
