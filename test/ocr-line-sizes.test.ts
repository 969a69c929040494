/**
 * The size of a word read by OCR (src/ocr/page.ts: lineSizes): the engine's height for a
 * line of one short word read on its own (a cell's lone value) may be half as much again as
 * its type, and the page reader takes a line of larger type inside an unruled table for a
 * heading that ends the table. A word is made no larger than its line's type; a line all of
 * larger type (a title) keeps its size.
 */
import { expect, it } from "vitest";
import { lineSizes, type OcrRun } from "../src/ocr/page.js";

function run(str: string, x0: number, baseline: number, size: number): OcrRun {
  return { str: `${str} `, x0, x1: x0 + 0.5 * size * str.length, top: baseline - 0.8 * size, bottom: baseline + 0.2 * size, baseline, size, conf: 0.95 };
}

it("gives a word taller than its line the line's size, and keeps a line of larger type as it is", () => {
  const row = [run("Avvio", 37, 286.8, 7.2), run("Preventivazione", 246, 285.4, 7.2), run("Tempo", 447, 285.4, 7.2), run("20", 672, 285.5, 10.56), run("Specifico", 749, 285.6, 7.2)];
  const title = [run("STANDARD", 300, 60, 10), run("QUALITA'", 360, 60, 10.2)];
  const out = lineSizes([...row, ...title]);
  const twenty = out.find((r) => r.str === "20 ")!;
  expect(twenty.size).toBe(7.2);
  expect(twenty.top).toBeCloseTo(285.5 - 0.8 * 7.2, 6);
  expect(twenty.bottom).toBeCloseTo(285.5 + 0.2 * 7.2, 6);
  // every other word as read, the title's too
  expect(out.filter((r) => r.str !== "20 ")).toEqual([...row, ...title].filter((r) => r.str !== "20 "));
});
