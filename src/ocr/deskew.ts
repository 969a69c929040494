/**
 * Straightening a scanned page: which way its text runs (a page fed turned by 90°), and
 * the small skew of a page laid crooked on the glass, both from the ink alone. The skew is
 * the angle at which the ink's projection onto the page's height is sharpest (text lines
 * and table rules then fall into narrow bands: the projection-profile method); the
 * turn is the axis along which that projection is sharper once long rules are left out.
 * Upside-down pages look the same to both: the engine's confidence tells them (page.ts).
 */
import { otsu, shrink, type GrayImage } from "./image.js";

/** The ink of a page image, at a resolution fit for measuring (about 100 dpi). */
export interface Ink {
  width: number;
  height: number;
  /** Coordinates of the dark pixels: x at 2i, y at 2i + 1. */
  xy: Int32Array;
  /** How much smaller than the page image (pixels of it per pixel of this). */
  factor: number;
}

/** The dark pixels of the page, shrunk to about 100 dpi (or a width of 1,200 pixels where the resolution is unknown). */
export function inkOf(img: GrayImage): Ink {
  const factor = Math.max(1, Math.round(img.dpi ? img.dpi / 100 : img.width / 1200));
  const small = shrink(img, factor);
  const t = otsu(small);
  const d = small.data;
  let n = 0;
  for (let i = 0; i < d.length; i++) if (d[i] < t) n++;
  const xy = new Int32Array(2 * n);
  let k = 0;
  for (let y = 0; y < small.height; y++) {
    for (let x = 0; x < small.width; x++) {
      if (d[y * small.width + x] < t) {
        xy[k++] = x;
        xy[k++] = y;
      }
    }
  }
  return { width: small.width, height: small.height, xy, factor };
}

/** How sharp the projection of the ink onto the y axis is when lines run at slope tan(angle): the sum of squared bin counts. */
function sharpness(ink: Ink, angle: number, bins: Float64Array): number {
  bins.fill(0);
  const t = Math.tan(angle);
  const off = Math.ceil(Math.abs(t) * ink.width) + 1;
  const { xy } = ink;
  for (let i = 0; i < xy.length; i += 2) bins[Math.round(xy[i + 1] - xy[i] * t) + off]++;
  let s = 0;
  for (let i = 0; i < bins.length; i++) s += bins[i] * bins[i];
  return s;
}

/** Largest skew looked for: a page laid crooked by hand, not turned. */
const MAX_SKEW = (5 * Math.PI) / 180;

/**
 * The angle (radians) the page's lines run at, y pointing down: positive where they go
 * down to the right. Searched in steps of 0.25° over ±5°, then of 0.02° around the best.
 */
export function skewOf(ink: Ink): number {
  if (ink.xy.length < 200) return 0;
  const bins = new Float64Array(ink.height + 2 * Math.ceil(Math.tan(MAX_SKEW) * ink.width) + 4);
  const search = (from: number, to: number, step: number): number => {
    let best = 0;
    let bestScore = -1;
    for (let a = from; a <= to + 1e-9; a += step) {
      const s = sharpness(ink, a, bins);
      if (s > bestScore) {
        bestScore = s;
        best = a;
      }
    }
    return best;
  };
  const deg = Math.PI / 180;
  const coarse = search(-MAX_SKEW, MAX_SKEW, 0.25 * deg);
  return search(coarse - 0.3 * deg, coarse + 0.3 * deg, 0.02 * deg);
}

/** The ink with the pixels of long straight runs (rules, a dark frame) left out, so that what is left is text. */
function withoutRules(ink: Ink): Ink {
  const { width: w, height: h } = ink;
  const grid = new Uint8Array(w * h);
  for (let i = 0; i < ink.xy.length; i += 2) grid[ink.xy[i + 1] * w + ink.xy[i]] = 1;
  const long = Math.round(w / 15);
  const rule = new Uint8Array(w * h);
  const mark = (start: number, len: number, step: number) => {
    for (let k = 0; k < len; k++) rule[start + k * step] = 1;
  };
  for (let y = 0; y < h; y++) {
    let run = 0;
    for (let x = 0; x <= w; x++) {
      if (x < w && grid[y * w + x]) run++;
      else {
        if (run >= long) mark(y * w + x - run, run, 1);
        run = 0;
      }
    }
  }
  for (let x = 0; x < w; x++) {
    let run = 0;
    for (let y = 0; y <= h; y++) {
      if (y < h && grid[y * w + x]) run++;
      else {
        if (run >= long) mark((y - run) * w + x, run, w);
        run = 0;
      }
    }
  }
  const kept: number[] = [];
  for (let i = 0; i < ink.xy.length; i += 2) if (!rule[ink.xy[i + 1] * w + ink.xy[i]]) kept.push(ink.xy[i], ink.xy[i + 1]);
  return { ...ink, xy: Int32Array.from(kept) };
}

/** The ink turned by 90° (x and y swapped: the text then runs along what was the height). */
function transposed(ink: Ink): Ink {
  const xy = new Int32Array(ink.xy.length);
  for (let i = 0; i < xy.length; i += 2) {
    xy[i] = ink.xy[i + 1];
    xy[i + 1] = ink.xy[i];
  }
  return { width: ink.height, height: ink.width, xy, factor: ink.factor };
}

/** The projection's sharpness at the best small skew, per dark pixel squared (so that two axes compare). */
function bestSharpness(ink: Ink): number {
  const n = ink.xy.length / 2;
  if (n === 0) return 0;
  const bins = new Float64Array(ink.height + 2 * Math.ceil(Math.tan(MAX_SKEW) * ink.width) + 4);
  return sharpness(ink, skewOf(ink), bins) / (n * n);
}

/**
 * Whether the page's text runs up or down it (a page fed turned by 90°): the projection
 * of its text (rules left out) is sharper across the width than across the height.
 */
export function runsVertically(ink: Ink): boolean {
  const text = withoutRules(ink);
  if (text.xy.length < 400) return false;
  return bestSharpness(transposed(text)) > 1.15 * bestSharpness(text);
}
