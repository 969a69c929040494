/**
 * Page geometry read from pdfjs: text runs and ruling segments, both in the page's
 * viewport space (top-left origin, y down, /Rotate applied), so that the table code
 * never sees PDF user space.
 *
 * Rules come from the operator list. Since pdfjs 5.1 every path is one
 * `constructPath` op whose arguments are `[paintOp, [Float32Array of DrawOPS], minMax]`
 * (DrawOPS: 0 moveTo x y, 1 lineTo x y, 2 curveTo x1 y1 x2 y2 x y, 3 quadraticCurveTo,
 * 4 closePath), in the user space of the current transform; the older shape
 * `[ops[], coords[], minMax]` is read too. A rule is a stroked axis-aligned segment or a
 * thin filled rectangle (how LibreOffice prints cell borders).
 */

export type Matrix = [number, number, number, number, number, number];

export interface TextRun {
  str: string;
  x0: number;
  x1: number;
  /** Top and bottom of the run's em box. */
  top: number;
  bottom: number;
  baseline: number;
  size: number;
}

export interface Segment {
  /** "h": y fixed, from a to b along x; "v": x fixed, from a to b along y. */
  dir: "h" | "v";
  pos: number;
  a: number;
  b: number;
}

/**
 * What the page reader (page-rows.ts) reads of one page: its size, text runs and rules in
 * viewport space, and how many images it paints (0 where the document was opened without
 * images: openPdf).
 */
export interface PageGeometry {
  page: number;
  width: number;
  height: number;
  runs: TextRun[];
  segments: Segment[];
  images: number;
}

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

interface RawTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** Text items to runs in viewport space; blank items (pdfjs' synthetic spaces) are dropped. */
export function textRuns(items: unknown[], viewport: Matrix): TextRun[] {
  const runs: TextRun[] = [];
  for (const raw of items) {
    const it = raw as RawTextItem;
    if (typeof it.str !== "string" || !it.str.trim() || !Array.isArray(it.transform)) continue;
    const m = multiply(viewport, it.transform as Matrix);
    const size = Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]) || 1;
    // direction of the text in viewport space
    const dirLen = Math.hypot(m[0], m[1]) || 1;
    const dx = m[0] / dirLen;
    const dy = m[1] / dirLen;
    const [ox, oy] = [m[4], m[5]];
    const scaleW = Math.hypot(viewport[0], viewport[1]) || 1;
    const width = it.width * scaleW;
    let x0: number, x1: number, baseline: number;
    if (Math.abs(dx) >= Math.abs(dy)) {
      x0 = dx >= 0 ? ox : ox - width;
      x1 = dx >= 0 ? ox + width : ox;
      baseline = oy;
    } else {
      // vertical text: keep it as a run at its origin, one em wide
      x0 = ox - size / 2;
      x1 = ox + size / 2;
      baseline = dy >= 0 ? oy + width : oy;
    }
    runs.push({ str: it.str, x0, x1, top: baseline - size * 0.8, bottom: baseline + size * 0.2, baseline, size });
  }
  return runs;
}

/** Share of runs whose direction is left-to-right horizontal under this viewport. */
export function horizontalShare(items: unknown[], viewport: Matrix): number {
  let n = 0;
  let h = 0;
  for (const raw of items) {
    const it = raw as RawTextItem;
    if (typeof it.str !== "string" || !it.str.trim() || !Array.isArray(it.transform)) continue;
    const m = multiply(viewport, it.transform as Matrix);
    n++;
    if (m[0] > 0 && Math.abs(m[1]) < Math.abs(m[0]) * 0.2) h++;
  }
  return n ? h / n : 1;
}

interface OpsNames {
  save: number;
  restore: number;
  transform: number;
  constructPath: number;
  setLineWidth: number;
  stroke: number;
  closeStroke: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
  endPath: number;
  moveTo: number;
  lineTo: number;
  curveTo: number;
  curveTo2: number;
  curveTo3: number;
  closePath: number;
  rectangle: number;
  setStrokeRGBColor: number;
  setFillRGBColor: number;
  setStrokeGray?: number;
  setFillGray?: number;
}

/** Thickest a filled rectangle may be and still read as a rule. */
const THIN = 2.5;

function isWhite(color: unknown): boolean {
  return typeof color === "string" && /^#f[a-f0-9]f[a-f0-9]f[a-f0-9]$/i.test(color);
}

/**
 * Rules of a page from its operator list: stroked axis-aligned segments and thin filled
 * rectangles, in viewport space.
 */
export function ruleSegments(fnArray: number[], argsArray: unknown[][], OPS: OpsNames, viewport: Matrix): Segment[] {
  const segs: Segment[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let lineWidth = 1;
  let strokeWhite = false;
  let fillWhite = false;
  const stack: { ctm: Matrix; lineWidth: number; strokeWhite: boolean; fillWhite: boolean }[] = [];
  const strokeOps = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fillOps = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);

  const emitPath = (paint: number, subpaths: [number, number][][], closed: boolean[]) => {
    const m = multiply(viewport, ctm);
    const stroke = strokeOps.has(paint) && !strokeWhite;
    const fill = fillOps.has(paint) && !fillWhite;
    if (!stroke && !fill) return;
    const lw = lineWidth * Math.hypot(m[0], m[1]);
    for (let s = 0; s < subpaths.length; s++) {
      const pts = subpaths[s].map(([x, y]) => apply(m, x, y));
      if (pts.length === 0) continue;
      if (stroke && lw <= 6) {
        const n = pts.length;
        const last = closed[s] ? n : n - 1;
        for (let i = 0; i < last; i++) {
          const p = pts[i];
          const q = pts[(i + 1) % n];
          pushSegment(segs, p[0], p[1], q[0], q[1]);
        }
      }
      if (fill) {
        let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        for (const [x, y] of pts) {
          x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
        }
        const w = x1 - x0;
        const h = y1 - y0;
        if (pts.length <= 6 && (w > 0 || h > 0)) {
          if (h <= THIN && w > h) segs.push({ dir: "h", pos: (y0 + y1) / 2, a: x0, b: x1 });
          else if (w <= THIN && h > w) segs.push({ dir: "v", pos: (x0 + x1) / 2, a: y0, b: y1 });
        }
      }
    }
  };

  let pending: { subpaths: [number, number][][]; closed: boolean[] } | null = null;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i];
    if (fn === OPS.save) stack.push({ ctm, lineWidth, strokeWhite, fillWhite });
    else if (fn === OPS.restore) {
      const s = stack.pop();
      if (s) ({ ctm, lineWidth, strokeWhite, fillWhite } = s);
    } else if (fn === OPS.transform && args) ctm = multiply(ctm, Array.from(args as number[]) as Matrix);
    else if (fn === OPS.setLineWidth && args) lineWidth = Number(args[0]) || 0;
    else if (fn === OPS.setStrokeRGBColor && args) strokeWhite = isWhite(args[0]);
    else if (fn === OPS.setFillRGBColor && args) fillWhite = isWhite(args[0]);
    else if (fn === OPS.constructPath && args) {
      const parsed = parsePathArgs(args, OPS);
      if (parsed && parsed.paint !== undefined) emitPath(parsed.paint, parsed.subpaths, parsed.closed);
      else if (parsed) pending = parsed;
    } else if (pending && (strokeOps.has(fn) || fillOps.has(fn) || fn === OPS.endPath)) {
      emitPath(fn, pending.subpaths, pending.closed);
      pending = null;
    }
  }
  return segs;
}

function pushSegment(segs: Segment[], x0: number, y0: number, x1: number, y1: number): void {
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  if (dx < 0.5 && dy < 0.5) return;
  if (dy <= 0.5 && dx > dy) segs.push({ dir: "h", pos: (y0 + y1) / 2, a: Math.min(x0, x1), b: Math.max(x0, x1) });
  else if (dx <= 0.5 && dy > dx) segs.push({ dir: "v", pos: (x0 + x1) / 2, a: Math.min(y0, y1), b: Math.max(y0, y1) });
}

/** The subpaths of a constructPath op, from the 5.x shape or the older one. */
function parsePathArgs(args: unknown[], OPS: OpsNames): { paint?: number; subpaths: [number, number][][]; closed: boolean[] } | null {
  const subpaths: [number, number][][] = [];
  const closed: boolean[] = [];
  let cur: [number, number][] | null = null;
  const start = () => {
    cur = [];
    subpaths.push(cur);
    closed.push(false);
  };
  const point = (x: number, y: number) => {
    if (!cur) start();
    cur!.push([x, y]);
  };
  // 5.1+: [paintOp, [Float32Array | null], minMax]
  if (typeof args[0] === "number" && Array.isArray(args[1])) {
    const buf = (args[1] as unknown[])[0];
    if (!buf || typeof (buf as ArrayLike<number>).length !== "number") return null;
    const b = buf as ArrayLike<number>;
    for (let k = 0; k < b.length; ) {
      const op = b[k++];
      if (op === 0) {
        start();
        point(b[k], b[k + 1]);
        k += 2;
      } else if (op === 1) {
        point(b[k], b[k + 1]);
        k += 2;
      } else if (op === 2) {
        point(b[k + 4], b[k + 5]);
        k += 6;
      } else if (op === 3) {
        point(b[k + 2], b[k + 3]);
        k += 4;
      } else if (op === 4) {
        if (cur) closed[closed.length - 1] = true;
        cur = null;
      } else break;
    }
    return { paint: args[0] as number, subpaths, closed };
  }
  // older: [ops[], coords[], minMax] with the paint op as a separate operator
  if (Array.isArray(args[0]) && Array.isArray(args[1])) {
    const ops = args[0] as number[];
    const c = args[1] as number[];
    let j = 0;
    for (const op of ops) {
      if (op === OPS.rectangle) {
        const [x, y, w, h] = [c[j], c[j + 1], c[j + 2], c[j + 3]];
        j += 4;
        start();
        point(x, y); point(x + w, y); point(x + w, y + h); point(x, y + h);
        closed[closed.length - 1] = true;
        cur = null;
      } else if (op === OPS.moveTo) {
        start();
        point(c[j], c[j + 1]);
        j += 2;
      } else if (op === OPS.lineTo) {
        point(c[j], c[j + 1]);
        j += 2;
      } else if (op === OPS.curveTo) {
        point(c[j + 4], c[j + 5]);
        j += 6;
      } else if (op === OPS.curveTo2 || op === OPS.curveTo3) {
        point(c[j + 2], c[j + 3]);
        j += 4;
      } else if (op === OPS.closePath) {
        if (cur) closed[closed.length - 1] = true;
        cur = null;
      }
    }
    return { subpaths, closed };
  }
  return null;
}
