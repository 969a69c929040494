/**
 * Reading a PDF with pdf.js: opening the document (or a ParseError saying why not) and
 * each page's geometry (its size, text runs, rules and image count) in viewport space.
 */
import { ParseError } from "../parsers/types.js";
import { horizontalShare, ruleSegments, textRuns, type Matrix, type PageGeometry } from "./geometry.js";
import { loadPdfJs, type PdfJs } from "./pdfjs.js";

type PdfDoc = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

/** Open a PDF, or a ParseError saying why not. */
export async function openPdf(bytes: Buffer): Promise<{ pdfjs: PdfJs; doc: PdfDoc }> {
  if (bytes.length === 0) throw new ParseError("empty file", "pdf");
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
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

/** One page's geometry in viewport space (top-left origin, /Rotate applied). */
export async function readPage(pdfjs: PdfJs, doc: PdfDoc, n: number): Promise<PageGeometry> {
  const page = await doc.getPage(n);
  try {
    const tc = await page.getTextContent();
    const ol = await page.getOperatorList();
    // the page's /Rotate, unless the text reads better another way (pages printed sideways)
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
    const OPS = pdfjs.OPS as unknown as Parameters<typeof ruleSegments>[2];
    const images = ol.fnArray.filter((f) => f === pdfjs.OPS.paintImageXObject || f === pdfjs.OPS.paintInlineImageXObject || f === pdfjs.OPS.paintImageMaskXObject).length;
    return {
      page: n,
      width: viewport.width,
      height: viewport.height,
      runs: textRuns(tc.items, vt),
      segments: ruleSegments(ol.fnArray, ol.argsArray as unknown[][], OPS, vt),
      images,
    };
  } finally {
    page.cleanup();
  }
}
