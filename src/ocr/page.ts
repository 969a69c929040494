/**
 * One scanned page read by OCR into the geometry the PDF page reader reads (pdf/geometry.ts:
 * text runs and rule segments in points, top-left origin), so that the same table, block
 * and template reading applies to it: one reader, two sources of words.
 *
 *   resolution  a page scanned finer than 400 dpi is read at about 300 (the engine's best)
 *   turn        a page whose text runs up or down it is turned by 90° (deskew.ts)
 *   skew        the angle of its lines is measured and the page turned back (deskew.ts)
 *   rules       long thin dark runs become rule segments, and are whited out (rules.ts)
 *   words       the engine reads the page (engine.ts); where it reads little, or with low
 *               confidence, the page turned by 180° is read too and the better kept
 *   cells       a ruled table's cells left empty though they hold ink are read one by one (cells.ts)
 *   signs       "≥" and "≤", which the engine's model cannot read, told from their pixels (signs.ts)
 *
 * Each word becomes a text run with its confidence; rows are given the confidence of the
 * words inside them (scanned.ts).
 */
import type { PageGeometry, Segment, TextRun } from "../pdf/geometry.js";
import { readCells } from "./cells.js";
import { recognize, type OcrWord } from "./engine.js";
import { inkOf, runsVertically, skewOf } from "./deskew.js";
import { otsu, rotateSmall, shrink, turn, type GrayImage } from "./image.js";
import { findRules, withoutRuleMarks, withoutRules, type PixelRule } from "./rules.js";
import { restoreSigns } from "./signs.js";

/** A text run read by OCR, with the engine's confidence in it (0..1). */
export interface OcrRun extends TextRun {
  conf: number;
}

/** A page read by OCR: its geometry (runs are OcrRuns) and how it was straightened. */
export interface OcrPage extends PageGeometry {
  runs: OcrRun[];
  /** Degrees the page image was turned clockwise to read it (0, 90, 180, 270). */
  turned: number;
  /** Degrees of skew measured and taken out. */
  skew: number;
  /** Mean confidence of its words, 0..1 (0 without words). */
  confidence: number;
}

/** Resolution the engine reads best at; finer scans are brought down to about it. */
const READ_DPI = 300;
/**
 * A skew whose drift across the page's width is under this (points) is left as it is:
 * turning the page resamples every pixel, which blurs small print more than the engine
 * minds so slight a slant (a clean scan measured at 0.02° lost a column of a sheet's
 * small values to the resampling).
 */
const NEGLIGIBLE_DRIFT_PT = 1;
/** A page read with a mean word confidence under this is tried upside down too. */
const TRY_TURNED_UNDER = 0.7;

/** A word read at this confidence or more, of two letters or digits running, counts as read (readingWorth). */
const CONFIDENT = 0.8;

/**
 * How much of a page a reading has read: the letters and digits of its words read with
 * confidence (CONFIDENT or more). A page read the wrong way up gives the engine's guesses,
 * as many "words" as upright or more but nearly none of them confident (sheet scans of
 * this project: 0-10 confident words upside down, 100-240 upright); a page read the right
 * way has most of its words so, even a noisy one. The mean confidence times the number of
 * words, as before, let a wrong reading's many fragments outweigh a noisy upright page.
 */
export function readingWorth(words: OcrWord[]): number {
  let n = 0;
  for (const w of words) if (w.conf >= CONFIDENT && /[\p{L}\p{N}]{2}/u.test(w.text)) n += w.text.replace(/[^\p{L}\p{N}]/gu, "").length;
  return n;
}

const meanConf = (words: OcrWord[]) => (words.length ? words.reduce((s, w) => s + w.conf, 0) / words.length : 0);

/** The page's rules turned with the image by 180°. */
function turnRules(rules: PixelRule[], w: number, h: number): PixelRule[] {
  return rules.map((r) => (r.dir === "h" ? { ...r, pos: h - 1 - r.pos, a: w - 1 - r.b, b: w - 1 - r.a } : { ...r, pos: w - 1 - r.pos, a: h - 1 - r.b, b: h - 1 - r.a }));
}

/**
 * The words of a straightened page with its rules whited out (`clean`): the page read as a
 * whole, then each table cell with ink read on its own (cells.ts).
 * Where the page reads with low confidence it is read upside down too and the better
 * reading kept (`upsideDown`, with the image and rules turned).
 */
async function readText(clean: GrayImage, rules: PixelRule[], dpi: number, threshold: number): Promise<{ words: OcrWord[]; clean: GrayImage; rules: PixelRule[]; upsideDown: boolean }> {
  let words = await recognize(clean, dpi);
  let upsideDown = false;
  if (meanConf(words) < TRY_TURNED_UNDER) {
    const upside = turn(clean, 180);
    const other = await recognize(upside, dpi);
    if (readingWorth(other) > readingWorth(words)) {
      words = other;
      clean = upside;
      rules = turnRules(rules, clean.width, clean.height);
      upsideDown = true;
    }
  }
  const read = withoutRuleMarks(await readCells(clean, dpi, rules, words, threshold), rules, dpi);
  return { words: restoreSigns(clean, read, threshold), clean, rules, upsideDown };
}

/**
 * Read a page image. `ptPerPx`: the size of a pixel in points (from the PDF page the image
 * fills, or the image's resolution); `page`: its 1-based number.
 */
export async function ocrPage(source: GrayImage, page: number, ptPerPx: number): Promise<OcrPage> {
  let img = source;
  let scale = ptPerPx;
  const dpi0 = 72 / ptPerPx;
  const k = Math.floor(dpi0 / READ_DPI + 0.25);
  if (dpi0 > 400 && k > 1) {
    img = shrink(img, k);
    scale *= k;
  }
  const dpi = 72 / scale;
  img = { ...img, dpi };
  let turned = 0;
  let ink = inkOf(img);
  if (runsVertically(ink)) {
    img = turn(img, 90);
    turned = 90;
    ink = inkOf(img);
  }
  const measured = skewOf(ink);
  const skew = Math.abs(Math.tan(measured)) * img.width * scale < NEGLIGIBLE_DRIFT_PT ? 0 : measured;
  img = rotateSmall(img, -skew);
  const threshold = otsu(img);
  const rules = findRules(img, dpi, threshold);
  const read = await readText(withoutRules(img, rules, threshold, dpi), rules, dpi, threshold);
  if (read.upsideDown) turned = (turned + 180) % 360;
  const { clean, words } = read;
  const segments = read.rules.map((r): Segment => ({ dir: r.dir, pos: r.pos * scale, a: r.a * scale, b: r.b * scale }));
  return {
    page,
    width: clean.width * scale,
    height: clean.height * scale,
    runs: words.map((w) => runOf(w, scale)),
    segments,
    images: 1,
    turned,
    skew: Math.round(((skew * 180) / Math.PI) * 100) / 100,
    confidence: meanConf(words),
  };
}

/** A word as a text run in points, its em box from its line's baseline and height (as geometry.ts's textRuns builds them). */
function runOf(w: OcrWord, scale: number): OcrRun {
  const size = Math.max(1, w.lineHeight * scale);
  const baseline = w.baseline * scale;
  // each word ends on a space: the engine has told the words apart, the line reader need not guess from the gap
  return { str: `${w.text} `, x0: w.x0 * scale, x1: w.x1 * scale, top: baseline - size * 0.8, bottom: baseline + size * 0.2, baseline, size, conf: w.conf };
}
