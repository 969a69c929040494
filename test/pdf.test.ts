/**
 * The PDF parser against the corpus: every PDF under fixtures/corpus (and every
 * charter*.pdf under fixtures/quirks with a gold.json) read and compared with its
 * folder's gold.json field by field (text after whitespace and case folding),
 * rules found in the operator lists of pdfjs 5.x, and clear failures.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CharterDocument } from "../src/model/schema.js";
import { pdfParser } from "../src/parsers/pdf.js";
import { pageRows } from "../src/pdf/page-rows.js";
import { partsFromPages } from "../src/pdf/parts.js";
import { parserNamed } from "../src/parsers/registry.js";
import { readWith } from "../src/read/charter.js";
import { openPdf, readPage } from "../src/pdf/read.js";
import type { TextRun } from "../src/pdf/geometry.js";
import { ParseError } from "../src/model/errors.js";
import { collectFiles } from "../src/pipeline/import.js";
import { findLattices } from "../src/pdf/lattice.js";
import { keepingBuiltins, loadPdfJs, restoredBuiltins } from "../src/pdf/pdfjs.js";

// The platform's own built-ins, taken before pdf.js is first loaded (it loads on first use).
const NATIVE = { push: Array.prototype.push, parse: JSON.parse, toString: Function.prototype.toString };

const FIXTURES = join(dirname(new URL(import.meta.url).pathname), "..", "fixtures");
const CORPUS = join(FIXTURES, "corpus");
const QUIRKS = join(FIXTURES, "quirks");

/** Every PDF below a folder, sorted (the importer's own folder walk). */
async function pdfFiles(dir: string): Promise<string[]> {
  return (await collectFiles([dir])).filter((f) => f.toLowerCase().endsWith(".pdf"));
}

/** Whitespace and case folding, as the scoring does (NFKC, quotes unified). */
function fold(v: unknown): unknown {
  if (typeof v !== "string") return v ?? null;
  return v
    .normalize("NFKC")
    .replace(/[‘’´`]/g, "'")
    .replace(/[“”«»]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

const SERVICE_FIELDS = ["name", "description", "delivery_mode", "users", "complaint_authority"] as const;
const INDICATOR_FIELDS = [
  "dimension_raw", "subdimension", "subdimension_raw", "description", "formula", "target_raw", "target_value", "target_unit",
  "actual_raw", "actual_value", "actual_unit", "notes", "placeholder",
] as const;

interface GoldIndicator extends Record<string, unknown> {
  dimension: string[];
  optional?: boolean;
}
interface Gold {
  kind: string;
  issuer: string | null;
  title: string | null;
  year: number | null;
  office: string | null;
  signatory: string | null;
  actions: { action: string; outcome: string | null }[];
  services: (Record<string, unknown> & { urls: string[]; indicators: GoldIndicator[] })[];
}

/** Every difference between a parsed document and the gold, as readable lines. */
function differences(doc: CharterDocument, gold: Gold): string[] {
  const diffs: string[] = [];
  const cmp = (where: string, got: unknown, want: unknown) => {
    if (JSON.stringify(fold(got)) !== JSON.stringify(fold(want))) diffs.push(`${where}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
  };
  // the title is composed by the interpreter from the title lines (as for spreadsheets), not compared here
  for (const k of ["kind", "issuer", "year", "office", "signatory"] as const) cmp(k, doc[k], gold[k]);
  cmp("actions", doc.actions.length, gold.actions.length);
  gold.actions.forEach((a, i) => {
    cmp(`action[${i}].action`, doc.actions[i]?.action, a.action);
    cmp(`action[${i}].outcome`, doc.actions[i]?.outcome, a.outcome);
  });
  cmp("services", doc.services.length, gold.services.length);
  gold.services.forEach((gs, si) => {
    const s = doc.services[si];
    if (!s) return;
    for (const k of SERVICE_FIELDS) cmp(`service[${si}].${k}`, s[k], gs[k]);
    cmp(`service[${si}].urls`, s.urls.join(" "), gs.urls.join(" "));
    const required = gs.indicators.filter((g) => !g.optional);
    const extra = s.indicators.length - gs.indicators.length;
    if (extra > 0) diffs.push(`service[${si}]: ${extra} indicator(s) more than the gold`);
    let cursor = 0;
    for (const gi of gs.indicators) {
      // the parsed rows are in printed order: find this gold row from where the last one was
      const at = s.indicators.findIndex((p, i) => i >= cursor && fold(p.description) === fold(gi.description) && fold(p.formula) === fold(gi.formula));
      const where = `service[${si}] indicator "${String(gi.description ?? gi.formula).slice(0, 40)}"`;
      if (at < 0) {
        if (!gi.optional) diffs.push(`${where}: not found`);
        continue;
      }
      cursor = at + 1;
      const p = s.indicators[at] as unknown as Record<string, unknown>;
      cmp(`${where}.dimension`, (p.dimension as string[]).join(","), gi.dimension.join(","));
      for (const k of INDICATOR_FIELDS) cmp(`${where}.${k}`, p[k], gi[k]);
    }
    expect(required.length).toBeGreaterThan(0);
  });
  return diffs;
}

const files = await pdfFiles(CORPUS);
const pdf = await parserNamed("pdf");
/** The layout quirks' charters: every charter*.pdf with a gold.json beside it. */
const quirkFiles = (await pdfFiles(QUIRKS)).filter((f) => /^charter.*\.pdf$/i.test(basename(f)) && existsSync(join(dirname(f), "gold.json")));

describe("pdf parser on the corpus", () => {
  it("finds the corpus PDFs", () => {
    expect(files.length).toBeGreaterThan(0);
  });
  it("finds the quirks' PDFs", () => {
    expect(quirkFiles.length).toBeGreaterThan(0);
  });
  for (const file of [...files, ...quirkFiles]) {
    const rel = `${basename(dirname(dirname(file)))}/${basename(dirname(file))}/${basename(file)}`;
    it(`reads ${rel} as its gold says`, async () => {
      const gold = JSON.parse(readFileSync(join(dirname(file), "gold.json"), "utf8")) as Gold;
      const bytes = readFileSync(file);
      expect(pdfParser.accepts({ path: file, bytes })).toBe(true);
      const doc = await readWith(pdf, { path: file, bytes });
      expect(differences(doc, gold)).toEqual([]);
      // provenance: every indicator has its page and a top-left bbox inside the page
      for (const s of doc.services) {
        for (const i of s.indicators) {
          expect(i.provenance.page).toBeGreaterThanOrEqual(1);
          expect(i.provenance.bbox).not.toBeNull();
          const [x0, y0, x1, y1] = i.provenance.bbox!;
          expect(x1).toBeGreaterThan(x0);
          expect(y1).toBeGreaterThan(y0);
        }
      }
    });
  }
});

describe("page rotation", () => {
  // the same charter with /Rotate set on its pages: text drawn for the unrotated page
  for (const rotate of [90, 270]) {
    it(`reads a charter whose pages carry /Rotate ${rotate}`, async () => {
      const file = files.find((f) => basename(f) === "charter.pdf")!;
      const gold = JSON.parse(readFileSync(join(dirname(file), "gold.json"), "utf8")) as Gold;
      const text = readFileSync(file).toString("latin1").replace(/\/Type\s*\/Page(?=[\s/>])/g, `/Type/Page/Rotate ${rotate}`);
      expect(text).toContain(`/Rotate ${rotate}`);
      const doc = await readWith(pdf, { path: "rotated.pdf", bytes: Buffer.from(text, "latin1") });
      expect(differences(doc, gold)).toEqual([]);
    });
  }
});

describe("tables across page breaks", () => {
  const header = ["Dimensioni", "Sottodimensioni", "Descrizione indicatore", "Formula indicatore", "Valore programmato"];
  const row = (texts: (string | null)[], y: number) => ({ cells: texts.map((text) => ({ text })), bbox: [10, y, 500, y + 20] as [number, number, number, number] });
  it("continues merged label cells and joins a row cut by the break", () => {
    const sheets = partsFromPages([
      { page: 1, rows: [row(header, 10), row(["Accessibilità", "Fisica", "Accesso allo", "Numero giorni di apertura", "95%"], 30)] },
      {
        page: 2,
        rows: [
          row(header, 10),
          row([null, null, "sportello", "dell'ufficio", null], 30),
          row([null, "Multicanale", "Accesso via web", "Giorni di accesso", "100%"], 50),
        ],
      },
    ]);
    expect(sheets).toHaveLength(1);
    const data = sheets[0].rows.filter((r) => r.cells[4]?.text && !/valore/i.test(r.cells[4].text));
    expect(data).toHaveLength(2);
    expect(data[0].cells[2].text).toBe("Accesso allo sportello");
    expect(data[1].cells[0].covered).toBe("up");
    expect(data[1].src.page).toBe(2);
  });
});

describe("unruled tables near the right edge", () => {
  // small type on a portrait page: titles of narrow columns about an em apart
  const SIZE = 4;
  const run = (str: string, x0: number, baseline: number): TextRun => ({
    str, x0, x1: x0 + str.length * SIZE * 0.5, top: baseline - SIZE * 0.8, bottom: baseline + SIZE * 0.2, baseline, size: SIZE,
  });
  const head = (noteTitle: string, noteX: number) => [
    run("Dimensioni", 50, 100), run("Sottodimensioni", 110, 100), run("Descrizione indicatore", 180, 100),
    run("Formula indicatore", 300, 100), run("Valore programmato (&)", 420, 100), run(noteTitle, noteX, 100),
  ];
  const body = (noteX: number, note: string | null, target = "98%") => [
    run("Accessibilità", 50, 110), run("Fisica", 110, 110), run("Accesso agli sportelli", 180, 110), run("Ore di apertura", 300, 110), run("30 ore", 420, 110),
    run("Multicanale", 110, 125), run("Richiesta sul portale", 180, 125), run("Giorni disponibili", 300, 125), run(target, 420, 125),
    ...(note ? [run(note, noteX, 125)] : []),
  ];
  const layout = (runs: TextRun[]) =>
    pageRows({ page: 1, width: 595, height: 842, runs, segments: [], images: 0 }, { carry: null }).map((r) => r.cells.map((c) => c.text));

  it("keeps a note apart from the target where the two titles are an em apart", () => {
    // "Valore programmato (&)" ends at 464, "Note" starts at 468
    const rows = layout([...head("Note", 468), ...body(468, "Rilevazione semestrale")]);
    expect(rows[0]).toEqual(["Dimensioni", "Sottodimensioni", "Descrizione indicatore", "Formula indicatore", "Valore programmato (&)", "Note"]);
    expect(rows[2].slice(4)).toEqual(["98%", "Rilevazione semestrale"]);
  });

  it("splits titles glued in one chunk where the text below starts a column", () => {
    const rows = layout([...head("Osservazioni", 468), ...body(468, "Rilevazione semestrale")]);
    expect(rows[0]).toHaveLength(6);
    expect(rows[2].slice(4)).toEqual(["98%", "Rilevazione semestrale"]);
  });

  it("puts left-aligned notes under a centred title in the notes column", () => {
    // title centred at 480 in a column that starts at 468; its text starts at 468
    const rows = layout([...head("Note", 480), ...body(468, "Rilevazione semestrale")]);
    expect(rows[2].slice(4)).toEqual(["98%", "Rilevazione semestrale"]);
  });

  it("reads a short value in the last column", () => {
    const rows = layout([...head("Note", 468), ...body(484, "Sì")]);
    expect(rows[2].slice(4)).toEqual(["98%", "Sì"]);
  });

  it("reads an empty last column, even under a target wider than its title", () => {
    const rows = layout([...head("Note", 468), ...body(0, null, "entro 6 giorni lavorativi")]);
    expect(rows[0]).toHaveLength(6);
    expect(rows[1].slice(4)).toEqual(["30 ore", null]);
    expect(rows[2].slice(4)).toEqual(["entro 6 giorni lavorativi", null]);
  });
});

describe("printed sheets one after another", () => {
  const header = ["SERVIZIO EROGATO", "FATTORE DI QUALITA'", "INDICATORE", "VALORE GARANTITO/PREVISTO", "VALORE REALIZZATO %"];
  const row = (texts: (string | null)[], y: number) => ({ cells: texts.map((text) => ({ text })), bbox: [10, y, 500, y + 20] as [number, number, number, number] });
  const titled = (page: number, service: string, body: ReturnType<typeof row>[]) => ({
    page,
    rows: [row(["Comune di Prova"], 10), row(["RISULTATI DELLA QUALITA' DEI SERVIZI"], 20), row([`Carta dei Servizi ${service} - Anno 2024`], 30), ...body],
  });
  it("starts a sheet where a page opens with another title block", () => {
    const sheets = partsFromPages([
      titled(1, "UNO", [row(header, 40), row(["a", "Accessibilità", "x", "1 giorno", "100%"], 60), row(["AZIONI DI MIGLIORAMENTO", "ESITI"], 80)]),
      titled(2, "DUE", [row(header, 40), row(["b", "Accessibilità", "y", "2 giorni", "90%"], 60)]),
    ]);
    expect(sheets).toHaveLength(2);
    expect(sheets.map((s) => s.rows[0].src.page)).toEqual([1, 2]);
  });
  it("starts a sheet where the same title block opens a page after a closed table", () => {
    const sheets = partsFromPages([
      titled(1, "UNO", [row(header, 40), row(["a", "Accessibilità", "x", "1 giorno", "100%"], 60), row(["AZIONI DI MIGLIORAMENTO", "ESITI"], 80), row(["azione", "esito"], 100)]),
      titled(2, "UNO", [row(header, 40), row(["b", "Accessibilità", "y", "2 giorni", "90%"], 60)]),
    ]);
    expect(sheets).toHaveLength(2);
  });
  it("reads the same title block over a table that goes on as a running header", () => {
    const sheets = partsFromPages([
      titled(1, "UNO", [row(header, 40), row(["a", "Accessibilità", "x", "1 giorno", "100%"], 60)]),
      titled(2, "UNO", [row(header, 40), row(["b", "Tempestività", "y", "2 giorni", "90%"], 60)]),
    ]);
    expect(sheets).toHaveLength(1);
    // the repeated title lines are not read as rows of the table
    expect(sheets[0].rows.filter((r) => r.src.page === 2).every((r) => r.cells.length === header.length)).toBe(true);
  });
});

describe("rules in pdfjs 5.x operator lists", () => {
  it("finds the ruled table's lines on a corpus PDF", async () => {
    const file = files.find((f) => basename(f) === "charter.pdf")!;
    const { pdfjs, doc } = await openPdf(readFileSync(file));
    try {
      const g = await readPage(pdfjs, doc, 1);
      const h = g.segments.filter((s) => s.dir === "h");
      const v = g.segments.filter((s) => s.dir === "v");
      expect(h.length).toBeGreaterThanOrEqual(5);
      expect(v.length).toBeGreaterThanOrEqual(3);
      const lattices = findLattices(g.segments);
      expect(lattices.length).toBeGreaterThan(0);
      expect(Math.max(...lattices.map((l) => l.xs.length))).toBeGreaterThanOrEqual(4);
    } finally {
      await doc.destroy();
    }
  });

  it("reads thin filled rectangles as rules", async () => {
    const { ruleSegments } = await import("../src/pdf/geometry.js");
    const pdfjs = await loadPdfJs();
    const OPS = pdfjs.OPS;
    // two thin filled rectangles (a horizontal and a vertical rule) and a cell background
    const path = (pts: number[]) => new Float32Array([0, pts[0], pts[1], 1, pts[2], pts[1], 1, pts[2], pts[3], 1, pts[0], pts[3], 4]);
    const fn = [OPS.constructPath, OPS.constructPath, OPS.constructPath];
    const args = [
      [OPS.fill, [path([10, 100, 300, 100.5])], null],
      [OPS.fill, [path([10, 20, 10.5, 100])], null],
      [OPS.fill, [path([10, 20, 300, 100])], null],
    ];
    const segs = ruleSegments(fn, args as unknown[][], OPS as never, [1, 0, 0, -1, 0, 200]);
    expect(segs.map((s) => s.dir).sort()).toEqual(["h", "v"]);
  });
});

describe("pdf failures", () => {
  const fail = async (bytes: Buffer) => {
    try {
      await readWith(pdf, { path: "x.pdf", bytes });
    } catch (e) {
      return e;
    }
    return null;
  };

  it("refuses an empty file", async () => {
    const e = await fail(Buffer.alloc(0));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as Error).message).toMatch(/empty/);
  });

  it("refuses a truncated PDF", async () => {
    const whole = readFileSync(files[0]);
    const dir = mkdtempSync(join(tmpdir(), "pdf-test-"));
    const p = join(dir, "half.pdf");
    writeFileSync(p, whole.subarray(0, Math.floor(whole.length / 2)));
    const e = await fail(readFileSync(p));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as Error).message).toMatch(/truncated|corrupt|no text|no charter|no indicator/);
  });

  it("refuses random bytes behind a %PDF- header", async () => {
    let seed = 42;
    const rnd = Buffer.alloc(4096, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
    const bytes = Buffer.concat([Buffer.from("%PDF-1.7\n"), rnd]);
    expect(pdfParser.accepts({ path: "x.pdf", bytes })).toBe(true);
    const e = await fail(bytes);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as Error).message).toMatch(/corrupt|truncated|no text/);
  });
});

describe("loading pdf.js keeps the platform's built-ins", () => {
  it("puts back what the legacy build's core-js replaced and keeps what it added", async () => {
    await loadPdfJs();
    expect(Array.prototype.push).toBe(NATIVE.push);
    expect(JSON.parse).toBe(NATIVE.parse);
    expect(Function.prototype.toString).toBe(NATIVE.toString);
    // additions that pdf.js itself uses stay in place
    expect(typeof (Promise as { withResolvers?: unknown }).withResolvers).toBe("function");
    expect(restoredBuiltins.every((n) => /^[A-Za-z]+(\.prototype)?\.\S+$/.test(n))).toBe(true);
  });

  it("restores a replaced built-in, leaves an added one, and restores after a failed load too", async () => {
    const at = Array.prototype.at;
    const replacement = function at(this: unknown[]) {
      return undefined;
    };
    const { value, restored } = await keepingBuiltins(async () => {
      Object.defineProperty(Array.prototype, "at", { value: replacement, writable: true, configurable: true });
      Object.defineProperty(Math, "chartersAdded", { value: 1, writable: true, configurable: true });
      return 42;
    });
    try {
      expect(value).toBe(42);
      expect(restored).toEqual(["Array.prototype.at"]);
      expect(Array.prototype.at).toBe(at);
      expect((Math as unknown as { chartersAdded: number }).chartersAdded).toBe(1);
    } finally {
      delete (Math as unknown as { chartersAdded?: number }).chartersAdded;
    }
    await expect(
      keepingBuiltins(async () => {
        Object.defineProperty(Array.prototype, "at", { value: replacement, writable: true, configurable: true });
        throw new Error("load failed");
      }),
    ).rejects.toThrow("load failed");
    expect(Array.prototype.at).toBe(at);
  });
});
