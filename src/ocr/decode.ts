/**
 * Scanned pages saved as image files, decoded in pure JavaScript: PNG (pngjs), JPEG
 * (jpeg-js) and TIFF, one page or many, CCITT Group 4 as archives keep them (UTIF.js).
 * Each page's size is read from its header and checked against MAX_PIXELS before its
 * pixels are decoded; pages are decoded one at a time, as they are read.
 */
import { createRequire } from "node:module";
import { ParseError } from "../model/errors.js";
import { checkSize, grayFrom, type GrayImage } from "./image.js";

const require = createRequire(import.meta.url);

export type ImageKind = "png" | "jpeg" | "tiff";

/** The image format by its magic number, or null. */
export function imageKind(b: Buffer): ImageKind | null {
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return "png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 42 && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 42))) return "tiff";
  return null;
}

/** A PNG's size (IHDR) and resolution (pHYs, pixels per metre). */
function pngHeader(b: Buffer): { width: number; height: number; dpi: number | null } {
  if (b.length < 24 || b.toString("latin1", 12, 16) !== "IHDR") throw new ParseError("corrupt image: no PNG header", "image");
  let dpi: number | null = null;
  for (let at = 8; at + 12 <= b.length; ) {
    const len = b.readUInt32BE(at);
    const type = b.toString("latin1", at + 4, at + 8);
    if (type === "pHYs" && at + 17 <= b.length && b[at + 16] === 1) dpi = Math.round(b.readUInt32BE(at + 8) * 0.0254);
    if (type === "IDAT" || type === "IEND") break;
    at += 12 + len;
  }
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), dpi };
}

/** A JPEG's size (its frame header) and resolution (JFIF's density, in dots per inch or per cm). */
function jpegHeader(b: Buffer): { width: number; height: number; dpi: number | null } {
  let dpi: number | null = null;
  for (let at = 2; at + 4 <= b.length; ) {
    if (b[at] !== 0xff) throw new ParseError("corrupt image: a JPEG marker expected", "image");
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    const len = b.readUInt16BE(at + 2);
    if (marker === 0xe0 && b.toString("latin1", at + 4, at + 9) === "JFIF\0" && at + 16 <= b.length) {
      const units = b[at + 11];
      const x = b.readUInt16BE(at + 12);
      if (units === 1 && x > 1) dpi = x;
      else if (units === 2 && x > 1) dpi = Math.round(x * 2.54);
    }
    // the start of a frame: SOF0..SOF15 but DHT (c4), JPG (c8) and DAC (cc)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc && at + 9 <= b.length) {
      return { width: b.readUInt16BE(at + 7), height: b.readUInt16BE(at + 5), dpi };
    }
    at += 2 + len;
  }
  throw new ParseError("corrupt image: no JPEG frame", "image");
}

type Ifd = Record<string, unknown> & { width?: number; height?: number };
interface Utif {
  decode(buf: ArrayBuffer | Uint8Array): Ifd[];
  decodeImage(buf: ArrayBuffer | Uint8Array, ifd: Ifd): void;
  toRGBA8(ifd: Ifd): Uint8Array;
}

/** A TIFF page's resolution from its tags (XResolution, ResolutionUnit: 2 inch, 3 cm). */
function tiffDpi(ifd: Ifd): number | null {
  const res = ifd.t282 as number[] | undefined;
  const unit = (ifd.t296 as number[] | undefined)?.[0] ?? 2;
  const x = res?.[0];
  if (!x || !(x > 1)) return null;
  return Math.round(unit === 3 ? x * 2.54 : x);
}

function tiffPages(b: Buffer): Generator<GrayImage> {
  const utif = require("utif") as Utif;
  const bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  let ifds: Ifd[];
  try {
    ifds = utif.decode(bytes).filter((ifd) => ifd.t256 && ifd.t257);
  } catch (e) {
    throw new ParseError(`corrupt image: unreadable TIFF (${(e as Error).message})`, "image");
  }
  return (function* () {
    for (const ifd of ifds) {
      const width = (ifd.t256 as number[])[0];
      const height = (ifd.t257 as number[])[0];
      checkSize(width, height, "image");
      try {
        utif.decodeImage(bytes, ifd);
        const rgba = utif.toRGBA8(ifd);
        delete ifd.data;
        yield grayFrom(rgba, width, height, 4, tiffDpi(ifd));
      } catch (e) {
        if (e instanceof ParseError) throw e;
        throw new ParseError(`corrupt image: TIFF page unreadable (${(e as Error).message})`, "image");
      }
    }
  })();
}

/** The pages of an image file, decoded one at a time, each within MAX_PIXELS; a ParseError for what cannot be read. */
export function* imagePages(b: Buffer): Generator<GrayImage> {
  const kind = imageKind(b);
  if (kind === "tiff") {
    yield* tiffPages(b);
    return;
  }
  if (kind === "png") {
    const { width, height, dpi } = pngHeader(b);
    checkSize(width, height, "image");
    const { PNG } = require("pngjs") as typeof import("pngjs");
    let png: { width: number; height: number; data: Buffer };
    try {
      png = PNG.sync.read(b);
    } catch (e) {
      throw new ParseError(`corrupt image: unreadable PNG (${(e as Error).message})`, "image");
    }
    yield grayFrom(png.data, png.width, png.height, 4, dpi);
    return;
  }
  if (kind === "jpeg") {
    const { width, height, dpi } = jpegHeader(b);
    checkSize(width, height, "image");
    const jpeg = require("jpeg-js") as typeof import("jpeg-js");
    let img: { width: number; height: number; data: Uint8Array };
    try {
      img = jpeg.decode(b, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: 100, maxMemoryUsageInMB: 512 });
    } catch (e) {
      throw new ParseError(`corrupt image: unreadable JPEG (${(e as Error).message})`, "image");
    }
    yield grayFrom(img.data, img.width, img.height, 3, dpi);
    return;
  }
  throw new ParseError("not an image this reader knows (PNG, JPEG, TIFF)", "image");
}
