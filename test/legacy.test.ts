/**
 * Legacy Word (.doc, Word 97-2003) and RTF, read natively: the same blocks as the .docx
 * they were saved from (headings by style, a bold label, a field's result, characters
 * outside Windows-1252, tables with horizontal and vertical merges and a table nested in
 * a cell), the Word 97 piece table's 8-bit and UTF-16 pieces, RTF's code pages, Unicode
 * escapes, destinations, tables and merges, and the refusals that name what a file is.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { Block } from "../src/document/blocks.js";
import { docBlocks } from "../src/parsers/doc.js";
import { docxBlocks } from "../src/parsers/docx.js";
import { readCharter } from "../src/read/charter.js";
import { rtfBlocks } from "../src/parsers/rtf.js";
import { readFib, type WordFile } from "../src/word97/file.js";
import { readPieces, readText } from "../src/word97/pieces.js";
import { LEGACY } from "./helpers/gold.js";

const FEATURES = join(LEGACY, "features");
/** fixtures/producers (issue 18's fixtures session): each charter through every producer, its .docx among them. */
const PRODUCERS = join(LEGACY, "..", "producers", "dev");

/** Blocks as comparable lines: a table's cells as text, "^" for a cell merged up, "<" for one merged left. */
function lines(blocks: Block[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === "table") return ["table", ...b.rows.map((r) => r.cells.map((c) => (c.covered === "up" ? "^" : c.covered === "left" ? "<" : (c.text ?? ""))).join(" | "))];
    if (b.type === "break") return ["break"];
    const label = b.type === "paragraph" && b.label ? `[${b.label}] ` : "";
    return [`${b.type}${b.type === "heading" ? b.level : ""} ${label}${b.text}`];
  });
}

async function docxLines(path: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  return lines(docxBlocks(await zip.file("word/document.xml")!.async("string"), (await zip.file("word/styles.xml")?.async("string")) ?? null));
}

const rtf = (body: string) => lines(rtfBlocks(Buffer.from(`{\\rtf1\\ansi ${body}}`, "latin1")));

describe("the Word features, in .docx, .doc and RTF alike", () => {
  it("the .docx reads as expected", async () => {
    expect(await docxLines(join(FEATURES, "features.docx"))).toEqual([
      "heading1 Carta dei servizi 2024",
      "heading2 Ufficio Relazioni con il Pubblico",
      "paragraph [Utenza:] Utenza: cittadini e imprese seconda riga € ő → ✓",
      "paragraph Pagina web: www.comune.example.it/urp",
      "table",
      "Dimensione | Indicatore | Formula | Valore",
      "Accessibilità | Sportello | Giorni di apertura / giorni lavorativi | 100%",
      "^ | Multicanale | Servizi online / servizi | 80% nota interna",
      "Continuità (*) | Erogazione senza interruzioni | < | N.D.",
      "paragraph Fine.",
    ]);
  });
  it.each(["features.doc", "features.rtf", "features.abiword.rtf"])("%s reads as the .docx it was saved from", async (name) => {
    const want = await docxLines(join(FEATURES, "features.docx"));
    const bytes = readFileSync(join(FEATURES, name));
    expect(lines(name.endsWith(".doc") ? await docBlocks(bytes) : rtfBlocks(bytes))).toEqual(want);
  });
  it("an RTF saved as .doc is read as RTF, by its content", async () => {
    const path = join(LEGACY, "c04-comunicazioni-obbligatorie", "charter.abiword-rtf.doc");
    const { parser, document } = await readCharter({ path, bytes: readFileSync(path) });
    expect(parser.name).toBe("rtf");
    expect(document.services[0].indicators.length).toBeGreaterThan(5);
  });
});

describe("fixtures/producers: every charter's legacy Word and RTF read as its .docx", () => {
  const cases = readdirSync(PRODUCERS)
    .sort()
    .flatMap((id) => ["word97.doc", "soffice.rtf", "abiword.rtf", "abiword.doc"].map((p) => [id, `charter.${p}`] as const));
  it("has the four legacy producers of every charter", () => expect(cases.length).toBeGreaterThanOrEqual(4 * 9));
  it.each(cases)("%s/%s", async (id, name) => {
    const bytes = readFileSync(join(PRODUCERS, id, name));
    const { parser } = await readCharter({ path: name, bytes });
    expect(parser.name).toBe(name.endsWith("word97.doc") ? "doc" : "rtf");
    const blocks = parser.name === "doc" ? await docBlocks(bytes) : rtfBlocks(bytes);
    expect(lines(blocks)).toEqual(await docxLines(join(PRODUCERS, id, "charter.docx")));
  });
});

/** A minimal Word 97 file: a FIB (csw 14, cslw 22, 93 fc/lcb pairs) whose Clx names the given pieces, stored from offset 1024. */
function wordFile(pieces: { text: string; compressed: boolean }[]): WordFile {
  const word = Buffer.alloc(4096);
  word.writeUInt16LE(0xa5ec, 0);
  word.writeUInt16LE(193, 2);
  word.writeUInt16LE(14, 32);
  word.writeUInt16LE(22, 62);
  word.writeUInt16LE(93, 152);
  const cps = [0];
  const pcds: Buffer[] = [];
  let at = 1024;
  for (const p of pieces) {
    const bytes = p.compressed ? Buffer.from(new TextEncoder().encode("")) : Buffer.from(p.text, "utf16le");
    const raw = p.compressed ? Buffer.from(p.text.split("").map((ch) => (ch === "à" ? 0xe0 : ch === "€" ? 0x80 : ch.charCodeAt(0)))) : bytes;
    raw.copy(word, at);
    const pcd = Buffer.alloc(8);
    pcd.writeUInt32LE(p.compressed ? (at * 2) | 0x40000000 : at, 2);
    pcds.push(pcd);
    at += raw.length;
    cps.push(cps[cps.length - 1] + p.text.length);
  }
  word.writeInt32LE(cps[cps.length - 1], 64 + 12);
  const plc = Buffer.concat([...cps.map((cp) => { const b = Buffer.alloc(4); b.writeUInt32LE(cp); return b; }), ...pcds]);
  const clx = Buffer.concat([Buffer.from([0x02]), Buffer.alloc(4), plc]);
  clx.writeUInt32LE(plc.length, 1);
  const table = Buffer.concat([Buffer.alloc(16), clx]);
  word.writeUInt32LE(16, 154 + 33 * 8);
  word.writeUInt32LE(clx.length, 154 + 33 * 8 + 4);
  return { word, table, data: Buffer.alloc(0), fib: readFib(word) };
}

describe("the Word 97 piece table", () => {
  it("joins 8-bit (Windows-1252) and UTF-16 pieces in CP order, each character with its own file offset", () => {
    const f = wordFile([{ text: "Qualità 5€ ", compressed: true }, { text: "ő → ✓\r", compressed: false }]);
    const t = readText(f, readPieces(f));
    expect(t.chars).toBe("Qualità 5€ ő → ✓\r");
    expect(t.fcs[0]).toBe(1024);
    expect(t.fcs[10]).toBe(1034);
    // the UTF-16 piece starts after the 11 bytes of the 8-bit one, two bytes a character
    expect(t.fcs[11]).toBe(1035);
    expect(t.fcs[12]).toBe(1037);
  });
  it("refuses a piece table that points past the end of the text stream", () => {
    const f = wordFile([{ text: "abc\r", compressed: true }]);
    expect(() => readText({ ...f, word: f.word.subarray(0, 1025) }, readPieces(f))).toThrow(/runs past the end/);
  });
});

describe("RTF", () => {
  it("decodes text in the document's code page, a font's character set, \\uN with its fallback skipped, surrogate pairs", () => {
    expect(rtf("Qualit\\'e0 dell\\'92utenza \\'80 5 \\'96 \\'93ok\\'94\\par")).toEqual(["paragraph Qualità dell’utenza € 5 – “ok”"]);
    expect(rtf("\\ansicpg1251 \\'cf\\'f0\\'e8\\'ec\\'e5\\'f0\\par")).toEqual(["paragraph Пример"]);
    expect(rtf("{\\fonttbl{\\f0\\fcharset0 Arial;}{\\f1\\fcharset238 Arial CE;}}\\f0 Qualit\\'e0 \\f1 \\'e8\\'9a\\par")).toEqual(["paragraph Qualità čš"]);
    expect(rtf("\\uc1\\u8364\\'80 e \\uc2\\u8211\\'96\\'96 x \\uc0\\u-10179\\u-8704\\par")).toEqual(["paragraph € e – x 😀"]);
  });
  it("passes over what is not the document's text and keeps a field's result", () => {
    expect(
      rtf("{\\*\\generator Writer;}{\\info{\\title Titolo}}{\\header Intestazione\\par}{\\pict\\pngblip 89504e47}{\\*\\unknowndest x}" +
        "Vedi {\\field{\\*\\fldinst HYPERLINK \"https://x.example\"}{\\fldrslt il sito}}{\\v  nascosto} e{\\deleted  cancellato}\\bin3 }{\\ fine\\par"),
    ).toEqual(["paragraph Vedi il sito e fine"]);
  });
  it("reads heading styles by name or outline level, and a bold leading run as the label", () => {
    expect(
      rtf("{\\stylesheet{\\s0 Normal;}{\\s1 heading 1;}{\\s7\\outlinelevel1 Titoletto;}{\\*\\cs9 Titolo 3 Char;}}" +
        "\\pard\\s1 Carta\\par\\pard\\s7 Ufficio\\par\\pard\\outlinelevel2 Sezione\\par\\pard {\\b Utenza:} cittadini\\par"),
    ).toEqual(["heading1 Carta", "heading2 Ufficio", "heading3 Sezione", "paragraph [Utenza:] Utenza: cittadini"]);
  });
  it("lays rows on one grid by their cell edges, with vertical and horizontal merges, Word 97's merged cells and a row defined after its cells", () => {
    const row = (def: string, cells: string[]) => `\\trowd ${def}\\pard\\intbl ${cells.map((c) => `${c}\\cell `).join("")}\\row `;
    const doc = [
      row("\\cellx1000\\cellx2000\\cellx3000", ["A", "B", "C"]),
      row("\\clvmgf\\cellx1000\\cellx3000", ["D", "E"]),
      row("\\clvmrg\\cellx1000\\clmgf\\cellx2000\\clmrg\\cellx3000", ["", "F", ""]),
      // the row's definition after its cells, before \row (Word 2000 and later)
      "\\pard\\intbl G\\cell H\\cell I\\cell \\trowd \\cellx1000\\cellx2000\\cellx3000\\row ",
      "\\pard Fine\\par",
    ].join("");
    expect(rtf(doc)).toEqual(["table", "A | B | C", "D | E | <", "^ | F | <", "G | H | I", "paragraph Fine"]);
  });
  it("flattens a table nested in a cell into that cell", () => {
    const nested = "\\pard\\intbl\\itap2 x\\nestcell y\\nestcell{\\*\\nesttableprops\\trowd\\cellx500\\cellx900\\nestrow}{\\nonesttables\\par}";
    expect(rtf(`\\trowd\\cellx1000\\cellx2000\\pard\\intbl A\\cell ${nested}\\pard\\intbl\\itap1 \\cell\\row \\pard Fine\\par`)).toEqual(["table", "A | x y", "paragraph Fine"]);
  });
});

describe("legacy Word refusals", () => {
  it("a .doc whose file information block is damaged fails with its reason", async () => {
    const bytes = await withWordDocument(readFileSync(join(LEGACY, "c01-registro-associazioni-2020", "charter.doc")), (word) => word.fill(0, 0, 64));
    await expect(readCharter({ path: "x.doc", bytes })).rejects.toThrow(/^doc: legacy Word document \(\.doc\): the WordDocument stream has no Word file information block \(damaged\)$/);
  });
  it("an encrypted .doc says so", async () => {
    const bytes = await withWordDocument(readFileSync(join(FEATURES, "features.doc")), (word) => word.writeUInt16LE(word.readUInt16LE(0x0a) | 0x0100, 0x0a));
    await expect(readCharter({ path: "x.doc", bytes })).rejects.toThrow(/password-protected/);
  });
});

/** A .doc with its WordDocument stream changed in place, in a container written again by cfb. */
async function withWordDocument(doc: Buffer, change: (word: Buffer) => void): Promise<Buffer> {
  const { default: CFB } = await import("cfb");
  const cfb = CFB.read(doc, { type: "buffer" });
  const entry = CFB.find(cfb, "/WordDocument")!;
  const word = Buffer.from(entry.content as Uint8Array);
  change(word);
  entry.content = word;
  return Buffer.from(CFB.write(cfb, { type: "buffer" }) as Uint8Array);
}
