/** The signatory's line, told by the taxonomy's words (src/normalize/signatory.ts). */
import { describe, expect, it } from "vitest";
import { namesSigningRole, signedDigitally } from "../src/normalize/signatory.js";

describe("signatory words", () => {
  it("tell a digital signature and a signing role after its article, case aside", () => {
    expect(signedDigitally("Documento FIRMATO DIGITALMENTE ai sensi del D.Lgs. 82/2005")).toBe(true);
    expect(signedDigitally("firmata digitalmente")).toBe(true);
    expect(namesSigningRole("Il Dirigente Mario Rossi")).toBe(true);
    expect(namesSigningRole("LA SEGRETARIA GENERALE")).toBe(true);
    expect(namesSigningRole("Il Presidente")).toBe(true);
  });

  it("leave ordinary cells alone", () => {
    expect(signedDigitally("Moduli firmati e inviati digitalmente")).toBe(false);
    expect(namesSigningRole("Direttore dei lavori")).toBe(false);
    expect(namesSigningRole("il direttorio")).toBe(false);
    expect(namesSigningRole("Richieste al responsabile")).toBe(false);
  });
});
