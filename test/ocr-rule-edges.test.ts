/**
 * Whiting out a scanned table's rules (src/ocr/rules.ts) without the cell text set against
 * them: a sheet's cells have almost no padding, and on a 200 dpi scan the first letter of a
 * value touches the column's rule. The rule's band and its blurred edge go; the letter's
 * stroke beside it stays. Drawn pixel by pixel from what a noisy scan shows.
 */
import { expect, it } from "vitest";
import type { GrayImage } from "../src/ocr/image.js";
import { withoutRuleMarks, withoutRules, type PixelRule } from "../src/ocr/rules.js";

const INK = 40;
const EDGE = 150;
const PAPER = 245;

it("whites out a rule and its blurred edge, and keeps the stroke of a letter set against it", () => {
  const width = 40;
  const height = 120;
  const data = new Uint8Array(width * height).fill(PAPER);
  const set = (x: number, y: number, v: number) => (data[y * width + x] = v);
  for (let y = 0; y < height; y++) {
    set(10, y, INK);
    set(11, y, INK);
    // the blurred edge: one pixel thin, inked along part of the rule's length, light past it
    if (y >= 40 && y < 70) set(9, y, EDGE);
  }
  // a "9"'s loop right against the rule: its left stroke on x 12-13 (two pixels, as the
  // scan's blur makes a stroke), its body on to x 17
  for (let y = 50; y < 58; y++) for (let x = 12; x <= 17; x++) if (x <= 13 || x === 17 || y === 50 || y === 57) set(x, y, INK);
  const img: GrayImage = { width, height, data, dpi: 200 };
  const rule: PixelRule = { dir: "v", pos: 10.5, a: 0, b: height - 1, thick: 2 };
  const out = withoutRules(img, [rule], 200, 200);
  const at = (x: number, y: number) => out.data[y * width + x];
  for (let y = 0; y < height; y++) expect([at(9, y), at(10, y), at(11, y)]).toEqual([255, 255, 255]);
  // the letter keeps its left stroke and its body
  for (let y = 50; y < 58; y++) expect([at(12, y), at(13, y)]).toEqual([INK, INK]);
  expect(at(15, 50)).toBe(INK);
  expect(at(17, 54)).toBe(INK);
});

it("drops the quote mark the engine reads in a rule's remains before a cell's first word, and only there", () => {
  const rule: PixelRule = { dir: "v", pos: 100, a: 0, b: 500, thick: 2 };
  const w = (text: string, x0: number) => ({ text, x0, x1: x0 + 60, y0: 200, y1: 215, conf: 0.9, baseline: 213, lineHeight: 15 });
  const out = withoutRuleMarks([w("‘Accessibilità", 99), w("'90%", 103), w("‘Accessibilità", 140), w("‘citato’", 101), w("l'anno", 101)], [rule], 200);
  expect(out.map((x) => x.text)).toEqual(["Accessibilità", "90%", "‘Accessibilità", "‘citato’", "l'anno"]);
});
