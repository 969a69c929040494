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
  const b = new ItemBuilder(view, normalize);
  let state: TextState = b.state;
  const stack: TextState[] = [];

  /** A showText op: glyphs and TJ adjustments (thousandths of an em, against the writing direction). */
  const run: Glyph[] = [];
  const showText = (arr: (Glyph | number)[]) => {
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
  };

  const setFont = (name: string, size: number) => {
    state.loadedName = name;
    state.fontSize = size;
    state.font = fonts(name) ?? NO_FONT;
    state.fontMatrix = state.font.fontMatrix ?? FONT_IDENTITY;
  };

  for (let k = 0; k < fnArray.length; k++) {
    const fn = fnArray[k];
    const args = argsArray[k] as unknown[];
    switch (fn) {
      case OPS.save:
        stack.push(state);
        b.state = state = state.clone();
        break;
      case OPS.restore: {
        const prev = state;
        b.state = state = stack.pop() ?? state;
        if (prev.font !== state.font || prev.fontSize !== state.fontSize || prev.loadedName !== state.loadedName) b.flush();
        break;
      }
      case OPS.transform:
        state.ctm = multiply(state.ctm, args as Matrix);
        break;
      case OPS.paintFormXObjectBegin: {
        b.beginForm();
        stack.push(state);
        b.state = state = state.clone();
        const m = args[0] as ArrayLike<number> | null;
        if (m) state.ctm = multiply(state.ctm, matrixOf(m) as Matrix);
        break;
      }
      case OPS.paintFormXObjectEnd:
        b.endForm();
        b.state = state = stack.pop() ?? state;
        break;
      case OPS.beginText:
        state.textMatrix = [1, 0, 0, 1, 0, 0];
        state.textLineMatrix = [1, 0, 0, 1, 0, 0];
        break;
      case OPS.setFont: {
        const [name, size] = args as [string, number];
        if (state.font && name === state.loadedName && size === state.fontSize) break;
        b.flush();
        setFont(name, size);
        break;
      }
      case OPS.setGState:
        for (const [key, value] of args[0] as [string, unknown][]) {
          if (key !== "Font") continue;
          const [name, size] = value as [string, number];
          b.flush();
          setFont(name, size);
        }
        break;
      case OPS.setTextRise:
        state.textRise = args[0] as number;
        break;
      case OPS.setHScale:
        state.textHScale = (args[0] as number) / 100;
        break;
      case OPS.setLeading:
        state.leading = args[0] as number;
        break;
      case OPS.moveText:
        state.translateTextLineMatrix(args[0] as number, args[1] as number);
        state.textMatrix = state.textLineMatrix.slice();
        break;
      case OPS.setLeadingMoveText:
        state.leading = -(args[1] as number);
        state.translateTextLineMatrix(args[0] as number, args[1] as number);
        state.textMatrix = state.textLineMatrix.slice();
        break;
      case OPS.nextLine:
        state.carriageReturn();
        break;
      case OPS.setTextMatrix: {
        const m = matrixOf(args[0] as ArrayLike<number>);
        state.textMatrix = m;
        state.textLineMatrix = m.slice();
        b.updateAdvanceScale();
        break;
      }
      case OPS.setCharSpacing:
        state.charSpacing = args[0] as number;
        break;
      case OPS.setWordSpacing:
        state.wordSpacing = args[0] as number;
        break;
      case OPS.showText:
        if (state.font) showText(args[0] as (Glyph | number)[]);
        break;
      case OPS.beginMarkedContent:
      case OPS.beginMarkedContentProps:
      case OPS.endMarkedContent:
        b.flush();
        break;
    }
  }
  b.flush();
  return b.items;
}
