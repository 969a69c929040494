/**
 * The pdf.js side of `npm run bench:pdf`, run as its own child process: getTextContent()
 * of every page of the files named on stdin (one path a line), with nothing of the
 * parser loaded; prints `{"pages": N}`.
 */
import { readFileSync } from "node:fs";
import { loadPdfJs } from "../../src/pdf/pdfjs.js";

// as in the parser workers: pdf.js inflates streams itself (src/pipeline/worker.ts)
delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;
const pdfjs = await loadPdfJs();
let pages = 0;
for (const path of readFileSync(0, "utf8").split("\n").filter(Boolean)) {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0, isEvalSupported: false, stopAtErrors: false }).promise;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    await page.getTextContent();
    page.cleanup();
    pages++;
  }
  await doc.destroy();
}
console.log(JSON.stringify({ pages }));
