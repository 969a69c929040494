/**
 * The text state of pdf.js's getTextContent() (TextState in src/core/evaluator.js of
 * pdf.js 5.4.624), kept per graphics state: fonts, matrices, spacing, and the text
 * rendering matrix of the current glyph. See text.ts.
 */
import type { Matrix } from "./geometry.js";

export interface FontInfo {
  fontMatrix?: ArrayLike<number>;
  vertical?: boolean;
  isType3Font?: boolean;
  bbox?: ArrayLike<number>;
}

/** A glyph of pdf.js's operator list (a Glyph of src/core/fonts.js, as posted). */
export interface Glyph {
  unicode: string;
  width: number;
  originalCharCode?: number;
  vmetric?: ArrayLike<number>;
}

export const FONT_IDENTITY: readonly number[] = [0.001, 0, 0, 0.001, 0, 0];
/** The font of a name pdf.js did not resolve: the default font matrix, horizontal. */
export const NO_FONT: FontInfo = {};

/** pdf.js's glyph categories (src/core/unicode.js), by unicode string. */
const SPECIAL_CHAR = /^(\s)|(\p{Mn})|(\p{Cf})$/u;
export interface Category {
  isWhitespace: boolean;
  isZeroWidthDiacritic: boolean;
  isInvisibleFormatMark: boolean;
}
const categories = new Map<string, Category>();
export function categoryOf(unicode: string): Category {
  let c = categories.get(unicode);
  if (!c) {
    const g = SPECIAL_CHAR.exec(unicode);
    c = { isWhitespace: !!g?.[1], isZeroWidthDiacritic: !!g?.[2], isInvisibleFormatMark: !!g?.[3] };
    categories.set(unicode, c);
  }
  return c;
}

/** A number pdf.js stored as a 32-bit float, as the shortest decimal that rounds to it. */
export function fromFloat32(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  for (let p = 1; p < 9; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === v) return d;
  }
  return v;
}
export const matrixOf = (m: ArrayLike<number>): number[] => Array.from(m, fromFloat32);

/** The text state pdf.js keeps per graphics state (TextState), saved and restored with it. */
export class TextState {
  ctm: Matrix = [1, 0, 0, 1, 0, 0];
  loadedName: string | null = null;
  font: FontInfo | null = null;
  fontMatrix: ArrayLike<number> = FONT_IDENTITY;
  fontSize = 0;
  textMatrix = [1, 0, 0, 1, 0, 0];
  textLineMatrix = [1, 0, 0, 1, 0, 0];
  charSpacing = 0;
  wordSpacing = 0;
  leading = 0;
  textHScale = 1;
  textRise = 0;

  clone(): TextState {
    const c = Object.assign(new TextState(), this);
    c.textMatrix = this.textMatrix.slice();
    c.textLineMatrix = this.textLineMatrix.slice();
    return c;
  }
  translateTextMatrix(x: number, y: number): void {
    const m = this.textMatrix;
    m[4] = m[0] * x + m[2] * y + m[4];
    m[5] = m[1] * x + m[3] * y + m[5];
  }
  translateTextLineMatrix(x: number, y: number): void {
    const m = this.textLineMatrix;
    m[4] = m[0] * x + m[2] * y + m[4];
    m[5] = m[1] * x + m[3] * y + m[5];
  }
  carriageReturn(): void {
    this.translateTextLineMatrix(0, -this.leading);
    this.textMatrix = this.textLineMatrix.slice();
  }
  /**
   * The text rendering matrix at the current point (getCurrentTextTransform: ctm × Tm ×
   * [size × Th, 0, 0, size, 0, rise]), into `out`, with pdf.js's arithmetic: called for
   * every glyph, so without allocating.
   */
  renderingMatrix(out: number[]): number[] {
    const { font, fontSize, fontMatrix, textMatrix: t, ctm: m } = this;
    const a = fontSize * this.textHScale;
    let d = fontSize;
    // (pdf.js also does this for Type3 fonts whose glyph boxes it took from their procedures)
    if (font?.isType3Font && fontSize <= 1 && !Array.from(fontMatrix).every((v, i) => v === FONT_IDENTITY[i])) {
      const glyphHeight = font.bbox ? font.bbox[3] - font.bbox[1] : 0;
      if (glyphHeight > 0) d *= glyphHeight * fontMatrix[3];
    }
    const rise = this.textRise;
    // Tm × tsm (the zero terms of tsm add nothing)
    const n0 = t[0] * a, n1 = t[1] * a, n2 = t[2] * d, n3 = t[3] * d;
    const n4 = t[2] * rise + t[4], n5 = t[3] * rise + t[5];
    out[0] = m[0] * n0 + m[2] * n1;
    out[1] = m[1] * n0 + m[3] * n1;
    out[2] = m[0] * n2 + m[2] * n3;
    out[3] = m[1] * n2 + m[3] * n3;
    out[4] = m[0] * n4 + m[2] * n5 + m[4];
    out[5] = m[1] * n4 + m[3] * n5 + m[5];
    return out;
  }
}
