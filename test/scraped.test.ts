/** The scraped-text parser (issue 4): segmentation helpers, then every scraped input of the corpus against its gold. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CharterDocument } from "../src/model/schema.js";
import { looksLikeScraped, parseScraped, placeOrphans, scrapedParser } from "../src/parsers/scraped.js";
import { parseSource } from "../src/parsers/registry.js";
import { alignSlots } from "../src/scraped/align.js";
import {
  classifyLabel,
  endsIncomplete,
  formulaStrength,
  isHeaderLine,
  isTemplateFootnote,
  isValueText,
  matchDefinition,
  splitGluedFormula,
  splitGluedLabels,
  splitTrailingValue,
  toLines,
} from "../src/scraped/lines.js";
import { continuationColumn, segmentTable, type RowDraft } from "../src/scraped/segment.js";
import { CORPUS, fold, loadGold } from "./helpers/gold.js";

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
    id: 0, desc, extraPieces: [], formula, firstLine: 1, descBeforeFormula: before, descAfterFormula: 0, last: "formula", glued: false, closed: false,
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
    const seg = segmentTable(toLines(text));
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

  it("lays drifted labels over rows in the template's order", () => {
    const slot = (dim: string, code: string, raw: string) => ({ dim, sub: { code, raw, dim }, dimRaw: null, cont: false });
    const slots = [slot("trasparenza", "trasparenza.responsabili", "Responsabili"), slot("trasparenza", "trasparenza.procedure_contatto", "Procedure di contatto"), slot("efficacia", "efficacia.compiutezza", "Compiutezza")];
    const got = alignSlots(["Pubblicazione dei responsabili", "Pubblicazione delle modalità di contatto", "Aggiornamento delle pagine", "Esaustività della prestazione"], [null, null, null, "efficacia"], slots);
    expect(got.map((s) => s?.sub?.code)).toEqual(["trasparenza.responsabili", "trasparenza.procedure_contatto", "trasparenza.procedure_contatto", "efficacia.compiutezza"]);
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
    expect((await parseSource({ path: "a.txt", bytes: scraped })).parser.name).toBe("scraped");
    expect((await parseSource({ path: "b.txt", bytes: tsv })).parser.name).toBe("tsv");
  });
});

/** Every scraped input of the corpus: the two PDF-scraped exports and each pdftotext output. */
const inputs = readdirSync(CORPUS)
  .flatMap((id) => ["source.txt", "charter.pdftotext.txt"].map((f) => join(CORPUS, id, f)))
  .filter((p) => existsSync(p) && looksLikeScraped(readFileSync(p)));

describe("scraped corpus against gold", () => {
  const totals = { gold: 0, found: 0, pred: 0, cells: 0, cellsOk: 0 };

  it("has the scraped inputs the issue names", () => {
    expect(inputs.length).toBeGreaterThanOrEqual(7);
    expect(inputs.some((p) => p.endsWith("c01-registro-associazioni-2020/source.txt"))).toBe(true);
    expect(inputs.some((p) => p.endsWith("c04-comunicazioni-obbligatorie/source.txt"))).toBe(true);
  });

  for (const path of inputs) {
    const rel = path.slice(CORPUS.length + 1);
    it(`reads ${rel}`, () => {
      const doc = CharterDocument.parse(parseScraped(readFileSync(path, "utf8"), path));
      const gold = loadGold(path);
      expect(doc.kind).toBe(gold.kind);
      const g = gold.services[0].indicators;
      const p = doc.services[0].indicators;
      // a row is found where its description or formula reads the same once folded
      const used = new Set<number>();
      let found = 0;
      for (const gi of g) {
        const j = p.findIndex((pi, k) => !used.has(k) && ((gi.description && fold(pi.description) === fold(gi.description)) || (gi.formula && fold(pi.formula) === fold(gi.formula))));
        if (j < 0) continue;
        used.add(j);
        if (!gi.optional) found++;
        for (const f of ["dimension_raw", "subdimension", "target_raw", "actual_raw", "activity"] as const) {
          totals.cells++;
          if (fold(gi[f]) === fold(p[j][f])) totals.cellsOk++;
        }
        totals.cells++;
        if (gi.dimension.join(",") === p[j].dimension.join(",")) totals.cellsOk++;
      }
      const required = g.filter((x) => !x.optional).length;
      totals.gold += required;
      totals.found += found;
      totals.pred += p.length;
      expect(found / required, "row recall").toBeGreaterThanOrEqual(0.9);
      expect(used.size / p.length, "row precision").toBeGreaterThanOrEqual(0.8);
    });
  }

  it("reads the corpus as a whole with high precision", () => {
    expect(totals.gold).toBeGreaterThan(70);
    expect(totals.found / totals.gold, "row recall").toBeGreaterThanOrEqual(0.95);
    expect(totals.found / totals.pred, "row precision").toBeGreaterThanOrEqual(0.95);
    expect(totals.cellsOk / totals.cells, "labels and values of found rows").toBeGreaterThanOrEqual(0.95);
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
