/**
 * PDF tables read by their structure where a web page's print surrounds them (issue 24,
 * issue 18): a header by the text aligned under its titles but not a sidebar's calendar, a
 * link's underline no row's end, a caption under a lightly ruled table no row of it, rows of
 * one line each told apart by where their lines end. Made-up lines through the real readers.
 */
import { describe, expect, it } from "vitest";
import { rejoins } from "../src/pdf/broken-words.js";
import { findHeader } from "../src/pdf/columns.js";
import { freeTextRows } from "../src/pdf/freetext.js";
import type { TextRun } from "../src/pdf/geometry.js";
import { runLineOf } from "../src/pdf/lines.js";
import { unruledRows } from "../src/pdf/unruled.js";

const size = 8;
const run = (str: string, x0: number, y: number, width = str.length * 4): TextRun => ({ str, x0, x1: x0 + width, top: y - size, bottom: y + 2, baseline: y, size });
const line = (y: number, ...cells: [number, string][]) => runLineOf(cells.map(([x, s]) => run(s, x, y)));

describe("a header by alignment beside a web page's sidebar", () => {
  it("is no table where the description stands right of the values (a calendar's days beside the article)", () => {
    const lines = [line(100, [10, "L"], [22, "M"], [34, "M"], [46, "G"], [58, "V"], [70, "S"], [82, "D"], [200, "Principali caratteristiche del servizio offerto"])];
    for (let k = 0; k < 4; k++) lines.push(line(113 + 13 * k, ...[0, 1, 2, 3, 4, 5, 6].map((d) => [10 + 12 * d, `${k * 7 + d + 1}%`] as [number, string]), [200, "Il registro raccoglie le associazioni iscritte"]));
    expect(findHeader(lines)).toBeNull();
  });
});

describe("rules between free-text lines", () => {
  const lines = [run("Destinatari", 10, 100), run("Cittadini residenti", 150, 100), run("Costi", 10, 113), run("Nessun costo", 150, 113)];
  it("part them where they cross the line's start, but not where a rule is the underline of the text above (a link)", () => {
    const rule = { dir: "h" as const, pos: 104, a: 5, b: 300 };
    expect(freeTextRows(lines, [rule])).toHaveLength(2);
    const underline = { dir: "h" as const, pos: 104, a: 10, b: 10 + "Destinatari".length * 4 };
    expect(freeTextRows(lines, [underline])).toHaveLength(1);
  });
});

describe("cards side by side, each a label over its text", () => {
  it("read as a row of labels and a row of texts, not a card's text beside the next card's label", () => {
    const cards = [run("Denominazione del servizio", 10, 100), run("Principali caratteristiche", 250, 100), run("del servizio", 250, 110), run("Iscrizione agli elenchi", 10, 116), run("Il servizio raccoglie le domande", 250, 128)];
    const rows = freeTextRows(cards).map((r) => r.cells.map((c) => c.text));
    expect(rows[0]).toEqual(["Denominazione del servizio", "Principali caratteristiche del servizio"]);
    expect(rows.slice(1).flat()).toEqual(["Iscrizione agli elenchi", "Il servizio raccoglie le domande"]);
  });
});

describe("an unruled table's rows of one line each", () => {
  const columns = { starts: [10, 250, 400], ends: [60, 300, 450], roles: ["description" as const, "formula" as const, "target" as const], size };
  it("are rows where each line ends well short of its column, and one cell where a line wraps", () => {
    const rows = [run("Prima prestazione", 10, 100), run("Giorni tra domanda e risposta", 250, 100), run("10 giorni", 400, 100), run("Seconda prestazione", 10, 110), run("Risposte / domande", 250, 110), run("95%", 400, 110)];
    expect(unruledRows(columns, rows).map((r) => r.cells[0].text)).toEqual(["Prima prestazione", "Seconda prestazione"]);
    // a description that fills its column and goes on below is one cell
    const wrapped = [run("Rilascio del documento richiesto allo sportello", 10, 100, 228), run("10 giorni", 400, 100), run("comunale", 10, 110)];
    expect(unruledRows(columns, wrapped).map((r) => r.cells[0].text)).toEqual(["Rilascio del documento richiesto allo sportello comunale"]);
  });
});

describe("an office producer's print (Gnumeric, Writer)", () => {
  it("reads a header printed at a page's foot again as the header read before it, with no rows under it", () => {
    const head = line(100, [10, "Area"], [80, "Descrizione indicatore"], [250, "Criterio di calcolo"], [400, "Valore prefissato"]);
    const rows = [
      head,
      line(115, [10, "Efficacia"], [80, "Domande istruite entro l'anno"], [250, "Domande istruite / domande ricevute"], [400, "98%"]),
      line(130, [10, "Tempestività"], [80, "Tempo di rilascio del parere"], [250, "Giorni tra la domanda e il parere"], [400, "20 giorni"]),
      line(145, [10, "Trasparenza"], [80, "Pubblicazione dei recapiti"], [250, "Giorni per l'aggiornamento del sito"], [400, "3 giorni"]),
    ];
    const first = findHeader(rows)!;
    expect(first.index).toBe(0);
    const again = findHeader([line(300, [10, "Nome del servizio"], [80, "Contributi"]), line(500, [10, "Area"], [80, "Descrizione indicatore"], [250, "Criterio di calcolo"], [400, "Valore prefissato"])], first.columns);
    expect(again?.index).toBe(1);
    expect(again?.columns.starts).toEqual(first.columns.starts);
    expect(findHeader([line(500, [10, "Area"], [80, "Descrizione indicatore"], [250, "Criterio di calcolo"], [400, "Valore prefissato"])])).toBeNull();
  });

  it("parts a label | value block printed one line a row where a line is a whole label or a lone link", () => {
    const runs = [
      run("Nome del servizio", 10, 100), run("Autorizzazioni agli impianti", 120, 100),
      run("Destinatari", 10, 111), run("Imprese agricole iscritte", 120, 111),
      run("Link", 10, 122), run("https://www.example.org/servizi/impianti", 120, 122),
    ];
    expect(freeTextRows(runs).map((r) => r.cells.map((c) => c.text))).toEqual([
      ["Nome del servizio", "Autorizzazioni agli impianti"],
      ["Destinatari", "Imprese agricole iscritte"],
      ["Link", "https://www.example.org/servizi/impianti"],
    ]);
  });

  it("joins a word broken inside a narrow cell only where its halves make a word of the domain", () => {
    expect(rejoins("Tempestivit", "à")).toBe(true);
    expect(rejoins("Sottoambi", "to")).toBe(true);
    expect(rejoins("Tempistich", "e di")).toBe(true);
    expect(rejoins("Tempistiche", "di risposta")).toBe(false);
    expect(rejoins("Partecipazione", "dei cittadini")).toBe(false);
    expect(rejoins("Dimensione", "e")).toBe(false);
  });
});
