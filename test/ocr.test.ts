/**
 * Scanned charters (src/ocr/): the pieces that need no engine on drawn pages (skew, turn,
 * rules, image decoding), then one real scan and one blank scanned page read end to end by
 * the CLI (real workers, the real engine, two OCR'd pages: OCR is slow) and scored against
 * the charter's gold, and the same files with --no-ocr.
 */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { scoreDatabase } from "../src/eval/score.js";
import { imageKind, imagePages } from "../src/ocr/decode.js";
import { inkOf, runsVertically, skewOf } from "../src/ocr/deskew.js";
import { rotateSmall, turn, type GrayImage } from "../src/ocr/image.js";
import { findRules } from "../src/ocr/rules.js";
import { parseContext } from "../src/pipeline/pool.js";
import { cli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

const SCANS = join(import.meta.dirname, "..", "fixtures", "scans", "dev");

/** A white page at `dpi`, A4 landscape. */
function page(dpi: number): GrayImage {
  const width = Math.round((842 / 72) * dpi);
  const height = Math.round((595 / 72) * dpi);
  return { width, height, data: new Uint8Array(width * height).fill(255), dpi };
}

function fillRect(img: GrayImage, x0: number, y0: number, w: number, h: number, level = 0): void {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) img.data[y * img.width + x] = level;
}

/**
 * Lines of "words": letters 9 px high, 3 to 6 px wide, 1 px apart (as noise joins a bold
 * word's letters), words of 5 to 12 letters 8 px apart, an ascender here and there; the
 * widths drawn from a fixed sequence, so that letters do not line up from line to line.
 */
function drawText(img: GrayImage, x0: number, y0: number, lines: number, lineGap: number, lineWidth: number): void {
  let seed = 7;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let l = 0; l < lines; l++) {
    const y = y0 + l * lineGap;
    let x = x0 + next(10);
    while (x < x0 + lineWidth) {
      for (let c = 5 + next(8); c > 0; c--) {
        const w = 3 + next(4);
        fillRect(img, x, y, w, 9);
        if (next(4) === 0) fillRect(img, x, y - 4, 2, 4);
        x += w + 1;
      }
      x += 8;
    }
  }
}

describe("straightening a scan", () => {
  it("measures the skew of a page's lines to a tenth of a degree, either way", () => {
    for (const deg of [0.7, -0.45]) {
      const img = page(100);
      drawText(img, 80, 80, 25, 18, 900);
      const turned = rotateSmall(img, (deg * Math.PI) / 180);
      const found = (skewOf(inkOf(turned)) * 180) / Math.PI;
      expect(Math.abs(found - deg), `drawn at ${deg}°, found ${found.toFixed(2)}°`).toBeLessThan(0.1);
    }
  });

  it("tells a page fed turned by 90° by the way its lines run", () => {
    const img = page(100);
    drawText(img, 80, 80, 25, 18, 900);
    expect(runsVertically(inkOf(img))).toBe(false);
    expect(runsVertically(inkOf(turn(img, 90)))).toBe(true);
    expect(runsVertically(inkOf(turn(img, 270)))).toBe(true);
  });
});

describe("rules from pixels", () => {
  it("finds a table's drawn rules and takes no line of bold text for one", () => {
    const img = page(200);
    const rows = [200, 300, 400, 500];
    const cols = [150, 700, 1400, 2100];
    for (const y of rows) fillRect(img, cols[0], y, cols.at(-1)! - cols[0] + 2, 2);
    for (const x of cols) fillRect(img, x, rows[0], 2, rows.at(-1)! - rows[0] + 2);
    // bold words inside the cells, noise-joined letters
    for (const y of rows.slice(0, -1)) drawText(img, cols[0] + 20, y + 40, 2, 25, 500);
    const rules = findRules(img, 200, 128);
    const h = rules.filter((r) => r.dir === "h").map((r) => Math.round(r.pos)).sort((a, b) => a - b);
    const v = rules.filter((r) => r.dir === "v").map((r) => Math.round(r.pos)).sort((a, b) => a - b);
    expect(h).toEqual(rows.map((y) => y + 1));
    expect(v).toEqual(cols.map((x) => x + 1));
  });
});

describe("scanned image files", () => {
  it("sniffs PNG, JPEG and TIFF by their bytes and decodes every page with its resolution", () => {
    const png = readFileSync(join(SCANS, "c05-genova-urp-2020", "charter.scan200.png"));
    const jpg = readFileSync(join(SCANS, "c05-genova-urp-2020", "charter.scan200.jpg"));
    const tif = readFileSync(join(SCANS, "c03-cliclavoro-2020", "charter.scan300.tif"));
    expect([imageKind(png), imageKind(jpg), imageKind(tif), imageKind(Buffer.from("%PDF-1.7"))]).toEqual(["png", "jpeg", "tiff", null]);
    for (const [bytes, pages, dpi] of [[png, 1, 200], [jpg, 1, 200], [tif, 2, 300]] as const) {
      const decoded = [...imagePages(bytes)];
      expect(decoded.length).toBe(pages);
      for (const p of decoded) {
        // an A4 landscape page at its resolution, ink on paper
        expect(Math.abs(p.width / (dpi / 72) - 842)).toBeLessThan(20);
        expect(Math.abs(p.height / (dpi / 72) - 595)).toBeLessThan(20);
        expect(p.data.some((v) => v < 100) && p.data.some((v) => v > 200)).toBe(true);
      }
    }
  });

  it("refuses a truncated image with a reason", () => {
    const png = readFileSync(join(SCANS, "c05-genova-urp-2020", "charter.scan200.png"));
    expect(() => [...imagePages(png.subarray(0, 2000))]).toThrow(/corrupt image/);
  });
});

describe("import of scans", () => {
  it("a failure under --no-ocr is not a known failure once OCR is on", () => {
    expect(parseContext("pdf@1.1.0", [], false)).not.toBe(parseContext("pdf@1.1.0", [], true));
  });

  /** A folder with one charter's one-page noisy scan and its gold, and a blank scanned page. */
  function scansFolder(): string {
    const dir = tempDir();
    mkdirSync(join(dir, "c05"));
    copyFileSync(join(SCANS, "c05-genova-urp-2020", "charter.scan200-noisy.pdf"), join(dir, "c05", "charter.scan200-noisy.pdf"));
    copyFileSync(join(SCANS, "c05-genova-urp-2020", "gold.json"), join(dir, "c05", "gold.json"));
    mkdirSync(join(dir, "blank"));
    copyFileSync(join(SCANS, "blank", "blank.scan200.pdf"), join(dir, "blank", "blank.scan200.pdf"));
    return dir;
  }

  it("reads a noisy turned scan by OCR into the same table reading, and fails a blank page with its reason", () => {
    const dir = scansFolder();
    const db = join(dir, "s.sqlite");
    const r = cli(["import", dir, "--db", db, "--log-format", "json", "--concurrency", "2", "--file-timeout", "600"], { timeout: 900_000 });
    expect(r.status, r.stderr).toBe(1);
    // the engine's own messages reach neither stream: every stdout line is the log's JSON
    expect(r.stdout.trim().split("\n").every((l) => l.startsWith("{"))).toBe(true);
    expect(r.stderr).not.toMatch(/diacritics|special-words/);
    expect(r.summary.ocrPages).toBe(2);
    expect(r.summary.failures.map((f) => [f.path.endsWith("blank.scan200.pdf"), f.reason])).toEqual([[true, "pdf: scanned: OCR found no text on its page (a blank or unreadable scan)"]]);
    const report = scoreDatabase(db, dir);
    expect(report.indicators.prf()[2]).toBeGreaterThanOrEqual(0.4);
    expect(report.services.prf()[2]).toBeGreaterThanOrEqual(0.9);
    // every row says it was read by OCR, and at what confidence
    const conf = new Database(db, { readonly: true }).prepare("SELECT src_ocr FROM indicators").pluck().all() as (number | null)[];
    expect(conf.length).toBeGreaterThan(0);
    for (const c of conf) expect(c !== null && c > 0 && c <= 1).toBe(true);
  }, 900_000);

  it("inspects a scanned image and exits: the engine's thread ends with the command", () => {
    const r = cli(["inspect", "--table", join(SCANS, "c05-genova-urp-2020", "charter.scan200.png")], { timeout: 600_000 });
    expect(r.signal, "inspect did not exit").toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^image \| results \|/);
    expect(r.stdout.split("\n").filter((l) => /^p1 /.test(l)).length).toBeGreaterThan(0);
  }, 900_000);

  it("with --no-ocr, fails each scan with that reason and reads no page", () => {
    const dir = scansFolder();
    const r = cli(["import", dir, "--db", join(dir, "n.sqlite"), "--log-format", "json", "--no-ocr"]);
    expect(r.status).toBe(1);
    expect(r.summary.ocrPages).toBe(0);
    expect(r.summary.failures.map((f) => f.reason).sort()).toEqual([
      "pdf: scanned: no text layer (the pages are images, and OCR is off (--no-ocr))",
      "pdf: scanned: no text layer (the pages are images, and OCR is off (--no-ocr))",
    ]);
  });
});
