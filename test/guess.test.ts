/** The normalizer's best guess for a label it could not place: evidence from the domain, said with its basis. */
import { describe, expect, it } from "vitest";
import { guessDimension, guessHeader, guessServiceLabel, guessSubdimension } from "../src/normalize/guess.js";

describe("best guess", () => {
  it("reads a dimension label from its rows' sub-dimensions", () => {
    const rows = ["trasparenza.responsabili", "trasparenza.procedure_contatto", null].map((subdimension) => ({ subdimension, before: [], after: [] }));
    expect(guessDimension("Chiarezza informativa", rows)).toEqual({ code: "trasparenza", score: 0.67, basis: "sub-dimensions" });
  });

  it("reads it from the template's order of dimensions where the rows around it leave one place", () => {
    const row = { subdimension: null, before: ["tempestivita"], after: ["efficacia"] };
    expect(guessDimension("Informazione", [row])).toEqual({ code: "trasparenza", score: 0.9, basis: "order" });
    // Two dimensions fit between Accessibilità and Efficacia: the order says nothing, nor does the spelling;
    // the word's meaning does (information is transparency's).
    const wide = { subdimension: null, before: ["accessibilita"], after: ["efficacia"] };
    expect(guessDimension("Altro", [wide])).toBeNull();
    expect(guessDimension("Informazione", [wide])).toEqual({ code: "trasparenza", score: 0.65, basis: "meaning" });
  });

  it("reads a label's meaning from the words each dimension is described with and its definition, by Italian stems", () => {
    // Spelling alone made this continuita (0.42): courtesy is empathy.
    expect(guessDimension("Cortesia del personale", [])).toEqual({ code: "empatia", score: 0.55, basis: "meaning" });
    expect(guessDimension("Gentilezza e disponibilità degli operatori", [])?.code).toBe("empatia");
    expect(guessDimension("Chiarezza delle informazioni", [])).toMatchObject({ code: "trasparenza", basis: "meaning" });
    expect(guessDimension("Rapidità del servizio", [])?.code).toBe("tempestivita");
    expect(guessDimension("Parità di trattamento", [])?.code).toBe("equita");
    expect(guessDimension("Uso ottimale delle risorse", [])?.code).toBe("efficienza");
    expect(guessDimension("Capacità di rispondere alle esigenze individuali", [])?.code).toBe("empatia"); // its definition's words
    // Words that name two dimensions alike say nothing by meaning.
    expect(guessDimension("Tempi e costi", [])?.basis).not.toBe("meaning");
  });

  it("falls back on spelling, with a lower score", () => {
    const g = guessDimension("Acessibilta", []);
    expect(g).toMatchObject({ code: "accessibilita", basis: "spelling" });
    expect(g!.score).toBeGreaterThan(0.5);
    expect(g!.score).toBeLessThan(1);
  });

  it("guesses sub-dimensions within the row's dimensions, headers and service labels by their vocabulary", () => {
    expect(guessSubdimension("Tempi di lavorazione della risposta", ["trasparenza"])?.code).toBe("trasparenza.tempistiche_risposta");
    expect(guessSubdimension("Anything at all", ["tempestivita"])).toBeNull();
    expect(guessSubdimension("Prenotazione online", ["accessibilita"])).toMatchObject({ code: "accessibilita.multicanale", basis: "words" });
    expect(guessHeader("Livello garantito")?.code).toBe("target");
    expect(guessHeader("Formula di calcolo")?.code).toBe("formula");
    expect(guessServiceLabel("Tipologia utenti")?.code).toBe("users");
  });
});
