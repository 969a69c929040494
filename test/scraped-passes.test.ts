/** The scraped path's passes one by one: lines, values, label alignment by the template's order, the table, notes. */
import { describe, expect, it } from "vitest";
import { isValueText } from "../src/scraped/common/kinds.js";
import { ownLabelCue } from "../src/scraped/common/labels.js";
import { joinCellLines, splitTextLines } from "../src/scraped/common/lines.js";
import { readNotes } from "../src/scraped/standards/notes.js";
import { type OrderLabel, type OrderRow, alignLabels, templateOrder } from "../src/scraped/standards/order.js";
import { fillLate, lateDrafts } from "../src/scraped/standards/late.js";
import { type RowDraft, segmentTable } from "../src/scraped/standards/segment.js";
import { type TableRow, nearUnplaced, readTable } from "../src/scraped/standards/table.js";
import { bindValues } from "../src/scraped/standards/values.js";

const text = (...ls: string[]) => splitTextLines(ls.join("\n"));

describe("lines", () => {
  it("numbers lines by the source's line breaks and counts pages at form feeds", () => {
    const ls = splitTextLines("uno\n\ndue\n\ftre\nquattro");
    expect(ls.map((l) => [l.text, l.no, l.page, l.blankBefore])).toEqual([
      ["uno", 1, 1, true],
      ["due", 3, 1, true],
      ["tre", 4, 2, true],
      ["quattro", 5, 2, false],
    ]);
  });

  it("keeps a hyphen that ends a cell's line and joins the word after it", () => {
    expect(joinCellLines(["diete sanitarie ed etico-", "religiose"])).toBe("diete sanitarie ed etico-religiose");
    expect(joinCellLines(["Numero pratiche", "evase"])).toBe("Numero pratiche evase");
  });

  it("reads a count of things as a value", () => {
    expect(isValueText("2 colloqui")).toBe(true);
    expect(isValueText("212 diete speciali gestite")).toBe(false);
  });
});

describe("values", () => {
  it("gives a row its own value, a drifted value to the nearest row before it without one, and keeps what is left", () => {
    const seg = segmentTable(text("Accesso allo sportello", "Numero ore di apertura", "", "Pubblicazione dei tempi", "Numero giorni per l'aggiornamento 3", "", "95%", "", "40%"));
    const rows = seg.rows;
    const v = bindValues(seg, rows);
    expect(rows.map((r) => v.target.get(r))).toEqual(["95%", "3"]);
    expect(v.drifted.has(rows[0])).toBe(true);
    expect(v.drifted.has(rows[1])).toBe(false);
    expect(v.stray.map((s) => s.raw)).toEqual(["40%"]);
  });
});

const row = (pos: number, t: string, page = 1, fixed: string | null = null): OrderRow => ({ pos, page, text: t, fixed });
const dim = (pos: number, code: string, page = 1): OrderLabel => ({ pos, page, raw: code, line: pos, dims: [code], code: null });
const sub = (pos: number, code: string | null, dimension: string | null, raw = code ?? "", page = 1): OrderLabel => ({ pos, page, raw, line: pos, dims: dimension ? [dimension] : [], code });

describe("label alignment by the template's order", () => {
  it("sorts each column's labels in the template's order, whatever order they were printed in", () => {
    const labels = [dim(9, "efficacia"), dim(1, "trasparenza"), dim(5, "accessibilita"), dim(3, "continuita")];
    expect(templateOrder(labels).map((i) => labels[i].dims[0])).toEqual(["accessibilita", "trasparenza", "efficacia", "continuita"]);
    const subs = [sub(4, "efficacia.compiutezza", "efficacia"), sub(2, "efficacia.conformita_affidabilita", "efficacia"), sub(6, null, "efficacia", "Regolarità")];
    // an office's own label goes after the template's label printed last before it
    expect(templateOrder(subs).map((i) => subs[i].raw)).toEqual(["efficacia.conformita_affidabilita", "efficacia.compiutezza", "Regolarità"]);
  });

  it("lays labels gathered after their rows over them, by order and by the rows' words", () => {
    // rows 0-3, then the labels of all of them: Accessibilità (Fisica, Multicanale), Trasparenza (Responsabili)
    const rows = [row(0, "Apertura dello sportello al pubblico"), row(1, "Prenotazione tramite portale on line"), row(2, "Richieste tramite applicazione web"), row(3, "Pubblicazione del nome del responsabile")];
    const dims = [dim(4, "accessibilita"), dim(6, "trasparenza")];
    const subs = [sub(5, "accessibilita.fisica", "accessibilita"), sub(7, "accessibilita.multicanale", "accessibilita"), sub(8, "trasparenza.responsabili", "trasparenza")];
    const r = alignLabels(rows, dims, subs);
    expect(r.rows.map((p) => [dims[p.dim]?.dims[0], subs[p.sub]?.code])).toEqual([
      ["accessibilita", "accessibilita.fisica"],
      ["accessibilita", "accessibilita.multicanale"],
      ["accessibilita", "accessibilita.multicanale"],
      ["trasparenza", "trasparenza.responsabili"],
    ]);
    expect(r.rows.every((p) => !p.subInline)).toBe(true);
    expect(r.unusedDims).toEqual([]);
    expect(r.unusedSubs).toEqual([]);
  });

  it("takes a label printed right before a row as that row's own", () => {
    const rows = [row(2, "Accesso"), row(4, "Orari di apertura dello sportello"), row(6, "Altro")];
    const dims = [dim(0, "accessibilita")];
    const subs = [sub(1, "accessibilita.fisica", "accessibilita"), sub(5, "accessibilita.multicanale", "accessibilita")];
    const r = alignLabels(rows, dims, subs);
    expect(r.rows.map((p) => subs[p.sub]?.code)).toEqual(["accessibilita.fisica", "accessibilita.fisica", "accessibilita.multicanale"]);
    expect(r.rows.map((p) => p.subInline)).toEqual([true, false, true]);
    expect(r.rows[0].dimInline).toBe(true);
  });

  it("keeps the printed order of a dimension's sub-dimension labels printed each right before its row", () => {
    // the office printed Compiutezza before Affidabilità, each right before its row
    const rows = [row(2, "Autorizzazioni rilasciate"), row(4, "Istanze definite"), row(6, "Ricorsi accolti")];
    const dims = [dim(0, "efficacia")];
    const subs = [sub(1, "efficacia.conformita", "efficacia"), sub(3, "efficacia.compiutezza", "efficacia"), sub(5, "efficacia.affidabilita", "efficacia")];
    expect(alignLabels(rows, dims, subs).rows.map((p) => subs[p.sub]?.code)).toEqual(["efficacia.conformita", "efficacia.compiutezza", "efficacia.affidabilita"]);
    // gathered after their rows, they take the template's order
    const away = [sub(7, "efficacia.conformita", "efficacia"), sub(8, "efficacia.compiutezza", "efficacia"), sub(9, "efficacia.affidabilita", "efficacia")];
    expect(alignLabels(rows, dims, away).rows.map((p) => away[p.sub]?.code)).toEqual(["efficacia.conformita", "efficacia.affidabilita", "efficacia.compiutezza"]);
  });

  it("points a row to an office's own label that repeats its words, by stem", () => {
    expect(ownLabelCue("Attesa allo sportello CUP Tempo medio di attesa dal ritiro del biglietto", "Tempi di attesa")).toBe(2);
    expect(ownLabelCue("Prenotazione telefonica tramite numero verde", "Tempi di attesa")).toBe(0);
    // one word of three repeated is chance
    expect(ownLabelCue("Ricezione della comunicazione", "Tempestività di acquisizione della comunicazione")).toBe(0);
    // gathered after their rows, an own label takes the rows that repeat its words
    const rows = [row(0, "Prenotazione telefonica tramite numero verde"), row(1, "Attesa allo sportello Tempo medio di attesa"), row(2, "Prime visite erogate nei tempi")];
    const subs = [sub(3, "accessibilita.multicanale", "accessibilita"), sub(4, null, null, "Tempi di attesa")];
    expect(alignLabels(rows, [dim(5, "accessibilita")], subs).rows.map((p) => subs[p.sub]?.raw)).toEqual(["accessibilita.multicanale", "Tempi di attesa", "Tempi di attesa"]);
  });

  it("keeps a label on its own page: a merged cell split by a page break is printed on both", () => {
    const rows = [row(0, "a", 1), row(1, "b", 1), row(4, "c", 2), row(5, "d", 2)];
    const dims = [dim(2, "accessibilita", 1), dim(3, "accessibilita", 2), dim(6, "tempestivita", 2)];
    const r = alignLabels(rows, dims, []);
    expect(r.rows.map((p) => p.dim)).toEqual([0, 0, 1, 2]);
  });

  it("leaves unplaced a label no row can take, and says so", () => {
    const rows = [row(0, "Accesso allo sportello", 1, null)];
    const dims = [dim(1, "accessibilita"), dim(2, "continuita")];
    const r = alignLabels(rows, dims, []);
    expect(r.rows[0].dim).toBe(0);
    expect(r.unusedDims).toEqual([1]);
  });

  it("gives an additional dimension's row its definition's dimension and no sub-dimension", () => {
    const rows = [row(0, "Numero giorni di disagio", 1, "continuita")];
    const r = alignLabels(rows, [dim(1, "continuita")], [sub(2, "accessibilita.fisica", "accessibilita")]);
    expect(r.rows[0]).toMatchObject({ dim: 0, sub: -1 });
  });
});

describe("the table", () => {
  it("reads a dimension printed twice on its page as the sub-dimension column's copy", () => {
    const t = readTable(text("Fisica", "Accesso allo sportello", "Numero ore di apertura settimanale", "20 ore settimanali", "", "Rilascio del certificato", "Numero giorni per il rilascio", "5", "", "Accessibilità", "Tempestività", "Tempestività"));
    expect(t.rows.map((r) => [r.dimension[0], r.subdimensionRaw])).toEqual([
      ["accessibilita", "Fisica"],
      ["tempestivita", "Tempestività"],
    ]);
    expect(t.strayLabels).toEqual([]);
  });

  it("gives rows whose labels were printed beside them a higher confidence than rows placed by order", () => {
    const t = readTable(text("Accessibilità", "Fisica", "Accesso allo sportello", "Numero ore di apertura settimanale", "20 ore settimanali", "", "Richieste via portale", "Numero richieste on line/Numero richieste", "90%", "", "Multicanale"));
    expect(t.rows[0].confidence).toBe(1);
    expect(t.rows[1].confidence).toBeLessThan(t.rows[0].confidence);
    expect(t.rows[1].subdimensionRaw).toBe("Multicanale");
  });

  it("puts an additional dimension's definition on the row it defines", () => {
    const t = readTable(text("Continuità (*)", "Erogazione del servizio in modo continuo, regolare e senza interruzioni, con l'approntamento di misure volte a", "limitare al massimo il disagio dell'utenza derivante dai casi di interruzione del servizio.", "Numero massimo di giorni di disagio", "10 giorni"));
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]).toMatchObject({ dimension: ["continuita"], subdimensionRaw: null, formula: "Numero massimo di giorni di disagio", target: "10 giorni" });
    expect(t.rows[0].description).toMatch(/^Erogazione del servizio in modo continuo/);
  });

  it("reports labels it could not place", () => {
    const t = readTable(text("Accesso allo sportello", "Numero ore di apertura settimanale", "20 ore settimanali", "", "Accessibilità", "Empatia"));
    expect(t.strayLabels.map((l) => l.raw)).toEqual(["Empatia"]);
  });
});

describe("notes", () => {
  const lines = (withColumn: boolean) =>
    text(withColumn ? "Valore programmato (&) Note" : "Valore programmato (&)", "Accesso allo sportello", "Numero ore di apertura settimanale", "20 ore settimanali", "", "Escluso agosto", "", "Multicanale", "Richiesta del certificato on line", "Numero richieste on line/Numero richieste", "90%");
  it("reads a lone paragraph after a row's value as its note where the table has a Note column", () => {
    const ls = lines(true);
    const t = readTable(ls);
    const n = readNotes(t, ls);
    expect(t.rows.filter((r) => r.formula).map((r) => n.of.get(r.row) ?? null)).toEqual(["Escluso agosto", null]);
  });
  it("reads no notes without the column", () => {
    const ls = lines(false);
    expect(readNotes(readTable(ls), ls).of.size).toBe(0);
  });
});

describe("late cells (content-stream order)", () => {
  const draft = (desc: string[], formula: string[] = [], late = true): RowDraft => ({
    id: 0, desc, extraPieces: [], formula, firstLine: 1, page: 1, descBeforeFormula: 0, descAfterFormula: 0, last: null, glued: false, closed: true, late,
  });

  it("takes the drafts after the footnotes as cells only where rows before them lack theirs", () => {
    const early = [draft(["Accesso allo sportello"], ["Numero ore di apertura"], false), draft([], ["Numero giorni anno solare"], false)];
    const late = draft(["Presentazione delle richieste tramite il portale del servizio on line"]);
    const hasValue = (r: RowDraft) => !r.late;
    expect(lateDrafts([...early, late], hasValue, 0, 0)).toEqual([late]);
    // every row has its cells: what follows the footnotes is not theirs
    expect(lateDrafts([early[0], late], hasValue, 0, 0)).toEqual([]);
    // a lone short note drifted below the table is no evidence
    expect(lateDrafts([...early, draft(["Escluso agosto"])], hasValue, 0, 0)).toEqual([]);
  });

  it("fills the rows' empty cells in order: descriptions, formulas, short notes, the service's long text left over", () => {
    const rows = [
      { description: "Accesso allo sportello", formula: "Numero ore", target: "20 ore", additional: false },
      { description: null, formula: "Numero giorni anno solare", target: "98%", additional: false },
      { description: null, formula: null, target: "3 giorni", additional: false },
    ];
    const service = "Il servizio consente la presentazione delle istanze e la verifica dei requisiti previsti dalla normativa vigente, con la conclusione del procedimento entro i termini stabiliti.";
    const late = draft([service, "Presentazione delle richieste tramite", "il portale del servizio", "Escluso agosto", "Pubblicazione dei recapiti degli uffici"], ["Numero giorni per l'aggiornamento"]);
    const { cells, left } = fillLate(rows, [late], true);
    expect(cells.get(1)).toEqual({ description: "Presentazione delle richieste tramite il portale del servizio", formula: null, notes: "Escluso agosto" });
    expect(cells.get(2)).toEqual({ description: "Pubblicazione dei recapiti degli uffici", formula: "Numero giorni per l'aggiornamento", notes: null });
    expect(left).toEqual([service]);
  });
});

describe("office sub-dimension labels", () => {
  it("reads a short cell with no formula or value between a dimension's label and the next label as that dimension's own sub-dimension, not a row", () => {
    const t = readTable(
      text("Attesa allo sportello", "", "Tempo medio di attesa dal ritiro del biglietto", "", "20 minuti", "", "Pubblicazione dei tempi di attesa", "", "Numero mesi con dati pubblicati/Numero mesi", "", "100%", "", "Tempestività", "", "Tempi di attesa", "", "Trasparenza", "", "Tempistiche di risposta"),
    );
    expect(t.rows.map((r) => [r.dimension[0], r.subdimensionRaw, r.description])).toEqual([
      ["tempestivita", "Tempi di attesa", "Attesa allo sportello"],
      ["trasparenza", "Tempistiche di risposta", "Pubblicazione dei tempi di attesa"],
    ]);
  });
});

describe("three cells before a row's value", () => {
  it("are the office's own label, a description opening with a weak formula word, and the formula proper, not two rows", () => {
    const t = readTable(
      text(
        "Prenotazione telefonica", "", "Giorni di apertura del numero verde per la prenotazione", "", "Giorni di apertura/giorni lavorativi", "", "100%", "",
        "Invio degli esiti", "", "Tempo di invio della lettera con l'esito", "", "Numero giorni dalla lettura del referto", "", "21 giorni", "",
        "Accessibilità", "", "Tempestività",
      ),
    );
    expect(t.rows.map((r) => [r.subdimensionRaw, r.description, r.formula])).toEqual([
      ["Prenotazione telefonica", "Giorni di apertura del numero verde per la prenotazione", "Giorni di apertura/giorni lavorativi"],
      ["Invio degli esiti", "Tempo di invio della lettera con l'esito", "Numero giorni dalla lettura del referto"],
    ]);
  });

  it("part a description with no formula printed before the label from the label's row", () => {
    const s = segmentTable(
      text(
        "Multicanale", "", "Prenotazione e disdetta dell'esame tramite il fascicolo sanitario", "",
        "Invio degli esiti", "", "Tempo di invio della lettera con l'esito", "", "Numero giorni dalla lettura del referto", "", "21 giorni", "",
        "Accessibilità", "", "Tempestività",
      ),
    );
    expect(s.rows.map((r) => [r.ownSub ?? null, r.desc.join(" "), r.formula.join(" ")])).toEqual([
      [null, "Prenotazione e disdetta dell'esame tramite il fascicolo sanitario", ""],
      ["Invio degli esiti", "Tempo di invio della lettera con l'esito", "Numero giorni dalla lettura del referto"],
    ]);
  });

  it("leave a description and its weak formula alone where no formula proper follows", () => {
    const t = readTable(text("Rilascio del certificato", "", "Tempo medio di rilascio", "", "5 giorni", "", "Tempestività"));
    expect(t.rows.map((r) => [r.subdimensionRaw, r.description, r.formula])).toEqual([[null, "Rilascio del certificato", "Tempo medio di rilascio"]]);
  });
});

describe("two text cells before a row's value and no formula", () => {
  const rowOf = (desc: string, formula: string, value: string) => [desc, "", formula, "", value, ""];
  const table = (...cells: string[]) =>
    segmentTable(text(...rowOf("Apertura dello sportello al pubblico", "Numero ore di apertura settimanale", "40 ore settimanali"), ...rowOf("Risposta alle richieste scritte", "Numero risposte/Numero richieste", "90%"), ...rowOf("Pubblicazione dei tempi di attesa", "Numero mesi con pubblicazione", "100%"), ...cells, "Accessibilità"));
  const cells = (s: ReturnType<typeof segmentTable>) => s.rows.map((r) => [r.ownSub ?? null, r.desc.join(" "), r.formula.join(" ")]).at(-1);

  it("are the description and its formula where the second has a ratio's shape", () => {
    const s = segmentTable(text("Iscrizione al servizio on line", "", "100%", "", ...rowOf("Corse effettuate rispetto a quelle programmate", "Corse effettuate/corse programmate", "98%")));
    expect(cells(s)).toEqual([null, "Corse effettuate rispetto a quelle programmate", "Corse effettuate/corse programmate"]);
  });

  it("are the description and its formula where the table's other rows all have theirs", () => {
    expect(cells(table(...rowOf("Comunicazione della data di ricovero al paziente", "Preavviso minimo rispetto alla data di ricovero", "7 giorni")))).toEqual([
      null,
      "Comunicazione della data di ricovero al paziente",
      "Preavviso minimo rispetto alla data di ricovero",
    ]);
  });

  it("stay the office's own label and the description where the first is a template's label, a word, or the second is cut", () => {
    // a template's label is read as a label, before the row
    expect(cells(table(...rowOf("Tempistiche di risposta", "Pubblicazione dei tempi del procedimento", "100%")))).toEqual([null, "Pubblicazione dei tempi del procedimento", ""]);
    expect(cells(table(...rowOf("Sportello", "Apertura settimanale dell'ambulatorio", "12 ore settimanali")))).toEqual(["Sportello", "Apertura settimanale dell'ambulatorio", ""]);
    expect(cells(table(...rowOf("Documentazione sanitaria del reparto", "Consegna della lettera di dimissione entro la", "100%")))).toEqual(["Documentazione sanitaria del reparto", "Consegna della lettera di dimissione entro la", ""]);
  });

  it("stay the office's own label and the description where other rows of the table have no formula either", () => {
    const s = segmentTable(text("Iscrizione al servizio on line", "", "100%", "", "Apertura dello sportello sociale", "", "10 ore settimanali", "", ...rowOf("Tariffe dei servizi domiciliari", "Pubblicazione delle tariffe per fascia ISEE", "100%")));
    expect(cells(s)).toEqual(["Tariffe dei servizi domiciliari", "Pubblicazione delle tariffe per fascia ISEE", ""]);
  });
});

describe("a piece between the row above's value and a row's description, in a table with a Note column", () => {
  const header = ["Dimensione", "", "Sottodimensione", "", "Descrizione indicatore", "", "Formula", "", "Valore programmato", "", "Note", ""];
  const rowOf = (desc: string, formula: string, value: string) => [desc, "", formula, "", value, ""];
  it("is the row above's note where no label is shaped as it, the row's own label where one is", () => {
    const s = segmentTable(
      text(
        ...header,
        ...rowOf("Rilascio della copia della cartella clinica", "Tempo massimo dalla richiesta", "30 giorni"),
        "Legge 24/2017, art. 4", "",
        ...rowOf("Consegna della lettera di dimissione", "Numero lettere consegnate/Numero dimissioni", "100%"),
        "Documentazione amministrativa", "",
        ...rowOf("Rilascio del certificato di ricovero", "Numero certificati rilasciati/Numero richieste", "95%"),
      ),
    );
    expect(s.rows.map((r) => [r.leadNote ?? null, r.ownSub ?? null, r.extraPieces])).toEqual([
      [null, null, []],
      ["Legge 24/2017, art. 4", null, []],
      [null, "Documentazione amministrativa", []],
    ]);
  });
});

describe("a dimension label placed on no row", () => {
  const rowsOf = (...dims: string[]) => dims.map((d, i) => ({ dimension: d ? [d] : [], description: `riga ${i}` }) as unknown as TableRow);
  const near = (rows: TableRow[], unplaced: string[]) => nearUnplaced(rows, unplaced).map((r) => r.description);

  it("leaves in doubt its own dimension's rows, those of the dimensions placed next to it in the template's order, and rows with none", () => {
    const rows = rowsOf("accessibilita", "tempestivita", "trasparenza", "efficacia", "elasticita", "");
    expect(near(rows, ["continuita"])).toEqual(["riga 3", "riga 4", "riga 5"]);
    expect(near(rows, ["tempestivita"])).toEqual(["riga 0", "riga 1", "riga 2", "riga 5"]);
  });

  it("leaves the first or the last dimension's neighbour alone in doubt at the table's ends", () => {
    expect(near(rowsOf("tempestivita", "trasparenza"), ["accessibilita"])).toEqual(["riga 0"]);
    expect(near(rowsOf("accessibilita", "tempestivita"), [])).toEqual([]);
  });
});

describe("paragraphs after the last row", () => {
  it("are no rows: an additional dimension's definition goes to the row that has its formula, not to a note printed after the labels", () => {
    const t = readTable(
      text(
        "Multicanele", "", "Presentazione telematica delle domande", "", "Numero domande on line/Numero domande", "", "100%", "",
        "Numero proroghe concesse/Numero richieste di proroga", "", "90%", "",
        "Accessibilità", "", "Flessibilità (*)", "", "Capacità del servizio erogato all'Utenza esterna di adeguarsi al variare delle specifiche richieste degli utenti.", "",
        "Controlli a campione", "del 5%",
      ),
    );
    expect(t.rows.map((r) => [r.dimension[0], r.subdimensionRaw, r.formula])).toEqual([
      ["accessibilita", "Multicanele", "Numero domande on line/Numero domande"],
      ["flessibilita", null, "Numero proroghe concesse/Numero richieste di proroga"],
    ]);
  });
});

describe("cells printed in turns", () => {
  it("reads an additional dimension's definition back from the lines it shares with the formula", () => {
    const t = readTable(
      text(
        "Continuità (*)", "", "Erogazione del servizio in modo continuo, regolare e senza interruzioni, con l'approntamento",
        "Numero massimo di giorni di indisponibilità della piattaforma",
        "di misure volte a limitare al massimo il disagio dell'utenza derivante dai casi di interruzione del", "nell'anno", "servizio.", "", "10 giorni",
      ),
    );
    expect(t.rows.map((r) => [r.dimension[0], r.description, r.formula, r.target])).toEqual([
      ["continuita", "Erogazione del servizio in modo continuo, regolare e senza interruzioni, con l'approntamento di misure volte a limitare al massimo il disagio dell'utenza derivante dai casi di interruzione del servizio.", "Numero massimo di giorni di indisponibilità della piattaforma nell'anno", "10 giorni"],
    ]);
  });
});

describe("paragraphs with no formula and no value between the labels", () => {
  it("take no label: a note printed among the labels gathered at a page's end leaves them to the rows", () => {
    const t = readTable(
      text(
        "Multicanale", "", "Richiesta tramite modulo on line", "", "Numero giorni di disponibilità/Numero giorni anno solare", "", "97%", "",
        "Rilascio delle copie semplici", "", "Numero giorni dalla richiesta completa", "", "10 giorni lavorativi", "",
        "Accessibilità", "", "Tempestività", "", "Tempestività", "", "Esclusi i fermi per", "aggiornamento", "",
        "\fTempestività", "", "Tempestività", "", "Rilascio delle copie autenticate", "", "Numero giorni dalla richiesta completa", "", "20 giorni lavorativi",
      ),
    );
    expect(t.rows.map((r) => [r.dimension[0], r.subdimensionRaw])).toEqual([
      ["accessibilita", "Multicanale"],
      ["tempestivita", "Tempestività"],
      ["tempestivita", "Tempestività"],
    ]);
  });
});
