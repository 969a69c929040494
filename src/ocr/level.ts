/**
 * Words of one printed line put back on one baseline. The engine may cut a line in two
 * and fit each piece a baseline of its own: on a noisy scan the first words of a title
 * ("Carta dei | Servizi SERVIZIO EXTRAURBANO - Anno 2024") came out half a type size higher
 * or lower than the rest, and the page reader, which groups words into lines by their
 * baselines, read two lines, then two cells, and the service's name was lost. Words a word
 * space apart whose baselines lie within half a size, with no rule between them, are one line: the
 * piece of fewer letters takes the baseline of the other.
 */
import type { Segment } from "../pdf/geometry.js";
import type { OcrRun } from "./page.js";

/** Two words closer than this (times their size) stand a word space apart. */
const WORD_SPACE = 0.6;
/** Their baselines differ by less than this (times their size): half a size, where the lines of a cell lie more than a size apart. */
const LEVEL = 0.55;

/** The runs, each line the engine cut in two given back one baseline (`rules`: the page's rules, which part cells). */
export function levelNeighbours(runs: OcrRun[], rules: readonly Segment[]): OcrRun[] {
  const parent = runs.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const order = runs.map((_, i) => i).sort((a, b) => runs[a].x0 - runs[b].x0);
  const vertical = rules.filter((s) => s.dir === "v");
  for (const i of order) {
    const a = runs[i];
    const size = a.size;
    for (const j of order) {
      const b = runs[j];
      if (b.x0 < a.x1 - 0.2 * size) continue;
      if (b.x0 - a.x1 > WORD_SPACE * size) break;
      if (Math.abs(a.baseline - b.baseline) > LEVEL * Math.min(size, b.size)) continue;
      if (vertical.some((s) => s.pos > a.x1 - 1 && s.pos < b.x0 + 1 && s.a < Math.max(a.bottom, b.bottom) && s.b > Math.min(a.top, b.top))) continue;
      parent[find(j)] = find(i);
    }
  }
  // each group: its words by baseline (the engine's pieces), the piece of most letters gives the baseline
  const groups = new Map<number, number[]>();
  runs.forEach((_, i) => {
    const g = find(i);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(i);
  });
  const out = [...runs];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const letters = new Map<number, number>();
    for (const i of members) letters.set(runs[i].baseline, (letters.get(runs[i].baseline) ?? 0) + runs[i].str.trim().length);
    if (letters.size < 2) continue;
    const baseline = [...letters].sort((x, y) => y[1] - x[1])[0][0];
    for (const i of members) {
      const r = runs[i];
      const d = baseline - r.baseline;
      if (d) out[i] = { ...r, baseline, top: r.top + d, bottom: r.bottom + d };
    }
  }
  return out;
}
