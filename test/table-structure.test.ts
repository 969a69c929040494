/**
 * Two structures of other sectors' tables, read from their merges: a header printed on two
 * rows (group titles merged across over leaf titles), and rows spanning a table that has
 * its own group column (a line's or a section's name: the service of the rows below).
 * Real blocks through the one interpreter; the titles and labels are made up here.
 */
import { describe, expect, it } from "vitest";
import type { GridCell } from "../src/document/grid.js";
import type { Block } from "../src/document/blocks.js";
import { interpretBlocks } from "../src/interpret/interpret.js";
import { assembleDocument } from "../src/template/assemble.js";
import { twoRowHeader } from "../src/template/table-roles.js";
import { assignRoles } from "../src/normalize/column-roles.js";

const t = (text: string | null): GridCell => ({ text });
const up: GridCell = { text: null, covered: "up" };
const left: GridCell = { text: null, covered: "left" };
const row = (...cells: GridCell[]) => ({ cells });
const ctx = { base: { file: "test", parser: "test", parser_version: "0" } };
const table = (rows: GridCell[][]): Block => ({ type: "table", rows: rows.map((cells, i) => ({ cells, src: { row: i + 1 } })), src: {} });

describe("a header on two rows", () => {
  const top = row(t("Attività"), t("Misura"), t("Soglia impegnata"), left, t("Riferimento"));
  it("joins each leaf title to the group title merged over it, and keeps the titles merged down", () => {
    const joined = twoRowHeader(top, row(up, up, t("Quantità"), t("Espressa in"), up));
    expect(joined!.cells.map((c) => c.text)).toEqual(["Attività", "Misura", "Soglia impegnata Quantità", "Soglia impegnata Espressa in", "Riferimento"]);
  });
  it("is no header where nothing is merged across, where the second row holds values, or where the first row spans the table", () => {
    expect(twoRowHeader(row(t("A"), t("B"), t("C"), t("D")), row(up, up, t("Uno"), t("Due")))).toBeNull();
    expect(twoRowHeader(top, row(t("Rilascio del documento"), t("Giorni"), t("30"), t("giorni"), t("Norma")))).toBeNull();
    expect(twoRowHeader(top, row(up, up, t("95%"), t("30 giorni"), up))).toBeNull();
    expect(twoRowHeader(row(t("Sezione prima"), left, left, left), row(t("Rilascio"), t("Misura"), t("Esito"), t("Note")))).toBeNull();
    // rows of "Label | value" merged alike (a service block) are not a header's two rows
    expect(twoRowHeader(row(t("Nome del servizio"), left, t("Certificati"), left, left), row(t("Destinatari"), left, t("Cittadini residenti"), left, left))).toBeNull();
  });
});

describe("a target printed in alternative columns under one group title", () => {
  it("takes each row's target from the column it fills and that column's title as its note", () => {
    const rows: GridCell[][] = [
      [t("Prestazione"), t("Indicatore"), t("Livello promesso"), left],
      [up, up, t("Tipo uno"), t("Tipo due")],
      [t("Rilascio del preventivo richiesto"), t("Giorni tra richiesta e preventivo"), t("12 giorni lavorativi"), t(null)],
      [t("Risposta alle richieste scritte"), t("Risposte nei tempi / richieste"), t(null), t("90%")],
    ];
    const doc = assembleDocument(interpretBlocks([table(rows)], ctx), "test");
    expect(doc.kind).toBe("standards");
    expect(doc.services[0].indicators.map((i) => [i.target_raw, i.actual_raw, i.notes])).toEqual([["12 giorni lavorativi", null, "Tipo uno"], ["90%", null, "Tipo due"]]);
  });
  it("keeps two value columns a row fills together as target and achieved value", () => {
    const rows: GridCell[][] = [
      [t("Prestazione"), t("Indicatore"), t("Anno 2023"), left],
      [up, up, t("Previsto"), t("Raggiunto")],
      [t("Rilascio del preventivo richiesto"), t("Giorni tra richiesta e preventivo"), t("12 giorni"), t("10 giorni")],
      [t("Risposta alle richieste scritte"), t("Risposte nei tempi / richieste"), t("90%"), t("93%")],
    ];
    const doc = assembleDocument(interpretBlocks([table(rows)], ctx), "test");
    expect(doc.kind).toBe("results");
    expect(doc.services[0].indicators.map((i) => [i.target_raw, i.actual_raw, i.notes])).toEqual([["12 giorni", "10 giorni", null], ["90%", "93%", null]]);
  });
});

describe("a column of texts right of the values", () => {
  const cells = (...texts: string[]) => texts.map((text) => ({ text }));
  it("is the rows' remarks where its title says nothing and no notes column is printed", () => {
    const roles = assignRoles([
      { title: "Prestazione", cells: cells("Rilascio del preventivo richiesto", "Risposta alle richieste scritte", "Sopralluogo presso il cliente") },
      { title: "Quanto", cells: cells("15 giorni", "30 giorni", "10 giorni") },
      { title: "Da dove", cells: cells("Regola A/1", "Regola B/2", "Regola A/1") },
    ]).map((d) => d.role);
    expect(roles).toEqual(["description", "target", "notes"]);
  });
});

describe("rows spanning a table that has its own group column", () => {
  const rows: GridCell[][] = [
    [t("Ambito"), t("Impegno"), t("Come si misura"), t("Livello del periodo"), left],
    [up, up, up, t("Atteso"), t("Ottenuto")],
    [t("Percorso Nord - Piazza / Porto"), left, left, left, left],
    [t("Regolarità"), t("Passaggi svolti sul totale dei passaggi previsti"), t("%"), t("97"), t("96,5")],
    [up, t("Passaggi entro 4 minuti dall'orario"), t("%"), t("90"), t("92")],
    [t("Percorso Sud - Colle / Ospedale"), left, left, left, left],
    [t("Regolarità"), t("Passaggi svolti sul totale dei passaggi previsti"), t("%"), t("98"), t("99")],
  ];
  it("reads the two-row header's columns and names a service by each spanning row", () => {
    const doc = assembleDocument(interpretBlocks([{ type: "heading", level: 1, text: "Azienda Esempio", src: {} }, table(rows)], ctx), "test");
    expect(doc.kind).toBe("results");
    expect(doc.services.map((s) => [s.name, s.indicators.length])).toEqual([["Percorso Nord - Piazza / Porto", 2], ["Percorso Sud - Colle / Ospedale", 1]]);
    const [first, second] = doc.services[0].indicators;
    expect([first.dimension_raw, first.description, first.target_raw, first.actual_raw]).toEqual(["Regolarità", "Passaggi svolti sul totale dei passaggi previsti", "97", "96,5"]);
    expect(second.dimension_raw).toBe("Regolarità");
    expect(doc.services[1].indicators[0].actual_raw).toBe("99");
  });
  it("keeps a group label alone in its column, not merged across, as the rows' group (a page break's label), not a service", () => {
    const unmerged = rows.map((r) => (r[1] === left ? [r[0], t(null), t(null), t(null), t(null)] : r));
    const doc = assembleDocument(interpretBlocks([{ type: "heading", level: 1, text: "Azienda Esempio", src: {} }, table(unmerged)], ctx), "test");
    expect(doc.services.map((s) => s.name)).not.toContain("Percorso Nord - Piazza / Porto");
    expect(doc.services.map((s) => s.name)).not.toContain("Percorso Sud - Colle / Ospedale");
    expect(doc.services.flatMap((s) => s.indicators).length).toBe(3);
  });
  it("fails a file with no such table saying what was looked for", () => {
    expect(() => assembleDocument(interpretBlocks([table([[t("Nome"), t("Ruolo"), t("Sede")], [t("Mario"), t("Direttore"), t("Roma")]])], ctx), "test")).toThrow(/header row .* over rows holding a description and a value/);
  });
});

describe("two service fields side by side in one row", () => {
  it("gives each label its own value (a web page's cards printed in one row)", () => {
    const cards = table([
      [t("Denominazione del servizio"), t("Rilascio certificati"), t("Principali caratteristiche del servizio"), t("Certificati anagrafici allo sportello")],
      [t("Modalità di erogazione"), t("Sportello")],
    ]);
    const block = table([
      [t("Dimensioni"), t("Descrizione indicatore"), t("Formula indicatore"), t("Valore programmato")],
      [t("Accessibilità"), t("Accesso agli sportelli"), t("Ore di apertura settimanali"), t("30 ore")],
    ]);
    const doc = assembleDocument(interpretBlocks([{ type: "heading", level: 1, text: "Comune di Esempio", src: {} }, cards, block], ctx), "test");
    expect(doc.services[0].name).toBe("Rilascio certificati");
    expect(doc.services[0].description).toBe("Certificati anagrafici allo sportello");
  });
});
