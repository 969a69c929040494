/**
 * Page furniture (src/pdf/furniture.ts): running headers and footers found by their
 * place in the margin bands and their repetition across pages, or on a page of its own
 * by their shape; never a title block printed larger than the body, never a table's text.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Furniture, furnitureShape } from "../src/pdf/furniture.js";
import type { PageGeometry, TextRun } from "../src/pdf/geometry.js";
import { parserNamed } from "../src/parsers/registry.js";
import { readWith } from "../src/read/charter.js";
import { loadGold } from "./helpers/gold.js";

const H = 842;
const run = (str: string, top: number, size = 9, x0 = 40): TextRun => ({ str, x0, x1: x0 + str.length * size * 0.5, top, bottom: top + size, baseline: top + size * 0.8, size });
const page = (n: number, runs: TextRun[]): PageGeometry => ({ page: n, width: 595, height: H, runs, segments: [], images: 0 });
const body = (n: number) => [run(`Indicatore numero ${n} del servizio`, 300), run("Tempo medio di risposta", 320), run("30 giorni", 340)];

function strip(pages: PageGeometry[]): string[][] {
  const f = new Furniture();
  pages.forEach((p) => f.observe(p));
  return pages.map((p) => f.strip(p).runs.map((r) => r.str));
}

describe("page furniture", () => {
  it("drops a header and footer repeated in the margins, digits aside, and keeps the body", () => {
    const pages = [1, 2, 3].map((n) =>
      page(n, [run("Comune di Valmarina - Ufficio Tributi", 20, 8), run(`Stampato il 0${n}/03/2024`, 20, 8, 400), ...body(n), run(`Pagina ${n} di 3`, 800, 8), run("urp@comune.example.it", 812, 7)]),
    );
    expect(strip(pages)).toEqual(pages.map((p) => p.runs.slice(2, 5).map((r) => r.str)));
  });

  it("keeps a title block printed larger than the body at the top of every page", () => {
    const pages = [1, 2].map((n) => page(n, [run("Comune di Valmarina", 30, 14), run(`Carta dei Servizi SERVIZIO ${n === 1 ? "UNO" : "DUE"} - Anno 2023`, 50, 14), ...body(n)]));
    expect(strip(pages)[0]).toContain("Comune di Valmarina");
    expect(strip(pages)[1]).toContain("Comune di Valmarina");
  });

  it("reads a one-page document's furniture by its shape alone, and leaves other margin text", () => {
    const p = page(1, [run("12/7/26, 3:02 PM", 12, 8), run("https://www.comune.example.it/trasparenza/carta.html", 820, 8), run("1/1", 820, 8, 540), run("Comune di Valmarina", 12, 8, 300), ...body(1)]);
    expect(strip([p])[0]).toEqual(["Comune di Valmarina", ...body(1).map((r) => r.str)]);
  });

  it("drops a banner repeated in the bottom margin whose buttons one page does not print, in type smaller than the document's prose", () => {
    const prose = (n: number) => [run("Il servizio è erogato presso gli sportelli comunali dal lunedì al venerdì", 200, 10.5), run(`Testo del paragrafo numero ${n}`, 215, 10.5)];
    const table = (n: number) => Array.from({ length: 12 }, (_, i) => run(`Cella della tabella ${n}-${i} con testo`, 300 + i * 10, 7.5));
    const banner = [run("Questo sito utilizza cookie tecnici", 790, 8.2), run("Informativa", 790, 8.2, 186)];
    const pages = [page(1, [...prose(1), ...table(1), ...banner, run("Accetta", 790, 10, 236), run("Rifiuta", 790, 10, 276)]), page(2, [...table(2), ...banner])];
    const [one, two] = strip(pages);
    expect(one).toEqual([...prose(1), ...table(1)].map((r) => r.str));
    expect(two).toEqual(table(2).map((r) => r.str));
  });

  it("drops a bar of short links at the top of a one-page print, and keeps a letterhead line", () => {
    const bar = [run("Regione", 20, 8), run("Area riservata", 20, 8, 77), run("PEC", 20, 8, 142)];
    expect(strip([page(1, [...bar, ...body(1)])])[0]).toEqual(body(1).map((r) => r.str));
    const letterhead = [run("Comune di Valmarina", 20, 8), run("Settore Servizi Demografici", 20, 8, 125), run("Ufficio Anagrafe", 20, 8, 242)];
    expect(strip([page(1, [...letterhead, ...body(1)])])[0]).toContain("Comune di Valmarina");
  });

  it.each(["Pagina 3 di 12", "pag. 4", "Page 2 of 9", "2/14", "7", "07/12/2026 15:02", "12/7/26, 3:02 PM", "www.comune.example.it/pagina", "Prot. n. 0012345 del 12/03/2024"])("%s has furniture's shape", (t) => expect(furnitureShape(t)).toBe(true));
  it.each(["Comune di Valmarina", "Tempo medio di risposta: 30 giorni", "Carta dei servizi - Anno 2023", "Accessibilità fisica"])("%s has not", (t) => expect(furnitureShape(t)).toBe(false));

  it("a Word print's running header and footer are not read as the services' names", async () => {
    const dir = join(import.meta.dirname, "..", "fixtures", "producers", "dev", "q02-results-two-services");
    const file = join(dir, "charter.word-hf.pdf");
    const doc = await readWith(await parserNamed("pdf"), { path: file, bytes: readFileSync(file) });
    const gold = loadGold(file);
    expect(doc.services.map((s) => s.name?.toLowerCase())).toEqual(gold.services.map((s) => s.name?.toLowerCase()));
    expect(doc.services.map((s) => s.indicators.length)).toEqual(gold.services.map((s) => s.indicators.length));
  });
});

describe("page furniture of a scraped browser print", async () => {
  const { stripPageFurniture } = await import("../src/scraped/common/furniture.js");
  it("blanks a -layout page's address beside its counter, a file address too", () => {
    const text = ["12/7/26, 6:16 PM                         Risultati della qualità dei servizi", "", "Comune di Prova", "Efficacia     78%", "", "file:///tmp/print/carta-dei-servizi.html                     1/1", "\f"].join("\n");
    expect(stripPageFurniture(text).split("\n").map((l) => l.trim()).filter(Boolean)).toEqual(["Comune di Prova", "Efficacia     78%"]);
  });
});
