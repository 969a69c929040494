/**
 * The structural rules of other sectors' charters added for issue 24's second round: a
 * legal term beside the office's own value, value columns told apart by the years in
 * their titles, a sub-dimension column that is the only group, a header's own rows in a
 * grid of several tables, fields tables and links by their shape, and a table under a heading of its own. Real blocks through the one interpreter; the titles are made up here.
 */
import { describe, expect, it } from "vitest";
import type { Block } from "../src/document/blocks.js";
import type { GridCell } from "../src/document/grid.js";
import { interpretBlocks } from "../src/interpret/interpret.js";
import { assignRoles } from "../src/normalize/column-roles.js";
import { freeTextRows } from "../src/pdf/freetext.js";
import { parseValue } from "../src/normalize/value.js";
import { findHeader } from "../src/pdf/columns.js";
import { runLineOf } from "../src/pdf/lines.js";
import { assembleDocument } from "../src/template/assemble.js";
import { labelByMeaning } from "../src/template/service.js";
import { inferHeader, ownRows, twoRowHeader } from "../src/template/table-roles.js";

const t = (text: string | null): GridCell => ({ text });
const up: GridCell = { text: null, covered: "up" };
const row = (...cells: GridCell[]) => ({ cells });
const col = (title: string | null, cells: (string | null)[], covered: number[] = []) => ({ title, cells: cells.map((text, i) => (covered.includes(i) ? { text: null, covered: "up" as const } : { text })) });
const ctx = { base: { file: "test", parser: "test", parser_version: "0" } };
const table = (rows: GridCell[][]): Block => ({ type: "table", rows: rows.map((cells, i) => ({ cells, src: { row: i + 1 } })), src: {} });
const read = (blocks: Block[]) => assembleDocument(interpretBlocks(blocks, ctx), "test");

const WHAT = ["Rilascio della copia conforme richiesta", "Risposta scritta alle domande dei cittadini", "Aggiornamento della pagina dei servizi"];
const HOW = ["Giorni tra la richiesta e il rilascio", "Risposte nei termini / domande ricevute", "Giorni tra la modifica e la pubblicazione"];

describe("value columns read together", () => {
  it("makes the value column titled by a regulator the notes, and the office's own the target, whichever is left", () => {
    for (const [a, b] of [["Valore fissato dall'autorità", "Valore dell'ente"], ["Valore dell'ente", "Valore fissato dall'autorità"]]) {
      const roles = assignRoles([col("Cosa", WHAT), col("Come", HOW), col(a, ["10", "20", "5"]), col(b, ["15", "30", "8"])]).map((d) => d.role);
      expect(roles.slice(2), a).toEqual(a.includes("autorit") ? ["notes", "target"] : ["target", "notes"]);
    }
  });

  it("reads the earlier year's column as achieved and the later year's as the target, whatever words the titles use", () => {
    const roles = assignRoles([col("Cosa", WHAT), col("Come", HOW), col("Colonna 2023", ["12 giorni", "88%", "N.D."]), col("Colonna 2024", ["10 giorni", "90%", "5 giorni"])]).map((d) => d.role);
    expect(roles).toEqual(["description", "formula", "actual", "target"]);
    // the same columns with no years: the left one is the target
    const plain = assignRoles([col("Cosa", WHAT), col("Come", HOW), col("Colonna A", ["12 giorni", "88%", "N.D."]), col("Colonna B", ["10 giorni", "90%", "5 giorni"])]).map((d) => d.role);
    expect(plain.slice(2)).toEqual(["target", "actual"]);
  });

  it("makes a sub-dimension column the group where the table has no dimension column", () => {
    const group = col("Sottogruppo", ["Tempi", null, "Cortesia"], [1]);
    const roles = assignRoles([group, col("Cosa", WHAT), col("Valore", ["15 giorni", "30 giorni", "5 giorni"])], ["subdimension", null, null]).map((d) => d.role);
    expect(roles).toEqual(["dimension", "description", "target"]);
    const both = assignRoles([col("Gruppo", ["Accesso", null, null], [1, 2]), group, col("Cosa", WHAT), col("Valore", ["15 giorni", "30 giorni", "5 giorni"])], ["dimension", "subdimension", null, null]).map((d) => d.role);
    expect(both.slice(0, 2)).toEqual(["dimension", "subdimension"]);
  });

  it("gives bare numbers beside an abbreviated unit of working days that unit", () => {
    expect(parseValue("12", "gg lav.")).toEqual({ value: 12, unit: "working_days" });
    expect(parseValue("12", "gg")).toEqual({ value: 12, unit: "days" });
  });
});

describe("a table whose description column is not titled so", () => {
  const SHORT = ["Copia conforme", "Risposta scritta", "Pagina dei servizi"];
  it("takes the texts left of a measure column as the description", () => {
    const roles = assignRoles([col("Tappa", ["Avvio", null, "Chiusura"], [1]), col("Passo", SHORT), col("Criterio", HOW), col("Tetto", ["10", "20", "5"])]).map((d) => d.role);
    expect(roles).toEqual(["dimension", "description", "formula", "target"]);
  });
  it("makes a measure column the description when it is the only column of texts", () => {
    const roles = assignRoles([col("Criterio", WHAT), col("Misura 2023", ["88%", "12 giorni", "N.D."]), col("Misura 2024", ["90%", "10 giorni", "5 giorni"])]).map((d) => d.role);
    expect(roles[0]).toBe("description");
    expect(roles.slice(1)).toEqual(["actual", "target"]);
  });
  it("does not read a sparse column of remarks right of the values as a group", () => {
    const roles = assignRoles([col("Ambito", ["Accesso", null, "Tempi"], [1]), col("Oggetto", WHAT), col("Tetto", ["10", "20", "5"]), col("Chiarimenti", ["Salvo festivi e chiusure", null, null])], ["subdimension", null, null, null]).map((d) => d.role);
    // the template's sub-dimension column is then the table's only group
    expect(roles).toEqual(["dimension", "description", "target", "notes"]);
  });
  it("keeps the formula where a description column stands beside it", () => {
    const roles = assignRoles([col("Oggetto", WHAT), col("Criterio", HOW), col("Tetto", ["10", "20", "5"])]).map((d) => d.role);
    expect(roles).toEqual(["description", "formula", "target"]);
  });
});

describe("a header's own rows in a grid of several tables", () => {
  it("ends at an empty row after its data", () => {
    const body = [row(t(WHAT[0]), t("5 giorni"), t("30 giorni")), row(t(WHAT[1]), t("10 giorni"), t("30 giorni"))];
    const next = [row(t("Servizio seguente"), { text: null, covered: "left" }, { text: null, covered: "left" }), row(t("Destinatari: imprese"), t(null), t(null))];
    expect(ownRows([...body, row(t(null), t(null), t(null)), ...next])).toHaveLength(2);
    // an empty row right under the header is no end
    expect(ownRows([row(t(null), t(null), t(null)), ...body])).toHaveLength(2);
  });

  it("reads each of several services printed in one sheet, block then table", () => {
    const services = ["Primo sportello", "Secondo sportello"];
    const rows: GridCell[][] = [[t("Ente di prova"), up, up], [t("Carta dei servizi 2024"), up, up]];
    for (const name of services) {
      rows.push([t(name), { text: null, covered: "left" }, { text: null, covered: "left" }], [t("Destinatari: cittadini"), t(null), t(null)], [t(null), t(null), t(null)]);
      rows.push([t("Procedura"), t("Tempo che assicuriamo"), t("Termine di legge")]);
      rows.push([t("Visura ordinaria allo sportello"), t("in giornata"), t("non previsto")], [t("Copia degli atti del fascicolo"), t("5 giorni"), t("30 giorni")], [t("Rilascio della tessera personale"), t("10 giorni"), t("30 giorni")]);
      rows.push([t(null), t(null), t(null)]);
    }
    const doc = read([table(rows)]);
    expect(doc.services.map((s) => [s.name, s.indicators.length])).toEqual(services.map((n) => [n, 3]));
    expect(doc.services[0].indicators[1]).toMatchObject({ description: "Copia degli atti del fascicolo", target_raw: "5 giorni", notes: "30 giorni" });
  });
});

describe("a service's fields printed across", () => {
  const L = { text: null, covered: "left" } as GridCell;
  const fields = [t("Che cosa offre"), t("A chi si rivolge"), t("Canali di accesso"), t("Orari")];
  const texts = [t("Rilascio di certificati anagrafici"), t("Residenti nel comune"), t("Sportello e portale online"), t("Dal lunedì al venerdì")];
  const indicators: GridCell[][] = [
    [t("Procedura"), t("Tempo che assicuriamo"), t("Termine di legge"), t(null)],
    [t("Visura ordinaria allo sportello"), t("in giornata"), t("non previsto"), t(null)],
    [t("Copia degli atti del fascicolo"), t("5 giorni"), t("30 giorni"), t(null)],
  ];
  it("reads a row of field labels over a row of their texts as the service's fields, in a grid under its name", () => {
    const doc = read([table([[t("Sportello anagrafe"), L, L, L], fields, texts, [t(null), t(null), t(null), t(null)], ...indicators])]);
    expect(doc.services).toHaveLength(1);
    expect(doc.services[0]).toMatchObject({ name: "Sportello anagrafe", description: "Rilascio di certificati anagrafici", users: "Residenti nel comune", delivery_mode: "Sportello e portale online" });
    expect(doc.services[0].indicators).toHaveLength(2);
  });
  it("reads them so right over the indicators' header, a row of another width (a PDF's rows in one block)", () => {
    const short = indicators.map((r) => r.slice(0, 3));
    const doc = read([table([[t("Sportello anagrafe")], fields, texts, ...short])]);
    expect(doc.services[0]).toMatchObject({ name: "Sportello anagrafe", users: "Residenti nel comune" });
    expect(doc.services[0].indicators).toHaveLength(2);
  });
  it("reads them so over a header as many cells filled but in other columns (a merged title: a PDF's one block)", () => {
    const n = t(null);
    const head = [t("Procedura"), t("Tempo"), t("Standard"), L, t("Verifica")];
    const sub = [up, up, t("Valore"), t("Unità"), up];
    const rows = [[t("Visura ordinaria allo sportello"), t("Giorni tra la domanda e la visura"), t("5"), t("giorni"), t("Registro")], [t("Copia degli atti del fascicolo"), t("Giorni tra la domanda e la copia"), t("10"), t("giorni"), t("Registro")]];
    const doc = read([table([[t("Sportello anagrafe")], [...fields, n], [...texts, n], head, sub, ...rows])]);
    expect(doc.services[0]).toMatchObject({ name: "Sportello anagrafe", description: "Rilascio di certificati anagrafici", users: "Residenti nel comune" });
    expect(doc.services).toHaveLength(1);
    expect(doc.services[0].indicators).toHaveLength(2);
  });
  it("does not read a row of cards, label | value | label, over the last label's text so", () => {
    const doc = read([table([[t("Sportello anagrafe"), L, L, L], [t("Denominazione del servizio"), t("Anagrafe"), t("Che cosa offre"), t(null)], [t("Certificati anagrafici allo sportello"), t(null), t(null), t(null)], [t(null), t(null), t(null), t(null)], ...indicators])]);
    expect(doc.services[0].name).toMatch(/^Anagrafe/);
  });
  it("does not read an indicator table of two rows so", () => {
    const doc = read([table([[t("Descrizione"), t("Destinatari"), t("Tempo")], [t("Rilascio della carta"), t("Residenti"), t("5 giorni")]])]);
    expect(doc.services[0].indicators).toHaveLength(1);
  });
});

describe("a template's label in an office's longer wording", () => {
  const p = (text: string): Block => ({ type: "paragraph", text, src: {} }) as Block;
  const rows: GridCell[][] = [[t("Procedura"), t("Tempo che assicuriamo"), t("Termine di legge")], [t("Visura ordinaria allo sportello"), t("in giornata"), t("non previsto")], [t("Copia degli atti del fascicolo"), t("5 giorni"), t("30 giorni")], [t("Rilascio della tessera personale"), t("10 giorni"), t("30 giorni")]];
  it("keeps the words going on in lower case as the label's, its value printed on the next line", () => {
    const doc = read([{ type: "heading", level: 2, text: "Sportello unico", src: {} } as Block, p("Organo cui notificare il ricorso scritto"), p("Segretario generale"), table(rows)]);
    expect(doc.services[0].complaint_authority).toBe("Segretario generale");
  });
  it("reads a link after a label as its value", () => {
    const doc = read([{ type: "heading", level: 2, text: "Sportello unico", src: {} } as Block, p("Indirizzo della pagina web www.sportello.example.it"), table(rows)]);
    expect(doc.services[0].urls).toEqual(["www.sportello.example.it"]);
  });
  it("reads the words after a label with a colon as its value", () => {
    const doc = read([{ type: "heading", level: 2, text: "Sportello unico", src: {} } as Block, p("Organo cui notificare: il segretario generale"), table(rows)]);
    expect(doc.services[0].complaint_authority).toBe("il segretario generale");
  });
});

describe("a workbook of one service a sheet", () => {
  const sheet = (name: string): Block[] => [
    { type: "break", kind: "sheet", name } as Block,
    table([
      [t("Ente di prova"), { text: null, covered: "left" }, { text: null, covered: "left" }],
      [t("Carta dei servizi ai cittadini"), { text: null, covered: "left" }, { text: null, covered: "left" }],
      [t("Settore affari generali"), { text: null, covered: "left" }, { text: null, covered: "left" }],
      [t(null), t(null), t(null)],
      [t("Procedura"), t("Tempo che assicuriamo"), t("Termine di legge")],
      [t("Visura ordinaria allo sportello"), t("in giornata"), t("non previsto")],
      [t("Copia degli atti del fascicolo"), t("5 giorni"), t("30 giorni")],
    ]),
  ];
  it("names each service by its sheet where every sheet prints the same title block", () => {
    const doc = read([...sheet("Sportello nord"), ...sheet("Sportello sud")]);
    expect(doc.services.map((s) => [s.name, s.indicators.length])).toEqual([["Sportello nord", 2], ["Sportello sud", 2]]);
    expect(doc.office).toBe("Settore affari generali");
  });
  it("keeps a heading's name where the sheets' names are the producer's defaults", () => {
    const doc = read([...sheet("Foglio1"), ...sheet("Foglio2")]);
    expect(doc.services.every((s) => s.name === "Settore affari generali")).toBe(true);
  });
});

describe("service blocks and tables under headings", () => {
  it("reads a label by its words across an elision, and a complaint named after another field's opening words", () => {
    expect(labelByMeaning("Che cos'è")?.field).toBe("description");
    expect(labelByMeaning("A chi rivolgersi per un reclamo")?.field).toBe("complaint_authority");
    expect(labelByMeaning("A chi è rivolto")?.field).toBe("users");
    expect(labelByMeaning("Scopo della prestazione")?.field).toBe("description");
    // a row of an indicator table that names a complaint opens with no field's words
    expect(labelByMeaning("Risposta motivata ai reclami scritti")).toBeNull();
  });

  const fields = (desc: string, url: string) => table([[t("Che cos'è"), t(desc)], [t("Quanto costa"), t("Nessun costo")], [t("Moduli"), t(url)]]);
  const indicators = () => table([[t("Gruppo"), t("Cosa garantiamo"), t("Valore di riferimento")], [t("Tempi"), t(WHAT[0]), t("15 giorni")], [up, t(WHAT[1]), t("30 giorni")], [t("Cortesia"), t(WHAT[2]), t("5 giorni")]]);
  const heading = (text: string): Block => ({ type: "paragraph", text, src: {} });

  it("takes a fields table's link by its shape, and does not read the next service's fields table as the last one's rows", () => {
    const doc = read([
      { type: "heading", level: 1, text: "Comune di prova", src: {} },
      heading("Primo servizio"), fields("Il primo servizio offerto ai cittadini.", "https://www.example.org/primo"), indicators(),
      heading("Secondo servizio"), fields("Il secondo servizio offerto ai cittadini.", "https://www.example.org/secondo"), indicators(),
    ]);
    expect(doc.services.map((s) => s.name)).toEqual(["Primo servizio", "Secondo servizio"]);
    expect(doc.services.map((s) => s.urls)).toEqual([["https://www.example.org/primo"], ["https://www.example.org/secondo"]]);
    expect(doc.services.map((s) => s.indicators.map((i) => i.description))).toEqual([WHAT, WHAT]);
    expect(doc.services[1].indicators[1].dimension_raw).toBe("Tempi");
  });

  it("starts a new service at the same header under a plain heading line in a source without pages", () => {
    const doc = read([heading("Ente di prova"), heading("Primo servizio"), indicators(), heading("Secondo servizio"), indicators()]);
    expect(doc.services.map((s) => [s.name, s.indicators.length])).toEqual([["Primo servizio", 3], ["Secondo servizio", 3]]);
  });
});

describe("an unruled PDF table whose titles are not the template's", () => {
  const size = 8;
  let y = 100;
  const line = (...cells: [number, string][]) => {
    y += 13;
    return runLineOf(cells.map(([x0, str]) => ({ str, x0, x1: x0 + str.length * 4, top: y - size, bottom: y + 2, baseline: y, size })));
  };
  const build = () => {
    y = 100;
    return [
      line([10, "Carta dei servizi"]),
      line([10, "Cosa"], [200, "Come si conta"], [380, "Rilevato 2023"], [460, "Impegno 2024"]),
      line([10, "Primo gruppo"]),
      ...WHAT.map((w, k) => line([10, w], [200, HOW[k]], [380, `${10 + k} giorni`], [460, `${8 + k} giorni`])),
    ];
  };

  it("is found by the text aligned under its titles, its columns' roles read as the other formats' are", () => {
    const found = findHeader(build());
    expect(found?.index).toBe(1);
    expect(found?.columns.starts).toEqual([10, 200, 380, 460]);
    expect(found?.columns.roles).toEqual(["description", "formula", "actual", "target"]);
  });

  it("is not found where the text below does not start under the titles", () => {
    const lines = build().map((l, k) => (k < 3 ? l : runLineOf(l.runs.map((r) => ({ ...r, x0: r.x0 + 37, x1: r.x1 + 37 })))));
    expect(findHeader(lines)).toBeNull();
  });
});

describe("a two-row header's value group", () => {
  const left: GridCell = { text: null, covered: "left" };
  const top = (group: string) => row(t("Cosa"), t("Come"), t(group), left);
  const body = WHAT.map((w, k) => row(t(w), t(HOW[k]), t(`${10 + k}`), t(`${20 + k}`)));
  const rolesOf = (leaves: [string, string]) => {
    const joined = twoRowHeader(top("Livello di servizio"), row(up, up, t(leaves[0]), t(leaves[1])))!;
    return inferHeader(joined, body)!.roles;
  };
  it("reads two leaves with no achieved-value title as the office's level and a reference beside it", () => {
    expect(rolesOf(["del gestore", "dell'ente di governo"])).toEqual(["description", "formula", "target", "notes"]);
  });
  it("keeps an achieved value where a leaf is titled so", () => {
    expect(rolesOf(["previsto", "raggiunto"])).toEqual(["description", "formula", "target", "actual"]);
  });
});

describe("'Label: value' rows spanning a sheet", () => {
  it("are a service block's lines under the service's name, whatever the labels' words", () => {
    const L: GridCell = { text: null, covered: "left" };
    const rows: GridCell[][] = [[t("Ente di prova"), L, L]];
    for (const name of ["Primo sportello", "Secondo sportello"]) {
      rows.push([t(name), L, L], [t("Di che si tratta: un servizio di prova."), L, L], [t("Chi risponde dei disservizi: il dirigente"), L, L], [t(null), t(null), t(null)]);
      rows.push([t("Procedura"), t("Tempo che assicuriamo"), t("Termine di legge")]);
      rows.push([t(WHAT[0]), t("5 giorni"), t("30 giorni")], [t(WHAT[1]), t("10 giorni"), t("30 giorni")], [t(null), t(null), t(null)]);
    }
    const doc = read([table(rows)]);
    expect(doc.services.map((s) => [s.name, s.complaint_authority, s.indicators.length])).toEqual([
      ["Primo sportello", "il dirigente", 2],
      ["Secondo sportello", "il dirigente", 2],
    ]);
  });
});

describe("PDF text ruled between its rows only", () => {
  const run = (str: string, x0: number, y: number) => ({ str, x0, x1: x0 + str.length * 4, top: y - 8, bottom: y + 2, baseline: y, size: 8 });
  const lines = [run("Destinatari", 10, 100), run("Cittadini residenti", 150, 100), run("Costi", 10, 113), run("Nessun costo", 150, 113)];
  it("ends a paragraph at a rule between two lines set as close as a paragraph's", () => {
    expect(freeTextRows(lines).map((r) => r.cells.map((c) => c.text))).toHaveLength(1);
    const rule = { dir: "h" as const, pos: 105, a: 5, b: 300 };
    expect(freeTextRows(lines, [rule]).map((r) => r.cells.map((c) => c.text))).toEqual([["Destinatari", "Cittadini residenti"], ["Costi", "Nessun costo"]]);
  });
});
