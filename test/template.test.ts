import { describe, expect, it } from "vitest";
import { closesTable } from "../src/template/sections.js";
import { matchServiceLabel } from "../src/template/service.js";
import { readTitleBlock, startsWithMarker } from "../src/template/title.js";
import type { ReviewItem } from "../src/model/schema.js";
import { ISSUER_MARKERS } from "../src/normalize/taxonomy.js";
import { assembleDocument } from "../src/template/assemble.js";
import { buildIndicator } from "../src/template/indicator.js";

describe("template helpers", () => {
  it("finds a service label and keeps the value after it as printed", () => {
    expect(matchServiceLabel("Denominazione del servizio: Iscrizione all'Albo")).toEqual({ field: "name", rest: "Iscrizione all'Albo" });
    expect(matchServiceLabel("MODALITA' DI EROGAZIONE:Sportello")).toEqual({ field: "delivery_mode", rest: "Sportello" });
    expect(matchServiceLabel("Principali caratteristiche del servizio \\")).toEqual({ field: "description", rest: "" });
    expect(matchServiceLabel("Dimensioni")).toBeNull();
  });
  it("tells an issuer's line by its opening words", () => {
    expect(startsWithMarker("MINISTERO DEL LAVORO", ISSUER_MARKERS)).toBe(true);
    expect(startsWithMarker("Città metropolitana di Bari", ISSUER_MARKERS)).toBe(true);
    expect(startsWithMarker("Comunicazioni obbligatorie", ISSUER_MARKERS)).toBe(false);
  });
  it("reads the issuer a PDF line runs into the title, and a health agency's unit as the office", () => {
    const head = readTitleBlock([
      "AZIENDA SANITARIA LOCALE DI MONTEVERDE STANDARD QUALITA' DEI SERVIZI EROGATI",
      "RICOGNIZIONE/AGGIORNAMENTO",
      "ANNO 2023",
      "UNITA' OPERATIVA COMPLESSA ACCOGLIENZA E PRENOTAZIONI",
    ]);
    expect(head.issuer).toBe("AZIENDA SANITARIA LOCALE DI MONTEVERDE");
    expect(head.title).toBe("STANDARD QUALITA' DEI SERVIZI EROGATI - RICOGNIZIONE/AGGIORNAMENTO");
    expect(head.office).toBe("UNITA' OPERATIVA COMPLESSA ACCOGLIENZA E PRENOTAZIONI");
    expect(head.year).toBe(2023);
    // words before the title that are no issuer's stay on the title line
    expect(readTitleBlock(["Allegato 1 Carta dei servizi"]).issuer).toBeNull();
    expect(readTitleBlock(["Comune di Pietralta", "U.O.C. Servizi demografici"]).office).toBe("U.O.C. Servizi demografici");
    // the office's label with its office's line below, or with none: never the office itself
    expect(readTitleBlock(["Comune di Pietralta", "Ufficio responsabile", "Settore servizi demografici"]).office).toBe("Settore servizi demografici");
    expect(readTitleBlock(["Comune di Pietralta", "Carta dei servizi", "Struttura competente"]).office).toBeNull();
    expect(readTitleBlock(["Comune di Pietralta", "Carta dei servizi", "Ufficio tributi"]).office).toBe("Ufficio tributi");
  });
  it("takes the year from a date the title block prints where no line states one", () => {
    expect(readTitleBlock(["Comune di Pietralta", "Carta dei servizi demografici", "Adottata con atto n. 12 del 3 marzo 2022"]).year).toBe(2022);
    expect(readTitleBlock(["Comune di Pietralta", "Carta dei servizi demografici", "Approvato con decreto del 03/03/2021"]).year).toBe(2021);
    expect(readTitleBlock(["Carta dei servizi demografici", "Revisione n. 2 del 5 aprile 2020"]).year).toBe(2020);
    // not a page's own date (published, updated): it is not the charter's
    expect(readTitleBlock(["Carta dei servizi demografici", "Pubblicato il 3 marzo 2022 da redazione"]).year).toBeNull();
    // a year the block states wins over a date
    expect(readTitleBlock(["Carta dei servizi demografici", "Anno 2023", "Adottata il 3 marzo 2022"]).year).toBe(2023);
    expect(readTitleBlock(["Carta dei servizi demografici", "Sportello n. 12"]).year).toBeNull();
    // a short line of a year, whatever its word
    expect(readTitleBlock(["Carta dei servizi demografici", "Periodo di riferimento", "Gestione 2022"]).year).toBe(2022);
    expect(readTitleBlock(["Carta dei servizi demografici", "Sportello aperto dal 2022 al 2024 per tutti"]).year).toBeNull();
  });
  it("closes the table at a lone footnote or the actions table", () => {
    expect(closesTable(["(*) Dimensioni aggiuntive: per questi indicatori"])).toBe(true);
    expect(closesTable(["AZIONI DI MIGLIORAMENTO", "ESITI"])).toBe(true);
    expect(closesTable(["Efficacia", "Compiutezza", "Esaustività"])).toBe(false);
  });
});

describe("the one indicator builder", () => {
  const provenance = { file: "f", parser: "p", parser_version: "1", sheet: null, page: null, row: 3, line: null, bbox: null };
  it("normalizes labels and values, flags the template's example and reviews what it cannot place", () => {
    const review: ReviewItem[] = [];
    const i = buildIndicator(
      { dimension_raw: "TEMPESTIVITA'", subdimension_raw: "Tempi strani", description: "Tempo di rilascio", formula: "Per esempio: numero giorni", target_raw: "boh" },
      { provenance, review },
    );
    expect(i.dimension).toEqual(["tempestivita"]);
    expect(i.subdimension).toBeNull();
    expect(i.placeholder).toBe(true);
    expect(i.target_value).toBeNull();
    expect(review.map((r) => r.kind).sort()).toEqual(["subdimension", "value"]);
  });
  it("reads a bare achieved value with the caller's hint and caps the confidence it is given", () => {
    const review: ReviewItem[] = [];
    const i = buildIndicator({ dimension_raw: "Cortesia del personale", description: "Gradimento", target_raw: "80", actual_raw: "85" }, { provenance, review, actualHint: "percentuale", confidenceCap: 0.5, doubts: "missing cells" });
    expect(i.actual_unit).toBe("percent");
    expect(i.confidence).toBe(0.5);
    expect(review.map((r) => r.kind).sort()).toEqual(["dimension", "row"]);
  });
});

describe("the one document assembly", () => {
  const head = { issuer: null, title: null, year: null, office: null, serviceName: null };
  it("names what is missing when no part has indicator rows", () => {
    expect(() => assembleDocument([{ head, kind: "standards", services: [], actions: [], signatory: null, review: [] }], "x")).toThrow(/no charter table/);
  });
});
