/**
 * Long PDFs made of a charter's pages, with pdf-lib (a dev dependency): for the memory
 * test of a long document (test/pdf-read.test.ts) and `npm run bench:pdf -- --long N`.
 */
import { PDFDocument, PDFName } from "pdf-lib";

/**
 * A PDF of `pages` pages made of a source PDF's pages, over and over. With `ownFonts`
 * every page is copied on its own and carries its own fonts, as in a long document
 * assembled from many (the worst case for what pdf.js keeps per font); without, the
 * pages share the source's fonts and resources, as in one long document, each with its
 * own content stream.
 */
export async function longPdf(source: Uint8Array, pages: number, { ownFonts = true } = {}): Promise<Buffer> {
  const src = await PDFDocument.load(source);
  const doc = await PDFDocument.create();
  const n = src.getPageCount();
  if (ownFonts) {
    for (let i = 0; i < pages; i++) {
      const [p] = await doc.copyPages(src, [i % n]);
      doc.addPage(p);
    }
  } else {
    for (const p of await doc.copyPages(src, Array.from({ length: pages }, (_, i) => i % n))) {
      const contents = p.node.get(PDFName.of("Contents"));
      const stream = contents && doc.context.lookup(contents);
      if (stream) p.node.set(PDFName.of("Contents"), doc.context.register(stream.clone(doc.context)));
      doc.addPage(p);
    }
  }
  return Buffer.from(await doc.save());
}
