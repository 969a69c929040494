/** Text that kept its layout (pdftotext -layout): columns from the header, rows from the data columns, merged labels by their centre. */
import { describe, expect, it } from "vitest";
import { parseScraped } from "./helpers/read.js";
import { layoutSheets, looksLikeLayout } from "../src/scraped/layout-text/sheets.js";

/** A page of layout text: each row's cells at the columns' positions. */
function page(rows: string[][], at = [0, 16, 36, 80, 124, 147]): string {
  return rows.map((cells) => cells.reduce((line, c, k) => (c ? line.padEnd(at[k]) + c : line), "").trimEnd()).join("\n");
}

const HEADER = ["Dimensioni", "Sottodimensioni", "Descrizione indicatore", "Formula indicatore", "Valore programmato (&) Note"];
const text = [
  "                         STANDARD QUALITA' DEI SERVIZI EROGATI",
  "",
  "Denominazione del servizio            Rilascio dei permessi",
  "",
  page([HEADER]),
  "",
  page([["", "Fisica", "Accesso allo sportello dell'ufficio", "Numero ore di apertura settimanale", "20 ore settimanali"]]),
  page([["Accessibilità"]]),
  page([["", "", "Richiesta dei permessi tramite il portale", "Numero richieste on line/Numero"]]),
  page([["", "Multicanale", "", "richieste totali", "90%"]]),
  "",
  page([["Tempestività", "Tempestività", "Rilascio del permesso dalla richiesta", "Numero giorni per il rilascio", "5 giorni", "Termine di legge"]]),
  "",
  page([["Continuità (*)", "Erogazione del servizio in modo continuo", "", "Numero giorni di disagio", "3"]]),
  "",
  "(*) Dimensioni aggiuntive: per questi indicatori potrà essere individuata una formula di calcolo diversa da quella suggerita.",
].join("\n");

describe("layout text", () => {
  it("is told from text scraped in reading order", () => {
    expect(looksLikeLayout(text)).toBe(true);
    expect(looksLikeLayout("Dimensioni\n\nSottodimensioni\n\nAccesso allo sportello\n\nNumero ore\n\n20 ore\n\nFisica\n\nA\nB\nC\nD")).toBe(false);
  });

  it("reads its columns from the header, two titles one space apart included", () => {
    const header = layoutSheets(text)[0].rows.find((r) => r.cells.some((c) => c.text === "Dimensioni"))!;
    expect(header.cells.map((c) => c.text)).toEqual(["Dimensioni", "Sottodimensioni", "Descrizione indicatore", "Formula indicatore", "Valore programmato (&)", "Note"]);
  });

  it("makes rows of the data columns and lays each merged label over the rows it is centred on", () => {
    const doc = parseScraped(text, "t.layout.txt");
    const rows = doc.services[0].indicators;
    expect(rows.map((r) => [r.dimension[0], r.subdimension_raw, r.description, r.formula, r.target_raw, r.notes])).toEqual([
      ["accessibilita", "Fisica", "Accesso allo sportello dell'ufficio", "Numero ore di apertura settimanale", "20 ore settimanali", null],
      ["accessibilita", "Multicanale", "Richiesta dei permessi tramite il portale", "Numero richieste on line/Numero richieste totali", "90%", null],
      ["tempestivita", "Tempestività", "Rilascio del permesso dalla richiesta", "Numero giorni per il rilascio", "5 giorni", "Termine di legge"],
      ["continuita", null, "Erogazione del servizio in modo continuo", "Numero giorni di disagio", "3", null],
    ]);
    expect(doc.services[0].name).toBe("Rilascio dei permessi");
  });

  it("splits cells glued one space apart where the next one starts at its column", () => {
    const glued = text.replace(page([["Tempestività", "Tempestività", "Rilascio del permesso dalla richiesta", "Numero giorni per il rilascio", "5 giorni", "Termine di legge"]]), "Tempestività    Tempestività        Rilascio del permesso dalla richiesta entro Numero giorni per il rilascio              5 giorni               Termine di legge");
    const row = parseScraped(glued, "t.layout.txt").services[0].indicators[2];
    expect([row.description, row.formula, row.target_raw]).toEqual(["Rilascio del permesso dalla richiesta entro", "Numero giorni per il rilascio", "5 giorni"]);
  });

  it("gives a value packed into the formula column (alone between its lines, or at its last line's end) to the empty value column", () => {
    const packed = text
      .replace(page([["", "", "Richiesta dei permessi tramite il portale", "Numero richieste on line/Numero"]]), page([["", "", "Richiesta dei permessi tramite il portale", "Numero richieste on line/Numero"]]) + "\n" + page([["", "", "", "      90%"]]))
      .replace(page([["", "Multicanale", "", "richieste totali", "90%"]]), page([["", "Multicanale", "", "richieste totali"]]))
      .replace(page([["Tempestività", "Tempestività", "Rilascio del permesso dalla richiesta", "Numero giorni per il rilascio", "5 giorni", "Termine di legge"]]), page([["Tempestività", "Tempestività", "Rilascio del permesso dalla richiesta", "Numero permessi rilasciati/Numero richieste 80%", "", "Termine di legge"]]));
    const rows = parseScraped(packed, "t.layout.txt").services[0].indicators;
    expect([rows[1].formula, rows[1].target_raw]).toEqual(["Numero richieste on line/Numero richieste totali", "90%"]);
    expect([rows[2].formula, rows[2].target_raw]).toEqual(["Numero permessi rilasciati/Numero richieste", "80%"]);
  });

  it("ends a row where a line opening new cells with a value of its own follows it (an additional dimension's definition right under the last row)", () => {
    const tight = text.replace(
      page([["Continuità (*)", "Erogazione del servizio in modo continuo", "", "Numero giorni di disagio", "3"]]),
      [page([["", "", "Rilascio del duplicato", "Numero giorni per il duplicato", "10 giorni"]]), page([["", "Erogazione del servizio in modo continuo, regolare e senza interruzioni"]]), page([["Continuità (*)", "", "", "Numero giorni di disagio", "3"]])].join("\n"),
    ).replace("\n\n" + page([["", "", "Rilascio del duplicato"]]), "\n" + page([["", "", "Rilascio del duplicato"]]));
    const rows = parseScraped(tight, "t.layout.txt").services[0].indicators;
    expect(rows.map((r) => [r.dimension[0], r.description, r.target_raw]).slice(-2)).toEqual([
      ["tempestivita", "Rilascio del duplicato", "10 giorni"],
      ["continuita", "Erogazione del servizio in modo continuo, regolare e senza interruzioni", "3"],
    ]);
  });

  it("lays a label split by a page break over the rows of its own page, each piece", () => {
    const rowsAt = (n: number) => page([["", "", `Rilascio del documento numero ${n}`, `Numero giorni per il documento ${n}`, `${n} giorni`]]);
    const paged = [
      ...text.split("\n").slice(0, 6),
      rowsAt(1), "", rowsAt(2), "", page([["Tempestività", "Tempestività"]]),
      "\f" + page([HEADER]), "", page([["Tempestività", "Tempestività"]]) + page([["", "", "Rilascio del documento numero 3", "Numero giorni per il documento 3", "3 giorni"]]).slice(29), "", rowsAt(4),
      "", page([["Trasparenza", "Responsabili", "Pubblicazione dei responsabili", "Numero giorni per l'aggiornamento", "5 giorni"]]),
    ].join("\n");
    const rows = parseScraped(paged, "t.layout.txt").services[0].indicators;
    expect(rows.map((r) => [r.dimension[0], r.subdimension_raw])).toEqual([
      ["tempestivita", "Tempestività"], ["tempestivita", "Tempestività"], ["tempestivita", "Tempestività"], ["tempestivita", "Tempestività"], ["trasparenza", "Responsabili"],
    ]);
  });
});
