/**
 * PDFs made in the tests with pdf-lib: text drawn with the text operators the fixtures'
 * producers use little or not at all, and pages that are only an image (long documents:
 * scripts/lib/long-pdf.ts).
 */
import { deflateSync, crc32 } from "node:zlib";
import {
  PDFDocument,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames as Op,
  StandardFonts,
  beginMarkedContent,
  beginText,
  concatTransformationMatrix,
  degrees,
  endMarkedContent,
  endText,
  lineTo,
  moveText,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSpacing,
  setCharacterSqueeze,
  setFontAndSize,
  setLineHeight,
  setLineWidth,
  setTextMatrix,
  setTextRise,
  setWordSpacing,
  showText,
  stroke,
  type PDFFont,
  type PDFPage,
} from "pdf-lib";

/** Raw text drawing on a page with a standard font: the font's resource name and an encoder. */
function writer(page: PDFPage, font: PDFFont) {
  const name = page.node.newFontDictionary(font.name, font.ref);
  const ops = (...o: PDFOperator[]) => page.pushOperators(...o);
  const tj = (...parts: (string | number)[]) =>
    PDFOperator.of(Op.ShowTextAdjusted, [page.doc.context.obj(parts.map((p) => (typeof p === "string" ? font.encodeText(p) : p)))]);
  return { name, ops, tj, text: (s: string) => showText(font.encodeText(s)) };
}

/**
 * Four pages of text set with character and word spacing, horizontal scaling, text rise,
 * TJ adjustments (kerning, gaps a space wide and wider), the ' and " operators, fonts
 * switched mid-line, rotated, scaled and mirrored text matrices and transforms, q/Q inside
 * a text object, marked content, text in form XObjects, text outside the crop box, and a
 * page with /Rotate 90; rules drawn around it.
 */
export async function textOperatorsPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const helv = await doc.embedFont(StandardFonts.Helvetica);
  const times = await doc.embedFont(StandardFonts.TimesRoman);

  const p1 = doc.addPage([595, 842]);
  const h = writer(p1, helv);
  const t = writer(p1, times);
  h.ops(
    beginText(), setFontAndSize(h.name, 10), moveText(50, 780), h.text("Plain text at ten points"),
    setCharacterSpacing(0.8), moveText(0, -20), h.text("Letters spaced out by Tc"),
    setCharacterSpacing(0), setWordSpacing(6), moveText(0, -20), h.text("Words spaced out by Tw here"),
    setWordSpacing(0), setCharacterSqueeze(70), moveText(0, -20), h.text("Squeezed to seventy percent"),
    setCharacterSqueeze(130), moveText(0, -20), h.text("Stretched to one hundred thirty"),
    setCharacterSqueeze(100), moveText(0, -20), h.text("Base"), setTextRise(4), h.text("superscript"), setTextRise(-3), h.text("subscript"), setTextRise(0),
    moveText(0, -20), h.tj("Ke", -80, "rned", 0, " text ", -300, "gap", -1200, "column", 500, "back"),
    moveText(0, -20), h.tj(-400, "leading adjustment", -150),
    setLineHeight(14), moveText(0, -20), h.text("first line"),
    PDFOperator.of(Op.NextLine), h.text("after T*"),
    PDFOperator.of(Op.ShowTextLine, [helv.encodeText("after the quote operator")]),
    PDFOperator.of(Op.ShowTextLineAndSpace, [PDFNumber.of(2), PDFNumber.of(0.5), helv.encodeText("after the double quote operator")]),
    moveText(0, -24), h.text("Helvetica then "), setFontAndSize(t.name, 10), t.text("Times in the same line"), setFontAndSize(h.name, 10), h.text(" and back"),
    moveText(0, -20), setFontAndSize(h.name, 14), h.text("Bigger "), setFontAndSize(h.name, 7), h.text("smaller on one baseline"),
    endText(),
  );
  h.ops(
    beginText(), setFontAndSize(h.name, 9), moveText(50, 500), h.text("Before q"), pushGraphicsState(), setFontAndSize(t.name, 9), t.text(" inside q"), popGraphicsState(), h.text(" after Q"),
    moveText(0, -20), h.text("marked "), endText(),
    beginMarkedContent("Span"), beginText(), setFontAndSize(h.name, 9), moveText(120, 480), h.text("content"), endText(), endMarkedContent(),
  );
  h.ops(pushGraphicsState(), setLineWidth(0.5), moveTo(40, 470), lineTo(555, 470), stroke(), moveTo(40, 470), lineTo(40, 800), stroke(), popGraphicsState());

  const p2 = doc.addPage([842, 595]);
  const h2 = writer(p2, helv);
  h2.ops(
    beginText(), setFontAndSize(h2.name, 10), setTextMatrix(2, 0, 0, 2, 50, 520), h2.text("Scaled by the text matrix"), endText(),
    pushGraphicsState(), concatTransformationMatrix(0, 1, -1, 0, 400, 100), beginText(), setFontAndSize(h2.name, 10), moveText(0, 0), h2.text("Rotated by the transform"), endText(), popGraphicsState(),
    pushGraphicsState(), concatTransformationMatrix(0.866, 0.5, -0.5, 0.866, 500, 300), beginText(), setFontAndSize(h2.name, 10), moveText(0, 0), h2.text("Thirty degrees, two words"), endText(), popGraphicsState(),
    beginText(), setFontAndSize(h2.name, 10), setTextMatrix(-1, 0, 0, -1, 700, 400), h2.text("Upside down"), endText(),
    beginText(), setFontAndSize(h2.name, 10), setTextMatrix(1, 0, 0.3, 1, 50, 200), h2.text("Skewed text matrix"), endText(),
    pushGraphicsState(), concatTransformationMatrix(1.5, 0, 0, 0.75, 30, 60), beginText(), setFontAndSize(h2.name, 12), moveText(20, 40), h2.text("Scaled by the transform"), moveText(0, -16), h2.tj("and ", -500, "spaced"), endText(), popGraphicsState(),
  );

  // text in form XObjects: the first page drawn small twice, one of them rotated
  const p3 = doc.addPage([595, 842]);
  const embedded = await doc.embedPage(p1, { left: 40, bottom: 470, right: 555, top: 800 });
  p3.drawPage(embedded, { x: 40, y: 500, xScale: 0.6, yScale: 0.6 });
  p3.drawPage(embedded, { x: 500, y: 80, xScale: 0.5, yScale: 0.5, rotate: degrees(90) });
  p3.drawText("Text beside the forms", { x: 40, y: 460, size: 11, font: times });
  // text off the crop box is not read
  p3.setCropBox(0, 0, 595, 800);
  p3.drawText("Above the crop box", { x: 40, y: 820, size: 11, font: helv });

  const p4 = doc.addPage([595, 842]);
  p4.setRotation(degrees(90));
  p4.drawText("A page with /Rotate 90", { x: 60, y: 700, size: 12, font: helv });
  p4.drawText("and a second line", { x: 60, y: 680, size: 12, font: helv });
  return Buffer.from(await doc.save());
}

/** A PNG of w×h grey pixels. */
function png(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((w + 1) * h, 0x80);
  for (let y = 0; y < h; y++) rows[y * (w + 1)] = 0; // filter byte of each row
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

/** Pages that are only an image each, as a scanner makes them. */
export async function imageOnlyPdf(pages = 2): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(png(300, 400));
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return Buffer.from(await doc.save());
}
