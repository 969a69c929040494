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
    // Two dimensions fit between Accessibilità and Efficacia: the order says nothing, nor does the spelling.
    const wide = { subdimension: null, before: ["accessibilita"], after: ["efficacia"] };
    expect(guessDimension("Informazione", [wide])).toBeNull();
  });

  it("falls back on spelling, with a lower score", () => {
    const g = guessDimension("Accessibile", []);
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
