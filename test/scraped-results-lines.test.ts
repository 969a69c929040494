/** Results reports in content-stream order: a row's one-line cells on one line, split by the template's columns (src/scraped/results/row-lines.ts). */
import { describe, expect, it } from "vitest";
import { parseScraped } from "./helpers/read.js";
import { rowLineCells } from "../src/scraped/results/row-lines.js";

describe("results row lines", () => {
  it("splits a row line at its fattore and its two values", () => {
    expect(rowLineCells("Rimborsi Tempestività Tempo di liquidazione dei rimborsi 90 giorni 76% Rimborsi liquidati/rimborsi richiesti")).toEqual(["Rimborsi", "Tempestività", "Tempo di liquidazione dei rimborsi", "90 giorni", "76%", "Rimborsi liquidati/rimborsi richiesti"]);
    expect(rowLineCells("Certificati anagrafici Accessibilità e trasparenza Certificati on line 100% 100%")).toEqual(["Certificati anagrafici", "Accessibilità e trasparenza", "Certificati on line", "100%", "100%"]);
    expect(rowLineCells("Permessi ZTL Tempestività 5 giorni lavorativi 88%")).toEqual(["Permessi ZTL", "Tempestività", "5 giorni lavorativi", "88%"]);
  });

  it("splits a service and its fattore alone, two values alone, the rest of an indicator before its values", () => {
    expect(rowLineCells("Sportello tributi Accessibilità")).toEqual(["Sportello tributi", "Accessibilità"]);
    expect(rowLineCells("24 ore settimanali 100%")).toEqual(["24 ore settimanali", "100%"]);
    expect(rowLineCells("dell'ufficio verbali 24 ore settimanali 100% Permessi rilasciati")).toEqual(["dell'ufficio verbali", "24 ore settimanali", "100%", "Permessi rilasciati"]);
  });

  it("leaves lines that are no row lines alone", () => {
    expect(rowLineCells("Cortesia del personale allo sportello")).toBeNull();
    expect(rowLineCells("Numero pratiche evase entro 30 giorni")).toBeNull();
  });

  it("reads a results report printed in content-stream order", () => {
    const text = [
      "Comune di Prova",
      "RISULTATI DELLA QUALITA' DEI SERVIZI",
      "Carta dei Servizi TRIBUTI - Anno 2022",
      "SERVIZIO EROGATO FATTORE DI QUALITA' INDICATORE VALORE GARANTITO/PREVISTO NOTE",
      "Sportello tributi Accessibilità Ore di apertura settimanale dello sportello 18 ore settimanali 100%",
      "Rimborsi Tempestività Tempo di liquidazione dei rimborsi 90 giorni 76% Rimborsi liquidati/rimborsi richiesti",
      "AZIONI DI MIGLIORAMENTO ESITI",
      "Apertura pomeridiana dello sportello Realizzata",
    ].join("\n");
    const rows = parseScraped(text, "t.raw.txt").services[0].indicators;
    expect(rows.map((r) => [r.activity, r.dimension[0], r.description, r.target_raw, r.actual_raw, r.formula])).toEqual([
      ["Sportello tributi", "accessibilita", "Ore di apertura settimanale dello sportello", "18 ore settimanali", "100%", null],
      ["Rimborsi", "tempestivita", "Tempo di liquidazione dei rimborsi", "90 giorni", "76%", "Rimborsi liquidati/rimborsi richiesti"],
    ]);
    expect(rows.every((r) => r.confidence < 0.8)).toBe(true);
  });
});

describe("results cells printed in turns", () => {
  it("tells two cells side by side apart when their lines alternate (a line opening a sentence right after one left open)", () => {
    const text = [
      "Comune di Prova", "", "RISULTATI DELLA QUALITA' DEI SERVIZI", "", "SERVIZIO EROGATO", "", "FATTORE DI QUALITA'", "", "INDICATORE", "", "VALORE GARANTITO/PREVISTO", "", "VALORE", "REALIZZATO %", "",
      "Permessi", "", "Tempestività", "", "Rilascio del permesso di transito", "", "5 giorni lavorativi", "", "88%", "",
      "Blocco del gestionale dei", "Permessi rilasciati entro 5", "permessi per tre settimane a", "giorni/permessi richiesti", "ottobre",
    ].join("\n");
    const r = parseScraped(text, "t.txt").services[0].indicators[0];
    expect([r.formula, r.explanation]).toEqual(["Permessi rilasciati entro 5 giorni/permessi richiesti", "Blocco del gestionale dei permessi per tre settimane a ottobre"]);
  });
});

describe("results cells under their titles after the rows", () => {
  it("places the right-hand columns' cells printed after the last row, under their titles, before the actions", () => {
    const text = [
      "Comune di Prova", "", "RISULTATI DELLA QUALITA' DEI SERVIZI", "", "SERVIZIO EROGATO", "", "FATTORE DI QUALITA'", "", "INDICATORE", "", "VALORE GARANTITO/PREVISTO", "", "VALORE", "REALIZZATO %", "",
      "Prestito interbibliotecario", "", "Tempestività", "", "Tempo di arrivo del volume da altra biblioteca", "", "15 giorni", "", "82%", "",
      "Prestito locale", "", "Accessibilità", "", "Ore di apertura settimanale della sede", "", "38 ore settimanali", "", "100%", "",
      "Descrizione risultato /", "formula indicatore", "", "EVENTUALE MOTIVAZIONE", "DEL MANCATO", "RAGGIUNGIMENTO", "",
      "Richieste evase entro 15", "giorni/richieste totali", "", "Sospensione del servizio di", "corriere provinciale per due mesi", "",
      "AZIONI DI MIGLIORAMENTO", "", "ESITI", "", "Nuovi abbonamenti digitali", "", "Attivati",
    ].join("\n");
    const rows = parseScraped(text, "t.txt").services[0].indicators;
    expect(rows.map((r) => [r.description, r.formula, r.explanation])).toEqual([
      ["Tempo di arrivo del volume da altra biblioteca", "Richieste evase entro 15 giorni/richieste totali", "Sospensione del servizio di corriere provinciale per due mesi"],
      ["Ore di apertura settimanale della sede", null, null],
    ]);
  });
});

describe("results values inside cells", () => {
  it("keeps 'entro 15' between a cell's lines in the cell, and splits a bare target glued to the indicator", () => {
    const text = [
      "Comune di Prova", "", "RISULTATI DELLA QUALITA' DEI SERVIZI", "", "SERVIZIO EROGATO", "", "FATTORE DI QUALITA'", "", "INDICATORE", "", "VALORE GARANTITO/PREVISTO", "", "VALORE", "REALIZZATO %", "",
      "Segnalazioni", "", "Tempestività", "", "Risposta scritta alle segnalazioni", "", "15 giorni", "", "96%", "", "Segnalazioni con risposta", "entro 15", "giorni/segnalazioni ricevute", "",
      "Sicurezza stradale", "", "Trasparenza", "", "Pubblicazione mensile dei dati sugli incidenti 12", "", "75%",
    ].join("\n");
    const rows = parseScraped(text, "t.txt").services[0].indicators;
    expect(rows.map((r) => [r.description, r.formula, r.target_raw, r.actual_raw])).toEqual([
      ["Risposta scritta alle segnalazioni", "Segnalazioni con risposta entro 15 giorni/segnalazioni ricevute", "15 giorni", "96%"],
      ["Pubblicazione mensile dei dati sugli incidenti", null, "12", "75%"],
    ]);
  });
});
