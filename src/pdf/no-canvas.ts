/**
 * pdf.js without @napi-rs/canvas. pdf.js's Node build requires that native module as it
 * is imported (pdf.mjs), to render pages to images and to polyfill three browser classes
 * (DOMMatrix, Path2D, ImageData); loading it costs every parser thread CPU and memory for
 * nothing (docs/lab-notes.md). Nothing here renders: pdf.js only builds one DOMMatrix at
 * load, and the operator lists and text this parser reads never touch the others. So the
 * module is answered from this thread's require cache, before pdf.js asks for it, with
 * stand-ins of the three classes; a render call would fail on them, loudly.
 */
import Module, { createRequire } from "node:module";

/** The identity matrix, as `new DOMMatrix()` makes it: all pdf.js needs of the class without rendering. */
class DOMMatrixStandIn {
  a = 1;
  b = 0;
  c = 0;
  d = 1;
  e = 0;
  f = 0;
}
class Path2DStandIn {}
class ImageDataStandIn {}

/** Put the stand-ins where pdf.js's `require("@napi-rs/canvas")` will find them; whether it was done. */
export function answerCanvasWithStandIns(): boolean {
  const require = createRequire(import.meta.resolve("pdfjs-dist/legacy/build/pdf.mjs"));
  let path: string;
  try {
    path = require.resolve("@napi-rs/canvas");
  } catch {
    return false; // not installed: pdf.js goes on without it, as it does everywhere it is missing
  }
  if (require.cache[path]) return false;
  const m = new Module(path);
  m.filename = path;
  m.loaded = true;
  m.exports = { DOMMatrix: DOMMatrixStandIn, Path2D: Path2DStandIn, ImageData: ImageDataStandIn };
  require.cache[path] = m;
  return true;
}
