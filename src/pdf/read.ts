/**
 * Reading a PDF with pdf.js: opening the document (or a ParseError saying why not) and
 * each page's geometry (its size, text runs, rules and image count) in viewport space.
 */
import { ParseError } from "../model/errors.js";
import { horizontalShare, ruleSegments, textRuns, type Matrix, type PageGeometry } from "./geometry.js";
import { loadPdfJs, loadPdfWorker, type PdfJs } from "./pdfjs.js";
import { textItems } from "./text.js";
import type { FontInfo } from "./text-state.js";

export type PdfDoc = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;
export type PdfPage = Awaited<ReturnType<PdfDoc["getPage"]>>;

/**
 * Where pdf.js loads a document's fonts, for a document nobody renders. With
 * `disableFontFace` (pdf.js's default in Node, where there is no document to load fonts
 * into), pdf.js compiles the outline of every glyph shown into a path and posts each one
 * for a canvas to draw; the parser reads glyphs' codes and widths only. Given a document,
 * pdf.js instead hands each font over once as a @font-face rule, which this one takes
 * and drops. The text, widths and positions pdf.js reports are the same either way.
 */
const FONT_SINK = {
  createElement: () => ({ sheet: { cssRules: { length: 0 }, insertRule: () => 0 }, remove: () => undefined }),
  documentElement: { getElementsByTagName: () => [{ append: () => undefined }] },
};

/**
 * Open a PDF, or a ParseError saying why not. Images are not decoded unless `images`
 * is set (the parser reads text and rules; decoding a page-sized scan costs more than
 * the rest of the page): their paint operators are then left out of the operator list.
 * `maxPixels` leaves out images larger than that (pdf.js does not decode them).
 */
export async function openPdf(bytes: Buffer, { images = false, maxPixels = -1 } = {}): Promise<{ pdfjs: PdfJs; doc: PdfDoc }> {
  if (bytes.length === 0) throw new ParseError("empty file", "pdf");
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    worker: await loadPdfWorker(),
    // The file's own bytes, not a copy (a 2,000-page PDF is tens of MB): pdf.js takes a view
    // that spans its whole buffer as it is (else it copies it) and only reads it; the port
    // passes it without transferring it (port.ts), so the caller's Buffer stays usable.
    data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: false,
    ownerDocument: FONT_SINK as unknown as Document,
    useSystemFonts: false,
    stopAtErrors: false,
    maxImageSize: images ? maxPixels : 0,
  });
  try {
    return { pdfjs, doc: await task.promise };
  } catch (e) {
    await task.destroy().catch(() => undefined);
    const name = (e as Error)?.name ?? "";
    const msg = (e as Error)?.message ?? String(e);
    if (name === "PasswordException") throw new ParseError("encrypted: the PDF needs a password", "pdf");
    const truncated = !bytes.subarray(Math.max(0, bytes.length - 2048)).includes("%%EOF");
    throw new ParseError(`${truncated ? "corrupt or truncated file" : "corrupt file"}: unreadable PDF (${msg})`, "pdf");
  }
}

/** The operators that paint images, as pdf.js lists them (alone, grouped or repeated). */
const IMAGE_OPS = ["paintImageXObject", "paintImageXObjectRepeat", "paintInlineImageXObject", "paintInlineImageXObjectGroup", "paintImageMaskXObject", "paintImageMaskXObjectGroup", "paintImageMaskXObjectRepeat", "paintSolidColorImageMask"] as const;

/** The fonts a page's operator list sets, by the name pdf.js loaded each under. */
async function pageFonts(page: PdfPage, fnArray: number[], argsArray: unknown[][], OPS: PdfJs["OPS"]): Promise<Map<string, FontInfo>> {
  const names = new Set<string>();
  for (let i = 0; i < fnArray.length; i++) {
    if (fnArray[i] === OPS.setFont) names.add((argsArray[i] as [string])[0]);
    else if (fnArray[i] === OPS.setGState) for (const [k, v] of argsArray[i][0] as [string, unknown][]) if (k === "Font") names.add((v as [string])[0]);
  }
  const fonts = new Map<string, FontInfo>();
  for (const name of names) {
    // resolved before the operator list that uses it, in all but odd orderings of pdf.js's messages
    const font: unknown = page.commonObjs.has(name) ? page.commonObjs.get(name) : await new Promise((resolve) => page.commonObjs.get(name, resolve));
    if (font && typeof font === "object") fonts.set(name, font as FontInfo);
  }
  return fonts;
}

/**
 * One page's geometry in viewport space (top-left origin, /Rotate applied), from one pass
 * of pdf.js over it; the names of the fonts it uses are added to `fontsUsed`.
 */
export async function readPage(pdfjs: PdfJs, doc: PdfDoc, n: number, fontsUsed?: Set<string>): Promise<PageGeometry> {
  const page = await doc.getPage(n);
  try {
    // annotations (form fields, stamps) are not part of the printed charter
    const ol = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
    const argsArray = ol.argsArray as unknown[][];
    const fonts = await pageFonts(page, ol.fnArray, argsArray, pdfjs.OPS);
    for (const name of fonts.keys()) fontsUsed?.add(name);
    const items = textItems(ol.fnArray, argsArray, pdfjs.OPS, (name) => fonts.get(name), page.view, pdfjs.normalizeUnicode);
    // the page's /Rotate, unless the text reads better another way (pages printed sideways)
    let viewport = page.getViewport({ scale: 1 });
    if (horizontalShare(items, viewport.transform as Matrix) < 0.5) {
      for (const extra of [90, 180, 270]) {
        const v = page.getViewport({ scale: 1, rotation: (page.rotate + extra) % 360 });
        if (horizontalShare(items, v.transform as Matrix) >= 0.5) {
          viewport = v;
          break;
        }
      }
    }
    const vt = viewport.transform as Matrix;
    const OPS = pdfjs.OPS as unknown as Parameters<typeof ruleSegments>[2];
    const paints = new Set<number>(IMAGE_OPS.map((name) => pdfjs.OPS[name]));
    const images = ol.fnArray.filter((f) => paints.has(f)).length;
    return {
      page: n,
      width: viewport.width,
      height: viewport.height,
      runs: textRuns(items, vt),
      segments: ruleSegments(ol.fnArray, argsArray, OPS, vt),
      images,
    };
  } finally {
    page.cleanup();
  }
}

/**
 * Whether a page of the PDF paints an image: read again with images decoded, up to the
 * first page that has one (for a PDF without text, to tell a scan from an empty file).
 */
export async function paintsImages(bytes: Buffer): Promise<boolean> {
  const { pdfjs, doc } = await openPdf(bytes, { images: true });
  try {
    for (let n = 1; n <= doc.numPages; n++) if ((await readPage(pdfjs, doc, n)).images > 0) return true;
    return false;
  } finally {
    await doc.destroy();
  }
}

/** Fonts pdf.js may load for a document before what it keeps of the document is dropped. */
export const FONTS_KEPT = 64;

/**
 * The geometry of every page of a PDF, page by page, or a ParseError saying why not.
 * pdf.js keeps every font it loads (the font program, its glyph tables) for the life of
 * the document: a long document whose pages each embed their own fonts would take memory
 * in proportion to its pages. Once FONTS_KEPT fonts have been loaded, what pdf.js keeps
 * is dropped (doc.cleanup(), between two pages) and the next pages load theirs again; a
 * document whose pages share their fonts never gets there.
 */
export async function* readPages(bytes: Buffer): AsyncGenerator<PageGeometry> {
  const { pdfjs, doc } = await openPdf(bytes);
  const fonts = new Set<string>();
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      if (fonts.size >= FONTS_KEPT) {
        await doc.cleanup();
        fonts.clear();
      }
      let g: PageGeometry;
      try {
        g = await readPage(pdfjs, doc, n, fonts);
      } catch (e) {
        throw new ParseError(`corrupt or truncated file: page ${n} unreadable (${(e as Error)?.message ?? String(e)})`, "pdf");
      }
      yield g;
    }
  } finally {
    await doc.destroy();
  }
}
