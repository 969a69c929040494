/**
 * The main document as paragraphs ([MS-DOC] 2.4.2): its text split at paragraph marks
 * (\r), cell and row-end marks (\x07) and section marks (\x0c), each paragraph with its
 * runs of text (bold or not, by the character properties of each run) and its mark's
 * paragraph properties: style, outline level, whether it is in a table and at which
 * depth, whether it ends a row, and the row's cell edges and merges. Fields keep their
 * result, not their code (\x13 code \x14 result \x15, nested); deleted revisions and
 * hidden text are not text; a tab is a space, a vertical tab a line break.
 */
import type { Paragraph, RowCell } from "../document/wordproc.js";
import { characterRuns, paragraphRuns, type Run, runAt } from "./fkp.js";
import type { WordFile } from "./file.js";
import type { Text } from "./pieces.js";
import { SPRM, type Sprm, sprms } from "./sprm.js";

interface CharProps {
  bold: boolean;
  hidden: boolean;
}

const MARKS = new Set(["\r", "\x07", "\x0c"]);

/** A PAPX's sprms, those it keeps in the Data stream (sprmPHugePapx: a row with many cells) in its place. */
function papxSprms(grpprl: Buffer, data: Buffer): Sprm[] {
  return sprms(grpprl).flatMap((s) => {
    if ((s.op !== SPRM.PHugePapx && s.op !== SPRM.PHugePapxOld) || s.arg.length < 4) return [s];
    const at = s.arg.readUInt32LE(0);
    const cb = at + 2 <= data.length ? data.readUInt16LE(at) : 0;
    return sprms(data.subarray(at + 2, at + 2 + cb));
  });
}

/** A paragraph's properties from its PAPX and its piece's own modifiers. */
function paragraphProps(f: WordFile, papx: Run | undefined, pieceSprms: Buffer | null): Omit<Paragraph, "runs" | "mark"> {
  const all: Sprm[] = [...(papx ? papxSprms(papx.grpprl, f.data) : []), ...(pieceSprms ? sprms(pieceSprms) : [])];
  let inTable = false;
  let ttp = false;
  let innerTtp = false;
  let depth: number | undefined;
  let outline: number | undefined;
  let cells: RowCell[] | undefined;
  for (const s of all) {
    if (s.op === SPRM.PFInTable) inTable = s.arg[0] === 1;
    else if (s.op === SPRM.PFTtp) ttp = s.arg[0] === 1;
    else if (s.op === SPRM.PFInnerTtp) innerTtp = s.arg[0] === 1;
    else if (s.op === SPRM.PItap) depth = s.arg.readInt32LE(0);
    else if (s.op === SPRM.PDtap) depth = (depth ?? (inTable ? 1 : 0)) + s.arg.readInt32LE(0);
    else if (s.op === SPRM.POutLvl) outline = s.arg[0];
    else if (s.op === SPRM.TDefTable) cells = defTable(s.arg);
    else if (cells) applyTableSprm(cells, s);
  }
  const d = Math.max(0, depth ?? (inTable ? 1 : 0));
  return { istd: papx?.istd ?? 0, ...(outline !== undefined ? { outline } : {}), depth: d, rowEnd: d === 1 && ttp && !innerTtp, ...(cells ? { cells } : {}) };
}

/** sprmTDefTable: the row's cell edges (rgdxaCenter) and each cell's merges (TC80.tcgrf). */
function defTable(arg: Buffer): RowCell[] {
  const n = Math.min(arg[0] ?? 0, Math.floor((arg.length - 3) / 2));
  const edge = (i: number) => arg.readInt16LE(1 + i * 2);
  const tc = 1 + (n + 1) * 2;
  const cells: RowCell[] = [];
  for (let i = 0; i < n; i++) {
    const at = tc + i * 20;
    const grf = at + 2 <= arg.length ? arg.readUInt16LE(at) : 0;
    cells.push({ left: edge(i), right: edge(i + 1), hMerge: grf & 3, vMerge: (grf >> 5) & 3 });
  }
  return cells;
}

/** Row modifiers after the definition: vertical merges set cell by cell, cells merged or split across. */
function applyTableSprm(cells: RowCell[], s: Sprm): void {
  if (s.op === SPRM.TVertMerge && s.arg.length >= 2 && cells[s.arg[0]]) cells[s.arg[0]].vMerge = s.arg[1];
  else if ((s.op === SPRM.TMerge || s.op === SPRM.TSplit) && s.arg.length >= 2) {
    for (let i = s.arg[0]; i < s.arg[1] && i < cells.length; i++) cells[i].hMerge = s.op === SPRM.TSplit ? 0 : i === s.arg[0] ? 1 : 2;
  }
}

function charProps(run: Run | undefined, cache: Map<Run, CharProps>): CharProps {
  if (!run) return { bold: false, hidden: false };
  let p = cache.get(run);
  if (!p) {
    p = { bold: false, hidden: false };
    for (const s of sprms(run.grpprl)) {
      // 0/1 set the property; 0x80/0x81 take or invert the style's, which is not bold here
      if (s.op === SPRM.CFBold) p.bold = s.arg[0] === 1 || s.arg[0] === 0x81;
      else if (s.op === SPRM.CFVanish || s.op === SPRM.CFRMarkDel) p.hidden ||= s.arg[0] === 1 || s.arg[0] === 0x81;
    }
    cache.set(run, p);
  }
  return p;
}

/** What a character stands for in running text ("" for objects, anchors and control characters). */
function visible(ch: string): string {
  if (ch === "\t") return " ";
  if (ch === "\x0b") return "\n";
  if (ch === "\x1e") return "-";
  return ch < " " ? "" : ch;
}

export function readParagraphs(f: WordFile, text: Text): Paragraph[] {
  const papx = paragraphRuns(f);
  const chpx = characterRuns(f);
  const cache = new Map<Run, CharProps>();
  const out: Paragraph[] = [];
  const fields: ("code" | "result")[] = [];
  let runs: { text: string; bold: boolean }[] = [];
  const { chars, fcs } = text;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (MARKS.has(ch)) {
      const piece = text.pieces[text.piece[i]];
      out.push({ runs, mark: ch, ...paragraphProps(f, runAt(papx, fcs[i]), piece.grpprl) });
      runs = [];
      continue;
    }
    if (ch === "\x13") fields.push("code");
    else if (ch === "\x14" && fields.length) fields[fields.length - 1] = "result";
    else if (ch === "\x15") fields.pop();
    if (ch === "\x13" || ch === "\x14" || ch === "\x15" || fields.includes("code")) continue;
    const props = charProps(runAt(chpx, fcs[i]), cache);
    const t = visible(ch);
    if (!t || props.hidden) continue;
    const last = runs[runs.length - 1];
    if (last && last.bold === props.bold) last.text += t;
    else runs.push({ text: t, bold: props.bold });
  }
  if (runs.some((r) => r.text.trim())) out.push({ runs, mark: "\r", istd: 0, depth: 0, rowEnd: false });
  return out;
}
