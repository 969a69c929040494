/** Results reports in reading order: which value is the guaranteed one, and cells run together (src/scraped/results/report.ts). */
import { describe, expect, it } from "vitest";
import { parseScraped } from "./helpers/read.js";
import { ratioMatches, spliced } from "../src/scraped/results/report.js";

const HEAD = ["Comune di Prova", "", "RISULTATI DELLA QUALITA' DEI SERVIZI", "", "SERVIZIO EROGATO", "", "FATTORE DI QUALITA'", "", "INDICATORE", "", "VALORE GARANTITO/PREVISTO", "", "VALORE", "REALIZZATO %", ""];
const row = (activity: string, dim: string, desc: string, a: string, b: string) => [activity, "", dim, "", desc, "", a, "", b, ""];

describe("the guaranteed value of a results row", () => {
  it("is the bound: when the rows print their bounds second, every row's two values swap", () => {
    const text = [
      ...HEAD,
      ...row("Anagrafe", "Tempestività", "Rilascio della carta d'identità", "12 giorni", "entro 15 giorni"),
      ...row("Anagrafe", "Efficacia", "Pratiche definite senza integrazioni", "84%", "≥ 90%"),
      ...row("Stato civile", "Accessibilità", "Apertura dello sportello il sabato", "4 ore", "3 ore"),
    ].join("\n");
    const rows = parseScraped(text, "t.txt").services[0].indicators;
    expect(rows.map((r) => [r.target_raw, r.actual_raw])).toEqual([["entro 15 giorni", "12 giorni"], ["≥ 90%", "84%"], ["3 ore", "4 ore"]]);
  });

  it("leaves the order where the bounds are printed first, and doubts every row where the rows disagree", () => {
    const straight = [...HEAD, ...row("Anagrafe", "Tempestività", "Rilascio della carta d'identità", "entro 15 giorni", "12 giorni"), ...row("Anagrafe", "Efficacia", "Pratiche definite", "90%", "84%")].join("\n");
    const rows = parseScraped(straight, "t.txt").services[0].indicators;
    expect(rows.map((r) => [r.target_raw, r.actual_raw])).toEqual([["entro 15 giorni", "12 giorni"], ["90%", "84%"]]);
    const mixed = [...HEAD, ...row("Anagrafe", "Tempestività", "Rilascio della carta d'identità", "entro 15 giorni", "12 giorni"), ...row("Anagrafe", "Efficacia", "Pratiche definite", "84%", "≥ 90%")].join("\n");
    const doubted = parseScraped(mixed, "t.txt").services[0].indicators;
    expect(doubted.every((r) => r.confidence < 0.7)).toBe(true);
  });
});

describe("a value broken over two lines", () => {
  it("takes back its last word where the reading order put it at the indicator's end", () => {
    const text = [...HEAD, ...row("Anagrafe", "Tempestività", "Rilascio delle pubblicazioni lavorativi", "entro 5 giorni", "100%"), ...row("Biblioteca", "Accessibilità", "Ore di apertura della sala settimanali", "36 ore settimanali", "38 ore")].join("\n");
    const rows = parseScraped(text, "t.txt").services[0].indicators;
    expect(rows.map((r) => [r.description, r.target_raw, r.actual_raw])).toEqual([
      ["Rilascio delle pubblicazioni", "entro 5 giorni lavorativi", "100%"],
      ["Ore di apertura della sala", "36 ore settimanali", "38 ore settimanali"],
    ]);
  });
});

describe("a value whose unit's last word is on the next line", () => {
  it("keeps the word ('38 ore' / 'settimanali'), and a count's words stay text", () => {
    const text = [...HEAD, "Biblioteca", "", "Accessibilità", "", "Ore di apertura della sala", "", "36 ore", "settimanali", "", "38 ore", "settimanali", "", "Biblioteca", "", "Efficacia", "", "Prestiti registrati", "", "90%", "", "95%", ""].join("\n");
    const rows = parseScraped(text, "t.txt").services[0].indicators;
    expect(rows.map((r) => [r.description, r.target_raw, r.actual_raw, r.target_unit])).toEqual([
      ["Ore di apertura della sala", "36 ore settimanali", "38 ore settimanali", "weekly_hours"],
      ["Prestiti registrati", "90%", "95%", "percent"],
    ]);
  });
});

describe("the right-hand cells printed below the table", () => {
  it("send to review the row that took one, not a row that took none and has no result description", () => {
    const text = [
      ...HEAD,
      ...row("Prestito", "Tempestività", "Tempo di consegna dei libri richiesti", "7 giorni", "5 giorni"),
      ...row("Prestito", "Accessibilità", "Ore di apertura della sala", "36 ore", "38 ore"),
      "FORMULA",
      "",
      "Media dei giorni di consegna",
      "",
    ].join("\n");
    const rows = parseScraped(text, "t.txt").services[0].indicators;
    expect(rows.map((r) => r.formula)).toEqual(["Media dei giorni di consegna", null]);
    expect(rows[0].confidence).toBeLessThan(0.7);
    expect(rows[1].confidence).toBeGreaterThanOrEqual(0.7);
    expect(rows[1].review_reason).toMatch(/may own one/);
  });
});

describe("a result's count printed below the table", () => {
  it("goes to the row whose achieved percentage it is", () => {
    expect(ratioMatches("412 pratiche su 488", "84%")).toBe(true);
    expect(ratioMatches("1.204 carte nei termini su 1.290", "93%")).toBe(true);
    expect(ratioMatches("Segnalazioni chiuse 980/1.140", "86%")).toBe(true);
    expect(ratioMatches("412 pratiche su 488", "93%")).toBe(false);
    expect(ratioMatches("412 pratiche su 488", "12 giorni")).toBe(false);
    const text = [
      ...HEAD.slice(0, -1), "", "Descrizione risultato", "",
      ...row("Anagrafe", "Efficacia", "Pratiche definite senza integrazioni", "90%", "100%"),
      ...row("Stato civile", "Efficacia", "Registrazioni completate nei tempi", "95%", "93%"),
      "NOTE", "", "57 atti su 61", "",
    ].join("\n");
    const rows = parseScraped(text, "t.txt").services[0].indicators;
    expect(rows.map((r) => r.formula)).toEqual([null, "57 atti su 61"]);
  });
});

describe("a cell run into another cell's end", () => {
  it("is a cell cut mid-phrase ending on the end of an activity's name", () => {
    expect(spliced("412 richieste accolte su cura", ["Trasporto verso i centri di cura"])).toBe(true);
    expect(spliced("412 richieste accolte su Trasporto verso i centri di cura", ["Trasporto verso i centri di cura"])).toBe(true);
    expect(spliced("412 richieste accolte su 420", ["Trasporto verso i centri di cura"])).toBe(false);
    expect(spliced("Visite a domicilio per la cura", ["Trasporto verso i centri di cura"])).toBe(false);
  });
});
