import { describe, expect, it } from "vitest";
import { closesTable, matchServiceLabel, startsWithMarker } from "../src/layout/interpret.js";
import { ISSUER_MARKERS } from "../src/normalize/taxonomy.js";

describe("template interpreter helpers", () => {
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
  it("closes the table at a lone footnote or the actions table", () => {
    expect(closesTable(["(*) Dimensioni aggiuntive: per questi indicatori"])).toBe(true);
    expect(closesTable(["AZIONI DI MIGLIORAMENTO", "ESITI"])).toBe(true);
    expect(closesTable(["Efficacia", "Compiutezza", "Esaustività"])).toBe(false);
  });
});
