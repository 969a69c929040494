/** The document backends' own rules: HTML structure and encodings, Word/ODT merges, CSV delimiters, refusals that name what a file is. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { Block } from "../src/document/blocks.js";
import { sniffDelimiter } from "../src/parsers/csv.js";
import { htmlBlocks } from "../src/parsers/html.js";
import { readCharter } from "../src/read/charter.js";
import { decodeHtml, decodeText } from "../src/parsers/sniff.js";
import { splitDelimited } from "../src/parsers/tsv.js";
import { CORPUS } from "./helpers/gold.js";

const tables = (blocks: Block[]) => blocks.filter((b): b is Extract<Block, { type: "table" }> => b.type === "table");

describe("html", () => {
  it("makes rowspan and colspan explicit merges and keeps navigation, scripts and styles out", async () => {
    const blocks = await htmlBlocks(`<!doctype html><html><head><style>td{}</style></head><body>
      <nav>Home &gt; Servizi</nav><script>var x = "Dimensioni";</script>
      <h1>Comune di Prova &amp; Co.</h1><p><b>Utenza:</b> cittadini<br>e imprese</p>
      <table><thead><tr><th>A</th><th>B</th><th>C</th></tr></thead>
      <tbody><tr><td rowspan="2">x</td><td colspan="2">y</td></tr><tr><td>z</td><td></td></tr></tbody></table></body></html>`);
    expect(blocks.map((b) => b.type)).toEqual(["heading", "paragraph", "table"]);
    expect(blocks[0]).toMatchObject({ text: "Comune di Prova & Co.", level: 1 });
    expect(blocks[1]).toMatchObject({ text: "Utenza: cittadini e imprese", label: "Utenza:" });
    const [t] = tables(blocks);
    expect(t.rows.map((r) => r.cells.map((c) => c.covered ?? c.text))).toEqual([
      ["A", "B", "C"],
      ["x", "y", "left"],
      ["up", "z", null],
    ]);
    expect(t.rows[1].src.line).toBeGreaterThan(1);
  });
  it("decodes the page by its declared charset, Windows-1252 included", async () => {
    const page = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1252"></head><body><p>Qualit'), Buffer.from([0xe0]), Buffer.from(" e tempestivit"), Buffer.from([0xe0, 0x3c, 0x2f, 0x70, 0x3e])]);
    expect((await htmlBlocks(decodeHtml(page)))[0]).toMatchObject({ text: "Qualità e tempestività" });
    const latin = Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>Citt\xe0</p>', "latin1");
    expect((await htmlBlocks(decodeHtml(latin)))[0]).toMatchObject({ text: "Città" });
    // 0x80-0x9F are Windows-1252's typographic characters (an apostrophe, a euro sign), not controls.
    const quotes = Buffer.concat([Buffer.from('<meta charset="iso-8859-1"><p>L'), Buffer.from([0x92]), Buffer.from("utente paga 5 "), Buffer.from([0x80, 0x3c, 0x2f, 0x70, 0x3e])]);
    expect((await htmlBlocks(decodeHtml(quotes)))[0]).toMatchObject({ text: "L’utente paga 5 €" });
    expect(decodeText(Buffer.from([0x93, 0x61, 0x94]))).toBe("“a”");
  });
});

describe("csv", () => {
  it("sniffs the delimiter and keeps quoted delimiters and line breaks inside a field", () => {
    const text = 'Dimensioni;Descrizione indicatore;Formula indicatore;Valore programmato\nTempestività;"Tempo; medio\ndi rilascio";Numero giorni;3\n';
    expect(sniffDelimiter(text)).toBe(";");
    expect(sniffDelimiter(text.replace(/;/g, ","))).toBe(",");
    expect(splitDelimited(text, ";")[1].fields).toEqual(["Tempestività", "Tempo; medio\ndi rilascio", "Numero giorni", "3"]);
  });
});

describe("refusals name what a file is", () => {
  it("a Word 6.0/95 document says it is older than Word 97", async () => {
    // an OLE2 container with a WordDocument stream whose FIB says nFib 104 (Word 95)
    const { default: CFB } = await import("cfb");
    const cfb = CFB.utils.cfb_new();
    const fib = Buffer.alloc(512);
    fib.writeUInt16LE(0xa5dc, 0);
    fib.writeUInt16LE(104, 2);
    CFB.utils.cfb_add(cfb, "WordDocument", fib);
    const bytes = Buffer.from(CFB.write(cfb, { type: "buffer" }) as Uint8Array);
    await expect(readCharter({ path: "x.doc", bytes })).rejects.toThrow(/Word 6\.0\/95 document .* save it again as \.docx/);
  });
  it("a ZIP that is neither a workbook nor a text document", async () => {
    const zip = new JSZip();
    zip.file("photos/a.txt", "hello");
    const bytes = await zip.generateAsync({ type: "nodebuffer" });
    await expect(readCharter({ path: "x.zip", bytes })).rejects.toThrow(/neither a workbook .* nor a text document/);
  });
  it("a Word document without a charter", async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(CORPUS, "c01-registro-associazioni-2020", "charter.docx")));
    zip.file("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Verbale</w:t></w:r></w:p></w:body></w:document>');
    const bytes = await zip.generateAsync({ type: "nodebuffer" });
    await expect(readCharter({ path: "x.docx", bytes })).rejects.toThrow(/docx: no charter table/);
  });
});
