/** The row checks every scraped row goes through (src/scraped/common/sanity.ts). */
import { describe, expect, it } from "vitest";
import type { Indicator } from "../src/model/schema.js";
import { ADDITIONAL_DEFINITIONS } from "../src/normalize/taxonomy.js";
import { applyRowDoubts, rowDoubts } from "../src/scraped/common/sanity.js";
import { buildIndicator } from "../src/template/indicator.js";

const prov = { file: "t.txt", parser: "scraped", parser_version: "0", sheet: null, page: null, row: null, line: 1, bbox: null };
const row = (cells: Parameters<typeof buildIndicator>[0], dims = ["tempestivita"]): Indicator => buildIndicator({ dimension_raw: "Tempestività", ...cells }, { provenance: prov, review: [], dimensions: dims, confidence: 1 });
const good = () => row({ description: "Rilascio del certificato", formula: "Numero giorni dalla richiesta", target_raw: "5 giorni" });

describe("row doubts", () => {
  it("leaves a row whose cells are all whole alone", () => {
    const t = [good(), good(), good()];
    expect(rowDoubts(t[0], t)).toEqual([]);
  });

  it("doubts a value glued into a text cell, a cell the column has everywhere else, and a cell cut mid-sentence", () => {
    const glued = row({ description: "Rilascio del certificato", formula: "Numero certificati rilasciati/Numero 90% richieste" });
    const cut = row({ description: "Rilascio del certificato entro i", formula: "Numero giorni dalla richiesta", target_raw: "5 giorni" });
    const t = [good(), good(), good(), glued, cut];
    const why = (r: Indicator) => rowDoubts(r, t).map((d) => d.why).join("; ");
    expect(why(glued)).toMatch(/value printed inside the formula/);
    expect(why(glued)).toMatch(/no target/);
    expect(why(cut)).toMatch(/description ends mid-sentence/);
  });

  it("doubts a target that states no value, a sub-dimension of another dimension, a definition cut short", () => {
    const odd = row({ description: "Rilascio del certificato", formula: "Numero giorni", target_raw: "secondo calendario" });
    const other = buildIndicator({ dimension_raw: "Tempestività", subdimension_raw: "Multicanale", description: "Prenotazione on line", formula: "Numero giorni", target_raw: "5 giorni" }, { provenance: prov, review: [], dimensions: ["tempestivita"], subdimension: "accessibilita.multicanale", confidence: 1 });
    const def = ADDITIONAL_DEFINITIONS[0];
    const cutDef = row({ description: def.text.slice(0, 80), formula: "Numero giorni di chiusura", target_raw: "5 giorni" }, [def.dimension]);
    const whole = row({ description: def.text, formula: "Numero giorni di chiusura", target_raw: "5 giorni" }, [def.dimension]);
    const t = [odd, other, cutDef, whole];
    expect(rowDoubts(odd, t).map((d) => d.why).join()).toMatch(/states no value/);
    expect(rowDoubts(other, t).map((d) => d.why).join()).toMatch(/another dimension/);
    expect(rowDoubts(cutDef, t).map((d) => d.why).join()).toMatch(/definition cut short/);
    expect(rowDoubts(whole, t)).toEqual([]);
  });

  it("takes a yes/no answer and a count in words of its own as values, not as a target that states none", () => {
    const t = ["Sì", "SI", "No", "6 sfalci annui", "2 uscite"].map((v) => row({ description: "Pubblicazione del calendario", formula: "Numero giorni", target_raw: v }));
    for (const r of t) expect(rowDoubts(r, t).map((d) => d.why).join()).not.toMatch(/states no value/);
    const text = row({ description: "Pubblicazione del calendario", formula: "Numero giorni", target_raw: "sì, se richiesto dall'utente" });
    expect(rowDoubts(text, [text]).map((d) => d.why).join()).toMatch(/states no value/);
  });

  it("doubts swapped formula and target cells, and two dimensions' labels run into one cell of a standards table", () => {
    const swapped = row({ description: "Risposta ai quesiti", formula: "≥ 85%", target_raw: "Numero quesiti evasi entro 3 giorni/Numero quesiti ricevuti" });
    const two = row({ description: "Visita per il rinnovo della patente", formula: "Numero giorni dalla richiesta", target_raw: "5 giorni" }, ["accessibilita", "tempestivita"]);
    const t = [good(), good(), good(), swapped, two];
    const why = (r: Indicator) => rowDoubts(r, t).map((d) => d.why).join("; ");
    expect(why(swapped)).toMatch(/formula is a value alone/);
    expect(why(swapped)).toMatch(/target opens as a formula/);
    expect(why(two)).toMatch(/names several dimensions/);
    // a results report's fattore may name several dimensions: its rows have achieved values
    const results = [good(), good(), two].map((r) => ({ ...r, actual_raw: "95%" }));
    expect(rowDoubts(results[2], results).map((d) => d.why).join()).not.toMatch(/several dimensions/);
  });

  it("lowers the doubted rows' confidence and sends those below the review threshold to review", () => {
    const t = [good(), good(), good(), row({ description: "Rilascio del certificato", formula: "Numero giorni" })];
    const review = applyRowDoubts(t);
    expect(t.slice(0, 3).map((r) => r.confidence)).toEqual([1, 1, 1]);
    expect(t[3].confidence).toBeLessThan(0.7);
    expect(review).toHaveLength(1);
    expect(review[0].reason).toMatch(/no target/);
  });
});
