/** The scraped-text parser: line kinds, segmentation, service blocks, routing. Per-file accuracy: test/floors.test.ts. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { looksLikeScraped, scrapedParser } from "../src/parsers/scraped.js";
import { readCharter } from "../src/read/charter.js";
import { parseScraped } from "./helpers/read.js";
import { formulaStrength, isHeaderLine, isTemplateFootnote, isValueText, matchDefinition, splitGluedFormula, splitTrailingValue } from "../src/scraped/common/kinds.js";
import { classifyLabel, splitGluedLabels } from "../src/scraped/common/labels.js";
import { endsIncomplete, splitTextLines } from "../src/scraped/common/lines.js";
import { continuationColumn, segmentTable, type RowDraft } from "../src/scraped/standards/segment.js";
import { placeOrphans, serviceStarts } from "../src/scraped/common/services.js";
import { CORPUS, fold } from "./helpers/gold.js";

describe("scraped lines", () => {
  it("recognises values alone on a line", () => {
    for (const v of ["95%", "95 %", "3", "3 giorni", "3 giorni lavorativi", "tempo reale", "N.D.", "48 ore", "20 ore settimanali", "*", "≥ 90%"]) expect(isValueText(v), v).toBe(true);
    for (const v of ["Numero giorni", "Accesso on line", "2207 persone iscritte al registro"]) expect(isValueText(v), v).toBe(false);
  });

  it("splits a value off a formula's end only where the formula names its unit", () => {
    expect(splitTrailingValue("Numero giorni necessari per l'aggiornamento su web 3", "Numero giorni necessari per l'aggiornamento su web 3")).toEqual({ text: "Numero giorni necessari per l'aggiornamento su web", value: "3" });
    expect(splitTrailingValue("Numero totale di contenuti pubblicati/Numero totale 100%", "x/y")?.value).toBe("100%");
    expect(splitTrailingValue("servizio 15 giorni", "Numero massimo di giorni servizio")?.value).toBe("15 giorni");
    expect(splitTrailingValue("Numero pratiche evase/Numero pratiche 2020", "Numero pratiche evase/Numero pratiche 2020")).toBeNull();
  });

  it("tells formulas by their first words", () => {
    expect(formulaStrength("Numero giornate di accessibilità al web")).toBe(2);
    expect(formulaStrength("Per esempio: numero massimo di giorni")).toBe(2);
    expect(formulaStrength("Tempo massimo tra la presentazione")).toBe(1);
    expect(formulaStrength("Accesso allo sportello dell'ufficio")).toBe(0);
    expect(formulaStrength("numero totale delle richieste")).toBe(0); // a continuation, not a start
  });

  it("splits a description glued to a formula on one line", () => {
    expect(splitGluedFormula("Tempo massimo entro cui mettere on line il contenuto dal momento della Numero dei contenuti pubblicati")).toEqual([
      "Tempo massimo entro cui mettere on line il contenuto dal momento della",
      "Numero dei contenuti pubblicati",
    ]);
    expect(splitGluedFormula("Numero giornate di accessibilità al web /Numero giorni anno solare")).toBeNull();
  });

  it("knows when a line stops mid-phrase", () => {
    expect(endsIncomplete("dal momento della")).toBe(true);
    expect(endsIncomplete("(mail,")).toBe(true);
    expect(endsIncomplete("della prestazione erogata")).toBe(false);
  });

  it("finds an additional dimension's standard definition and what is glued after it", () => {
    const m = matchDefinition("Capacità di erogare il servizio ottimizzando il consumo di risorse calibrato rispetto al numero");
    expect(m?.code).toBe("efficienza");
    expect(m?.text).toBe("Capacità di erogare il servizio ottimizzando il consumo di risorse");
    expect(m?.rest).toBe("calibrato rispetto al numero");
    const start = matchDefinition("Erogazione del servizio in modo continuo, regolare e senza interruzioni, con l'approntamento di misure volte a");
    expect(start?.code).toBe("continuita");
    expect(start?.next).toBeGreaterThan(0);
    const end = matchDefinition("limitare al massimo il disagio dell'utenza derivante dai casi di interruzione del servizio.", { code: "continuita", from: start!.next });
    expect(end?.next).toBe(-1);
    expect(matchDefinition("Capacità del servizio erogato all'Utenza esterna di adeguarsi al variare delle specifiche richieste degli utenti.")?.code).toBe("flessibilita");
    expect(matchDefinition("Accesso on line dal portale")).toBeNull();
  });

  it("reads labels alone, glued to the next cell, or glued to each other", () => {
    expect(classifyLabel("Continuità (*)")).toMatchObject({ kind: "dim", codes: ["continuita"], raw: "Continuità (*)", rest: null });
    expect(classifyLabel("Efficacia Regolarità e pertinenza della prestazione erogata")).toMatchObject({ kind: "dim", codes: ["efficacia"], rest: "Regolarità e pertinenza della prestazione erogata" });
    expect(classifyLabel("Procedure di contatto")).toMatchObject({ kind: "sub", code: "trasparenza.procedure_contatto" });
    expect(classifyLabel("Tempestività erogazione contenuti")).toMatchObject({ kind: "sub", code: null, dim: "tempestivita" });
    expect(classifyLabel("Accesso allo sportello dell'ufficio")).toBeNull();
    expect(splitGluedLabels("MulticanaleAccessibilità")).toEqual(["Multicanale", "Accessibilità"]);
    expect(splitGluedLabels("Cliclavoro")).toBeNull();
  });

  it("drops the template's column titles and footnotes", () => {
    expect(isHeaderLine("Valore programmato (&) Note")).toBe(true);
    expect(isHeaderLine("Dimensioni Descrizione indicatore Formula indicatore Valore programmato")).toBe(true);
    expect(isHeaderLine("Accesso allo sportello")).toBe(false);
    expect(isTemplateFootnote("(*) Dimensioni aggiuntive: per questi indicatori potrà essere individuata")).toBe(true);
    expect(isTemplateFootnote("il valore programmato non può essere peggiorativo")).toBe(true);
    expect(isTemplateFootnote("Numero giorni necessari")).toBe(false);
  });
});

describe("scraped segmentation", () => {
  const draft = (desc: string[], formula: string[], before: number): RowDraft => ({
    id: 0, desc, extraPieces: [], formula, firstLine: 1, page: 1, descBeforeFormula: before, descAfterFormula: 0, last: "formula", glued: false, closed: false, late: false,
  });

  it("gives a continuation line to the cell left mid-phrase, else to the taller centred cell", () => {
    expect(continuationColumn(draft(["Pubblicazione del tempo necessario per l'accoglimento della"], ["Numero giorni necessari per l'aggiornamento su web"], 1), "richiesta")).toBe("desc");
    expect(continuationColumn(draft(["Regolarità della prestazione erogata"], ["Numero dei reclami non ammissibili e/o non accolti/Numero pratiche"], 1), "evase")).toBe("formula");
    expect(continuationColumn(draft(["Accesso on-line tramite il portale del Ministero e il portale"], ["Numero giornate di accessibilità al web/Numero giorni"], 1), "Cliclavoro del Ministero")).toBe("desc");
  });

  it("reads rows whose labels and values drifted after them", () => {
    const text = [
      "Accesso allo sportello dell'ufficio",
      "Numero giornate con apertura sportello/Numero totale giornate",
      "",
      "Pubblicazione sul sito delle informazioni riguardanti il responsabile del",
      "Numero giorni necessari per l'aggiornamento",
      "servizio",
      "",
      "3",
      "",
      "Fisica",
      "Responsabili",
      "",
      "Accessibilità",
      "Trasparenza",
      "95%",
    ].join("\n");
    const seg = segmentTable(splitTextLines(text));
    expect(seg.rows.map((r) => r.desc.join(" "))).toEqual(["Accesso allo sportello dell'ufficio", "Pubblicazione sul sito delle informazioni riguardanti il responsabile del servizio"]);
    expect(seg.rows[1].formula.join(" ")).toBe("Numero giorni necessari per l'aggiornamento");
    const doc = parseScraped("Dimensioni Descrizione indicatore Formula indicatore Valore programmato\n\n" + text, "t.txt");
    const rows = doc.services[0].indicators;
    expect(rows.map((r) => r.dimension[0])).toEqual(["accessibilita", "trasparenza"]);
    expect(rows.map((r) => r.subdimension)).toEqual(["accessibilita.fisica", "trasparenza.responsabili"]);
    // 3 is the second row's own value; 95% drifted to the row that had none
    expect(rows.map((r) => r.target_raw)).toEqual(["95%", "3"]);
    expect(rows[1].target_unit).toBe("days");
    expect(rows[0].confidence).toBeLessThan(1);
  });

  it("flags rows it is unsure of instead of dropping the doubt", () => {
    const doc = parseScraped(readFileSync(join(CORPUS, "c04-comunicazioni-obbligatorie", "source.txt"), "utf8"), "c04/source.txt");
    expect(doc.review.some((r) => r.kind === "row")).toBe(true);
    for (const i of doc.services[0].indicators) if (i.confidence < 0.7) expect(doc.review.some((r) => r.provenance.line === i.provenance.line)).toBe(true);
  });
});

describe("scraped service block", () => {
  it("places values printed away from their labels, and leaves a field empty where nothing fits", () => {
    const fields: Record<string, string | null> = { name: null, description: null, delivery_mode: null, users: null };
    const long = "Il servizio consente la gestione delle richieste presentate dagli interessati e la verifica dei requisiti previsti dalla normativa vigente, con la conclusione del procedimento entro i termini stabiliti.";
    placeOrphans(["Sportello unico per le pratiche", long, "Imprese, cittadini e professionisti del settore", "Tramite portale on-line e sportello"], fields);
    expect(fields.description).toBe(long);
    expect(fields.name).toBe("Sportello unico per le pratiche");
    expect(fields.users).toBe("Imprese, cittadini e professionisti del settore");
    expect(fields.delivery_mode).toBe("Tramite portale on-line e sportello");
    const none: Record<string, string | null> = { users: null };
    placeOrphans(["Qualcosa di diverso da tutto il resto"], none);
    expect(none.users).toBeNull();
  });
});

describe("scraped routing", () => {
  it("claims scraped text and leaves tab-separated exports to tsv", async () => {
    const scraped = readFileSync(join(CORPUS, "c01-registro-associazioni-2020", "source.txt"));
    const tsv = readFileSync(join(CORPUS, "c03-cliclavoro-2020", "source.txt"));
    expect(looksLikeScraped(scraped)).toBe(true);
    expect(looksLikeScraped(tsv)).toBe(false);
    expect(scrapedParser.accepts({ path: "x.txt", bytes: Buffer.from("just some notes\nabout nothing\n") })).toBe(false);
    expect((await readCharter({ path: "a.txt", bytes: scraped })).parser.name).toBe("scraped");
    expect((await readCharter({ path: "b.txt", bytes: tsv })).parser.name).toBe("tsv");
  });
});

/** Every scraped input of the corpus: the two PDF-scraped exports and each pdftotext output (their figures: test/floors.json). */
const inputs = readdirSync(CORPUS)
  .flatMap((id) => ["source.txt", "charter.pdftotext.txt"].map((f) => join(CORPUS, id, f)))
  .filter((p) => existsSync(p) && looksLikeScraped(readFileSync(p)));

describe("scraped corpus", () => {
  it("has the scraped inputs the issue names", () => {
    expect(inputs.length).toBeGreaterThanOrEqual(7);
    expect(inputs.some((p) => p.endsWith("c01-registro-associazioni-2020/source.txt"))).toBe(true);
    expect(inputs.some((p) => p.endsWith("c04-comunicazioni-obbligatorie/source.txt"))).toBe(true);
  });

  it("reads the results report's actions, signatory and achieved values", () => {
    const path = join(CORPUS, "c05-genova-urp-2020", "charter.pdftotext.txt");
    const doc = parseScraped(readFileSync(path, "utf8"), path);
    const gold = JSON.parse(readFileSync(join(CORPUS, "c05-genova-urp-2020", "gold.json"), "utf8")) as { signatory: string; actions: { action: string; outcome: string }[] };
    expect(fold(doc.signatory)).toBe(fold(gold.signatory));
    expect(doc.actions.map((a) => fold(a.action))).toEqual(gold.actions.map((a) => fold(a.action)));
    expect(doc.actions.map((a) => fold(a.outcome))).toEqual(gold.actions.map((a) => fold(a.outcome)));
  });
});

describe("scraped services", () => {
  it("splits a file into its services where a service block or a title block begins", () => {
    const block = (name: string, row: string) =>
      ["COMUNE DI ESEMPIO", "STANDARD QUALITA' DEI SERVIZI EROGATI", "Denominazione del servizio:", "", name, "", "Dimensione", "", "Sottodimensione", "", "Indicatore", "", "Modalità di calcolo", "", "Standard", "", "TEMPESTIVITA'", "", row, "", "Numero giorni per la risposta", "", "5 giorni", ""].join("\n");
    const doc = parseScraped([block("Primo servizio", "Risposta alle richieste"), block("Secondo servizio", "Rilascio del documento")].join("\n"), "t.txt");
    expect(doc.services.map((s) => s.name)).toEqual(["Primo servizio", "Secondo servizio"]);
    expect(doc.services.map((s) => s.indicators.map((i) => i.description))).toEqual([["Risposta alle richieste"], ["Rilascio del documento"]]);
    expect(doc.services[1].indicators[0]).toMatchObject({ dimension: ["tempestivita"], dimension_raw: "TEMPESTIVITA'", target_raw: "5 giorni", target_unit: "days" });
    // a title block repeated on a service's second page starts nothing
    const lines = splitTextLines(["Carta dei Servizi BIBLIOTECHE - Anno 2023", "SERVIZIO EROGATO", "", "x", "Carta dei Servizi BIBLIOTECHE - Anno 2023", "", "y"].join("\n"));
    expect(serviceStarts(lines)).toEqual([0]);
  });
});
