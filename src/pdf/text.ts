/**
 * Text items from a page's operator list, as pdf.js's own getTextContent() builds them.
 *
 * getTextContent() parses each content stream a second time after getOperatorList() has
 * parsed it for the rules, and loads and lays out every glyph again; the operator list
 * already carries every glyph shown (its unicode, width and char code), the text state
 * operators and the transforms. This module replays those operators through a port of
 * the item assembly of pdf.js 5.4.624 (`PartialEvaluator.getTextContent` in
 * src/core/evaluator.js): the text rendering matrix of each glyph (font size, horizontal
 * scaling, text rise, the font matrix), character and word spacing, the TJ adjustments,
 * the thresholds that join glyphs into one item, insert a space or start a new item, the
 * page's view box, form XObjects, marked content and Unicode normalization. Only the
 * items pdf.js returns with visible text are produced (its whitespace and end-of-line
 * items carry no text, and the page reader drops them).
 *
 * Where the two can differ, by design:
 * - pdf.js stores text and form matrices as 32-bit floats in the operator list; they are
 *   read back as the shortest decimal that rounds to the same float, which is what PDF
 *   producers write (a handful of digits), so positions are those getTextContent computes;
 * - images are not decoded for the operator list (the parser does not read them), so an
 *   image painted between two pieces of text on one line no longer splits them;
 * - strings with right-to-left letters stay in logical order (pdf.js reorders them);
 * - two font resources naming the same font file and size do not split an item.
 */
import { multiply, type Matrix } from "./geometry.js";
import { ItemBuilder, type TextItem } from "./text-items.js";
import { FONT_IDENTITY, matrixOf, NO_FONT, type FontInfo, type Glyph, type TextState } from "./text-state.js";

/** The operator codes read here (pdfjs.OPS). */
export interface TextOps {
  save: number;
  restore: number;
  transform: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  beginText: number;
  setFont: number;
  setGState: number;
  setTextRise: number;
  setHScale: number;
  setLeading: number;
  moveText: number;
  setLeadingMoveText: number;
  nextLine: number;
  setTextMatrix: number;
  setCharSpacing: number;
  setWordSpacing: number;
  showText: number;
  beginMarkedContent: number;
  beginMarkedContentProps: number;
  endMarkedContent: number;
}

/** The replay of one operator list: the text state, the states saved under it, and the item builder it feeds. */
class TextReplay {
  private readonly b: ItemBuilder;
  private state: TextState;
  private readonly stack: TextState[] = [];
  /** The glyphs of one showText op between TJ adjustments (reused). */
  private readonly run: Glyph[] = [];

  constructor(
    view: ArrayLike<number>,
    normalize: (s: string) => string,
    private readonly fonts: (loadedName: string) => FontInfo | undefined,
  ) {
    this.b = new ItemBuilder(view, normalize);
    this.state = this.b.state;
  }

  /** One operator, as getTextContent reads it; the others are not text. */
  apply(fn: number, args: unknown[], OPS: TextOps): void {
    const state = this.state;
    switch (fn) {
      case OPS.save:
        return this.save();
      case OPS.restore:
        return this.restore();
      case OPS.transform:
        state.ctm = multiply(state.ctm, args as Matrix);
        return;
      case OPS.paintFormXObjectBegin:
        return this.beginForm(args[0] as ArrayLike<number> | null);
      case OPS.paintFormXObjectEnd:
        this.b.endForm();
        this.setState(this.stack.pop() ?? state);
        return;
      case OPS.beginText:
        state.textMatrix = [1, 0, 0, 1, 0, 0];
        state.textLineMatrix = [1, 0, 0, 1, 0, 0];
        return;
      case OPS.setFont: {
        const [name, size] = args as [string, number];
        if (state.font && name === state.loadedName && size === state.fontSize) return;
        this.b.flush();
        return this.setFont(name, size);
      }
      case OPS.setGState:
        return this.setGState(args[0] as [string, unknown][]);
      case OPS.setTextRise:
        state.textRise = args[0] as number;
        return;
      case OPS.setHScale:
        state.textHScale = (args[0] as number) / 100;
        return;
      case OPS.setLeading:
        state.leading = args[0] as number;
        return;
      case OPS.moveText:
        state.translateTextLineMatrix(args[0] as number, args[1] as number);
        state.textMatrix = state.textLineMatrix.slice();
        return;
      case OPS.setLeadingMoveText:
        state.leading = -(args[1] as number);
        state.translateTextLineMatrix(args[0] as number, args[1] as number);
        state.textMatrix = state.textLineMatrix.slice();
        return;
      case OPS.nextLine:
        state.carriageReturn();
        return;
      case OPS.setTextMatrix:
        return this.setTextMatrix(args[0] as ArrayLike<number>);
      case OPS.setCharSpacing:
        state.charSpacing = args[0] as number;
        return;
      case OPS.setWordSpacing:
        state.wordSpacing = args[0] as number;
        return;
      case OPS.showText:
        if (state.font) this.showText(args[0] as (Glyph | number)[]);
        return;
      case OPS.beginMarkedContent:
      case OPS.beginMarkedContentProps:
      case OPS.endMarkedContent:
        this.b.flush();
        return;
    }
  }

  /** The items, once the last one is flushed. */
  finish(): TextItem[] {
    this.b.flush();
    return this.b.items;
  }

  private setState(state: TextState): void {
    this.b.state = this.state = state;
  }

  private save(): void {
    this.stack.push(this.state);
    this.setState(this.state.clone());
  }

  /** The saved state back; a change of font ends the item. */
  private restore(): void {
    const prev = this.state;
    this.setState(this.stack.pop() ?? prev);
    const state = this.state;
    if (prev.font !== state.font || prev.fontSize !== state.fontSize || prev.loadedName !== state.loadedName) this.b.flush();
  }

  /** A form XObject: its own spacing memory, under the state saved with its matrix applied. */
  private beginForm(m: ArrayLike<number> | null): void {
    this.b.beginForm();
    this.save();
    if (m) this.state.ctm = multiply(this.state.ctm, matrixOf(m) as Matrix);
  }

  private setFont(name: string, size: number): void {
    const state = this.state;
    state.loadedName = name;
    state.fontSize = size;
    state.font = this.fonts(name) ?? NO_FONT;
    state.fontMatrix = state.font.fontMatrix ?? FONT_IDENTITY;
  }

  /** An ExtGState's Font entry sets the font. */
  private setGState(entries: [string, unknown][]): void {
    for (const [key, value] of entries) {
      if (key !== "Font") continue;
      const [name, size] = value as [string, number];
      this.b.flush();
      this.setFont(name, size);
    }
  }

  private setTextMatrix(matrix: ArrayLike<number>): void {
    const m = matrixOf(matrix);
    this.state.textMatrix = m;
    this.state.textLineMatrix = m.slice();
    this.b.updateAdvanceScale();
  }

  /** A showText op: glyphs and TJ adjustments (thousandths of an em, against the writing direction). */
  private showText(arr: (Glyph | number)[]): void {
    const { b, run, state } = this;
    run.length = 0;
    if (arr.length === 0) {
      b.showGlyphs(run, 0);
      return;
    }
    const spaceFactor = ((state.font?.vertical ? 1 : -1) * state.fontSize) / 1000;
    for (const a of arr) {
      if (typeof a !== "number") run.push(a);
      else if (a !== 0) {
        // a zero adjustment joins the strings around it
        b.showGlyphs(run, a * spaceFactor);
        run.length = 0;
      }
    }
    if (run.length) b.showGlyphs(run, 0);
  }
}

/**
 * The text items of an operator list. `fonts` gives the font pdf.js loaded under a name
 * (setFont's first argument), the same object for the same name; `view` is the page's view
 * box in user space; `normalize` is pdf.js's normalizeUnicode (ligatures, compatibility forms).
 */
export function textItems(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  OPS: TextOps,
  fonts: (loadedName: string) => FontInfo | undefined,
  view: ArrayLike<number>,
  normalize: (s: string) => string,
): TextItem[] {
  const replay = new TextReplay(view, normalize, fonts);
  for (let k = 0; k < fnArray.length; k++) replay.apply(fnArray[k], argsArray[k] as unknown[], OPS);
  return replay.finish();
}
