/** The document rules, one by one, on canonical documents: the same for every format. */
import { describe, expect, it } from "vitest";
import { checkDocument, DOCUMENT_CHECKS } from "../src/checks/index.js";
import { targetWorseThanPreviousYear, type IndicatorFact } from "../src/checks/target-worse-than-previous-year.js";
import type { CharterDocument, Indicator } from "../src/model/schema.js";
import { parseValue } from "../src/normalize/value.js";

const provenance = { file: "/x", parser: "test", parser_version: "1", sheet: null, page: null, row: 1, line: null, bbox: null };

function row(description: string | null, formula: string | null, target: string | null, more: Partial<Indicator> = {}): Indicator {
  const t = parseValue(target, formula);
  const a = parseValue(more.actual_raw ?? null, formula);
  return {
    dimension: ["tempestivita"], dimension_raw: "Tempestività", subdimension: null, subdimension_raw: null,
    description, formula, target_raw: target, target_value: t.value, target_unit: t.unit,
    actual_raw: null, actual_value: a.value, actual_unit: a.unit, notes: null, activity: null, explanation: null,
    placeholder: false, confidence: 1, provenance, ...more,
  };
}

function doc(indicators: Indicator[], kind: "standards" | "results" = "standards"): CharterDocument {
  return {
    kind, issuer: "Comune di Esempio", title: null, year: 2021, office: null, signatory: null, actions: [], review: [],
    services: [{ name: "Anagrafe", description: null, delivery_mode: null, users: null, complaint_authority: null, urls: [], indicators, provenance }],
  };
}

const found = (d: CharterDocument, check: string) => checkDocument(d).filter((f) => f.check === check).map((f) => f.indicator);

describe("document checks", () => {
  it("flags the template's example left in place, and nothing else about that row", () => {
    const d = doc([row(null, "Per esempio: numero massimo di giorni di disagio", null, { placeholder: true }), row("Risposta", "Numero giorni", "3")]);
    expect(found(d, "placeholder_left")).toEqual([0]);
    expect(checkDocument(d).filter((f) => f.indicator === 0).map((f) => f.check)).toEqual(["placeholder_left"]);
  });

  it("flags a missing target and a target with no number, not tempo reale", () => {
    const d = doc([row("A", "Numero giorni", null), row("B", "Numero giorni", "N.D."), row("C", "Tempo", "tempo reale"), row("D", "Numero giorni", "3")]);
    expect(found(d, "target_missing")).toEqual([0]);
    expect(found(d, "target_not_numeric")).toEqual([1]);
  });

  it("flags a ratio formula with days as target and a count of days with a percentage", () => {
    const d = doc([
      row("A", "Numero pratiche evase entro il termine / Numero pratiche", "30 giorni"),
      row("B", "Numero massimo di giorni di chiusura", "95%"),
      row("C", "Numero pratiche evase / Numero pratiche", "95%"),
      row("D", "Numero giorni", "3 giorni lavorativi"),
      row("E", "Numero interventi predisposti", "95%"),
    ]);
    expect(found(d, "unit_mismatch")).toEqual([0, 1]);
  });

  it("flags percentages outside 0..100, as targets and as achieved values", () => {
    const d = doc([row("A", "x / y", "120%"), row("B", "x / y", "90%", { actual_raw: "101%" }), row("C", "x / y", "100%", { actual_raw: "0%" })], "results");
    expect(checkDocument(d).filter((f) => f.check === "percent_out_of_range").map((f) => [f.indicator, f.field])).toEqual([[0, "target_raw"], [1, "actual_raw"]]);
  });

  it("flags achieved values worse than promised, in the indicator's direction", () => {
    const d = doc([
      row("Tempo di risposta", null, "48 ore", { actual_raw: "72 ore" }),
      row("Tempo di risposta", null, "48 ore", { actual_raw: "24 ore" }),
      row("Pratiche evase", "Numero pratiche evase / Numero pratiche", "95%", { actual_raw: "90%" }),
      row("Reclami", "Numero reclami / Numero pratiche", "2%", { actual_raw: "3%" }),
      row("Reclami", "Numero reclami / Numero pratiche", "2%", { actual_raw: "1%" }),
      row("Risposta alle e-mail", null, "48 ore", { actual_raw: "90%" }),
      row("Risposta alle e-mail", null, "48 ore", { actual_raw: "100%" }),
      row("Ore di apertura", null, "20 ore settimanali", { actual_raw: "*" }),
      row("Pratiche", "Numero pratiche / totale", "< 2%", { actual_raw: "2%" }),
    ], "results");
    expect(found(d, "target_missed")).toEqual([0, 2, 3, 5, 8]);
  });

  it("flags an indicator repeated in a service, whatever its case and spacing", () => {
    const d = doc([row("Tempo di risposta", "Numero giorni", "3"), row("TEMPO DI  RISPOSTA", "numero giorni", "5"), row("Tempo di risposta", "Numero ore", "3")]);
    const f = checkDocument(d).filter((x) => x.check === "duplicate_indicator");
    expect(f.map((x) => x.indicator)).toEqual([1]);
    expect(f[0].message).toMatch(/repeats indicator 1 .*targets "3" and "5"/);
  });

  it("gives every finding the rule's name, severity and place", () => {
    const names = new Set(DOCUMENT_CHECKS.map((c) => c.name));
    for (const f of checkDocument(doc([row(null, null, null), row("x", "a / b", "200%")]))) {
      expect(names.has(f.check)).toBe(true);
      expect(["error", "warning", "info"]).toContain(f.severity);
      expect(f.service).toBe(0);
      expect(f.message.length).toBeGreaterThan(10);
    }
  });
});

describe("target_worse_than_previous_year", () => {
  let id = 0;
  const fact = (year: number, targetRaw: string, more: Partial<IndicatorFact> = {}): IndicatorFact => {
    const v = parseValue(targetRaw, more.formula ?? null);
    return {
      indicatorId: ++id, serviceId: year, documentId: year, serviceKey: "ente/servizio", year, kind: "standards", dimension: "tempestivita",
      description: "Tempo di risposta", formula: null, targetRaw, targetValue: v.value, targetUnit: v.unit,
      better: v.unit === "percent" ? "higher" : "lower", betterReason: "unit", confidence: 1, placeholder: false, ...more,
    };
  };

  it("compares each service with its latest earlier year, in the indicator's direction", () => {
    const facts = [
      fact(2019, "10 giorni"), fact(2020, "5 giorni"), fact(2021, "7 giorni"),
      fact(2020, "95%", { description: "Accesso" }), fact(2021, "90%", { description: "ACCESSO" }),
      fact(2020, "90%", { description: "Pratiche" }), fact(2021, "95%", { description: "Pratiche" }),
    ];
    const out = targetWorseThanPreviousYear.run(facts);
    expect(out.map((f) => [f.indicatorId, f.relatedIndicatorId])).toEqual([[3, 2], [5, 4]]);
    expect(out[0].message).toMatch(/2021 target "7 giorni" .* worse than 2020's "5 giorni" \(lower is better/);
  });

  it("does not compare other services, other dimensions, other units or another text", () => {
    const facts = [
      fact(2020, "5 giorni"),
      fact(2021, "7 giorni", { serviceKey: "ente/altro" }),
      fact(2021, "8 giorni", { dimension: "trasparenza" }),
      fact(2021, "9 giorni lavorativi"),
      fact(2021, "10 giorni", { description: "Tempo di attesa allo sportello" }),
    ];
    expect(targetWorseThanPreviousYear.run(facts)).toEqual([]);
  });

  it("reports a row once however many earlier rows match, and skips an unknown direction", () => {
    const facts = [fact(2020, "5 giorni"), fact(2020, "6 giorni", { kind: "results" }), fact(2021, "7 giorni"), fact(2021, "12", { description: "Misure", better: null }), fact(2020, "10", { description: "Misure", better: null })];
    const out = targetWorseThanPreviousYear.run(facts);
    expect(out.map((f) => f.relatedIndicatorId)).toEqual([facts[0].indicatorId]);
  });
});
