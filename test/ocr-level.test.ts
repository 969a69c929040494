/**
 * A printed line the engine cut in two, each piece on a baseline of its own, put back on
 * one (src/ocr/level.ts): on a noisy scan "Carta dei" came out half a size above the rest
 * of its title, the page reader read two lines and the service's name was lost. Words of
 * neighbouring cells (a rule between them, or farther apart than a word space) and the
 * lines of one cell (a size or more apart) keep theirs.
 */
import { expect, it } from "vitest";
import { levelNeighbours } from "../src/ocr/level.js";
import type { OcrRun } from "../src/ocr/page.js";
import type { Segment } from "../src/pdf/geometry.js";

function run(str: string, x0: number, x1: number, baseline: number, size = 6.24): OcrRun {
  return { str: `${str} `, x0, x1, top: baseline - 0.8 * size, bottom: baseline + 0.2 * size, baseline, size, conf: 0.95 };
}

it("puts a line's first words back on the baseline of the rest of it", () => {
  const title = [run("Carta", 53.3, 69.1, 114.8), run("dei", 72, 80.6, 114.8), run("Servizi", 82.8, 102.2, 111.6), run("SERVIZIO", 104.4, 132.8, 111.6), run("EXTRAURBANO", 135, 182.9, 111.6)];
  const out = levelNeighbours(title, []);
  expect(out.map((r) => r.baseline)).toEqual([111.6, 111.6, 111.6, 111.6, 111.6]);
  expect(out[0].top).toBeCloseTo(111.6 - 0.8 * 6.24, 6);
});

it("leaves apart words across a rule, words a column apart and a cell's next line", () => {
  const rule: Segment = { dir: "v", pos: 100, a: 90, b: 130 };
  const beside = [run("Puntualità", 60, 98.5, 114.8), run("Corse", 101.5, 118, 111.6)];
  expect(levelNeighbours(beside, [rule]).map((r) => r.baseline)).toEqual([114.8, 111.6]);
  const apart = [run("99", 60, 66, 114.8), run("98,7", 72, 84, 111.6)];
  expect(levelNeighbours(apart, []).map((r) => r.baseline)).toEqual([114.8, 111.6]);
  const cell = [run("Corse", 60, 80, 111.6), run("effettuate", 60, 92, 119.1)];
  expect(levelNeighbours(cell, []).map((r) => r.baseline)).toEqual([111.6, 119.1]);
});
