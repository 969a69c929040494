/**
 * The engine's words as the page reader gets them (issue 19). Tesseract's LSTM recognizer
 * gives rough word boxes: on a noisy 200 dpi scan of a sheet's small print, a word's box
 * ran on over the next words of its line and short words' boxes were half as tall again as
 * the line; the short words were laid on a baseline of their own and the cell's text came
 * out in two orders ("apertura sportello pubblico appuntamento dello al su"). And which way
 * up a page is: a reading upside down is guesses, nearly none of them confident.
 */
import { describe, expect, it } from "vitest";
import { lineWords, type TjsLine } from "../src/ocr/engine.js";
import type { OcrWord } from "../src/ocr/engine.js";
import { readingWorth } from "../src/ocr/page.js";

/** A line as the engine gave it for a sheet's description cell (a Calc print's noisy 200 dpi scan, fixtures/scans/sheets/x01, page 1). */
const LINE: TjsLine = {
  bbox: { x0: 714, y0: 693, x1: 1087, y1: 708 },
  baseline: { x0: 714, y0: 708, x1: 1087, y1: 705 },
  rowAttributes: { rowHeight: 19.563219 },
  words: [
    { text: "Apertura", confidence: 92, bbox: { x0: 714, y0: 693, x1: 895, y1: 708 } },
    { text: "dello", confidence: 96, bbox: { x0: 780, y0: 689, x1: 814, y1: 717 } },
    { text: "sportello", confidence: 96, bbox: { x0: 820, y0: 693, x1: 878, y1: 708 } },
    { text: "al", confidence: 96, bbox: { x0: 885, y0: 689, x1: 898, y1: 717 } },
    { text: "pubblico", confidence: 96, bbox: { x0: 901, y0: 693, x1: 1087, y1: 708 } },
    { text: "su", confidence: 96, bbox: { x0: 967, y0: 689, x1: 982, y1: 717 } },
    { text: "appuntamento", confidence: 96, bbox: { x0: 990, y0: 693, x1: 1087, y1: 708 } },
  ],
};

describe("the engine's words", () => {
  it("lays every word of a line on the line's baseline, however tall its box", () => {
    const words = lineWords(LINE);
    expect(words.map((w) => w.text).join(" ")).toBe("Apertura dello sportello al pubblico su appuntamento");
    const baselines = new Set(words.map((w) => Math.round(w.baseline)));
    // the line's baseline runs from 708 to 705 across it
    expect(Math.max(...baselines) - Math.min(...baselines)).toBeLessThanOrEqual(3);
    expect(new Set(words.map((w) => w.lineHeight)).size).toBe(1);
  });

  it("ends a word's box where the next word begins, and keeps it within its line", () => {
    const words = lineWords(LINE);
    for (let i = 0; i + 1 < words.length; i++) expect(words[i].x1).toBeLessThan(words[i + 1].x0);
    for (const w of words) {
      expect(w.y0).toBeGreaterThanOrEqual(LINE.bbox.y0 - 0.25 * 19.57);
      expect(w.y1).toBeLessThanOrEqual(708 + 0.35 * 19.57);
    }
  });

  it("lays a word of another line the engine took into this one on its own baseline", () => {
    const line: TjsLine = { ...LINE, words: [...LINE.words, { text: "richieste", confidence: 90, bbox: { x0: 1100, y0: 715, x1: 1160, y1: 731 } }] };
    const words = lineWords(line);
    const other = words.find((w) => w.text === "richieste")!;
    expect(other.baseline).toBe(731);
    expect(words.filter((w) => w.baseline === 731)).toHaveLength(1);
  });
});

const word = (text: string, conf: number): OcrWord => ({ text, conf, x0: 0, y0: 0, x1: 1, y1: 1, baseline: 1, lineHeight: 1 });

describe("which way up a page reads", () => {
  it("prefers a noisy upright reading's fewer confident words to many fragments read upside down", () => {
    // a noisy upright page: 120 words, mean confidence 0.62 (some words misread)
    const upright = [...Array(80)].map((_, i) => word(i % 2 ? "sportello" : "pratiche", 0.86)).concat([...Array(40)].map(() => word("oe", 0.14)));
    // upside down: 480 fragments of middling confidence, few confident
    const turned = [...Array(480)].map((_, i) => word(i % 3 ? "uʍ" : "lo", i % 40 ? 0.4 : 0.82));
    const mean = (ws: OcrWord[]) => ws.reduce((s, w) => s + w.conf, 0) / ws.length;
    // the former test (mean confidence times the square root of the count) took the fragments
    expect(mean(turned) * Math.sqrt(turned.length)).toBeGreaterThan(mean(upright) * Math.sqrt(upright.length));
    expect(readingWorth(upright)).toBeGreaterThan(readingWorth(turned));
  });

  it("counts nothing for a reading of specks and signs", () => {
    expect(readingWorth([word("-", 0.95), word("'", 0.9), word("a", 0.99)])).toBe(0);
  });
});
