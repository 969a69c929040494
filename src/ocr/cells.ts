/**
 * The cells of a ruled table that the page's reading left empty though they hold ink,
 * read again one by one. Tesseract's page segmentation drops what it takes for specks: a
 * lone short value in a narrow cell ("5", "98%") of a sheet printed small, most of all on
 * a noisy scan. The table's cells are known from its rules (the lattice reader's own
 * grid: merged cells are one cell), so each empty cell with ink in it is cut out, given a
 * white margin and read as one block of text; its words are laid back where the cell is.
 */
import { findLattices, type Lattice } from "../pdf/lattice.js";
import type { Segment } from "../pdf/geometry.js";
import { recognize, type OcrWord } from "./engine.js";
import { enlarge, type GrayImage } from "./image.js";
import type { PixelRule } from "./rules.js";

/** A cell's box in pixels: x0..x1, y0..y1 (exclusive ends). */
interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Space left out inside a cell's rules (points): what the whiting out of a rule left of it; a cell's text may come close. */
const INSET_PT = 0.5;
/** White margin around a cut-out cell (points): the engine reads a word badly against the image's edge. */
const PAD_PT = 6;
/** Least ink (dark pixels per square point) a cell must hold to be read: a small digit has more, noise less. */
const MIN_INK_PT2 = 1.5;
/** A word of no letter or digit (a dash, "(*)") is kept from a cell only at this confidence: noise reads as such. */
const SURE = 0.7;
/** Height of the smallest letters a line is told by (points): a lower band of ink is a speck or a rule's remains. */
const LETTER_PT = 2.5;
/** Resolution a cell is read at, at least: small print scanned at 200 dpi is enlarged to it. */
const CELL_DPI = 400;
/**
 * A line of ink (ascenders to descenders) lower than this (pixels) is small for the engine:
 * the cell is read enlarged first, to about LINE_PX a line. A sheet printed small (6-8 pt
 * type scaled down to the page's width) and scanned at 200 dpi has lines of 12-18 pixels,
 * where the engine misreads letters it reads whole at twice the size.
 */
const SMALL_LINE_PX = 22;
/**
 * Only a scan coarser than this (dpi) is enlarged first: a 300 dpi scan of the same small
 * type reads as well as it is, and its bilevel (CCITT) form enlarged lost thin strokes ("/").
 */
const COARSE_DPI = 250;
const LINE_PX = 36;
/** The most a cell is enlarged. */
const MAX_SCALE = 4;

/** A word read from a cell at lower confidence than this is left out (noise read as letters). */
const MIN_CONF = 0.45;

/** The ruled tables of a page from its rules in pixels (the lattice reader's, in points). */
function lattices(rules: PixelRule[], ptPerPx: number): Lattice[] {
  return findLattices(rules.map((r): Segment => ({ dir: r.dir, pos: r.pos * ptPerPx, a: r.a * ptPerPx, b: r.b * ptPerPx })));
}

/**
 * The lines of text a box of ink holds: the heights (pixel rows) of its bands of inked rows
 * (two dark pixels or more: a speck is not ink) between blank ones, each at least `least`
 * rows high.
 */
function inkBands(img: GrayImage, b: Box, threshold: number, least: number): number[] {
  const bands: number[] = [];
  let band = 0;
  for (let y = b.y0; y <= b.y1; y++) {
    let dark = 0;
    if (y < b.y1) for (let x = b.x0; x < b.x1 && dark < 2; x++) if (img.data[y * img.width + x] < threshold) dark++;
    if (dark >= 2) band++;
    else {
      if (band >= least) bands.push(band);
      band = 0;
    }
  }
  return bands;
}

/** The merged cells of a lattice (each once, by its top-left fine cell), as boxes in pixels. */
function cellBoxes(lat: Lattice, ptPerPx: number): Box[] {
  const out: Box[] = [];
  lat.span.forEach((row, r) =>
    row.forEach(([r0, c0, r1, c1], c) => {
      if (r0 !== r || c0 !== c) return;
      out.push({ x0: lat.xs[c0] / ptPerPx, y0: lat.ys[r0] / ptPerPx, x1: lat.xs[c1 + 1] / ptPerPx, y1: lat.ys[r1 + 1] / ptPerPx });
    }),
  );
  return out;
}

/** The dark pixels of a box and how far they reach (null without any). */
function inkIn(img: GrayImage, b: Box, threshold: number): { n: number; box: Box } | null {
  let n = 0;
  const box = { x0: b.x1, y0: b.y1, x1: b.x0, y1: b.y0 };
  for (let y = b.y0; y < b.y1; y++) {
    for (let x = b.x0; x < b.x1; x++) {
      if (img.data[y * img.width + x] >= threshold) continue;
      n++;
      box.x0 = Math.min(box.x0, x);
      box.x1 = Math.max(box.x1, x + 1);
      box.y0 = Math.min(box.y0, y);
      box.y1 = Math.max(box.y1, y + 1);
    }
  }
  return n ? { n, box } : null;
}

/** The box cut out of the image, with a white margin of `pad` pixels. */
function cutOut(img: GrayImage, b: Box, pad: number): GrayImage {
  const width = b.x1 - b.x0 + 2 * pad;
  const height = b.y1 - b.y0 + 2 * pad;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = b.y0; y < b.y1; y++) data.set(img.data.subarray(y * img.width + b.x0, y * img.width + b.x1), (y - b.y0 + pad) * width + pad);
  return { width, height, data, dpi: img.dpi };
}

/**
 * The scales a cell is read at, in turn: as it is, then enlarged to CELL_DPI where the scan
 * is coarse; a cell of small type (its tallest line under SMALL_LINE_PX) on a coarse scan enlarged to about
 * LINE_PX a line first, then as it is.
 */
function scalesFor(dpi: number, lines: number[]): number[] {
  const tallest = Math.max(0, ...lines);
  if (dpi < COARSE_DPI && tallest > 0 && tallest < SMALL_LINE_PX) return [Math.min(MAX_SCALE, Math.ceil(LINE_PX / tallest)), 1];
  const k = Math.max(1, Math.round(CELL_DPI / dpi));
  return k > 1 ? [1, k] : [1];
}

/**
 * The words of one cell's ink (`box`, in the page's pixels), cut out with a white margin,
 * enlarged where the scan is coarse or the type small, read as one line or as a block (by
 * its `lines` of ink); laid back on the page.
 */
async function readCell(img: GrayImage, box: Box, pad: number, dpi: number, lines: number[], threshold: number): Promise<OcrWord[]> {
  const cut = cutOut(img, box, pad);
  const psms = lines.length <= 1 ? ["7", "6"] : ["6", "7"];
  let best: OcrWord[] = [];
  let bestWorth = 0;
  // at each scale, as one line or as a block as its ink says, then the other way: until a
  // reading covers the cell's ink
  for (const [scale, psm] of scalesFor(dpi, lines).flatMap((f) => psms.map((p) => [f, p] as const))) {
    const out = placed(await recognize(enlarge(cut, scale), dpi * scale, psm), scale, box.x0 - pad, box.y0 - pad);
    const worth = worthOf(out, img, box, threshold);
    if (worth > bestWorth) {
      best = out;
      bestWorth = worth;
    }
    if (coverage(out, img, box, threshold) >= READ_WHOLE) break;
  }
  return best;
}

/** A cell's words (read `scale` times larger) laid back on the page at (dx, dy); noise read as words left out. */
function placed(read: OcrWord[], scale: number, dx: number, dy: number): OcrWord[] {
  const at = (v: number, d: number) => v / scale + d;
  return read
    .filter((w) => w.conf >= MIN_CONF && (w.conf >= SURE || /[\p{L}\p{N}]/u.test(w.text)))
    .map((w) => ({ ...w, x0: at(w.x0, dx), x1: at(w.x1, dx), y0: at(w.y0, dy), y1: at(w.y1, dy), baseline: at(w.baseline, dy), lineHeight: w.lineHeight / scale }));
}

/** A cell's reading that covers this share of its ink has read it whole (the rest is noise, a stray rule's end). */
const READ_WHOLE = 0.9;

/** The share of the box's ink that lies in the words' boxes. */
function coverage(words: OcrWord[], img: GrayImage, box: Box, threshold: number): number {
  let ink = 0;
  let read = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      if (img.data[y * img.width + x] >= threshold) continue;
      ink++;
      if (words.some((w) => x >= w.x0 - 1 && x <= w.x1 + 1 && y >= w.y0 - 1 && y <= w.y1 + 1)) read++;
    }
  }
  return ink ? read / ink : 0;
}

/** How good a reading of a cell is: the share of its ink read, times the words' confidence. */
const worthOf = (words: OcrWord[], img: GrayImage, box: Box, threshold: number) => (words.length ? coverage(words, img, box, threshold) * confidence(words) : 0);

/** The confidence of words, weighted by their length. */
function confidence(words: OcrWord[]): number {
  let sum = 0;
  let n = 0;
  for (const w of words) {
    sum += w.conf * w.text.length;
    n += w.text.length;
  }
  return n ? sum / n : 0;
}

const centreIn = (w: OcrWord, b: Box) => {
  const cx = (w.x0 + w.x1) / 2;
  const cy = (w.y0 + w.y1) / 2;
  return cx >= b.x0 && cx < b.x1 && cy >= b.y0 && cy < b.y1;
};

/**
 * The page's words with its ruled tables read cell by cell: each cell of `img` (the
 * straightened page with its rules whited out, at `dpi`; `threshold` its ink level) that
 * holds ink is read on its own and its words replace the page reading's words inside it
 * (kept where the cell's own reading is worth less: less of its ink read, or with less
 * confidence).
 */
export async function readCells(img: GrayImage, dpi: number, rules: PixelRule[], words: OcrWord[], threshold: number): Promise<OcrWord[]> {
  const ptPerPx = 72 / dpi;
  const inset = Math.max(1, Math.round(INSET_PT / ptPerPx));
  const pad = Math.round(PAD_PT / ptPerPx);
  const minInk = MIN_INK_PT2 / (ptPerPx * ptPerPx);
  let out = words;
  for (const lat of lattices(rules, ptPerPx)) {
    for (const cell of cellBoxes(lat, ptPerPx)) {
      const inner = {
        x0: Math.max(0, Math.round(cell.x0) + inset),
        y0: Math.max(0, Math.round(cell.y0) + inset),
        x1: Math.min(img.width, Math.round(cell.x1) - inset),
        y1: Math.min(img.height, Math.round(cell.y1) - inset),
      };
      if (inner.x1 - inner.x0 < 4 || inner.y1 - inner.y0 < 4) continue;
      const ink = inkIn(img, inner, threshold);
      if (!ink || ink.n < minInk) continue;
      const read = await readCell(img, ink.box, pad, dpi, inkBands(img, ink.box, threshold, Math.max(2, Math.round(LETTER_PT / ptPerPx))), threshold);
      const before = out.filter((w) => centreIn(w, cell));
      if (read.length && worthOf(read, img, ink.box, threshold) >= worthOf(before, img, ink.box, threshold)) out = [...out.filter((w) => !centreIn(w, cell)), ...read];
    }
  }
  return out;
}
