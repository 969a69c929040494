/**
 * Scraped text in reading order (pdftotext without -layout) of a charter whose office wrote
 * its column titles and its service block's labels in its own words: the header is known
 * by its structure (common/inferred-titles.ts), the labels by their meaning where the
 * structure shows a block (common/field-labels.ts), a service's name by its heading above
 * such a block. A person's header alias reaches scraped text too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useAliases } from "../src/normalize/aliases.js";
import { markFieldLabels } from "../src/scraped/common/field-labels.js";
import { inferTitles } from "../src/scraped/common/inferred-titles.js";
import { isHeaderLine } from "../src/scraped/common/kinds.js";
import { splitTextLines } from "../src/scraped/common/lines.js";
import { fold } from "./helpers/gold.js";
import { parseScraped } from "./helpers/read.js";

const DIR = join(import.meta.dirname, "..", "fixtures", "scraped", "own-words", "o01-cartografia-parole-proprie-2023");
const FILE = join(DIR, "charter.chromium.pdftotext.txt");
const text = readFileSync(FILE, "utf8");
const gold = JSON.parse(readFileSync(join(DIR, "gold.json"), "utf8")) as {
  services: { name: string; description: string; delivery_mode: string; users: string; complaint_authority: string; urls: string[]; indicators: { description: string; formula: string; target_raw: string }[] }[];
};

const cells = (parts: string[]) => parts.join("\n\n") + "\n";

describe("a header in the office's own words", () => {
  it("is known by its structure: each title the template does not print gets the role its words give", () => {
    const { titles } = inferTitles(splitTextLines(text));
    const roles = Object.fromEntries(titles.map((t) => [t.label, t.code]));
    expect(roles).toMatchObject({ "Impegno verso l'utente": "description", "Criterio di misura": "formula", "Soglia garantita": "target" });
    // the template's own titles need no alias
    expect(titles.map((t) => t.label)).not.toContain("Osservazioni");
  });

  it("reads the rows' formulas and targets under those titles, and lists each title for review with its role", () => {
    const doc = parseScraped(text, FILE);
    const first = doc.services[0].indicators[0];
    expect(fold(first.formula)).toBe(fold(gold.services[0].indicators[0].formula));
    expect(fold(first.target_raw)).toBe(fold(gold.services[0].indicators[0].target_raw));
    const header = doc.review.filter((r) => r.kind === "header");
    expect(header.find((r) => r.label === "Criterio di misura")?.reason).toMatch(/read as formula \(title words "criterio", "misura"\)|read as formula \(title words "misura", "criterio"\)/);
  });

  it("is no header where a run of short cells is a table's row: a cell printed again on the rows below", () => {
    const rows = ["Pratiche edilizie", "Accessibilità", "Domande presentate online", "100%", "Pratiche edilizie", "Tempestività", "Rilascio del titolo", "30 giorni"];
    const { titles } = inferTitles(splitTextLines(cells(["SERVIZIO", "FATTORE DI QUALITÀ", "INDICATORE", "STANDARD GARANTITO", "RISULTATO", ...rows])));
    expect(titles.map((t) => t.label)).toContain("RISULTATO");
    expect(titles.map((t) => t.label)).not.toContain("Pratiche edilizie");
  });

  it("is no header where the values do not follow it", () => {
    const { titles } = inferTitles(splitTextLines(cells(["Descrizione dell'intervento", "Metodo di lavoro", "Livello atteso", "Il progetto prosegue nel prossimo anno.", "Si veda la relazione."])));
    expect(titles).toEqual([]);
  });
});

describe("a service block labelled in the office's own words", () => {
  it("fills every field and names each service from its heading", () => {
    const doc = parseScraped(text, FILE);
    expect(doc.services.map((s) => fold(s.name))).toEqual(gold.services.map((s) => fold(s.name)));
    doc.services.forEach((s, i) => {
      const g = gold.services[i];
      expect([s.description, s.delivery_mode, s.users, s.complaint_authority].map(fold)).toEqual([g.description, g.delivery_mode, g.users, g.complaint_authority].map(fold));
      expect(s.urls).toEqual(g.urls);
    });
  });

  it("takes a template label going on in lower-case words as the whole label, its value on the next line", () => {
    const lines = splitTextLines(["Modalità di fruizione", "Sportello", "Sito web di riferimento", "https://www.ente.example.it/servizio", ""].join("\n"));
    markFieldLabels(lines);
    expect(lines.map((l) => l.fieldLabel?.field ?? null)).toEqual(["delivery_mode", null, "urls", null]);
    expect(lines[2].fieldLabel?.rest).toBe("");
  });

  it("keeps a template label whose words go on over the next line whole, and table cells sharing a field's word unmarked", () => {
    const lines = splitTextLines(["Organo cui notificare la preventiva", "diffida del ricorrente", "Segnalazioni Tempestività", "Risposta alle segnalazioni", "15 giorni", "Segnalazioni con risposta", "entro 15 giorni", ""].join("\n"));
    markFieldLabels(lines);
    expect(lines.filter((l) => l.fieldLabel).map((l) => l.text)).toEqual([]);
  });
});

describe("a person's header alias", () => {
  afterEach(() => {
    useAliases([]);
  });

  it("makes scraped text's lines holding the title column titles", () => {
    expect(isHeaderLine("Tempo promesso")).toBe(false);
    useAliases([{ kind: "header", label: "Tempo promesso", code: "target" }]);
    expect(isHeaderLine("Tempo promesso")).toBe(true);
  });
});

describe("a results table in the ministry's columns, a cell per paragraph", () => {
  const D08 = join(import.meta.dirname, "..", "fixtures", "scraped", "own-words", "d08-civit-conseguito-2023");
  const g08 = JSON.parse(readFileSync(join(D08, "gold.json"), "utf8")) as {
    services: { name: string; indicators: { dimension_raw: string; subdimension_raw: string | null; description: string; formula: string; target_raw: string; actual_raw: string | null }[] }[];
  };

  it("reads each row from the columns' order: the group labels carried down, the target and the achieved value", () => {
    for (const producer of ["chromium", "weasyprint", "wkhtmltopdf"]) {
      const file = join(D08, `charter.${producer}.pdftotext.txt`);
      const doc = parseScraped(readFileSync(file, "utf8"), file);
      expect(doc.services.map((s) => fold(s.name)), producer).toEqual(g08.services.map((s) => fold(s.name)));
      const got = doc.services.flatMap((s) => s.indicators.map((i) => [i.dimension_raw, i.subdimension_raw, i.description, i.formula, i.target_raw, i.actual_raw].map(fold)));
      const want = g08.services.flatMap((s) => s.indicators.map((i) => [i.dimension_raw, i.subdimension_raw, i.description, i.formula, i.target_raw, i.actual_raw].map(fold)));
      // every row's labels, indicator and values; a cell or two printed away from its row may differ
      const same = got.filter((r, k) => JSON.stringify(r) === JSON.stringify(want[k])).length;
      expect(got.length, producer).toBe(want.length);
      expect(same, producer).toBeGreaterThanOrEqual(want.length - 1);
      // rows read from the cells' order alone go to a person
      expect(doc.services[0].indicators.every((i) => i.confidence < 0.7), producer).toBe(true);
    }
  });

  it("carries a group's labels down to the rows that print none, and gives a row's text after its values to its explanation", () => {
    const text = cells([
      "Dimensione", "Sottodimensione", "Descrizione indicatore", "Formula indicatore", "Valore programmato", "Valore realizzato", "Motivazione",
      "Accessibilità", "Fisica", "Apertura dello sportello", "Giorni di apertura / giorni lavorativi", "100%", "90%", "Lavori alla sede in agosto",
      "Richieste accolte allo sportello", "Richieste accolte / richieste", "95%", "96%",
      "Multicanale", "Richieste online", "Richieste online / richieste", "80%", "85%",
    ]);
    const doc = parseScraped(text, "t.txt");
    const rows = doc.services.flatMap((s) => s.indicators).map((i) => [i.dimension_raw, i.subdimension_raw, i.description, i.target_raw, i.actual_raw, i.explanation]);
    expect(rows).toEqual([
      ["Accessibilità", "Fisica", "Apertura dello sportello", "100%", "90%", "Lavori alla sede in agosto"],
      ["Accessibilità", "Fisica", "Richieste accolte allo sportello", "95%", "96%", null],
      ["Accessibilità", "Multicanale", "Richieste online", "80%", "85%", null],
    ]);
  });
});
