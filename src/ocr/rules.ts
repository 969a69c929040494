/**
 * Table rules drawn in a scanned page's pixels: long, thin horizontal and vertical runs
 * of dark pixels on the straightened page. A run may have small gaps (noise, a JPEG's
 * blocks); runs on neighbouring rows (columns) that overlap are one rule as thick as
 * they are many; a band thicker than a rule is a filled area, not a rule. The rules go to
 * the lattice reader as the segments a PDF's vector paths give (in points, page.ts), and
 * are whited out of the image the engine reads, so that cells read as text and not as
 * strokes of letters.
 */
import type { OcrWord } from "./engine.js";
import type { GrayImage } from "./image.js";

/** A rule in pixels: "h" at row `pos` from x `a` to `b`, "v" at column `pos` from y `a` to `b`. */
export interface PixelRule {
  dir: "h" | "v";
  pos: number;
  a: number;
  b: number;
  /** Thickness in pixels. */
  thick: number;
}

/** Shortest rule, in points: a table's narrowest cell is wider; a letter's stroke, a dash, are shorter. */
const MIN_RULE_PT = 22;
/** Thickest rule, in points (a heavy border); a thicker band is a fill. */
const MAX_THICK_PT = 3;
/** A rule at least this long (points) may have a fill on one side; a shorter one is light on both (rules.ts's isolated). */
const LONG_RULE_PT = 100;
/** A gap in a rule up to this many points is noise. */
const GAP_PT = 0.6;

interface Band {
  a: number;
  b: number;
  first: number;
  last: number;
}

/**
 * Long runs along one axis: `lines` lines (rows for "h") of `len` pixels, `dark(line, i)`
 * whether pixel i of the line is ink. Runs that overlap on consecutive lines make a band.
 */
function bandsAlong(lines: number, len: number, dark: (line: number, i: number) => boolean, minLen: number, gap: number): Band[] {
  const done: Band[] = [];
  let open: Band[] = [];
  for (let line = 0; line < lines; line++) {
    const runs: [number, number][] = [];
    let start = -1;
    let lastDark = -1;
    for (let i = 0; i <= len; i++) {
      const d = i < len && dark(line, i);
      if (d) {
        if (start < 0 || i - lastDark > gap + 1) {
          if (start >= 0 && lastDark - start + 1 >= minLen) runs.push([start, lastDark]);
          start = i;
        }
        lastDark = i;
      }
    }
    if (start >= 0 && lastDark - start + 1 >= minLen) runs.push([start, lastDark]);
    const next: Band[] = [];
    for (const [a, b] of runs) {
      const k = open.findIndex((o) => Math.min(o.b, b) - Math.max(o.a, a) > 0.5 * Math.min(o.b - o.a, b - a));
      if (k >= 0) {
        const o = open.splice(k, 1)[0];
        next.push({ a: Math.min(o.a, a), b: Math.max(o.b, b), first: o.first, last: line });
      } else next.push({ a, b, first: line, last: line });
    }
    done.push(...open);
    open = next;
  }
  done.push(...open);
  return done;
}

/** The rules of a straightened page, `dpi` its resolution, ink darker than `threshold`. */
export function findRules(img: GrayImage, dpi: number, threshold: number): PixelRule[] {
  const { width: w, height: h, data } = img;
  const px = dpi / 72;
  const minLen = Math.round(MIN_RULE_PT * px);
  const maxThick = Math.max(2, Math.round(MAX_THICK_PT * px));
  const gap = Math.max(1, Math.round(GAP_PT * px));
  const longRule = Math.round(LONG_RULE_PT * px);
  const rules: PixelRule[] = [];
  const keep = (dir: "h" | "v", bands: Band[], dark: (line: number, i: number) => boolean, lines: number) => {
    for (const b of bands) {
      const thick = b.last - b.first + 1;
      if (thick <= maxThick && isolated(b, dark, lines, longRule)) rules.push({ dir, pos: (b.first + b.last) / 2, a: b.a, b: b.b, thick });
    }
  };
  const darkH = (y: number, x: number) => data[y * w + x] < threshold;
  const darkV = (x: number, y: number) => data[y * w + x] < threshold;
  keep("h", bandsAlong(h, w, darkH, minLen, gap), darkH, h);
  keep("v", bandsAlong(w, h, darkV, minLen, gap), darkV, w);
  // a cell's short side rule (a header cell over columns merged below it): shorter than a
  // rule, but reaching from one horizontal rule to the next
  const long = rules.slice();
  const shortV = bandsAlong(w, h, darkV, Math.round(MIN_CELL_PT * px), gap).filter((b) => b.b - b.a + 1 < minLen && betweenRules(b, long, px));
  keep("v", shortV, darkV, w);
  return rules;
}

/** Shortest side of a cell, in points: a header row of one small line. */
const MIN_CELL_PT = 8;

/** Whether a vertical band's two ends lie on horizontal rules that cross its column (within a point and a half). */
function betweenRules(b: Band, rules: PixelRule[], px: number): boolean {
  const tol = 1.5 * px;
  const x = (b.first + b.last) / 2;
  const onRule = (y: number) => rules.some((r) => r.dir === "h" && Math.abs(r.pos - y) <= tol + r.thick && r.a - tol <= x && r.b + tol >= x);
  return onRule(b.a) && onRule(b.b);
}

/** A rule's darkest line is dark along nearly all of it (a line of text is not, between its letters). */
const RULE_FILL = 0.9;
/**
 * Beside a rule the page is light along it, where a line of text has ink on both sides of
 * the band it makes: a long rule may have a fill on one side (a shaded header) if the other
 * is light; a short one may have a cell's text close on one side, never dark on either.
 */
const SIDE_FILL = 0.3;
const SIDE_FILL_SHORT = 0.45;

/** The share of a line's pixels from `a` to `b` that are ink. */
function fill(dark: (line: number, i: number) => boolean, line: number, a: number, b: number): number {
  let n = 0;
  for (let i = a; i <= b; i++) if (dark(line, i)) n++;
  return n / (b - a + 1);
}

/**
 * Whether a band is a drawn rule and not a stretch of text whose letters the noise joined:
 * one of its lines nearly all ink, and the page light along it two or three pixels away.
 */
function isolated(b: Band, dark: (line: number, i: number) => boolean, lines: number, long: number): boolean {
  let core = 0;
  for (let l = b.first; l <= b.last; l++) core = Math.max(core, fill(dark, l, b.a, b.b));
  if (core < RULE_FILL) return false;
  const side = (from: number, step: number) => {
    let least = 1;
    for (let d = 2; d <= 3; d++) {
      const l = from + step * d;
      if (l >= 0 && l < lines) least = Math.min(least, fill(dark, l, b.a, b.b));
      else least = 0;
    }
    return least;
  };
  const sides = [side(b.first, -1), side(b.last, 1)];
  return b.b - b.a >= long ? Math.min(...sides) <= SIDE_FILL : Math.max(...sides) <= SIDE_FILL_SHORT;
}

/** How far beyond a rule's band its blurred edge is whited out, at most (pixels). */
const EDGE_PX = 2;
/** Half the stretch of a line beside a rule over which it is told edge from text (points): taller than any letter. */
const EDGE_SPAN_PT = 6;
/** A stretch of a line beside a rule inked along this share at least is the rule's blurred edge. */
const EDGE_FILL = 0.75;

/** Running sums of ink along the lines beside a rule's band (`EDGE_PX` each side), for the share of a stretch that is ink. */
function edgeSums(ink: (p: number, q: number) => boolean, lines: number[], a: number, b: number): Map<number, Int32Array> {
  const out = new Map<number, Int32Array>();
  for (const p of lines) {
    const sums = new Int32Array(b - a + 2);
    for (let q = a; q <= b; q++) sums[q - a + 1] = sums[q - a] + (ink(p, q) ? 1 : 0);
    out.set(p, sums);
  }
  return out;
}

/**
 * The image with its rules whited out, for the engine: each rule's band (its lines of ink)
 * and, up to EDGE_PX beyond it on either side, its blurred edge: the pixels lighter than
 * ink, and ink that is a line one pixel thin beside the band (light past it) or that runs
 * along most of a stretch taller than a letter (a rule turned back by a fraction of a
 * degree moves its edge from one line to the next along its length). Ink beside the band
 * that goes on past it is a cell's text set against the rule (a sheet's cells have almost
 * no padding) and is kept: a fixed margin whited out took the first letter's left stroke
 * ("9" read as "3", "6" as "5", "in" as "n").
 */
export function withoutRules(img: GrayImage, rules: PixelRule[], threshold: number, dpi: number): GrayImage {
  const { width: w, height: h } = img;
  const data = img.data.slice();
  const span = Math.max(3, Math.round((EDGE_SPAN_PT * dpi) / 72));
  for (const r of rules) {
    const lines = r.dir === "h" ? h : w;
    const first = Math.max(0, Math.round(r.pos - (r.thick - 1) / 2));
    const last = Math.min(lines - 1, Math.round(r.pos + (r.thick - 1) / 2));
    const a = Math.max(0, r.a - 1);
    const b = Math.min((r.dir === "h" ? w : h) - 1, r.b + 1);
    const at = (p: number, q: number) => (r.dir === "h" ? p * w + q : q * w + p);
    const ink = (p: number, q: number) => p >= 0 && p < lines && img.data[at(p, q)] < threshold;
    const beside = [1, 2].flatMap((d) => [first - d, last + d]).filter((p) => p >= 0 && p < lines);
    const sums = edgeSums(ink, beside, a, b);
    const alongRule = (p: number, q: number) => {
      const s = sums.get(p)!;
      const lo = Math.max(a, q - span);
      const hi = Math.min(b, q + span);
      return s[hi - a + 1] - s[lo - a] >= EDGE_FILL * (hi - lo + 1);
    };
    for (let q = a; q <= b; q++) {
      for (let p = first; p <= last; p++) data[at(p, q)] = 255;
      for (const step of [-1, 1]) {
        for (let d = 1; d <= EDGE_PX; d++) {
          const p = (step < 0 ? first : last) + step * d;
          if (p < 0 || p >= lines) break;
          if (ink(p, q) && ink(p + step, q) && !alongRule(p, q)) break;
          data[at(p, q)] = 255;
        }
      }
    }
  }
  return { ...img, data };
}

/** How near a vertical rule (points) a word must begin for a quote mark opening it to be the rule's remains. */
const MARK_PT = 2;
/** A quote mark the engine makes of a rule's remains beside a letter. */
const RULE_MARK = /^['‘’`´]+(?=[\p{L}\p{N}])/u;

/**
 * The words without the quote mark the engine reads in a rule's remains: a word that
 * begins on or just right of a vertical rule (within MARK_PT) with an opening quote and no closing
 * one ("'Accessibilità", "'90%"): what is left of the rule's edge beside the first letter,
 * where the text is set against it, and whited out with the rule it is not.
 */
export function withoutRuleMarks(words: OcrWord[], rules: PixelRule[], dpi: number): OcrWord[] {
  const near = (MARK_PT * dpi) / 72;
  return words.map((w) => {
    if (!RULE_MARK.test(w.text) || /['‘’`´]$/u.test(w.text)) return w;
    const mid = (w.y0 + w.y1) / 2;
    const beside = rules.some((r) => r.dir === "v" && r.a <= mid && r.b >= mid && Math.abs(w.x0 - r.pos) <= near);
    return beside ? { ...w, text: w.text.replace(RULE_MARK, "") } : w;
  });
}
