/**
 * A page image as the OCR reads it: 8-bit greyscale, one byte a pixel, 0 black, 255 white,
 * row by row from the top, with the resolution it was scanned at. Every source (a PDF's
 * page image, a PNG, a JPEG, a TIFF page) is brought to this, within a bound on its size.
 */
import { ParseError } from "../model/errors.js";

export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
  /** Pixels per inch, where the source says (null: unknown). */
  dpi: number | null;
}

/**
 * Pixels a page image may have: an A3 page scanned at 600 dpi has 70 million; a larger
 * one is not a scanned charter page, and decoding it would take hundreds of MB.
 */
export const MAX_PIXELS = 80_000_000;

/** A ParseError for an image whose declared size is over MAX_PIXELS (or empty), before anything is decoded. */
export function checkSize(width: number, height: number, format: string): void {
  if (!(width > 0 && height > 0)) throw new ParseError(`corrupt image: a page of ${width}×${height} pixels`, format);
  if (width * height > MAX_PIXELS) {
    throw new ParseError(`image too large: a page of ${width}×${height} pixels (over ${MAX_PIXELS / 1e6} million)`, format);
  }
}

/** Greyscale from interleaved samples (grey, grey+alpha, RGB or RGBA), alpha over white. */
export function grayFrom(data: ArrayLike<number>, width: number, height: number, channels: number, dpi: number | null): GrayImage {
  const n = width * height;
  const out = new Uint8Array(n);
  if (channels === 1) out.set(data as ArrayLike<number>);
  else if (channels === 2) for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = 255 - (((255 - data[j]) * data[j + 1]) >> 8);
  else {
    const alpha = channels === 4;
    for (let i = 0, j = 0; i < n; i++, j += channels) {
      const y = (data[j] * 77 + data[j + 1] * 150 + data[j + 2] * 29) >> 8;
      out[i] = alpha ? 255 - (((255 - y) * data[j + 3]) >> 8) : y;
    }
  }
  return { width, height, data: out, dpi };
}

/** Greyscale from 1 bit a pixel, rows padded to a byte; `zeroIsBlack` as PDF image masks and TIFF's PhotometricInterpretation say. */
export function grayFromBits(bits: ArrayLike<number>, width: number, height: number, zeroIsBlack: boolean, dpi: number | null): GrayImage {
  const out = new Uint8Array(width * height);
  const stride = (width + 7) >> 3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = (bits[y * stride + (x >> 3)] >> (7 - (x & 7))) & 1;
      out[y * width + x] = (bit === 1) === zeroIsBlack ? 255 : 0;
    }
  }
  return { width, height, data: out, dpi };
}

/** The image turned by a multiple of 90° clockwise. */
export function turn(img: GrayImage, degrees: 0 | 90 | 180 | 270): GrayImage {
  if (degrees === 0) return img;
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  if (degrees === 180) {
    for (let i = 0, n = w * h; i < n; i++) out[n - 1 - i] = data[i];
    return { ...img, data: out };
  }
  // 90 clockwise: (x, y) -> (h - 1 - y, x); 270: (x, y) -> (y, w - 1 - x); new width h
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const to = degrees === 90 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y;
      out[to] = data[y * w + x];
    }
  }
  return { width: h, height: w, data: out, dpi: img.dpi };
}

/** The image scaled down by an integer factor (the mean of each k×k block). */
export function shrink(img: GrayImage, k: number): GrayImage {
  if (k <= 1) return img;
  const w = Math.floor(img.width / k);
  const h = Math.floor(img.height / k);
  const out = new Uint8Array(w * h);
  const src = img.data;
  const kk = k * k;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = 0; dy < k; dy++) {
        const row = (y * k + dy) * img.width + x * k;
        for (let dx = 0; dx < k; dx++) s += src[row + dx];
      }
      out[y * w + x] = Math.round(s / kk);
    }
  }
  return { width: w, height: h, data: out, dpi: img.dpi ? img.dpi / k : null };
}

/** The image scaled up by an integer factor (bilinear), for small text the engine reads badly at its size. */
export function enlarge(img: GrayImage, k: number): GrayImage {
  if (k <= 1) return img;
  const { width: w, height: h, data } = img;
  const W = w * k;
  const H = h * k;
  const out = new Uint8Array(W * H);
  for (let Y = 0; Y < H; Y++) {
    const sy = Math.min(h - 1, Math.max(0, (Y + 0.5) / k - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let X = 0; X < W; X++) {
      const sx = Math.min(w - 1, Math.max(0, (X + 0.5) / k - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      const top = data[y0 * w + x0] + (data[y0 * w + x1] - data[y0 * w + x0]) * fx;
      const bottom = data[y1 * w + x0] + (data[y1 * w + x1] - data[y1 * w + x0]) * fx;
      out[Y * W + X] = top + (bottom - top) * fy;
    }
  }
  return { width: W, height: H, data: out, dpi: img.dpi ? img.dpi * k : null };
}

/**
 * The image turned by a small angle about its centre (radians; positive turns the
 * content clockwise as the page is seen, y pointing down), same size, bilinear; what
 * comes in from outside the image is white.
 */
export function rotateSmall(img: GrayImage, angle: number): GrayImage {
  if (Math.abs(angle) < 1e-4) return img;
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h).fill(255);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    // the source of (x, y) is the inverse rotation of it: one step along x moves it by (cos, -sin)
    let sx = cx - cx * cos + dy * sin;
    let sy = cy + cx * sin + dy * cos;
    for (let x = 0; x < w; x++, sx += cos, sy -= sin) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top = data[i] + (data[i + 1] - data[i]) * fx;
      const bottom = data[i + w] + (data[i + w + 1] - data[i + w]) * fx;
      out[y * w + x] = top + (bottom - top) * fy;
    }
  }
  return { ...img, data: out };
}

/** The grey level between ink and paper (Otsu's threshold over the histogram): levels below it are ink (a bilevel page's 0 too). */
export function otsu(img: GrayImage): number {
  const hist = new Float64Array(256);
  const d = img.data;
  for (let i = 0; i < d.length; i++) hist[d[i]]++;
  const total = d.length;
  let sum = 0;
  for (let t = 0; t < 256; t++) sum += t * hist[t];
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = t + 1;
    }
  }
  return threshold;
}

/** The image as a binary PGM (P5): what the OCR engine reads without a decoder of ours. */
export function toPgm(img: GrayImage): Buffer {
  const header = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, "latin1");
  return Buffer.concat([header, Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength)]);
}
