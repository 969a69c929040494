import { describe, expect, it } from "vitest";
import { normalizeDimension, normalizeSubdimension } from "../src/normalize/dimension.js";
import { isPlaceholder } from "../src/normalize/placeholder.js";
import { cleanCell, fixMojibake, labelKey } from "../src/normalize/text.js";
import { parseValue, unitFromFormula } from "../src/normalize/value.js";

describe("dimension labels", () => {
  it.each([
    ["Accessibilità", ["accessibilita"]],
    ["ACCESSIBILITA'", ["accessibilita"]],
    ["TEMPESTIVITA'", ["tempestivita"]],
    ["TempestivitÃ ", ["tempestivita"]],
    ["Tempestivià", ["tempestivita"]],
    ["Trasparena", ["trasparenza"]],
    ["Effcacia", ["efficacia"]],
    ["Efficienza", ["efficienza"]],
    ["Continuità (*)", ["continuita"]],
    ["Continuità (\\*)", ["continuita"]],
    ["  Elasticità  ", ["elasticita"]],
    ["FLESSIBILITA' (*)", ["flessibilita"]],
    ["Equità", ["equita"]],
    ["Empatia", ["empatia"]],
    ["Trasparenza, accessibilità e tempestività nell'erogazione del servizio", ["trasparenza", "accessibilita", "tempestivita"]],
    ["Cortesia del personale", []],
  ])("%s -> %j", (raw, codes) => {
    expect(normalizeDimension(raw).value).toEqual(codes);
  });
  it("is less confident of a typo than of an exact label", () => {
    expect(normalizeDimension("Trasparena").confidence).toBeLessThan(normalizeDimension("Trasparenza").confidence);
  });
  it("keeps efficacia and efficienza apart", () => {
    expect(normalizeDimension("Efficaccia").value).toEqual(["efficacia"]);
    expect(normalizeDimension("Efficenza").value).toEqual(["efficienza"]);
  });
});

describe("sub-dimension labels", () => {
  it.each([
    ["Multicanale", ["accessibilita"], "accessibilita.multicanale"],
    ["FISICA", ["accessibilita"], "accessibilita.fisica"],
    ["Procedure di contatto", ["trasparenza"], "trasparenza.procedure_contatto"],
    ["Tempistiche di risposta", ["trasparenza"], "trasparenza.tempistiche_risposta"],
    ["Eventuali spese a carico dell'utente", ["trasparenza"], "trasparenza.spese_utente"],
    ["Conformità e affidabilità", ["efficacia"], "efficacia.conformita_affidabilita"],
    ["CONFORMITA'", ["efficacia"], "efficacia.conformita"],
    ["Compiutezza", ["efficacia"], "efficacia.compiutezza"],
    ["Tempestività erogazione contenuti", ["tempestivita"], null],
    ["Tempestività", ["tempestivita"], null],
  ])("%s under %j -> %s", (raw, dims, code) => {
    expect(normalizeSubdimension(raw, dims).value).toBe(code);
  });
});

describe("values", () => {
  it.each([
    ["95%", null, 95, "percent"],
    ["95 %", null, 95, "percent"],
    ["0,5%", null, 0.5, "percent"],
    ["≥ 90%", null, 90, "percent"],
    ["≤ 1%", null, 1, "percent"],
    ["3 giorni lavorativi", null, 3, "working_days"],
    ["entro 5 giorni lavorativi", null, 5, "working_days"],
    ["3 giorni", null, 3, "days"],
    ["30 gg", null, 30, "days"],
    ["max 10 giorni", null, 10, "days"],
    ["48 ore", null, 48, "hours"],
    ["48 h", null, 48, "hours"],
    ["20 ore settimanali", null, 20, "weekly_hours"],
    ["15 minuti", null, 15, "minutes"],
    ["1 mese", null, 1, "months"],
    ["tempo reale", null, null, "realtime"],
    ["N.D.", null, null, null],
    ["*", null, null, null],
    ["Monitoraggio e sollecito previsti in 30 giorni", null, 30, "days"],
    ["3", "Numero giorni necessari per l'aggiornamento su web", 3, "days"],
    ["95", "Numero giornate di accessibilità al web / Numero giorni anno solare", 95, "percent"],
    ["12", "Numero di sportelli aperti", 12, "number"],
    ["2 colloqui", null, 2, "number"],
    ["1.320 avvisi", null, 1320, "number"],
  ])("%s (formula %s) -> %s %s", (raw, formula, value, unit) => {
    expect(parseValue(raw, formula)).toEqual({ value, unit });
  });
  it("takes the unit of a bare number from the formula's words", () => {
    expect(unitFromFormula("Tempo medio in ore settimanali di apertura")).toBe("weekly_hours");
    expect(unitFromFormula(null)).toBe("number");
  });
});

describe("placeholders", () => {
  it("flags the template's example formula, not the office's own", () => {
    expect(isPlaceholder("Per esempio: numero massimo di giorni dell'anno di disagio")).toBe(true);
    expect(isPlaceholder("PER ESEMPIO numero di misure organizzative")).toBe(true);
    expect(isPlaceholder("Numero massimo di giorni dell'anno di disagio")).toBe(false);
  });
});

describe("text hygiene", () => {
  it("repairs mojibake only where it round-trips", () => {
    expect(fixMojibake("TempestivitÃ ")).toBe("Tempestività");
    expect(fixMojibake("ModalitÃ  di erogazione")).toBe("Modalità di erogazione");
    expect(fixMojibake("Città")).toBe("Città");
  });
  it("drops HTML remnants, markdown escapes and private-use bullets; folds whitespace", () => {
    expect(cleanCell("<b>AZIONI DI MIGLIORAMENTO</b>")).toBe("AZIONI DI MIGLIORAMENTO");
    expect(cleanCell("<i>Note</i>")).toBe("Note");
    expect(cleanCell('<a href="http://servizi.lavoro.gov.it">servizi.lavoro.gov.it</a>')).toBe("http://servizi.lavoro.gov.it");
    expect(cleanCell('<a href="http://x.it/p?id=1">la pagina</a>')).toBe("la pagina");
    expect(cleanCell("(\\*) Dimensioni aggiuntive")).toBe("(*) Dimensioni aggiuntive");
    expect(cleanCell("\uf0d8 Previsioni  di\ntermini")).toBe("Previsioni di termini");
    expect(cleanCell("   ")).toBeNull();
  });
  it("folds labels for matching", () => {
    expect(labelKey("TEMPESTIVITA' (*)")).toBe("tempestivita");
    expect(labelKey("Denominazione del servizio:")).toBe("denominazione del servizio");
  });
});
