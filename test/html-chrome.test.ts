/**
 * Web pages from a CMS (src/parsers/html-chrome.ts, src/parsers/html.ts): the theme's chrome
 * (landmarks, dialogs, link lists) is not read, the article's tables are wherever they are
 * wrapped, a field's label and value in two elements read as a label | value row, a record's
 * fields printed after its table are read before it, and a service per heading keeps its rows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Block } from "../src/document/blocks.js";
import { htmlBlocks } from "../src/parsers/html.js";
import { parserNamed } from "../src/parsers/registry.js";
import { readWith } from "../src/read/charter.js";
import { loadGold } from "./helpers/gold.js";

const text = (bs: Block[]) => bs.map((b) => (b.type === "table" ? b.rows.map((r) => r.cells.map((c) => c.text ?? "").join(" | ")).join(" / ") : b.type === "break" ? "" : b.text));
const table = `<table><tr><th>Dimensione</th><th>Indicatore</th><th>Valore</th></tr><tr><td>Accessibilità</td><td>Ore di apertura</td><td>36 ore</td></tr></table>`;
const links = (ws: string[]) => ws.map((w) => `<li><a href="#">${w}</a></li>`).join("");

describe("a CMS page's chrome", () => {
  it("reads the article and nothing of the menus, sidebar, share bar, cookie banner and footer", async () => {
    const page = `<body><header><div class="x">Comune di Valmarina</div><ul>${links(["Home", "Uffici", "Contatti"])}</ul></header>
      <div><ol>${links(["Home", "Amministrazione trasparente", "Servizi erogati"])}</ol></div>
      <div id="sidebar"><div><h3>Archivio</h3><ul>${links(["Gennaio", "Febbraio", "Marzo"])}</ul></div></div>
      <main><article><h1>Carta dei servizi</h1><div><span>Condividi</span> <a href="#">Facebook</a> <a href="#">X</a></div>
      <div class="wrap"><figure><div>${table}</div></figure></div><p>Pagina web: <a href="https://www.example.it/a">https://www.example.it/a</a></p></article></main>
      <aside><p>Ultime notizie</p></aside><footer><p>P.IVA 01234567890</p></footer><div role="dialog"><p>Questo sito usa cookie.</p></div></body>`;
    expect(text(await htmlBlocks(page))).toEqual(["Carta dei servizi", "Dimensione | Indicatore | Valore / Accessibilità | Ore di apertura | 36 ore", "Pagina web: https://www.example.it/a"]);
  });

  it("keeps a page header that holds the page's headings, and a table's links", async () => {
    const page = `<body><header><h1>Comune di Valmarina</h1><h2>Carta dei servizi</h2></header><table><tr><td>Sito</td><td><a href="#">Uno</a> <a href="#">Due</a></td></tr></table></body>`;
    expect(text(await htmlBlocks(page))).toEqual(["Comune di Valmarina", "Carta dei servizi", "Sito | Uno Due"]);
  });

  it("reads a field's label and value in two elements as a row, fields after their table before it", async () => {
    const page = `<div class="servizio"><div class="t">${table}</div><div class="fs"><div>Informazioni</div>
      <div class="f"><div>Denominazione del servizio</div><div>Anagrafe</div></div><div class="f"><div>Utenza</div><div>Cittadini</div></div></div></div>
      <ul><li>Prima nota.</li><li>Seconda nota.</li></ul>`;
    expect(text(await htmlBlocks(page))).toEqual([
      "Informazioni",
      "Denominazione del servizio | Anagrafe",
      "Utenza | Cittadini",
      "Dimensione | Indicatore | Valore / Accessibilità | Ore di apertura | 36 ore",
      "Prima nota.",
      "Seconda nota.",
    ]);
  });

  it("a results page with a section per service keeps each service's rows (Bootstrap Italia-like theme)", async () => {
    const file = join(import.meta.dirname, "..", "fixtures", "producers", "dev", "q04-results-three-services", "charter.cms-italia.html");
    const doc = await readWith(await parserNamed("html"), { path: file, bytes: readFileSync(file) });
    const gold = loadGold(file);
    expect(doc.services.map((s) => [s.name?.toLowerCase(), s.indicators.length])).toEqual(gold.services.map((s) => [s.name.toLowerCase(), s.indicators.length]));
  });
});
