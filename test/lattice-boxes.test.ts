/**
 * Ruled tables (src/pdf/lattice.ts) and the boxes that touch them: a button or a banner a
 * web page prints over its table's bottom border is not a column of the table.
 */
import { describe, expect, it } from "vitest";
import type { Segment } from "../src/pdf/geometry.js";
import { findLattices } from "../src/pdf/lattice.js";

const h = (pos: number, a: number, b: number): Segment => ({ dir: "h", pos, a, b });
const v = (pos: number, a: number, b: number): Segment => ({ dir: "v", pos, a, b });

/** A table of three columns (100-400) and two rows (600-700), drawn cell edge by cell edge. */
const table: Segment[] = [
  ...[100, 200, 300, 400].flatMap((x) => [v(x, 600, 650), v(x, 650, 700)]),
  ...[600, 650, 700].flatMap((y) => [h(y, 100, 200), h(y, 200, 300), h(y, 300, 400)]),
];
/** A button box across the table's bottom border, its left side on a column rule. */
const button: Segment[] = [v(300, 698, 712), v(340, 698, 712), h(697.5, 301, 339), h(712, 301, 339)];

describe("a ruled table and a box touching its border", () => {
  it("reads the table's columns and rows without the box's", () => {
    const [lat, ...rest] = findLattices([...table, ...button]);
    expect(lat.xs.map(Math.round)).toEqual([100, 200, 300, 400]);
    expect(lat.ys[0]).toBe(600);
    expect(lat.ys[lat.ys.length - 1]).toBeLessThanOrEqual(700);
    expect(rest).toEqual([]);
  });
  it("keeps a table whose outer rules are longer than the box's", () => {
    expect(findLattices(table).map((l) => [l.xs.length, l.ys.length])).toEqual([[4, 3]]);
  });
});
