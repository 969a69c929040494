/**
 * CMS pages printed by a browser (fixtures/producers/dev, charter.cms-*.pdf): a table's
 * header printed again at the top of each page, a row cut by the page's end, service blocks
 * printed after their tables, a year's caption between a service's heading and its table, a
 * cookie banner pinned over the table on every page. The structural rules on their own
 * geometry first, then the committed prints read against their gold.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TableRow } from "../src/document/blocks.js";
import { Furniture } from "../src/pdf/furniture.js";
import type { PageGeometry, Segment, TextRun } from "../src/pdf/geometry.js";
import { findLattices } from "../src/pdf/lattice.js";
import { blocksBeforeTables } from "../src/pdf/late-blocks.js";
import { framingRules } from "../src/pdf/overlay.js";
import { parserNamed } from "../src/parsers/registry.js";
import { readWith } from "../src/read/charter.js";
import { fold, loadGold } from "./helpers/gold.js";

const DEV = join(import.meta.dirname, "..", "fixtures", "producers", "dev");
const run = (str: string, x0: number, top: number, size = 8): TextRun => ({ str, x0, x1: x0 + str.length * size * 0.5, top, bottom: top + size, baseline: top + size * 0.8, size });
const h = (pos: number, a: number, b: number): Segment => ({ dir: "h", pos, a, b });
const v = (pos: number, a: number, b: number): Segment => ({ dir: "v", pos, a, b });
const row = (...texts: (string | null)[]): TableRow => ({ cells: texts.map((text) => ({ text })), src: {} });

describe("ruled table cut by the page's end", () => {
  it("keeps the cut row whose column rules reach below the last row rule", () => {
    const xs = [40, 100, 300];
    const segs = [...[100, 130, 160].flatMap((y) => [h(y, 40, 100), h(y, 100, 300)]), ...xs.map((x) => v(x, 100, 190))];
    const [lat] = findLattices(segs);
    expect(lat.ys[lat.ys.length - 1]).toBeCloseTo(190);
    expect(lat.openBelow.every(Boolean)).toBe(true);
  });

  it("adds no row where the column rules stop at the last row rule", () => {
    const segs = [...[100, 130, 160].flatMap((y) => [h(y, 40, 100), h(y, 100, 300)]), ...[40, 100, 300].map((x) => v(x, 100, 160))];
    const [lat] = findLattices(segs);
    expect(lat.ys.length).toBe(3);
  });
});

describe("service blocks printed after their tables", () => {
  const header = row("Dimensione", "Sottodimensione", "Indicatore", "Modalità di calcolo", "Standard");
  const data = (n: number) => row("Accessibilità", "Fisica", `Accesso agli sportelli ${n}`, "Numero ore di apertura", "30 ore");
  const block = (name: string) => [row("Informazioni sul servizio"), row(`Denominazione del servizio: ${name}`), row("Modalità di erogazione: Sportello")];

  it("reads each block before the table it follows", () => {
    const rows = [header, data(1), ...block("Uno"), header, data(2), ...block("Due"), row("(*) Dimensioni aggiuntive")];
    const out = blocksBeforeTables(rows).map((r) => r.cells[0].text);
    expect(out).toEqual(["Informazioni sul servizio", "Denominazione del servizio: Uno", "Modalità di erogazione: Sportello", "Dimensione", "Accessibilità", "Informazioni sul servizio", "Denominazione del servizio: Due", "Modalità di erogazione: Sportello", "Dimensione", "Accessibilità", "(*) Dimensioni aggiuntive"]);
  });

  it("leaves a part whose first table has its service named above it as printed", () => {
    const rows = [...block("Uno"), header, data(1), ...block("Due"), header, data(2)];
    expect(blocksBeforeTables(rows)).toEqual(rows);
  });
});

describe("fixed overlays", () => {
  const page = (n: number, runs: TextRun[], segments: Segment[] = []): PageGeometry => ({ page: n, width: 612, height: 792, runs, segments, images: 0 });

  it("drops a banner printed at the same place over the table on every page, and keeps the table's text under it", () => {
    const banner = () => run("Questo sito utilizza cookie tecnici", 40, 700);
    const pages = [1, 2].map((n) => page(n, [run(`Accesso agli sportelli ${n}`, 60, 300), run(`Tempo di rilascio ${n}`, 60, 700), banner()]));
    const f = new Furniture();
    pages.forEach((p) => f.observe(p));
    expect(pages.map((p) => f.strip(p).runs.map((r) => r.str))).toEqual([1, 2].map((n) => [`Accesso agli sportelli ${n}`, `Tempo di rilascio ${n}`]));
  });

  it("keeps text at the same place on every page that nothing is printed over", () => {
    const pages = [1, 2].map((n) => page(n, [run("Accessibilità", 60, 300), run(`Valore ${n}`, 200, 300)]));
    const f = new Furniture();
    pages.forEach((p) => f.observe(p));
    expect(pages.map((p) => f.strip(p).runs.length)).toEqual([2, 2]);
  });

  it("takes a button's frame with its text, not the table's row rule met by its column rules", () => {
    const button = run("Accetta", 300, 700, 10); // x 300..335
    const frame = [h(698, 296, 340), h(712, 296, 340), v(296, 698, 712), v(340, 698, 712)];
    // a table cell's row rule within the button's box, met by the cell's column rules that reach out of it
    const table = [h(705, 292, 343), v(292, 650, 760), v(343, 650, 760)];
    expect([...framingRules([button], [...frame, ...table])]).toEqual(frame);
  });
});

describe("CMS prints read against their gold", () => {
  const read = async (id: string, producer: string) => {
    const file = join(DEV, id, `charter.${producer}.pdf`);
    return { doc: await readWith(await parserNamed("pdf"), { path: file, bytes: readFileSync(file) }), gold: loadGold(file) };
  };
  const names = (ss: { name: string | null }[]) => ss.map((s) => fold(s.name));
  const descriptions = (ss: { indicators: { description: string | null }[] }[]) => ss.map((s) => s.indicators.map((i) => fold(i.description)));

  it.each(["q01-three-services-uppercase", "q03-two-services-typos", "c04-comunicazioni-obbligatorie"])("Drupal-like %s: each service keeps its block and its rows", async (id) => {
    const { doc, gold } = await read(id, "cms-drupal");
    expect(names(doc.services)).toEqual(names(gold.services));
    expect(descriptions(doc.services)).toEqual(descriptions(gold.services));
    expect(doc.services.map((s) => fold(s.delivery_mode))).toEqual(gold.services.map((s) => fold(s.delivery_mode)));
  });

  it("Drupal-like c01: the row cut by the page's end is read whole", async () => {
    const { doc, gold } = await read("c01-registro-associazioni-2020", "cms-drupal");
    expect(doc.services[0].indicators.map((i) => fold(i.formula))).toEqual(gold.services[0].indicators.map((i) => fold(i.formula)));
  });

  it("Designers-Italia-like c03: the table under its header printed again at the top of the next page", async () => {
    const { doc, gold } = await read("c03-cliclavoro-2020", "cms-italia");
    expect(doc.services.filter((s) => s.indicators.length).length).toBe(1);
    expect(descriptions(doc.services.filter((s) => s.indicators.length))).toEqual(descriptions(gold.services));
  });

  it.each(["q02-results-two-services", "q04-results-three-services"])("Designers-Italia-like %s: services named by their headings, not by the year's caption", async (id) => {
    const { doc, gold } = await read(id, "cms-italia");
    expect(names(doc.services)).toEqual(names(gold.services));
    expect(descriptions(doc.services)).toEqual(descriptions(gold.services));
    expect(fold(doc.issuer)).toBe(fold(gold.issuer));
  });

  it("WordPress-like c03: the cookie banner over the table is no row's text", async () => {
    const { doc, gold } = await read("c03-cliclavoro-2020", "cms-wordpress");
    const texts = doc.services.flatMap((s) => s.indicators.flatMap((i) => [i.description, i.formula, i.target_raw, i.subdimension_raw]));
    expect(texts.filter((t) => t && /cookie|Accetta|Rifiuta|Informativa/.test(t))).toEqual([]);
    // every row read, the one cut by the first page's end (under the banner) whole
    expect(doc.services.map((s) => s.indicators.length)).toEqual(gold.services.map((s) => s.indicators.length));
    expect(descriptions(doc.services)[0].slice(0, 12)).toEqual(descriptions(gold.services)[0].slice(0, 12));
  });
});
