/**
 * The item assembly of pdf.js's getTextContent() (buildTextContentItem,
 * compareWithLastPosition, addFakeSpaces, flushTextContentItem in src/core/evaluator.js
 * of pdf.js 5.4.624), ported to glyphs read from the operator list: which glyphs join one
 * item, where a space goes in, where an item ends. The names and the order of the
 * arithmetic are pdf.js's, so that the items come out the same. See text.ts.
 */
import { categoryOf, type Glyph, TextState } from "./text-state.js";

/** The fields of a pdf.js text item the page reader reads. */
export interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;

/** The item being built and the spacing memory of one content stream (a page or a form). */
class Chunk {
  initialized = false;
  str: string[] = [];
  totalWidth = 0;
  totalHeight = 0;
  width = 0;
  height = 0;
  vertical = false;
  /** The rendering matrix after the last glyph kept (pdf.js's prevTransform), once there is one. */
  prev = [0, 0, 0, 0, 0, 0];
  hasPrev = false;
  textAdvanceScale = 0;
  spaceInFlowMin = 0;
  spaceInFlowMax = 0;
  trackingSpaceMin = Infinity;
  negativeSpaceMax = -Infinity;
  notASpace = -Infinity;
  transform: number[] = [];
  /** The last two characters seen (pdf.js's twoLastChars), the next one written at lastPos. */
  lastChars = [" ", " "];
  lastPos = 0;
}

function applyInverseRotation(x: number, y: number, m: ArrayLike<number>): [number, number] {
  const scale = Math.hypot(m[0], m[1]);
  return [(m[0] * x + m[1] * y) / scale, (m[2] * x + m[3] * y) / scale];
}

/** Builds the text items of one page from the glyphs shown, under the text state it is given. */
export class ItemBuilder {
  readonly items: TextItem[] = [];
  /** The current text state: the operator loop replaces it on save, restore and forms. */
  state = new TextState();
  private chunk = new Chunk();
  private readonly outer: Chunk[] = [];
  private readonly scratch = [0, 0, 0, 0, 0, 0];

  /** `view`: the page's view box in user space; `normalize`: pdf.js's normalizeUnicode. */
  constructor(
    private readonly view: ArrayLike<number>,
    private readonly normalize: (s: string) => string,
  ) {}

  /** A form XObject's content: its own item and spacing memory (pdf.js reads it with a getTextContent of its own). */
  beginForm(): void {
    this.flush();
    this.outer.push(this.chunk);
    this.chunk = new Chunk();
  }
  endForm(): void {
    this.flush();
    this.chunk = this.outer.pop() ?? this.chunk;
  }

  /** flushTextContentItem: the item built so far, if any, goes to the items. */
  flush(): void {
    const c = this.chunk;
    if (!c.initialized) return;
    if (!c.vertical) c.totalWidth += c.width * c.textAdvanceScale;
    else c.totalHeight += c.height * c.textAdvanceScale;
    this.items.push({ str: this.normalize(c.str.join("")), transform: c.transform, width: Math.abs(c.totalWidth), height: Math.abs(c.totalHeight) });
    c.initialized = false;
    c.str.length = 0;
  }

  /** After a new text matrix: the item's advances so far are scaled with the old one. */
  updateAdvanceScale(): void {
    const c = this.chunk;
    const s = this.state;
    if (!c.initialized) return;
    const scaleFactor = Math.hypot(s.ctm[0], s.ctm[1]) * Math.hypot(s.textLineMatrix[0], s.textLineMatrix[1]);
    if (scaleFactor === c.textAdvanceScale) return;
    if (!c.vertical) {
      c.totalWidth += c.width * c.textAdvanceScale;
      c.width = 0;
    } else {
      c.totalHeight += c.height * c.textAdvanceScale;
      c.height = 0;
    }
    c.textAdvanceScale = scaleFactor;
  }

  /** buildTextContentItem: the glyphs of one string, `extraSpacing` (a TJ adjustment) after the last one. */
  showGlyphs(glyphs: Glyph[], extraSpacing: number): void {
    const s = this.state;
    const to = glyphs.length;
    if (to === 0) {
      const charSpacing = s.charSpacing + extraSpacing;
      if (charSpacing) this.space(charSpacing);
      return;
    }
    const vertical = !!s.font?.vertical;
    const scale = s.fontMatrix[0] * s.fontSize;
    for (let i = 0; i < to; i++) {
      const glyph = glyphs[i];
      const unicode = glyph.unicode;
      const category = categoryOf(unicode);
      if (category.isInvisibleFormatMark) continue;
      let charSpacing = s.charSpacing + (i + 1 === to ? extraSpacing : 0);
      let glyphWidth = glyph.width;
      if (vertical) glyphWidth = glyph.vmetric ? glyph.vmetric[0] : -glyphWidth;
      let scaledDim = glyphWidth * scale;
      if (glyph.originalCharCode === 0x20) charSpacing += s.wordSpacing;
      if (category.isWhitespace) {
        if (!vertical) {
          charSpacing += scaledDim;
          s.translateTextMatrix(charSpacing * s.textHScale, 0);
        } else {
          charSpacing += -scaledDim;
          s.translateTextMatrix(0, -charSpacing);
        }
        this.saveLastChar(" ");
        continue;
      }
      if (!category.isZeroWidthDiacritic && !this.compareWithLastPosition(scaledDim)) {
        if (!vertical) s.translateTextMatrix(scaledDim * s.textHScale, 0);
        else s.translateTextMatrix(0, scaledDim);
        continue;
      }
      const c = this.ensureChunk();
      if (category.isZeroWidthDiacritic) scaledDim = 0;
      if (!vertical) {
        scaledDim *= s.textHScale;
        s.translateTextMatrix(scaledDim, 0);
        c.width += scaledDim;
      } else {
        s.translateTextMatrix(0, scaledDim);
        scaledDim = Math.abs(scaledDim);
        c.height += scaledDim;
      }
      if (scaledDim) {
        s.renderingMatrix(c.prev);
        c.hasPrev = true;
      }
      if (this.saveLastChar(unicode)) c.str.push(" ");
      c.str.push(unicode);
      if (charSpacing) this.space(charSpacing);
    }
  }

  /** Advance the text matrix by a spacing along the writing direction. */
  private space(charSpacing: number): void {
    const s = this.state;
    if (!s.font?.vertical) s.translateTextMatrix(charSpacing * s.textHScale, 0);
    else s.translateTextMatrix(0, -charSpacing);
  }

  private saveLastChar(char: string): boolean {
    const c = this.chunk;
    const next = (c.lastPos + 1) % 2;
    const ret = c.lastChars[c.lastPos] !== " " && c.lastChars[next] === " ";
    c.lastChars[c.lastPos] = char;
    c.lastPos = next;
    return ret;
  }
  private shouldAddWhitespace(): boolean {
    const c = this.chunk;
    return c.lastChars[c.lastPos] !== " " && c.lastChars[(c.lastPos + 1) % 2] === " ";
  }
  private resetLastChars(): void {
    this.chunk.lastChars[0] = this.chunk.lastChars[1] = " ";
    this.chunk.lastPos = 0;
  }
  private appendEOL(): void {
    this.resetLastChars();
    this.flush();
  }

  private ensureChunk(): Chunk {
    const c = this.chunk;
    const s = this.state;
    if (c.initialized) return c;
    const trm = (c.transform = s.renderingMatrix(new Array<number>(6)));
    if (!s.font?.vertical) {
      c.width = c.totalWidth = 0;
      c.height = c.totalHeight = Math.hypot(trm[2], trm[3]);
      c.vertical = false;
    } else {
      c.width = c.totalWidth = Math.hypot(trm[0], trm[1]);
      c.height = c.totalHeight = 0;
      c.vertical = true;
    }
    const scaleLineX = Math.hypot(s.textLineMatrix[0], s.textLineMatrix[1]);
    const scaleCtmX = Math.hypot(s.ctm[0], s.ctm[1]);
    c.textAdvanceScale = scaleCtmX * scaleLineX;
    const { fontSize } = s;
    c.trackingSpaceMin = fontSize * TRACKING_SPACE_FACTOR;
    c.notASpace = fontSize * NOT_A_SPACE_FACTOR;
    c.negativeSpaceMax = fontSize * NEGATIVE_SPACE_FACTOR;
    c.spaceInFlowMin = fontSize * SPACE_IN_FLOW_MIN_FACTOR;
    c.spaceInFlowMax = fontSize * SPACE_IN_FLOW_MAX_FACTOR;
    c.initialized = true;
    return c;
  }

  /** A gap to insert a space into the item (false), or to end it with a whitespace item (true). */
  private addFakeSpaces(width: number, orientation: number): boolean {
    const c = this.chunk;
    if (orientation * c.spaceInFlowMin <= width && width <= orientation * c.spaceInFlowMax) {
      if (c.initialized) {
        this.resetLastChars();
        c.str.push(" ");
      }
      return false;
    }
    this.flush();
    this.resetLastChars();
    return true;
  }

  /** Whether the glyph about to be shown is kept (in the view box), after joining, spacing or ending the item. */
  private compareWithLastPosition(glyphWidth: number): boolean {
    const c = this.chunk;
    const s = this.state;
    const view = this.view;
    const current = s.renderingMatrix(this.scratch);
    let posX = current[4];
    let posY = current[5];
    const vertical = !!s.font?.vertical;
    if (vertical) {
      if (posX < view[0] || posX > view[2] || posY + glyphWidth < view[1] || posY > view[3]) return false;
    } else if (posX + glyphWidth < view[0] || posX > view[2] || posY < view[1] || posY > view[3]) return false;
    if (!s.font || !c.hasPrev) return true;
    const prev = c.prev;
    let lastPosX = prev[4];
    let lastPosY = prev[5];
    if (lastPosX === posX && lastPosY === posY) return true;
    let rotate = -1;
    if (current[0] && current[1] === 0 && current[2] === 0) rotate = current[0] > 0 ? 0 : 180;
    else if (current[1] && current[0] === 0 && current[3] === 0) rotate = current[1] > 0 ? 90 : 270;
    switch (rotate) {
      case 0:
        break;
      case 90:
        [posX, posY] = [posY, posX];
        [lastPosX, lastPosY] = [lastPosY, lastPosX];
        break;
      case 180:
        [posX, posY, lastPosX, lastPosY] = [-posX, -posY, -lastPosX, -lastPosY];
        break;
      case 270:
        [posX, posY] = [-posY, -posX];
        [lastPosX, lastPosY] = [-lastPosY, -lastPosX];
        break;
      default:
        [posX, posY] = applyInverseRotation(posX, posY, current);
        [lastPosX, lastPosY] = applyInverseRotation(lastPosX, lastPosY, prev);
    }
    // along the writing direction: the advance since the last glyph, and the shift across it
    const advance = vertical ? (lastPosY - posY) / c.textAdvanceScale : (posX - lastPosX) / c.textAdvanceScale;
    const shift = vertical ? posX - lastPosX : posY - lastPosY;
    const extent = vertical ? c.width : c.height;
    const orientation = Math.sign(vertical ? c.height : c.width);
    if (advance < orientation * c.negativeSpaceMax) {
      if (Math.abs(shift) > 0.5 * extent) {
        this.appendEOL();
        return true;
      }
      this.resetLastChars();
      this.flush();
      return true;
    }
    if (Math.abs(shift) > extent) {
      this.appendEOL();
      return true;
    }
    if (advance <= orientation * c.notASpace) this.resetLastChars();
    if (advance <= orientation * c.trackingSpaceMin) {
      if (this.shouldAddWhitespace()) {
        this.resetLastChars();
        this.flush();
      } else this.grow(vertical, advance);
    } else if (!this.addFakeSpaces(advance, orientation)) {
      if (c.str.length === 0) this.resetLastChars();
      else this.grow(vertical, advance);
    }
    if (Math.abs(shift) > extent * VERTICAL_SHIFT_RATIO) this.flush();
    return true;
  }

  /** The item's extent along the writing direction grows by a gap. */
  private grow(vertical: boolean, by: number): void {
    if (vertical) this.chunk.height += by;
    else this.chunk.width += by;
  }
}
