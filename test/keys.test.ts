/** Keys: when two names are one, and how keys are given and remembered. */
import { describe, expect, it } from "vitest";
import { charterKey, foldName, sameName, slug } from "../src/keys/keys.js";
import { KeyResolver } from "../src/keys/resolver.js";

describe("foldName", () => {
  it("folds case, accents, apostrophe-accents, punctuation and spacing", () => {
    expect(foldName("COMUNE DI ESEMPIO")).toBe(foldName("Comune di  Esempio"));
    expect(foldName("ATTIVITA' A FAVORE")).toBe("attivita a favore");
    expect(foldName("Attività a favore")).toBe("attivita a favore");
    expect(foldName("Comunicazioni Obbligatorie on-line")).toBe("comunicazioni obbligatorie on line");
    expect(foldName("  ")).toBeNull();
    expect(foldName(null)).toBeNull();
  });
});

describe("sameName", () => {
  const same = (a: string, b: string) => sameName(foldName(a)!, foldName(b)!);
  it.each([
    ["Comunicazioni Obbligatorie on line", "COMUNICAZIONI OBBLIGATORIE ONLINE"],
    ["Ministero del Lavoro e delle Politiche Sociali", "Ministero del Lavoro e delle Politiche Socali"],
    ["Iscrizione al registro delle associazioni", "Iscrizone al registro delle associazioni"],
    ["Ufficio Relazioni con il Pubblico", "UFFICIO RELAZIONI CON IL PUBBLICO"],
  ])("%s = %s", (a, b) => expect(same(a, b)).toBe(true));
  it.each([
    ["Servizio A", "Servizio B"],
    ["Servizio A", "Servizio E"],
    ["Sportello sede 1", "Sportello sede 2"],
    ["Rilascio certificato di nascita", "Rilascio certificato di morte"],
    ["Comune di Genova", "Comune di Genova Ufficio Tributi"],
    ["Rilascio carta d'identità", "Rilascio carta d'identità elettronica"],
    ["Iscrizione asilo nido comunale", "Iscrizone asilo nidi comunale"],
  ])("%s != %s", (a, b) => expect(same(a, b)).toBe(false));
});

describe("slug and charterKey", () => {
  it("keeps short names readable and cuts long ones with a hash of the whole", () => {
    expect(slug("comune di genova")).toBe("comune-di-genova");
    const long = "iscrizione al registro delle associazioni e degli enti che svolgono attivita a favore degli stranieri";
    const other = long.replace("stranieri", "cittadini");
    expect(slug(long).length).toBeLessThanOrEqual(70);
    expect(slug(long).startsWith("iscrizione-al-registro")).toBe(true);
    expect(slug(long)).not.toBe(slug(other));
  });
  it("ignores the order and repetition of services, not the year, kind or issuer", () => {
    const base = { issuerKey: "comune-di-esempio", year: 2020, kind: "standards", serviceKeys: ["a", "b"] };
    expect(charterKey(base)).toBe(charterKey({ ...base, serviceKeys: ["b", "a", "a"] }));
    expect(charterKey(base)).not.toBe(charterKey({ ...base, year: 2021 }));
    expect(charterKey(base)).not.toBe(charterKey({ ...base, kind: "results" }));
    expect(charterKey(base)).not.toBe(charterKey({ ...base, serviceKeys: ["a"] }));
    expect(charterKey({ ...base, issuerKey: null, year: null })).toMatch(/^senza-ente\/senza-anno\/standards\//);
  });
});

describe("KeyResolver", () => {
  it("gives a known spelling its key back, a typo the first spelling's key, a new name a new key", () => {
    const r = new KeyResolver([]);
    const a = r.resolve("service", "comune-x", "anagrafe centrale", "comune-x/");
    expect(a).toBe("comune-x/anagrafe-centrale");
    expect(r.resolve("service", "comune-x", "anagrafe centarle", "comune-x/")).toBe(a);
    expect(r.resolve("service", "comune-x", "anagrafe centrale", "comune-x/")).toBe(a);
    expect(r.resolve("service", "comune-y", "anagrafe centrale", "comune-y/")).toBe("comune-y/anagrafe-centrale");
    expect(r.resolve("service", "comune-x", "tributi", "comune-x/")).toBe("comune-x/tributi");
    expect(r.added().map((v) => [v.fold, v.how])).toEqual([
      ["anagrafe centrale", "first"], ["anagrafe centarle", "typo"], ["anagrafe centrale", "first"], ["tributi", "first"],
    ]);
  });
  it("honours stored spellings, a person's mapping included", () => {
    const r = new KeyResolver([{ kind: "issuer", scope: "", fold: "comune genova", key: "comune-di-genova", how: "manual" }]);
    expect(r.resolve("issuer", "", "comune genova")).toBe("comune-di-genova");
    expect(r.added()).toEqual([]);
  });
  it("tells which issuers know a service name", () => {
    const r = new KeyResolver([]);
    r.resolve("service", "ente-a", "servizio unico", "ente-a/");
    r.resolve("service", "ente-b", "altro servizio", "ente-b/");
    expect([...r.scopesOf("service", "servizio unico")]).toEqual(["ente-a"]);
    expect([...r.scopesOf("service", "servizio unicco")]).toEqual(["ente-a"]);
    expect(r.scopesOf("service", "nessuno").size).toBe(0);
  });
  it("never gives two spellings the same new key", () => {
    const r = new KeyResolver([{ kind: "issuer", scope: "", fold: "ente x", key: "ente-y", how: "manual" }]);
    expect(r.resolve("issuer", "", "ente y")).toBe("ente-y-2");
  });
});
