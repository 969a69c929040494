/**
 * Fixed overlays: an element a web page pins to the viewport (a cookie banner, a "back to
 * top" button, a chat widget) is printed by the browser at the same place on every page,
 * over whatever the page holds there, a table's cells among them. Its runs are known by
 * their place and text coming back on another page and by being printed over other text
 * on some page; the frames of its buttons (rules around its runs) go with them.
 */
import type { Segment, TextRun } from "./geometry.js";

/** Where runs of one text were printed, page by page, to tell the same place on another page. */
export class Places {
  private seen = new Map<string, { page: number; x0: number; top: number }[]>();

  add(page: number, r: TextRun): void {
    const key = r.str.trim();
    if (!this.seen.has(key)) this.seen.set(key, []);
    this.seen.get(key)!.push({ page, x0: r.x0, top: r.top });
  }

  /** Whether the run's text was printed at its place (within a point) on another page. */
  elsewhere(page: number, r: TextRun): boolean {
    return (this.seen.get(r.str.trim()) ?? []).some((p) => p.page !== page && Math.abs(p.x0 - r.x0) <= 1 && Math.abs(p.top - r.top) <= 1);
  }
}

/** Pairs of a page's runs whose boxes overlap by more than a stroke: [painted first, painted over it] (`runs` in paint order). */
export function coveredPairs(runs: readonly TextRun[]): [TextRun, TextRun][] {
  const out: [TextRun, TextRun][] = [];
  const order = new Map(runs.map((r, i) => [r, i]));
  const byTop = [...runs].filter((r) => r.str.trim()).sort((a, b) => a.top - b.top);
  for (let i = 0; i < byTop.length; i++) {
    const a = byTop[i];
    for (let j = i + 1; j < byTop.length && byTop[j].top < a.bottom; j++) {
      const b = byTop[j];
      const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      const dx = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      if (dy > 0.4 * Math.min(a.size, b.size) && dx > 0.3 * Math.min(a.size, b.size)) out.push(order.get(a)! < order.get(b)! ? [a, b] : [b, a]);
    }
  }
  return out;
}

/** The runs of a page printed over another run or under one. */
export const overlappingRuns = (runs: readonly TextRun[]): TextRun[] => coveredPairs(runs).flat();

/**
 * A page's overlay: its fixed runs (known by their place on another page) and the runs
 * painted over other text level with them (a banner's buttons, which a browser may print on
 * one page only).
 */
export function overlayRuns(runs: readonly TextRun[], fixed: readonly TextRun[]): TextRun[] {
  const level = (r: TextRun) => fixed.some((f) => (r.top + r.bottom) / 2 >= f.top - 0.5 * f.size && (r.top + r.bottom) / 2 <= f.bottom + 0.5 * f.size);
  const over = coveredPairs(runs).map(([, b]) => b).filter((b) => !fixed.includes(b) && level(b));
  return [...fixed, ...new Set(over)];
}

/**
 * The rules that frame or underline one of the runs: wholly within its box, widened by most
 * of an em across and half an em up and down, and not joined to a rule that reaches out of
 * those boxes (a table's row rule under the overlay is met by the table's column rules).
 */
export function framingRules(runs: readonly TextRun[], segments: readonly Segment[]): Set<Segment> {
  const within = new Set<Segment>();
  for (const s of segments) {
    const [x0, x1, y0, y1] = s.dir === "h" ? [s.a, s.b, s.pos, s.pos] : [s.pos, s.pos, s.a, s.b];
    if (runs.some((r) => x0 >= r.x0 - 0.8 * r.size && x1 <= r.x1 + 0.8 * r.size && y0 >= r.top - 0.5 * r.size && y1 <= r.bottom + 0.5 * r.size)) within.add(s);
  }
  const meets = (h: Segment, v: Segment) => v.pos >= h.a - 2 && v.pos <= h.b + 2 && h.pos >= v.a - 2 && h.pos <= v.b + 2;
  const outside = segments.filter((s) => s.dir === "v" && !within.has(s));
  return new Set([...within].filter((s) => s.dir === "v" || !outside.some((v) => meets(s, v))));
}
