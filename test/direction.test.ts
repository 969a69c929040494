/** Which way is better, and the comparators targets state. */
import { describe, expect, it } from "vitest";
import type { Unit } from "../src/model/schema.js";
import { comparatorOf } from "../src/normalize/comparator.js";
import { betterDirection } from "../src/normalize/direction.js";

describe("comparatorOf", () => {
  it.each([
    ["≥ 90%", ">="], [">= 90%", ">="], ["almeno 90%", ">="], ["Almeno il 90 %", ">="], ["fino al 100%", "<="], ["non oltre i 30 giorni", "<="], ["oltre il 90%", ">"], ["non inferiore a 80%", ">="],
    ["≤ 1%", "<="], ["max 10 giorni", "<="], ["Massimo 10 giorni", "<="], ["entro 5 giorni lavorativi", "<="], ["non oltre 30 giorni", "<="],
    ["fino a 48 ore", "<="], ["< 2%", "<"], ["inferiore a 2%", "<"], ["> 5", ">"], ["= 100%", "="],
    ["95%", null], ["3 giorni", null], ["tempo reale", null], ["N.D.", null], [null, null],
    ["Monitoraggio e feed back al destinatario segnalante previsti in 30 giorni", null],
  ])("%s -> %s", (raw, c) => expect(comparatorOf(raw)).toBe(c));
});

const dir = (formula: string | null, unit: Unit | null, description: string | null = null, comparator: string | null = null) =>
  betterDirection({ description, formula, unit, comparator }).better;

describe("betterDirection", () => {
  it("takes a stated comparator first", () => {
    expect(dir("Numero giornate di apertura / giornate lavorative", "percent", null, "<=")).toBe("lower");
    expect(dir("Tempo di risposta", "days", null, ">=")).toBe("higher");
  });
  it("counts shares of requests served and availability as better higher", () => {
    expect(dir("Numero giornate di accessibilità al web /Numero giorni anno solare", "percent")).toBe("higher");
    expect(dir("Numero di prestazioni effettuate entro il tempo previsto/Numero totale delle richieste", "percent")).toBe("higher");
    expect(dir(null, "weekly_hours", "Ore di apertura settimanale dello sportello")).toBe("higher");
    expect(dir("Numero giorni di apertura dello sportello", "days")).toBe("higher");
  });
  it("counts times, complaints, reports, interruptions and errors as better lower", () => {
    expect(dir("Numero giorni necessari per l'aggiornamento su web", "days")).toBe("lower");
    expect(dir(null, "hours", "Tempo di risposta alle e-mail pervenute")).toBe("lower");
    expect(dir("Numero dei reclami non ammissibili e/o non accolti/Numero pratiche evase", "percent")).toBe("lower");
    expect(dir("Numero di segnalazioni ricevute per non conformità della risposta/numero di risposte", "percent")).toBe("lower");
    expect(dir("Numero di giorni con l'interruzione del servizio / giorni anno", "percent")).toBe("lower");
    expect(dir("Numero di pratiche con errori / pratiche lavorate", "percent")).toBe("lower");
  });
  it("lets a good outcome or a negation turn a problem word round", () => {
    expect(dir("Numero di reclami risolti / Numero di reclami ricevuti", "percent")).toBe("higher");
    expect(dir("Numero di pratiche senza errori / pratiche lavorate", "percent")).toBe("higher");
    expect(dir("Numero di reclami non risolti / Numero di reclami ricevuti", "percent")).toBe("lower");
    expect(dir("Numero di pratiche con chiusura entro 30 giorni / pratiche", "percent")).toBe("higher");
  });
  it("reads only the numerator of a ratio", () => {
    expect(dir("Numero di istanze accolte / Numero di reclami presentati", "percent")).toBe("higher");
  });
  it("decides nothing for a bare number, tempo reale or no unit", () => {
    expect(dir("Numero di misure organizzative", "number")).toBeNull();
    expect(dir("Tempo intercorrente tra l'invio e la registrazione", "realtime")).toBeNull();
    expect(dir("Numero di reclami", null)).toBeNull();
  });
  it("says which rule decided", () => {
    expect(betterDirection({ description: null, formula: "Numero dei reclami / pratiche", unit: "percent", comparator: null }).reason).toBe("problem:reclam");
    expect(betterDirection({ description: null, formula: "Giorni", unit: "days", comparator: null }).reason).toBe("unit:days");
  });
});
