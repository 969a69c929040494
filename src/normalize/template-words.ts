/**
 * The words of the templates' printed furniture, as data beside taxonomy.ts (which holds
 * the vocabulary of what is measured: dimensions, labels, column titles): the extra words
 * of broken or extended column titles, the units printed after a value, how a results
 * report shows itself, the improvement-actions table's title and the signatory's line.
 * The readers build their patterns from these lists; none names a particular charter.
 */

/** Words of the templates that also make up broken or extended column titles ("VALORE", "Valore realizzato", "Formula di calcolo"), folded. */
export const COLUMN_TITLE_EXTRA_WORDS: readonly string[] = [
  "valore", "realizzato", "garantito", "previsto", "programmato", "eventuale", "mancato", "raggiungimento",
  "del", "della", "dei", "di", "indicatore", "risultato", "formula", "calcolo", "pratiche", "trattate", "e",
];

/**
 * The units a printed value names after its number ("95%", "3 giorni lavorativi", "10 gg.",
 * "36 ore settimanali", "30 min."), as regular-expression sources matched case-insensitively.
 */
export const VALUE_UNIT_PATTERNS: readonly string[] = [
  "%",
  String.raw`giorni(?:\s+lavorativi)?`,
  String.raw`giorno(?:\s+lavorativo)?`,
  String.raw`gg\.?(?:\s+lavorativi)?`,
  String.raw`ore(?:\s+settimanali)?`,
  "ora",
  "h",
  "minuti",
  String.raw`min\.?`,
  "mesi",
  "mese",
];

/**
 * How a results report ("Risultati della qualità dei servizi": the values achieved beside
 * the targets) shows itself: a word of its title lines, the title of its achieved-value column.
 */
export const RESULTS_MARKERS: { title: readonly string[]; column: readonly string[] } = {
  title: ["risultati"],
  column: ["valore realizzato"],
};

/** The title of the results template's improvement-actions table ("AZIONI DI MIGLIORAMENTO | ESITI"), folded. */
export const ACTIONS_TITLES: readonly string[] = ["azioni di miglioramento"];

/** The signatory's line: the roles one signs as ("Il Direttore ..."), the honorifics before a name ("." optional), the digital signature's note. */
export const SIGNATORY: { roles: readonly string[]; honorifics: readonly string[]; signed: readonly string[] } = {
  roles: ["direttore", "direttrice", "dirigente", "responsabile", "sindaco", "segretario", "segretaria", "presidente", "commissario"],
  honorifics: ["dott", "dott.ssa", "dr", "ing", "avv", "prof", "prof.ssa", "arch", "geom", "rag", "sig", "sig.ra"],
  signed: ["firmato digitalmente", "firmata digitalmente"],
};
