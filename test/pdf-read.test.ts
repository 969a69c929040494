/**
 * The PDF reading layer (src/pdf/read.ts, src/pdf/text.ts): one pass of pdf.js over each
 * page, its operator list, gives the text runs and the rules that two passes gave before
 * (pdf.js's getTextContent() for the text, the operator list for the rules): on every page
 * of every PDF under fixtures/ (the corpus with its Calc, ReportLab, Writer and Chromium
 * prints, the quirks, the bad inputs that open) and of PDFs drawn here with the text
 * operators those producers use little.
 * Images are not decoded but still tell a scan; a long document's memory stays bounded;
 * pdf.js is loaded without its canvas module and talks to its worker code without cloning.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { parserNamed } from "../src/parsers/registry.js";
import { readWith } from "../src/read/charter.js";
import { horizontalShare, ruleSegments, textRuns, type Matrix, type PageGeometry } from "../src/pdf/geometry.js";
import { loadPdfJs } from "../src/pdf/pdfjs.js";
import { copyPlain, SharingPort } from "../src/pdf/port.js";
import { FONTS_KEPT, openPdf, paintsImages, readPage, readPages } from "../src/pdf/read.js";
import { fromFloat32 } from "../src/pdf/text-state.js";
import { collectFiles } from "../src/pipeline/import.js";
import { longPdf } from "../scripts/lib/long-pdf.js";
import { imageOnlyPdf, textOperatorsPdf } from "./helpers/pdfs.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/**
 * The geometry as the parser read it before this layer: getTextContent() for the runs
 * and the operator list for the rules, each a pass of pdf.js over the page, with pdf.js's
 * Node defaults (glyph outlines built, images decoded, annotations drawn).
 */
async function referencePages(bytes: Buffer): Promise<Omit<PageGeometry, "images">[]> {
  const pdfjs = await loadPdfJs();
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false }).promise;
  const out: Omit<PageGeometry, "images">[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const tc = await page.getTextContent();
      const ol = await page.getOperatorList();
      let viewport = page.getViewport({ scale: 1 });
      if (horizontalShare(tc.items, viewport.transform as Matrix) < 0.5) {
        for (const extra of [90, 180, 270]) {
          const v = page.getViewport({ scale: 1, rotation: (page.rotate + extra) % 360 });
          if (horizontalShare(tc.items, v.transform as Matrix) >= 0.5) {
            viewport = v;
            break;
          }
        }
      }
      const vt = viewport.transform as Matrix;
      out.push({
        page: n,
        width: viewport.width,
        height: viewport.height,
        runs: textRuns(tc.items, vt),
        segments: ruleSegments(ol.fnArray, ol.argsArray as unknown[][], pdfjs.OPS as never, vt),
      });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return out;
}

async function singlePass(bytes: Buffer): Promise<PageGeometry[]> {
  const pages: PageGeometry[] = [];
  for await (const g of readPages(bytes)) pages.push(g);
  return pages;
}

/** Differences between the single pass and the reference, as readable lines (runs: same text, positions within a thousandth of a point). */
function differences(got: PageGeometry[], want: Omit<PageGeometry, "images">[]): string[] {
  const diffs: string[] = [];
  if (got.length !== want.length) diffs.push(`${got.length} pages, want ${want.length}`);
  want.forEach((w, p) => {
    const g = got[p];
    if (!g) return;
    const where = `page ${w.page}`;
    if (Math.abs(g.width - w.width) > 1e-9 || Math.abs(g.height - w.height) > 1e-9) diffs.push(`${where}: ${g.width}x${g.height}, want ${w.width}x${w.height}`);
    if (g.runs.length !== w.runs.length) diffs.push(`${where}: ${g.runs.length} runs, want ${w.runs.length}`);
    w.runs.forEach((r, i) => {
      const x = g.runs[i];
      if (!x) return;
      if (x.str !== r.str) diffs.push(`${where} run ${i}: ${JSON.stringify(x.str)}, want ${JSON.stringify(r.str)}`);
      for (const k of ["x0", "x1", "top", "bottom", "baseline", "size"] as const) {
        if (!(Math.abs(x[k] - r[k]) <= 1e-3)) diffs.push(`${where} run ${i} ${JSON.stringify(r.str)}: ${k} ${x[k]}, want ${r[k]}`);
      }
    });
    if (JSON.stringify(g.segments) !== JSON.stringify(w.segments)) diffs.push(`${where}: ${g.segments.length} rules differ from the ${w.segments.length} wanted`);
  });
  return diffs.slice(0, 20);
}

const pdfs = (await collectFiles([FIXTURES])).filter((f) => f.toLowerCase().endsWith(".pdf"));

describe("one pass of pdf.js reads what two did", () => {
  it("finds PDFs of several producers under fixtures/", () => {
    const producers = new Set(pdfs.map((f) => /\/Producer\s*\(([^)]*)\)/.exec(readFileSync(f, "latin1"))?.[1]?.split(/[\s/]/)[0]).filter(Boolean));
    expect(pdfs.length).toBeGreaterThan(20);
    // LibreOffice (Calc and Writer), ReportLab, Skia (Chromium)
    expect(producers.size).toBeGreaterThanOrEqual(3);
  });

  for (const file of pdfs) {
    const rel = file.slice(FIXTURES.length + 1);
    it(`reads the runs and rules of every page of ${rel}`, async () => {
      const bytes = readFileSync(file);
      let want: Omit<PageGeometry, "images">[];
      try {
        want = await referencePages(bytes);
      } catch {
        // a PDF pdf.js cannot open (encrypted) fails the same way in the parser
        await expect(singlePass(bytes)).rejects.toThrow();
        return;
      }
      const got = await singlePass(bytes);
      expect(differences(got, want)).toEqual([]);
    });
  }

  it("reads text set with spacing, scaling, rise, TJ adjustments, rotations, forms and marked content as getTextContent does", async () => {
    const bytes = await textOperatorsPdf();
    const got = await singlePass(bytes);
    expect(differences(got, await referencePages(bytes))).toEqual([]);
    const texts = got.map((g) => g.runs.map((r) => r.str));
    // a kerning adjustment joins, a wide gap splits, a TJ gap a space wide is a space
    expect(texts[0]).toContain("Kerned text gap");
    expect(texts[0]).toContain("column");
    expect(texts[0].join(" ")).toContain("Letters spaced out by Tc");
    expect(texts[1].join(" ")).toContain("Rotated by the transform");
    // the forms' text twice, the page's own text, nothing from above the crop box
    expect(texts[2].filter((t) => t.includes("Plain text at ten points"))).toHaveLength(2);
    expect(texts[2].join(" ")).toContain("Text beside the forms");
    expect(texts[2].join(" ")).not.toContain("Above the crop box");
    expect(texts[3]).toEqual(["A page with /Rotate 90", "and a second line"]);
  });

  it("reads the shortest decimal back from pdf.js's 32-bit matrices", () => {
    for (const v of [0.1, 56.693, 841.89, -0.24, 10.66, 1e-3, 595.276]) expect(fromFloat32(Math.fround(v))).toBe(v);
    expect(fromFloat32(3)).toBe(3);
  });
});

describe("images", () => {
  it("are not decoded, and a PDF of images is still told from one without text", async () => {
    const bytes = await imageOnlyPdf(2);
    const before = Buffer.from(bytes);
    const { pdfjs, doc } = await openPdf(bytes);
    try {
      expect((await readPage(pdfjs, doc, 1)).images).toBe(0);
    } finally {
      await doc.destroy();
    }
    expect(await paintsImages(bytes)).toBe(true);
    // OCR off: the pages are told as images without reading them (test/ocr.test.ts reads scans)
    await expect(readWith(await parserNamed("pdf"), { path: "scan.pdf", bytes, ocr: { off: true } })).rejects.toThrow(/^scanned: no text layer \(the pages are images, and OCR is off/);
    // pdf.js read the caller's own bytes, four times, without a copy: they are still there, unchanged
    expect(bytes.equals(before)).toBe(true);
    expect(await paintsImages(readFileSync(join(FIXTURES, "bad", "scanned.pdf")))).toBe(false);
  });
});

describe("a long document", () => {
  // gc() of this isolate, to read what stays allocated
  v8.setFlagsFromString("--expose_gc");
  const gc = vm.runInNewContext("gc") as () => void;
  const used = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };

  it("is read in memory that does not grow with its pages, whose fonts are all its own", async () => {
    // 400 pages of a two-page charter, every page with its own fonts: pdf.js keeps each
    // font it loads for the document's life unless its caches are dropped (about 150 KB
    // a page here: 40 MB over the last 280 pages)
    const bytes = await longPdf(readFileSync(join(FIXTURES, "corpus", "c03-cliclavoro-2020", "charter.pdf")), 400);
    const early: number[] = [];
    const late: number[] = [];
    let pagesWithText = 0;
    for await (const g of readPages(bytes)) {
      pagesWithText += g.runs.length ? 1 : 0;
      if (g.page % 10 === 0 && g.page >= 40 && g.page <= 120) early.push(used());
      if (g.page % 10 === 0 && g.page > 300) late.push(used());
    }
    expect(pagesWithText).toBe(400);
    const growth = Math.max(...late) - Math.max(...early);
    expect(growth / 1048576).toBeLessThan(16);
    expect(FONTS_KEPT).toBeLessThan(400);
  }, 60_000);
});

describe("loading pdf.js for reading only", () => {
  it("answers @napi-rs/canvas with stand-ins instead of loading the native module", async () => {
    await loadPdfJs();
    const require = createRequire(import.meta.resolve("pdfjs-dist/legacy/build/pdf.mjs"));
    const canvas = require.cache[require.resolve("@napi-rs/canvas")]?.exports as { DOMMatrix: { name: string } };
    expect(canvas.DOMMatrix.name).toBe("DOMMatrixStandIn");
    expect(new (globalThis as unknown as { DOMMatrix: new () => { a: number; d: number } }).DOMMatrix()).toMatchObject({ a: 1, d: 1 });
    expect(process.report.getReport() as { sharedObjects: string[] }).toSatisfy((r: { sharedObjects: string[] }) => !r.sharedObjects.some((p) => /napi-rs|skia/i.test(p)));
  });

  it("encodes base64 natively where core-js added toBase64, with the same output", async () => {
    await loadPdfJs();
    type B64 = Uint8Array & { toBase64(o?: { alphabet?: string; omitPadding?: boolean }): string };
    let seed = 7;
    const bytes = new Uint8Array(1000).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
    for (const [from, to] of [[0, 1000], [3, 10], [1, 2], [5, 5], [17, 999]]) {
      const part = bytes.subarray(from, to) as B64;
      expect(part.toBase64()).toBe(Buffer.from(part).toString("base64"));
      expect(part.toBase64({ alphabet: "base64url", omitPadding: true })).toBe(Buffer.from(part).toString("base64url"));
    }
  });

  it("posts messages between pdf.js's two sides without cloning what neither changes", async () => {
    class Glyph {
      constructor(readonly unicode: string) {}
    }
    const glyph = new Glyph("a");
    const path = new Float32Array([1, 2]);
    const chunk = { fnArray: [1, 2], argsArray: [[[glyph, -200]], [2, [path], null]], nested: Object.assign(Object.create(null), { k: [1] }) };
    const port = new SharingPort();
    const got: unknown[] = [];
    port.addEventListener("message", (e) => got.push(e.data));
    port.postMessage(chunk);
    port.postMessage("second");
    // pdf.js empties an operator list's arrays once posted: what was posted is kept
    chunk.fnArray.length = 0;
    chunk.argsArray.length = 0;
    expect(got).toEqual([]); // delivered later, in order
    await Promise.resolve();
    expect(got[1]).toBe("second");
    const c = got[0] as { fnArray: number[]; argsArray: unknown[][]; nested: object };
    expect(c.fnArray).toEqual([1, 2]);
    expect((c.argsArray[0][0] as unknown[])[0]).toBe(glyph); // shared, not copied
    expect((c.argsArray[1][1] as unknown[])[0]).toBe(path);
    expect(Object.getPrototypeOf(c.nested)).toBeNull();
    expect(c.nested).not.toBe(chunk.nested);
    expect(copyPlain([{ a: [1, { b: 2 }] }])).toEqual([{ a: [1, { b: 2 }] }]);
  });

  it("copies an operator list's chunk to the depth pdf.js changes it: its arrays, not each operator's arguments", async () => {
    const args = [["g1", "g2"], 12];
    const message = { sourceName: "worker", stream: 4, streamId: 1, chunk: { fnArray: [44], argsArray: [args], lastChunk: false, separateAnnots: { form: false }, length: 1 } };
    const port = new SharingPort();
    const got: (typeof message)[] = [];
    port.addEventListener("message", (e) => got.push(e.data as typeof message));
    port.postMessage(message);
    message.chunk.fnArray.length = 0; // as OperatorList.flush() does once it has posted them
    message.chunk.argsArray.length = 0;
    message.chunk.separateAnnots.form = true;
    await Promise.resolve();
    const c = got[0].chunk;
    expect(c.fnArray).toEqual([44]);
    expect(c.argsArray[0]).toBe(args); // listed, never changed after: shared
    expect(c.separateAnnots).toEqual({ form: false });
    expect({ ...got[0], chunk: null }).toEqual({ ...message, chunk: null });
  });
});
