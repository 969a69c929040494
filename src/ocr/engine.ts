/**
 * The OCR engine: Tesseract 5's LSTM recognizer compiled to WebAssembly (tesseract.js and
 * tesseract.js-core, Apache-2.0), with the Italian model of the npm package
 * @tesseract.js-data/ita (`4.0.0_best_int`: tessdata_best's LSTM model in integer form,
 * Apache-2.0 as tessdata is). Both come with `npm install`: the model is read from
 * node_modules (`langPath`, no cache, `cacheMethod: "none"`), nothing is fetched or written.
 * Why this engine and not the system's `tesseract`: docs/ocr.md.
 *
 * One engine per thread, started on the first page to read (about 1.5 s: the model is
 * loaded into the engine's own worker thread) and kept for the next pages and files;
 * closeOcr() ends it (the import's parser workers end with it).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ParseError } from "../model/errors.js";
import { toPgm, type GrayImage } from "./image.js";

/** A word the engine read, in the pixels of the image it was given. */
export interface OcrWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** The engine's confidence in the word, 0..1. */
  conf: number;
  /** The word's line: its baseline under the word and its height (about the font's size), in pixels. */
  baseline: number;
  lineHeight: number;
}

/** What tesseract.js's recognize() gives back (its `blocks` output), as far as it is read here. */
export interface TjsBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
export interface TjsLine {
  bbox: TjsBox;
  baseline: TjsBox;
  rowAttributes?: { rowHeight: number };
  words: { text: string; confidence: number; bbox: TjsBox }[];
}
interface TjsBlock {
  paragraphs: { lines: TjsLine[] }[];
}
interface TjsWorker {
  recognize(image: Buffer, options: object, output: object): Promise<{ data: { blocks: TjsBlock[] | null } }>;
  setParameters(p: Record<string, string>): Promise<unknown>;
  terminate(): Promise<unknown>;
}

/** The model's folder in node_modules. */
export function modelPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@tesseract.js-data/ita/package.json")), "4.0.0_best_int");
}

let engine: Promise<TjsWorker> | null = null;

async function startEngine(): Promise<TjsWorker> {
  const require = createRequire(import.meta.url);
  const { createWorker } = require("tesseract.js") as { createWorker: (lang: string, oem: number, options: object, config: object) => Promise<TjsWorker> };
  try {
    // OEM 1: the LSTM recognizer only (the WebAssembly build without the legacy engine)
    // the engine's own messages ("Detected 106 diacritics") go nowhere: the import's stdout is its log
    return await createWorker("ita", 1, { langPath: modelPath(), cacheMethod: "none", gzip: true }, { debug_file: "/dev/null" });
  } catch (e) {
    throw new ParseError(`OCR engine could not start (${(e as Error)?.message ?? String(e)})`, "ocr");
  }
}

/** The thread's engine, started on first use. */
function theEngine(): Promise<TjsWorker> {
  engine ??= startEngine().catch((e: unknown) => {
    engine = null;
    throw e;
  });
  return engine;
}

/** End the thread's engine (its worker thread and memory), if it was started. */
export async function closeOcr(): Promise<void> {
  const e = engine;
  engine = null;
  if (e) await (await e.catch(() => null))?.terminate();
}

/**
 * Tesseract's page segmentation: 3 (automatic) finds blocks and lines by itself; the
 * table's rules are taken out of the image first (rules.ts), so that cells read as text.
 */
const PAGE_SEGMENTATION = "3";

/** A word whose box's middle is farther than this (in line heights) from its line's middle is laid on its own (a descender's is nearer). */
const OFF_LINE = 0.4;
/** How far a word's box may reach above its line's box and below it (a descender), in line heights. */
const ABOVE_LINE = 0.25;
const BELOW_LINE = 0.35;

/**
 * A line's words with their boxes mended. The LSTM recognizer's word boxes are rough: a
 * word's box may run on over the next words of its line ("Apertura" to the middle of
 * "al"), and a short word's may be half as tall again as its line, reaching into the
 * lines above and below (a noisy 200 dpi scan's "dello", "su"). A word on its line ends
 * where the next one begins and stays within the line's band; a word whose middle lies
 * off the line (the engine may take two lines of neighbouring cells for one) keeps its
 * box and is laid on its own baseline.
 */
export function lineWords(l: TjsLine): OcrWord[] {
  const lineHeight = l.rowAttributes?.rowHeight ?? l.bbox.y1 - l.bbox.y0;
  const { x0: bx0, y0: by0, x1: bx1, y1: by1 } = l.baseline;
  const slope = bx1 > bx0 ? (by1 - by0) / (bx1 - bx0) : 0;
  const words = l.words.map((wd) => ({ ...wd, text: wd.text.trim() })).filter((wd) => wd.text);
  return words.map((wd, i) => {
    const cx = (wd.bbox.x0 + wd.bbox.x1) / 2;
    const onLine = by0 + slope * (cx - bx0);
    const middle = onLine - (l.bbox.y1 - l.bbox.y0) / 2;
    const off = Math.abs((wd.bbox.y0 + wd.bbox.y1) / 2 - middle) > OFF_LINE * lineHeight;
    if (off) return { text: wd.text, ...wd.bbox, conf: wd.confidence / 100, baseline: wd.bbox.y1, lineHeight: wd.bbox.y1 - wd.bbox.y0 };
    const next = words.slice(i + 1).find((n) => n.bbox.x0 > wd.bbox.x0);
    const x1 = next && next.bbox.x0 < wd.bbox.x1 ? Math.max(wd.bbox.x0 + 1, next.bbox.x0 - 1) : wd.bbox.x1;
    const y0 = Math.max(wd.bbox.y0, l.bbox.y0 - ABOVE_LINE * lineHeight);
    const y1 = Math.max(y0 + 1, Math.min(wd.bbox.y1, onLine + BELOW_LINE * lineHeight));
    return { text: wd.text, x0: wd.bbox.x0, y0, x1, y1, conf: wd.confidence / 100, baseline: onLine, lineHeight };
  });
}

/**
 * The words of a greyscale page image at its resolution (dpi), with their boxes and
 * confidences; `psm` the page segmentation (default PAGE_SEGMENTATION; "6" reads the image
 * as one block of text, as a table cell is).
 */
export async function recognize(img: GrayImage, dpi: number, psm = PAGE_SEGMENTATION): Promise<OcrWord[]> {
  const w = await theEngine();
  await w.setParameters({ tessedit_pageseg_mode: psm, user_defined_dpi: String(Math.round(dpi)) });
  const { data } = await w.recognize(toPgm(img), {}, { blocks: true, text: false });
  const words: OcrWord[] = [];
  for (const b of data.blocks ?? []) for (const p of b.paragraphs) for (const l of p.lines) words.push(...lineWords(l));
  return words;
}
