/**
 * PDF text outside tables: where a paragraph of its own starts. Lines set at one leading in
 * one type (a title block of bold lines, "Label: value" lines) are told apart by where the
 * line above ended and by their shape; a wrapped paragraph stays one. Runs placed by hand.
 */
import { describe, expect, it } from "vitest";
import type { TextRun } from "../src/pdf/geometry.js";
import { freeTextRows } from "../src/pdf/freetext.js";

const SIZE = 9;
const run = (str: string, line: number): TextRun => {
  const top = 100 + line * SIZE * 1.2;
  return { str, x0: 40, x1: 40 + str.length * SIZE * 0.5, top, bottom: top + SIZE, baseline: top + SIZE * 0.8, size: SIZE };
};
const rows = (lines: string[]) => freeTextRows(lines.map(run)).map((r) => r.cells.map((c) => c.text).join(" | "));
const WIDE = "Questa carta presenta i servizi offerti ai visitatori e gli impegni di qualità assunti per l'anno";

describe("PDF free text: paragraphs", () => {
  it("keeps each title-block line that ended short of the column a paragraph of its own", () => {
    const out = rows(["Ente Parco di Prova", "Carta dei servizi ai visitatori", "Esercizio 2023", "Ufficio accoglienza dei visitatori", "Sportello delle visite guidate", WIDE]);
    expect(out.slice(0, 5)).toEqual(["Ente Parco di Prova", "Carta dei servizi ai visitatori", "Esercizio 2023", "Ufficio accoglienza dei visitatori", "Sportello delle visite guidate"]);
  });
  it("keeps a wrapped paragraph one, and a line going on after a phrase cut midway", () => {
    expect(rows([WIDE, "in corso, con le modalità di accesso."])).toHaveLength(1);
    expect(rows(["Servizio offerto ai cittadini residenti e alle imprese del", "Comune di Prova", WIDE])[0]).toBe("Servizio offerto ai cittadini residenti e alle imprese del Comune di Prova");
  });
  it("keeps a list of short items (a menu) one block", () => {
    expect(rows(["Disposizioni generali", "Organizzazione", "Bandi di concorso", "Servizi erogati", WIDE])[0]).toBe("Disposizioni generali Organizzazione Bandi di concorso Servizi erogati");
  });
  it("reads a bare label with the value on the line below it", () => {
    expect(rows(["Struttura competente", "Settore servizi demografici", WIDE])[0]).toBe("Struttura competente Settore servizi demografici");
  });
  it("parts two 'Label: value' lines whatever the labels' words", () => {
    expect(rows(["Recapiti: sportello e telefono", "Referente: dottoressa Anna Rossi", WIDE]).slice(0, 2)).toEqual(["Recapiti: sportello e telefono", "Referente: dottoressa Anna Rossi"]);
  });
});
