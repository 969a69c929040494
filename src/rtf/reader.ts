/**
 * RTF to the word processor's paragraphs (document/wordproc.ts), the model the Word 97
 * backend produces, so that both read tables and headings the same way. What is read:
 * text in the code page in force (\ansicpgN, a font's \fcharsetN, \'hh bytes, \uN with
 * its \ucN fallback skipped), \par, \line, \tab and the typographic symbols, bold (\b),
 * hidden and deleted text left out, paragraph styles (\sN, named in the stylesheet) and
 * outline levels, tables (\intbl, \itapN, \cell, \row, the row's \trowd \trleftN
 * \cellxN edges with \clvmgf/\clvmrg and \clmgf/\clmrg merges; a nested table's
 * \nestcell/\nestrow flattened into its outer cell), field results (\fldrslt, not
 * \fldinst). Destinations that are not the document's text (font and colour tables,
 * info, pictures, headers and footers, footnotes, \* destinations) are passed over.
 */
import type { Paragraph, RowCell } from "../document/wordproc.js";
import { charsetCodePage, decoderFor } from "./codepages.js";
import { type Token, tokens } from "./tokens.js";

type Dest = "text" | "skip" | "fonttbl" | "stylesheet" | "style";

interface Group {
  dest: Dest;
  bold: boolean;
  hidden: boolean;
  font: number | null;
  uc: number;
  style: number;
  outline?: number;
  inTable: boolean;
  itap?: number;
}

export interface RtfDocument {
  paragraphs: Paragraph[];
  /** Paragraph styles by number: their names and outline levels. */
  styles: Map<number, { name: string; outline?: number }>;
}

/** Destinations whose text is not the document's. */
const SKIP = new Set([
  "colortbl", "info", "pict", "header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf",
  "footnote", "annotation", "fldinst", "objdata", "objclass", "themedata", "colorschememapping", "latentstyles",
  "datastore", "listtable", "listoverridetable", "revtbl", "rsidtbl", "generator", "xmlnstbl", "pgdsctbl", "shp",
  "shpinst", "nonshppict", "nonesttables", "nesttableprops", "template", "filetbl", "txe", "xe", "tc", "pntext",
  "pntxta", "pntxtb", "listtext", "private", "userprops", "docvar", "atnid", "atnauthor", "atndate", "mmathPr",
  "stylesheet2", "fchars", "lchars", "keycode", "ftnsep", "ftnsepc", "ftncn", "aftnsep", "aftnsepc", "aftncn",
]);

const SYMBOLS: Record<string, string> = {
  line: "\n", tab: " ", emdash: "\u2014", endash: "\u2013", bullet: "\u2022", lquote: "\u2018", rquote: "\u2019",
  ldblquote: "\u201c", rdblquote: "\u201d", emspace: " ", enspace: " ", qmspace: " ", zwj: "", zwnj: "", ltrmark: "", rtlmark: "",
};
const CONTROL_SYMBOLS: Record<string, string> = { "~": "\u00a0", _: "-", "-": "", "\\": "\\", "{": "{", "}": "}", "\t": " " };

const DOCUMENT_CODE_PAGES: Record<string, number> = { ansi: 1252, mac: 10000, pc: 437, pca: 850 };

export class RtfReader {
  private group: Group = { dest: "text", bold: false, hidden: false, font: null, uc: 1, style: 0, inTable: false };
  private readonly stack: Group[] = [];
  private codePage = 1252;
  private defaultFont: number | null = null;
  private readonly fonts = new Map<number, number>();
  private fontDef = 0;
  private readonly styles = new Map<number, { name: string; outline?: number }>();
  private styleDef: { number: number; name: string; outline?: number; paragraph: boolean } | null = null;
  private row: { left: number; cells: RowCell[]; pending: { hMerge: number; vMerge: number } } = { left: 0, cells: [], pending: { hMerge: 0, vMerge: 0 } };
  private readonly paragraphs: Paragraph[] = [];
  private runs: { text: string; bold: boolean }[] = [];
  private bytes: number[] = [];
  private skip = 0;

  read(b: Buffer): RtfDocument {
    for (const t of tokens(b)) this.token(t);
    this.flush();
    if (this.runs.some((r) => r.text.trim())) this.end("\r", this.depth());
    return { paragraphs: this.paragraphs, styles: this.styles };
  }

  private token(t: Token): void {
    if (t.type === "text" || t.type === "byte") {
      // a picture's hex digits and the tables' names are not decoded
      if (this.group.dest === "skip" || this.group.dest === "fonttbl" || this.group.dest === "stylesheet") return;
      const bytes = t.type === "text" ? t.bytes : [t.value];
      for (const v of bytes) {
        if (this.skip > 0) this.skip--;
        else this.bytes.push(v);
      }
      return;
    }
    this.flush();
    if (t.type === "open") {
      this.stack.push(this.group);
      this.group = { ...this.group, ...(this.group.dest === "stylesheet" ? { dest: "style" as const } : {}) };
      if (this.group.dest === "style") this.styleDef = { number: 0, name: "", paragraph: true };
      this.skip = 0;
    } else if (t.type === "close") {
      if (this.group.dest === "style" && this.stack[this.stack.length - 1]?.dest === "stylesheet") this.closeStyle();
      this.group = this.stack.pop() ?? this.group;
      this.skip = 0;
    } else if (t.type === "symbol") {
      if (this.skip > 0) this.skip--;
      else if (t.ch === "*") this.group.dest = "skip";
      else if (CONTROL_SYMBOLS[t.ch] !== undefined) this.text(CONTROL_SYMBOLS[t.ch]);
    } else this.word(t.name, t.param);
  }

  /** Decode the text bytes read so far in the code page in force, and add them. */
  private flush(): void {
    if (!this.bytes.length) return;
    const font = this.group.font ?? this.defaultFont;
    const cp = (font !== null ? this.fonts.get(font) : undefined) ?? this.codePage;
    const s = decoderFor(cp).decode(Uint8Array.from(this.bytes));
    this.bytes = [];
    this.text(s);
  }

  private text(s: string): void {
    const g = this.group;
    if (g.dest === "style" && this.styleDef) this.styleDef.name += s;
    if (g.dest !== "text" || g.hidden || !s) return;
    const last = this.runs[this.runs.length - 1];
    if (last && last.bold === g.bold) last.text += s;
    else this.runs.push({ text: s, bold: g.bold });
  }

  private closeStyle(): void {
    const s = this.styleDef;
    if (s?.paragraph) {
      const name = s.name.split(";")[0].trim();
      this.styles.set(s.number, { name, ...(s.outline !== undefined ? { outline: s.outline } : {}) });
    }
    this.styleDef = null;
  }

  private word(name: string, param: number | null): void {
    const g = this.group;
    if (SKIP.has(name)) g.dest = "skip";
    else if (name === "fonttbl") g.dest = "fonttbl";
    else if (name === "stylesheet") g.dest = "stylesheet";
    else if (name === "u" && param !== null) {
      this.text(String.fromCharCode(param < 0 ? param + 65536 : param));
      this.skip = g.uc;
    } else if (g.dest === "skip") return;
    else if (g.dest === "fonttbl") this.fontWord(name, param);
    else if (g.dest === "style") this.styleWord(name, param);
    else if (!this.documentWord(name, param) && !this.paragraphWord(name, param) && !this.tableWord(name, param)) this.characterWord(name, param);
  }

  private fontWord(name: string, param: number | null): void {
    if (name === "f" && param !== null) this.fontDef = param;
    else if (name === "fcharset" && param !== null) {
      const cp = charsetCodePage(param);
      if (cp !== undefined) this.fonts.set(this.fontDef, cp);
    } else if (name === "cpg" && param !== null && param > 0) this.fonts.set(this.fontDef, param);
  }

  private styleWord(name: string, param: number | null): void {
    const s = this.styleDef;
    if (!s) return;
    if (name === "s" && param !== null) s.number = param;
    else if (name === "outlinelevel" && param !== null) s.outline = param;
    else if (name === "cs" || name === "ds" || name === "ts" || name === "tsrowd") s.paragraph = false;
  }

  private documentWord(name: string, param: number | null): boolean {
    if (DOCUMENT_CODE_PAGES[name] !== undefined) this.codePage = DOCUMENT_CODE_PAGES[name];
    else if (name === "ansicpg" && param !== null && param > 0) this.codePage = param;
    else if (name === "deff" && param !== null) this.defaultFont = param;
    else if (name === "uc" && param !== null) this.group.uc = Math.max(0, param);
    else return false;
    return true;
  }

  private depth(): number {
    const g = this.group;
    return g.inTable ? Math.max(1, g.itap ?? 1) : Math.max(0, g.itap ?? 0);
  }

  /** End the paragraph read so far with its mark. */
  private end(mark: string, depth: number, row?: RowCell[]): void {
    const g = this.group;
    this.paragraphs.push({
      runs: this.runs,
      mark,
      istd: g.style,
      ...(g.outline !== undefined ? { outline: g.outline } : {}),
      depth,
      rowEnd: row !== undefined,
      ...(row ? { cells: row } : {}),
    });
    this.runs = [];
  }

  private paragraphWord(name: string, param: number | null): boolean {
    const g = this.group;
    if (name === "par" || name === "sect") this.end(name === "par" ? "\r" : "\x0c", this.depth());
    else if (name === "pard") Object.assign(g, { style: 0, outline: undefined, inTable: false, itap: undefined });
    else if (name === "s" && param !== null) g.style = param;
    else if (name === "outlinelevel" && param !== null) g.outline = param;
    else if (name === "intbl") g.inTable = true;
    else if (name === "itap" && param !== null) g.itap = param;
    else if (name === "cell") this.end("\x07", 1);
    else if (name === "nestcell" || name === "nestrow") this.end("\x07", Math.max(2, g.itap ?? 2));
    else if (name === "row") this.end("\x07", 1, this.row.cells.map((c) => ({ ...c })));
    else return false;
    return true;
  }

  private tableWord(name: string, param: number | null): boolean {
    const row = this.row;
    if (name === "trowd") this.row = { left: 0, cells: [], pending: { hMerge: 0, vMerge: 0 } };
    else if (name === "trleft" && param !== null) row.left = param;
    else if (name === "clvmgf" || name === "clvmrg") row.pending.vMerge = name === "clvmgf" ? 3 : 1;
    else if (name === "clmgf" || name === "clmrg") row.pending.hMerge = name === "clmgf" ? 1 : 2;
    else if (name === "cellx" && param !== null) {
      const left = row.cells.length ? row.cells[row.cells.length - 1].right : row.left;
      row.cells.push({ left, right: param, ...row.pending });
      row.pending = { hMerge: 0, vMerge: 0 };
    } else return false;
    return true;
  }

  private characterWord(name: string, param: number | null): void {
    const g = this.group;
    if (name === "plain") Object.assign(g, { bold: false, hidden: false, font: null });
    else if (name === "b") g.bold = param !== 0;
    else if (name === "v" || name === "deleted") g.hidden = param !== 0;
    else if (name === "f" && param !== null) g.font = param;
    else if (SYMBOLS[name] !== undefined) this.text(SYMBOLS[name]);
  }
}
