/**
 * The images of a scanned PDF's pages: the PDF is opened again with its images decoded
 * (pdf.js decodes Flate, DCT/JPEG, CCITT, JBIG2 and JPX itself, up to MAX_PIXELS an
 * image), and each page's largest image is taken with where it is painted: turned
 * upright as the page is seen (its /Rotate and the matrix it is painted under), and the
 * size of its pixels in points. Pages are read one at a time; what pdf.js keeps of a page
 * is released after it.
 */
import { apply, multiply, type Matrix } from "../pdf/geometry.js";
import { openPdf, type PdfPage } from "../pdf/read.js";
import type { PdfJs } from "../pdf/pdfjs.js";
import { grayFrom, grayFromBits, MAX_PIXELS, turn, type GrayImage } from "./image.js";

/** A page image as painted: upright as the page is seen, and its pixels' size in points. */
export interface PaintedImage {
  image: GrayImage;
  ptPerPx: number;
}

/** What pdf.js gives for a decoded image (ImageKind: 1 one bit a pixel, 2 RGB, 3 RGBA). */
interface PdfImageData {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/** An image object of the page, once pdf.js has it. */
function imageObject(page: PdfPage, id: string): Promise<PdfImageData | null> {
  const objs = id.startsWith("g_") ? page.commonObjs : page.objs;
  return new Promise((resolve) => {
    if (objs.has(id)) resolve(objs.get(id) as PdfImageData);
    else objs.get(id, (o: unknown) => resolve(o as PdfImageData));
  });
}

/** A decoded image as greyscale (a mask's set bits are its ink). */
function grayOf(d: PdfImageData, mask: boolean): GrayImage | null {
  if (!d?.data || !(d.width > 0 && d.height > 0)) return null;
  if (mask || d.kind === 1) return grayFromBits(d.data, d.width, d.height, !mask, null);
  const channels = d.kind === 3 ? 4 : 3;
  if (d.data.length < d.width * d.height * channels) return null;
  return grayFrom(d.data, d.width, d.height, channels, null);
}

interface Painted {
  id: string | null;
  inline: PdfImageData | null;
  mask: boolean;
  matrix: Matrix;
  area: number;
}

/** The image painted largest on the page, with the matrix (image space to viewport) it is painted under. */
function largestImage(fnArray: number[], argsArray: unknown[][], OPS: PdfJs["OPS"], viewport: Matrix): Painted | null {
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let best: Painted | null = null;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, Array.from(args as ArrayLike<number>) as Matrix);
    else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject) {
      const m = multiply(viewport, ctm);
      const area = Math.abs(m[0] * m[3] - m[1] * m[2]);
      if (best && area <= best.area) continue;
      const inline = fn === OPS.paintImageXObject ? null : (args[0] as PdfImageData);
      const id = fn === OPS.paintImageXObject ? (args[0] as string) : null;
      best = { id, inline, mask: fn === OPS.paintImageMaskXObject, matrix: m, area };
    }
  }
  return best;
}

/** The image turned upright as the page shows it: the image's x axis (its first row, left to right) mapped onto the page. */
function upright(img: GrayImage, m: Matrix): GrayImage {
  // image space: x along the row, y up (the first row at y = 1); the image's rows run along m's first column
  const [x0, y0] = apply(m, 0, 1);
  const [x1, y1] = apply(m, 1, 1);
  const deg = Math.round((Math.atan2(y1 - y0, x1 - x0) * 180) / Math.PI / 90) * 90;
  return turn(img, (((deg % 360) + 360) % 360) as 0 | 90 | 180 | 270);
}

/** The largest image of each page asked for, in order (null for a page that paints none). */
export async function* pageImages(bytes: Buffer, pages: number[]): AsyncGenerator<{ page: number; painted: PaintedImage | null }> {
  const { pdfjs, doc } = await openPdf(bytes, { images: true, maxPixels: MAX_PIXELS });
  try {
    for (const n of pages) {
      const page = await doc.getPage(n);
      let painted: PaintedImage | null = null;
      try {
        const ol = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
        const viewport = page.getViewport({ scale: 1 }).transform as Matrix;
        const found = largestImage(ol.fnArray, ol.argsArray as unknown[][], pdfjs.OPS, viewport);
        const data = found && (found.inline ?? (found.id ? await imageObject(page, found.id) : null));
        const gray = found && data ? grayOf(data, found.mask) : null;
        if (found && gray) painted = { image: upright(gray, found.matrix), ptPerPx: Math.sqrt(found.area / (gray.width * gray.height)) };
      } finally {
        page.cleanup();
      }
      yield { page: n, painted };
    }
  } finally {
    await doc.destroy();
  }
}
