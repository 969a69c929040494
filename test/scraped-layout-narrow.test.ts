/**
 * -layout scrapes of narrow prints (a browser's results report shrunk to the page, a web
 * page's service blocks over short tables): column titles stacked over several lines and
 * run together one space apart, rows with no blank line between them, and text that is
 * layout text although most of its lines are a service block's label over its value.
 */
import { describe, expect, it } from "vitest";
import { parseScraped } from "./helpers/read.js";
import { looksLikeScraped } from "../src/parsers/scraped.js";
import { looksLikeLayout } from "../src/scraped/layout-text/sheets.js";

/** A line of cells at the columns' positions. */
const line = (cells: string[], at: number[]) => cells.reduce((l, c, k) => (c ? l.padEnd(at[k]) + c : l), "").trimEnd();

// a results report: no line of its header names three columns, and the lower lines run titles together
const AT = [0, 14, 28, 52, 71, 82, 106, 130];
const report = [
  "Comune di Valdimonte",
  "Risultati della qualità dei servizi",
  "",
  "SERVIZIO      FATTORE DI    INDICATORE              VALORE             VALORE     Descrizione             EVENTUALE               NOTE",
  "EROGATO       QUALITA'                              GARANTITO/PREVISTO REALIZZATO risultato / formula     MOTIVAZIONE DEL",
  line(["", "", "", "", "%", "indicatore/pratiche", "MANCATO"], AT),
  line(["", "", "", "", "", "trattate", "RAGGIUNGIMENTO"], AT),
  line(["Mensa", "Tempestività", "Risposta ai reclami", "entro 10 giorni", "85%", "34 risposte nei", "Assenza di un"], AT),
  line(["scolastica", "", "sulla qualità dei pasti", "", "", "termini su 40", "addetto"], AT),
  line(["Mensa", "Efficacia", "Menu differenziati", "100%", "100%", "12 menu su 12"], AT),
  line(["scolastica", "", "per le diete speciali"], AT),
  line(["Trasporto", "Accessibilità", "Iscrizioni on line", "90%", "96%", "", "", "Nuovo portale"], AT),
].join("\n");

describe("a narrow -layout print of a results report", () => {
  it("is taken for scraped text though no line alone names a dimension or a service label", () => {
    expect(looksLikeScraped(Buffer.from(report))).toBe(true);
  });

  it("reads its stacked column titles, cut where a title starts its column, and each row's cells (none run on into the next row's first line)", () => {
    const rows = parseScraped(report, "r.layout.txt").services.flatMap((s) => s.indicators);
    expect(rows.map((r) => [r.activity, r.description, r.target_raw, r.actual_raw, r.formula, r.explanation, r.notes])).toEqual([
      ["Mensa scolastica", "Risposta ai reclami sulla qualità dei pasti", "entro 10 giorni", "85%", "34 risposte nei termini su 40", "Assenza di un addetto", null],
      ["Mensa scolastica", "Menu differenziati per le diete speciali", "100%", "100%", "12 menu su 12", null, null],
      ["Trasporto", "Iscrizioni on line", "90%", "96%", null, null, "Nuovo portale"],
    ]);
  });
});

describe("a web page's service blocks over short tables", () => {
  const block = (name: string) => ["Denominazione del servizio", `    ${name}`, "Principali caratteristiche del servizio", "    Servizio reso agli utenti", "Modalità di erogazione", "    Sportello", "Tipologia di utenza del servizio", "    Cittadini", ""];
  const TAB = [1, 20, 40, 80, 110];
  const table = (desc: string) => [
    line(["Dimensione", "Sottodimensione", "Indicatore", "Formula", "Standard"], TAB),
    line(["Accessibilità", "Fisica", desc, "", "20 ore settimanali"], TAB),
    line(["Tempestività", "", "Rilascio dalla richiesta", "Numero giorni", "10 giorni"], TAB),
    "",
  ];
  const text = [...block("Servizio primo"), ...table("Apertura al pubblico"), ...block("Servizio secondo"), ...table("Apertura del punto informativo")].join("\n");

  it("is layout text: its tables' rows hold three cells side by side", () => {
    expect(looksLikeLayout(text)).toBe(true);
  });

  it("reads each service's rows from their columns", () => {
    const doc = parseScraped(text, "w.layout.txt");
    expect(doc.services.map((s) => [s.name, s.indicators.map((r) => [r.description, r.formula, r.target_raw])])).toEqual([
      ["Servizio primo", [["Apertura al pubblico", null, "20 ore settimanali"], ["Rilascio dalla richiesta", "Numero giorni", "10 giorni"]]],
      ["Servizio secondo", [["Apertura del punto informativo", null, "20 ore settimanali"], ["Rilascio dalla richiesta", "Numero giorni", "10 giorni"]]],
    ]);
  });
});
