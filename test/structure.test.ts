/**
 * Charters read by their structure: column roles from the evidence of titles, cells and
 * place (normalize/column-roles.ts, template/table-roles.ts), group labels and services
 * from spanning rows and headings, on fixtures/templates/dev (other templates, other
 * column titles) scored as the scorer does.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreDatabase } from "../src/eval/score.js";
import { assignRoles, cellShape } from "../src/normalize/column-roles.js";
import { importPaths } from "../src/pipeline/import.js";
import { reviewQueue } from "../src/review/queue.js";
import { openDatabase } from "../src/db/open.js";

const col = (title: string | null, cells: (string | null)[], up: number[] = []) => ({ title, cells: cells.map((text, i) => (up.includes(i) ? { text: null, covered: "up" as const } : { text })) });

describe("column roles from evidence", () => {
  it("tells cells apart by their shape", () => {
    expect(cellShape("≥ 95%")).toBe("value");
    expect(cellShape("entro 30 giorni")).toBe("value");
    expect(cellShape("N.D.")).toBe("value");
    expect(cellShape("Pratiche evase nei termini / pratiche ricevute")).toBe("ratio");
    expect(cellShape("giorni lavorativi")).toBe("unit");
    expect(cellShape("https://www.example.org/servizio")).toBe("url");
  });

  it("gives columns whose titles say nothing their roles from their cells and place", () => {
    const roles = assignRoles([
      col("Colonna A", ["Primo gruppo", null, null, "Secondo gruppo", null], [1, 2, 4]),
      col("Colonna B", ["Rilascio del documento richiesto allo sportello", "Risposta scritta alle domande pervenute", "Pubblicazione degli orari aggiornati sul sito", "Conformità dei documenti rilasciati", "Aggiornamento della modulistica online"]),
      col("Colonna C", ["Documenti rilasciati nei termini / documenti richiesti", "Risposte inviate nei termini / domande ricevute", "Giorni tra la variazione e la pubblicazione", "Documenti senza errori / documenti rilasciati", "Moduli aggiornati / moduli pubblicati"]),
      col("Colonna D", ["95%", "entro 30 giorni", "3 giorni", "≥ 98%", "100%"]),
    ]).map((d) => d.role);
    expect(roles).toEqual(["dimension", "description", "formula", "target"]);
  });

  it("reads a title by its stems, the left of two value columns as the target", () => {
    const values = ["90%", "30 giorni", "100%"];
    const roles = assignRoles([
      col("Cosa viene garantito", ["Tempo di risposta ai quesiti scritti", "Rilascio delle copie conformi", "Accesso ai locali senza barriere"]),
      col("Livello assicurato", values),
      col("Esiti registrati", values),
      col("Osservazioni del responsabile", ["Dato semestrale", null, "Verifica annuale"]),
    ]).map((d) => d.role);
    expect(roles).toEqual(["description", "target", "actual", "notes"]);
  });

  it("keeps the template's own titles and gives the unknown columns the roles left", () => {
    const roles = assignRoles(
      [col("Descrizione indicatore", ["Tempo di rilascio del certificato", "Risposta ai reclami"]), col("Criterio di computo", ["Giorni tra la richiesta e il rilascio", "Risposte nei termini / reclami ricevuti"]), col("Soglia", ["5 giorni", "95%"])],
      ["description", null, null],
    ).map((d) => d.role);
    expect(roles).toEqual(["description", "formula", "target"]);
  });
});

/** A set of fixtures/templates imported once for its describe block (the given renders of each charter): its folder, and its database once imported. */
function importedSet(set: string, renders: string[]): { dir: string; db: () => string } {
  const dir = resolve(import.meta.dirname, "..", "fixtures", "templates", set);
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => renders.map((f) => join(dir, d.name, f)));
  let tmp: string;
  let db = "";
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), `structure-${set}-`));
    db = join(tmp, "t.sqlite");
    await importPaths(files, { db });
  }, 300_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  return { dir, db: () => db };
}

/** The set's indicator cell F1 in each format, and its service F1, at their floors (the shared scorer's figures). */
function expectScores(set: { dir: string; db: () => string }, formats: string[], f1Floor: number, servicesFloor: number): void {
  const report = scoreDatabase(set.db(), set.dir);
  for (const fmt of formats) expect(report.perFormat.get(fmt)!.prf()[2], fmt).toBeGreaterThanOrEqual(f1Floor);
  expect(report.services.prf()[2]).toBeGreaterThanOrEqual(servicesFloor);
}

describe("charters in other templates (fixtures/templates/dev)", () => {
  const set = importedSet("dev", ["charter.xlsx", "charter.html", "charter.docx"]);

  it("reads their indicators and services in every office format", () => expectScores(set, ["xlsx", "html", "docx"], 0.97, 0.95));

  it("gives a table with no group column no dimension, and a group label naming no CiVIT dimension no code", () => {
    const ro = new Database(set.db(), { readonly: true });
    const noGroup = ro.prepare("SELECT dimension, dimension_raw FROM v_indicators WHERE source_path LIKE '%d04-%' ").all() as { dimension: string; dimension_raw: string | null }[];
    expect(noGroup.length).toBeGreaterThan(0);
    expect(noGroup.every((r) => r.dimension_raw === null && r.dimension === "")).toBe(true);
    const labelled = ro.prepare("SELECT DISTINCT dimension, dimension_raw FROM v_indicators WHERE source_path LIKE '%d03-%' AND source_path LIKE '%.xlsx'").all() as { dimension: string; dimension_raw: string }[];
    expect(labelled.filter((r) => r.dimension !== "").map((r) => r.dimension).sort()).toEqual(["accessibilita", "continuita"]);
    expect(labelled.filter((r) => r.dimension === "").length).toBeGreaterThan(0);
    ro.close();
  });

  it("gives each service its rows where a plain paragraph names it over a table of its fields (a Word file's bold line)", () => {
    const charter = readdirSync(set.dir).find((d) => d.startsWith("d02-"))!;
    const gold = JSON.parse(readFileSync(join(set.dir, charter, "gold.json"), "utf8")) as { services: { name: string; indicators: unknown[] }[] };
    const ro = new Database(set.db(), { readonly: true });
    const read = ro
      .prepare("SELECT service_name AS name, count(*) AS n FROM v_indicators WHERE source_path LIKE ? GROUP BY service_id ORDER BY min(indicator_id)")
      .all(`%${charter}/charter.docx`) as { name: string; n: number }[];
    ro.close();
    expect(gold.services.length).toBeGreaterThan(1);
    expect(read).toEqual(gold.services.map((s) => ({ name: s.name, n: s.indicators.length })));
  });

  it("lists a column title the template does not print with the role it was read as and why", () => {
    const d = openDatabase(set.db());
    const headers = reviewQueue(d).groups.filter((g) => g.kind === "header");
    d.close();
    expect(headers.length).toBeGreaterThan(0);
    for (const h of headers) expect(h.reasons.join(" "), h.label).toMatch(/read as (dimension|subdimension|description|formula|target|actual|notes|activity|explanation|unit) \((title words|cells|position)|its column is not read/);
    expect(headers.some((h) => /read as \w+ \(.*cells/.test(h.reasons.join(" ")))).toBe(true);
  });
});

describe("charters in other templates, second set (fixtures/templates/dev2)", () => {
  const set = importedSet("dev2", ["charter.xlsx", "charter.html", "charter.docx", "charter.chromium.pdf"]);

  it("reads two-row headers with a unit column, section rows with years in the titles, a sheet per service with its fields table, and a legal term column, in every format and in the page printed by Chromium (unruled tables whose titles are not the template's)", () =>
    expectScores(set, ["xlsx", "html", "docx", "pdf"], 0.99, 0.97));

  it("keeps the regulator's value of a two-row header in the notes, and gives the bare numbers their unit from the U.M. column", () => {
    const ro = new Database(set.db(), { readonly: true });
    const rows = ro.prepare("SELECT target_raw, target_unit, notes FROM v_indicators WHERE source_path LIKE '%e01-%' AND source_path LIKE '%.xlsx' AND target_unit = 'working_days'").all() as { target_raw: string; notes: string | null }[];
    ro.close();
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => /^\d+$/.test(r.target_raw) && (r.notes === null || /^\d+$/.test(r.notes)))).toBe(true);
    expect(rows.some((r) => r.notes !== null && r.notes !== r.target_raw)).toBe(true);
  });
});

describe("charters whose PDFs read nothing or lost rows (fixtures/templates/dev3)", () => {
  const set = importedSet("dev3", ["charter.xlsx", "charter.html", "charter.docx", "charter.chromium.pdf"]);

  it("reads an unruled table with titles of its own under full-width section rows, eight narrow columns a service a page, and three columns with the fields under the table, in every format and in the Chromium PDF", () =>
    expectScores(set, ["xlsx", "html", "docx", "pdf"], 0.99, 0.97));

  it("gives each service the fields printed under its table, in the PDF as in the page", () => {
    const charter = readdirSync(set.dir).find((d) => d.startsWith("f03-"))!;
    const gold = JSON.parse(readFileSync(join(set.dir, charter, "gold.json"), "utf8")) as { services: { name: string; users: string }[] };
    const ro = new Database(set.db(), { readonly: true });
    for (const render of ["charter.html", "charter.chromium.pdf"]) {
      const read = ro.prepare("SELECT service_name AS name, users FROM v_services WHERE source_path LIKE ? ORDER BY service_id").all(`%${charter}/${render}`) as { name: string; users: string | null }[];
      expect(read, render).toEqual(gold.services.map((s) => ({ name: s.name, users: s.users })));
    }
    ro.close();
  });
});

describe("charters of the usual family with titles of their own, printed by the office producers (fixtures/templates/dev4)", () => {
  const set = importedSet("dev4", ["charter.xlsx", "charter.gnumeric.pdf", "charter.calc.pdf", "charter.writer.pdf"]);

  it("reads Gnumeric's, Calc's and Writer's PDFs as the workbook: a header at a page's foot, label | value rows one line each, a narrow column's broken words", () =>
    expectScores(set, ["xlsx", "pdf"], 0.99, 0.99));

  it("keeps the narrow sub-dimension column of Writer's PDF, its broken words joined", () => {
    const ro = new Database(set.db(), { readonly: true });
    const subs = ro.prepare("SELECT subdimension_raw AS s FROM v_indicators WHERE source_path LIKE '%g01-%/charter.writer.pdf'").all() as { s: string | null }[];
    ro.close();
    expect(subs.length).toBeGreaterThan(5);
    expect(subs.every((r) => r.s !== null && !/ (tà|li|za|to)$/.test(r.s))).toBe(true);
  });

  it("gives each service of Gnumeric's PDF its own fields and rows, the second table's header printed at the first page's foot", () => {
    const charter = readdirSync(set.dir).find((d) => d.startsWith("g01-"))!;
    const gold = JSON.parse(readFileSync(join(set.dir, charter, "gold.json"), "utf8")) as { services: { name: string; users: string; indicators: { target_raw: string }[] }[] };
    const ro = new Database(set.db(), { readonly: true });
    const services = ro.prepare("SELECT service_name AS name, users FROM v_services WHERE source_path LIKE ? ORDER BY service_id").all(`%${charter}/charter.gnumeric.pdf`);
    const targets = ro.prepare("SELECT service_name AS name, target_raw FROM v_indicators WHERE source_path LIKE ? ORDER BY indicator_id").all(`%${charter}/charter.gnumeric.pdf`);
    ro.close();
    expect(services).toEqual(gold.services.map((s) => ({ name: s.name, users: s.users })));
    expect(targets).toEqual(gold.services.flatMap((s) => s.indicators.map((i) => ({ name: s.name, target_raw: i.target_raw }))));
  });
});

