/**
 * Scanned pages into the PDF page reader's rows: each page image read by OCR (page.ts)
 * and laid out by the same page reader as a text layer's page (pdf/page-rows.ts), each row
 * given the confidence of the words it holds. Pages are read one at a time, the next
 * page's image decoded only once the one before is laid out.
 */
import { ParseError } from "../model/errors.js";
import type { OcrControl } from "../parsers/types.js";
import type { PageRow } from "../pdf/lines.js";
import { pageRows, type PageCarry } from "../pdf/page-rows.js";
import { imagePages } from "./decode.js";
import { ocrPage, type OcrPage, type OcrRun } from "./page.js";
import { pageImages } from "./pdf-pages.js";

/** Words below this confidence count as not read: a page with none above it has no text. */
const READ_WORD = 0.5;

/** The confidence of the words whose middle lies in a row's box, weighted by their length; undefined for a row without words. */
function rowConfidence(row: PageRow, runs: OcrRun[]): number | undefined {
  const [x0, y0, x1, y1] = row.bbox;
  let sum = 0;
  let n = 0;
  for (const r of runs) {
    const cx = (r.x0 + r.x1) / 2;
    const cy = (r.top + r.bottom) / 2;
    if (cx < x0 - 1 || cx > x1 + 1 || cy < y0 - 1 || cy > y1 + 1) continue;
    sum += r.conf * r.str.length;
    n += r.str.length;
  }
  return n ? Math.round((sum / n) * 1000) / 1000 : undefined;
}

/** A page read by OCR as the page reader's rows, each with its words' confidence. */
export function ocrRows(g: OcrPage, state: PageCarry): PageRow[] {
  return pageRows(g, state).map((row) => {
    const ocr = rowConfidence(row, g.runs);
    return ocr === undefined ? row : { ...row, ocr };
  });
}

/** Whether the engine read anything on the page (a blank scan gives none, or only specks read with no confidence). */
const hasText = (g: OcrPage) => g.runs.some((r) => r.conf >= READ_WORD && /[\p{L}\p{N}]{2}/u.test(r.str));

/** Pages read by OCR, as rows; `ctl.pages` counts each page as it starts. */
async function rowsOfPages(images: AsyncIterable<{ page: number; image: Parameters<typeof ocrPage>[0] | null; ptPerPx: number }>, ctl: OcrControl | undefined): Promise<{ page: number; rows: PageRow[] }[]> {
  const out: { page: number; rows: PageRow[] }[] = [];
  const state: PageCarry = { carry: null };
  for await (const { page, image, ptPerPx } of images) {
    if (!image) continue;
    if (ctl) {
      ctl.pages = (ctl.pages ?? 0) + 1;
      ctl.onPage?.(ctl.pages);
    }
    const g = await ocrPage(image, page, ptPerPx);
    if (hasText(g)) out.push({ page, rows: ocrRows(g, state) });
  }
  return out;
}

/** The rows of a PDF's pages that have no text, read by OCR from their images (pages without an image or text left out). */
export async function scannedPdfRows(bytes: Buffer, pages: number[], ctl: OcrControl | undefined): Promise<{ page: number; rows: PageRow[] }[]> {
  async function* images() {
    for await (const { page, painted } of pageImages(bytes, pages)) yield { page, image: painted?.image ?? null, ptPerPx: painted?.ptPerPx ?? 1 };
  }
  return rowsOfPages(images(), ctl);
}

/** A page's pixel size in points: from its resolution, or (unknown) as if the page were A4, across its longer side. */
function ptPerPxOf(img: { width: number; height: number; dpi: number | null }): number {
  if (img.dpi && img.dpi >= 50 && img.dpi <= 2400) return 72 / img.dpi;
  return 842 / Math.max(img.width, img.height);
}

/** The rows of an image file's pages read by OCR; a ParseError where no page has text. */
export async function scannedImageRows(bytes: Buffer, ctl: OcrControl | undefined): Promise<{ page: number; rows: PageRow[] }[]> {
  let n = 0;
  async function* images() {
    for (const image of imagePages(bytes)) yield { page: ++n, image, ptPerPx: ptPerPxOf(image) };
  }
  const rows = await rowsOfPages(images(), ctl);
  if (!rows.length) throw new ParseError(`scanned: OCR found no text on its ${n === 1 ? "page" : `${n} pages`} (a blank or unreadable scan)`, "image");
  return rows;
}
