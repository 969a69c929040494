/**
 * "≥" and "≤" told from their pixels (src/ocr/signs.ts): the engine's Italian model has
 * no such characters and reads them as ">", "2", "è", "s". The glyphs here are drawn
 * pixel by pixel; the first is the "≤" of a 200 dpi noisy scan of a sheet print as the
 * page reader saw it (its bar touching the chevron), which the engine read "s2%".
 */
import { describe, expect, it } from "vitest";
import type { OcrWord } from "../src/ocr/engine.js";
import type { GrayImage } from "../src/ocr/image.js";
import { restoreSigns } from "../src/ocr/signs.js";

/** A page of white with `rows` ("#" ink) drawn at (x, y); the word's box reaches `after` pixels right of the glyph. */
function page(rows: string[], x = 20, y = 10): GrayImage {
  const width = 80;
  const height = 40;
  const data = new Uint8Array(width * height).fill(250);
  rows.forEach((row, r) => [...row].forEach((c, i) => c === "#" && (data[(y + r) * width + x + i] = 40)));
  return { width, height, data, dpi: 200 };
}

const word = (text: string, rows: string[], after = 20): OcrWord => ({ text, x0: 20, x1: 20 + rows[0].length + after, y0: 10, y1: 10 + rows.length, conf: 0.8, baseline: 10 + rows.length, lineHeight: rows.length });

const LESS_EQUAL_200DPI = ["...####", "######.", "####...", "####...", "######.", "...####", ".######", "#######", ".#####."];
const mirrored = (rows: string[]) => rows.map((r) => [...r].reverse().join(""));
const TWO = [".####..", "##..##.", ".....##", "....##.", "...##..", "..##...", ".##....", "#######", "#######"];
/** The "≥" of a 200 dpi noisy scan of a sheet print, its bar touching its chevron: the engine read "285%". */
const GREATER_EQUAL_200DPI = [".####..", ".######", "...####", "....###", "..#####", ".####..", ".######", ".#######", ".######"];
const EQUALS = ["#######", "#######", ".......", ".......", "#######", "#######"];

describe("restoreSigns", () => {
  it("reads a '≤' the engine took for 's' back as '≤', a space before the value it was joined to", () => {
    const [w] = restoreSigns(page(LESS_EQUAL_200DPI), [word("s2%", LESS_EQUAL_200DPI)], 128);
    expect(w.text).toBe("≤ 2%");
  });

  it("reads a '≥' the engine took for '>' back as '≥'", () => {
    const rows = mirrored(LESS_EQUAL_200DPI);
    expect(restoreSigns(page(rows), [word(">", rows, 0)], 128)[0].text).toBe("≥");
  });

  it("leaves a '2' (its bar joined to its stroke) and a '=' (two bars) as read", () => {
    expect(restoreSigns(page(TWO), [word("25", TWO)], 128)[0].text).toBe("25");
    expect(restoreSigns(page(EQUALS), [word("=", EQUALS, 0)], 128)[0].text).toBe("=");
  });

  it("reads a '≥' whose bar touches its chevron, read as '2', back where the number cannot be one ('285%', '2 80%')", () => {
    const rows = GREATER_EQUAL_200DPI;
    expect(restoreSigns(page(rows), [word("285%", rows)], 128)[0].text).toBe("≥ 85%");
    const next: OcrWord = { ...word("80%", rows), x0: 30, x1: 45 };
    expect(restoreSigns(page(rows), [word("2", rows, 1), next], 128).map((w) => w.text)).toEqual(["≥", "80%"]);
    // a plausible number keeps its "2" where no blank row parts the bar
    expect(restoreSigns(page(rows), [word("28%", rows)], 128)[0].text).toBe("28%");
    // and a real "2" stays one whatever the number
    expect(restoreSigns(page(TWO), [word("285%", TWO)], 128)[0].text).toBe("285%");
    expect(restoreSigns(page(TWO), [word("2", TWO, 0), { ...word("80%", TWO), x0: 30, x1: 45 }], 128)[0].text).toBe("2");
  });

  it("looks only at words the engine may have made of a sign", () => {
    const rows = mirrored(LESS_EQUAL_200DPI);
    expect(restoreSigns(page(rows), [word("a90%", rows)], 128)[0].text).toBe("a90%");
  });
});
