/**
 * "≥" and "≤" told from their pixels. The engine's Italian model has no such characters
 * (its character set holds "<" and ">", not "≤" and "≥"), so it reads "≥ 90%" as
 * "> 90%", "2 90%", "è90%" or "s2%": the sign is lost, and with it the comparison a target
 * states. A word's first glyph is looked at where the engine read a character it may
 * have made of the sign: a "≥" is a chevron over a bar, two parts one above the other
 * with blank pixel rows between them, the lower one a thin stroke as wide as the glyph;
 * the chevron's point (the ink of its middle rows) lies right for "≥", left for "≤". A
 * "=" (two bars), an "è" (an accent over a letter) or a "2" (one stroke) is none.
 */
import type { OcrWord } from "./engine.js";
import type { GrayImage } from "./image.js";

/** First characters the engine makes of a "≥" or "≤" it cannot read. */
const STANDS_FOR_SIGN = /^[<>2zZsSèéeç=£]/u;

/** A column range of ink and the rows it covers, in page pixels. */
interface Glyph {
  x0: number;
  x1: number;
  rows: boolean[];
  y0: number;
}

/** Whether pixel (x, y) is ink. */
const dark = (img: GrayImage, x: number, y: number, t: number) => x >= 0 && y >= 0 && x < img.width && y < img.height && img.data[y * img.width + x] < t;

/** The first glyph of a word's box: from its first inked column to the first blank one after it (null: none, or it fills the box). */
function firstGlyph(img: GrayImage, w: OcrWord, t: number): Glyph | null {
  const y0 = Math.max(0, Math.floor(w.y0) - 1);
  const y1 = Math.min(img.height, Math.ceil(w.y1) + 1);
  const inked = (x: number) => {
    for (let y = y0; y < y1; y++) if (dark(img, x, y, t)) return true;
    return false;
  };
  let x = Math.max(0, Math.floor(w.x0) - 2);
  const end = Math.min(img.width, Math.ceil(w.x1) + 1);
  while (x < end && !inked(x)) x++;
  const x0 = x;
  while (x < end && inked(x)) x++;
  if (x >= end || x - x0 < 2) return null;
  const rows: boolean[] = [];
  for (let y = y0; y < y1; y++) {
    let any = false;
    for (let c = x0; c < x && !any; c++) any = dark(img, c, y, t);
    rows.push(any);
  }
  return { x0, x1: x, rows, y0 };
}

/** The mean column of the ink on rows `a`..`b` of a glyph (page pixels). */
function meanX(img: GrayImage, g: Glyph, a: number, b: number, t: number): number {
  let s = 0;
  let n = 0;
  for (let r = a; r <= b; r++) {
    for (let x = g.x0; x < g.x1; x++) {
      if (dark(img, x, g.y0 + r, t)) {
        s += x;
        n++;
      }
    }
  }
  return n ? s / n : (g.x0 + g.x1) / 2;
}

/** The share of a glyph's width inked on row `r`. */
function rowFill(img: GrayImage, g: Glyph, r: number, t: number): number {
  let n = 0;
  for (let x = g.x0; x < g.x1; x++) if (dark(img, x, g.y0 + r, t)) n++;
  return n / (g.x1 - g.x0);
}

/** The ink's mean column on rows a..b of a glyph, as a share of its width from its left (0..1). */
const sideOf = (img: GrayImage, g: Glyph, a: number, b: number, t: number) => (meanX(img, g, a, b, t) - g.x0 + 0.5) / (g.x1 - g.x0);

/**
 * "≥", "≤" or null: what the glyph is. Its lowest rows are the bar (inked across nearly its
 * whole width; on a coarse scan it may touch the chevron, so no blank row is asked for);
 * the rows above it the chevron, at least twice as tall: its top and bottom thirds' ink on
 * one side of the middle, its middle third's well to the other. `gapped`: a blank row
 * between the two is asked for (where the engine read a "2", whose bar is joined to it).
 */
function signOf(img: GrayImage, g: Glyph, t: number, gapped: boolean): "≥" | "≤" | null {
  const inked = g.rows.flatMap((on, r) => (on ? [r] : []));
  if (inked.length < 6) return null;
  const top = inked[0];
  const bottom = inked[inked.length - 1];
  let barTop = bottom + 1;
  while (barTop - 1 > top && g.rows[barTop - 1] && rowFill(img, g, barTop - 1, t) >= BAR_FILL) barTop--;
  // a blank row between the bar and the chevron, as a clean scan has
  let chevronEnd = barTop - 1;
  while (chevronEnd > top && !g.rows[chevronEnd]) chevronEnd--;
  const bar = bottom - barTop + 1;
  const chevron = chevronEnd - top + 1;
  if (bar < 1 || chevron < 2 * bar || chevron < 4 || g.x1 - g.x0 < 0.4 * chevron) return null;
  const third = Math.max(1, Math.floor(chevron / 3));
  const upper = sideOf(img, g, top, top + third - 1, t);
  const lower = sideOf(img, g, chevronEnd - third + 1, chevronEnd, t);
  const mid = sideOf(img, g, top + third, chevronEnd - third, t);
  const ends = (upper + lower) / 2;
  if (gapped && chevronEnd === barTop - 1) return null;
  if (Math.abs(upper - lower) > 0.25 || Math.abs(mid - ends) < 0.2) return null;
  if (mid > ends && upper <= 0.5 && lower <= 0.5) return "≥";
  if (mid < ends && upper >= 0.5 && lower >= 0.5) return "≤";
  return null;
}

/** A bar's row is inked across this share of the glyph's width at least. */
const BAR_FILL = 0.6;

/**
 * Whether each row of a glyph's upper half holds one run of ink: a chevron's arm is one
 * stroke across each row, where a "2"'s bowl shows two (its left and right sides).
 */
function strokesOnce(img: GrayImage, g: Glyph, t: number): boolean {
  const inked = g.rows.flatMap((on, r) => (on ? [r] : []));
  const top = inked[0] ?? 0;
  const half = top + Math.floor((inked[inked.length - 1] - top) / 2);
  for (let r = top; r <= half; r++) {
    let runs = 0;
    for (let x = g.x0; x < g.x1; x++) if (dark(img, x, g.y0 + r, t) && !dark(img, x - 1, g.y0 + r, t)) runs++;
    if (runs > 1) return false;
  }
  return true;
}

/**
 * Whether a word read as starting with "2" cannot be the number it reads as: a percentage of
 * 200 or more ("285%": "≥ 85%" with the sign read as "2"), or a lone "2" before a number on
 * its line ("2 80%"). On a noisy 200 dpi scan the sign's bar touches its chevron, and the
 * blank row asked of a "2" is not there; its shape is still asked for, each row of its upper
 * half one stroke (strokesOnce).
 */
function notANumber(w: OcrWord, next: OcrWord | undefined): boolean {
  if (/^2\d{2}(?:[.,]\d+)?\s?%$/.test(w.text)) return true;
  const h = w.y1 - w.y0;
  return w.text === "2" && !!next && /^\d/.test(next.text) && Math.abs(next.baseline - w.baseline) < 0.5 * h && next.x0 - w.x1 < 1.5 * h;
}

/**
 * The words with "≥" and "≤" restored where the engine read another character for them
 * (`img`: the page the words were read from, `threshold` its ink level). The sign replaces
 * the word's first character; a word that went on past it gets a space after the sign
 * where the pixels leave a gap as wide as a space (a third of the glyph's height).
 */
export function restoreSigns(img: GrayImage, words: OcrWord[], threshold: number): OcrWord[] {
  return words.map((w, i) => {
    if (!STANDS_FOR_SIGN.test(w.text) || !/^(?:$|\s|\d)/.test(w.text.slice(1))) return w;
    const g = firstGlyph(img, w, threshold);
    // a "2" has a bar too, joined to its stroke: read as "2", the sign must show its blank
    // row, unless the reading cannot be a number's (see notANumber)
    const two = w.text.startsWith("2");
    const waived = two && notANumber(w, words[i + 1]);
    const sign = g && (!waived || strokesOnce(img, g, threshold)) && signOf(img, g, threshold, two && !waived);
    if (!g || !sign) return w;
    const rest = w.text.slice(1);
    if (!rest) return { ...w, text: sign };
    let x = g.x1;
    while (x < w.x1 && !g.rows.some((_, r) => dark(img, x, g.y0 + r, threshold))) x++;
    const spaced = x - g.x1 >= (g.rows.length - 2) / 3;
    return { ...w, text: `${sign}${spaced ? " " : ""}${rest}` };
  });
}
