/**
 * SVG charts written as text: horizontal bars, stacked by segment, with a legend. No
 * library and nothing loaded: each bar is a <rect> with its value in data-value and a
 * <title> tooltip, so the page works from a mail attachment and can be checked in a test.
 */
import { dimensionLabel } from "../normalize/dimension.js";
import { esc } from "./html.js";

/** One colour per dimension in the template's order (Tableau 10, readable with the common colour-vision deficiencies), grey for none. */
const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#8cd17d"];
const NONE = "#c8c8c8";

export function dimensionColor(code: string, order: readonly string[]): string {
  const i = order.indexOf(code);
  return code === "" || i < 0 ? NONE : PALETTE[i % PALETTE.length];
}

/** The dimension's Italian name as the template prints it; "no dimension" for rows that name none. */
export function dimensionName(code: string): string {
  return code === "" ? "no dimension" : dimensionLabel(code) ?? code;
}

export interface Segment {
  key: string;
  value: number;
  color: string;
  title: string;
}

export interface Bar {
  label: string;
  /** A second, smaller line under the label (the year of an issuer's charters). */
  sublabel?: string;
  segments: Segment[];
}

export interface BarChartOptions {
  id: string;
  /** What the chart shows, for screen readers and the figure's caption. */
  title: string;
  width?: number;
  labelWidth?: number;
  barHeight?: number;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** A label in lines of at most `room` characters, broken between words (a word longer than a line stands alone): never cut. */
export function wrapLabel(label: string, room: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= room) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length ? lines : [""];
}

/** Horizontal bars, one per row, each stacked from its segments; the total at the end of each bar. Labels are wrapped, never cut. */
export function barChart(bars: readonly Bar[], o: BarChartOptions): string {
  const width = o.width ?? 760;
  const labelWidth = o.labelWidth ?? 260;
  const twoLines = bars.some((b) => b.sublabel);
  const barHeight = o.barHeight ?? (twoLines ? 26 : 20);
  const gap = twoLines ? 12 : 8;
  const lineHeight = 14;
  // What the label column holds on a line (about 6.5 px a character at 12 px, capitals wider).
  const room = Math.floor((labelWidth - 12) / 7.2);
  const labels = bars.map((b) => wrapLabel(b.label, room));
  const rowHeight = bars.map((b, k) => Math.max(barHeight, (labels[k].length + (b.sublabel ? 1 : 0)) * lineHeight));
  const totals = bars.map((b) => b.segments.reduce((n, s) => n + s.value, 0));
  const max = Math.max(1, ...totals);
  const plot = width - labelWidth - 48;
  const height = rowHeight.reduce((n, h) => n + h + gap, gap);
  const parts: string[] = [];
  let top = gap;
  bars.forEach((b, k) => {
    const rows = labels[k].length + (b.sublabel ? 1 : 0);
    const y = top + (rowHeight[k] - barHeight) / 2;
    const first = top + rowHeight[k] / 2 - ((rows - 1) * lineHeight) / 2;
    const tspans = labels[k].map((l, n) => `<tspan x="${labelWidth - 8}" y="${first + n * lineHeight}">${esc(l)}</tspan>`).join("");
    parts.push(`<text class="axis-label" x="${labelWidth - 8}" y="${first}" text-anchor="end" dominant-baseline="central"><title>${esc(b.label)}</title>${tspans}</text>`);
    if (b.sublabel) parts.push(`<text class="axis-sublabel" x="${labelWidth - 8}" y="${first + labels[k].length * lineHeight}" text-anchor="end" dominant-baseline="central">${esc(b.sublabel)}</text>`);
    let x = labelWidth;
    for (const s of b.segments) {
      if (s.value <= 0) continue;
      const w = (s.value / max) * plot;
      parts.push(
        `<rect class="bar" x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${barHeight}" fill="${s.color}" data-key="${esc(s.key)}" data-value="${s.value}"><title>${esc(s.title)}</title></rect>`,
      );
      x += w;
    }
    parts.push(`<text class="total" x="${(x + 6).toFixed(2)}" y="${y + barHeight / 2}" dominant-baseline="central">${fmt(totals[k])}</text>`);
    top += rowHeight[k] + gap;
  });
  return `<svg id="${esc(o.id)}" class="chart" role="img" aria-label="${esc(o.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${parts.join("")}</svg>`;
}

/** A compact stacked bar for a table cell. */
export function miniBar(segments: readonly Segment[], max: number, width = 140, height = 12): string {
  let x = 0;
  const rects = segments
    .filter((s) => s.value > 0)
    .map((s) => {
      const w = (s.value / Math.max(1, max)) * width;
      const r = `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="${height}" fill="${s.color}"><title>${esc(s.title)}</title></rect>`;
      x += w;
      return r;
    });
  return `<svg class="mini" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true">${rects.join("")}</svg>`;
}

/** The colours' key, as HTML (it wraps with the page). */
export function legend(entries: readonly { color: string; label: string }[]): string {
  return `<ul class="legend">${entries.map((e) => `<li><span class="swatch" style="background:${e.color}"></span>${esc(e.label)}</li>`).join("")}</ul>`;
}
