/**
 * Layout text (pdftotext -layout) of a charter whose column titles are in an office's own
 * words: the header known by the table under it, its titles going on in lower case on the
 * next line or run together one space apart, and each service's block of fields labelled
 * in the office's words. Titles and services made up here.
 */
import { describe, expect, it } from "vitest";
import { parseScraped } from "./helpers/read.js";

/** A line with each cell at its column's position. */
const at = (cells: string[], cols: number[]) => cells.reduce((line, c, k) => (c ? line.padEnd(cols[k]) + c : line), "").trimEnd();

const COLS = [0, 16, 36, 78, 116, 130, 144];
/** A service: its name, its fields beside their labels, its table under titles that run together and go on below. */
function service(name: string, rows: string[][]): string[] {
  // the two value columns' titles run together one space apart ("Livello Livello"), their words going on below
  const titles = at(["Aspetto della", "Sottodimensione", "Nome della misura", "Modo di calcolo", "Livello Livello", "", "Cause dello"], COLS);
  return [
    name,
    "",
    at(["Scopo dell'attività", "Visite guidate e accoglienza dei gruppi organizzati"], [0, 40]),
    at(["Beneficiari", "Scuole e associazioni del territorio"], [0, 40]),
    "",
    "",
    titles,
    at(["qualità", "", "", "", "atteso", "ottenuto", "scostamento"], COLS),
    ...rows.map((r) => at(r, COLS)),
    "",
  ];
}

const text = [
  "Ente Parco delle Colline di Prova",
  "Carta della qualità dei servizi - Verifica dei risultati",
  "Esercizio 2023",
  "",
  ...service("Accoglienza dei visitatori", [
    ["Accessibilità", "Fisica", "Apertura del centro nei festivi", "Festivi aperti / festivi dell'anno", "100%", "96%", "Lavori a novembre"],
    ["Tempestività", "Tempestività", "Conferma della prenotazione", "Giorni tra richiesta e conferma", "2 gg", "3 gg"],
    ["Efficacia", "Conformità", "Visitatori soddisfatti", "Giudizi positivi / giudizi raccolti", "≥ 85%", "91%"],
  ]),
  ...service("Rilascio dei permessi", [
    ["Accessibilità", "Multicanale", "Domande ricevute via PEC", "Domande via PEC / domande totali", "100%", "100%"],
    ["Trasparenza", "Responsabili", "Pubblicazione dei responsabili", "Con responsabile / totali", "100%", "100%"],
  ]),
].join("\n");

describe("layout text with titles in an office's own words", () => {
  const doc = parseScraped(text, "carta.layout.txt");
  it("reads each service's table under a header known by its rows, titles joined over their lines", () => {
    expect(doc.services.map((s) => s.name)).toEqual(["Accoglienza dei visitatori", "Rilascio dei permessi"]);
    expect(doc.services.map((s) => s.indicators.length)).toEqual([3, 2]);
    const first = doc.services[0].indicators[0];
    expect(first).toMatchObject({ description: "Apertura del centro nei festivi", formula: "Festivi aperti / festivi dell'anno", target_raw: "100%", actual_raw: "96%" });
    expect(doc.services[1].indicators[1]).toMatchObject({ subdimension_raw: "Responsabili", target_raw: "100%", actual_raw: "100%" });
  });
  it("reads each service's fields labelled in the office's words", () => {
    expect(doc.services.map((s) => s.users)).toEqual(["Scuole e associazioni del territorio", "Scuole e associazioni del territorio"]);
  });
});
