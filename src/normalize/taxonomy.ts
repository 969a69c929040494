/**
 * The domain's vocabulary as data: CiVIT dimensions (delibere 88/2010 and 3/2012),
 * their sub-dimensions, the labels of the service block and of the table headers.
 * Labels are written in their canonical Italian spelling; matching folds case,
 * accents and typos (see dimension.ts).
 */

export interface DimensionDef {
  code: string;
  label: string;
  /** The additional dimensions have no sub-dimension; their definition spans two columns. */
  additional: boolean;
  /** Printed position in the template: the table's fixed order. */
  order: number;
}

export const DIMENSIONS: readonly DimensionDef[] = [
  { code: "accessibilita", label: "Accessibilità", additional: false, order: 1 },
  { code: "tempestivita", label: "Tempestività", additional: false, order: 2 },
  { code: "trasparenza", label: "Trasparenza", additional: false, order: 3 },
  { code: "efficacia", label: "Efficacia", additional: false, order: 4 },
  { code: "continuita", label: "Continuità", additional: true, order: 5 },
  { code: "elasticita", label: "Elasticità", additional: true, order: 6 },
  { code: "flessibilita", label: "Flessibilità", additional: true, order: 7 },
  { code: "equita", label: "Equità", additional: true, order: 8 },
  { code: "efficienza", label: "Efficienza", additional: true, order: 9 },
  { code: "empatia", label: "Empatia", additional: true, order: 10 },
];

export interface SubdimensionDef {
  code: string;
  dimension: string;
  label: string;
  /** Other ways the template's offices print the same sub-dimension. */
  aliases: string[];
}

/** In the template's printed order (the ministry's combined "Conformità e affidabilità" row comes before "Compiutezza"). */
export const SUBDIMENSIONS: readonly SubdimensionDef[] = [
  { code: "accessibilita.fisica", dimension: "accessibilita", label: "Fisica", aliases: ["Accessibilità fisica"] },
  { code: "accessibilita.multicanale", dimension: "accessibilita", label: "Multicanale", aliases: ["Accessibilità multicanale"] },
  { code: "trasparenza.responsabili", dimension: "trasparenza", label: "Responsabili", aliases: ["Responsabili del servizio"] },
  { code: "trasparenza.procedure_contatto", dimension: "trasparenza", label: "Procedure di contatto", aliases: ["Modalità di contatto"] },
  { code: "trasparenza.tempistiche_risposta", dimension: "trasparenza", label: "Tempistiche di risposta", aliases: ["Tempi di risposta"] },
  { code: "trasparenza.spese_utente", dimension: "trasparenza", label: "Eventuali spese a carico dell'utente", aliases: ["Spese a carico dell'utente"] },
  { code: "efficacia.conformita", dimension: "efficacia", label: "Conformità", aliases: [] },
  { code: "efficacia.affidabilita", dimension: "efficacia", label: "Affidabilità", aliases: [] },
  { code: "efficacia.conformita_affidabilita", dimension: "efficacia", label: "Conformità e affidabilità", aliases: ["Conformità, affidabilità"] },
  { code: "efficacia.compiutezza", dimension: "efficacia", label: "Compiutezza", aliases: ["Completezza"] },
];

/** The ministry template's service block: label -> canonical field, in printed order. */
export const SERVICE_LABELS: readonly { field: "name" | "description" | "delivery_mode" | "users" | "complaint_authority" | "urls"; labels: string[] }[] = [
  { field: "name", labels: ["Denominazione del servizio", "Denominazione", "Nome del servizio"] },
  { field: "description", labels: ["Principali caratteristiche del servizio", "Principali caratteristiche", "Descrizione del servizio"] },
  { field: "delivery_mode", labels: ["Modalità di erogazione", "Modalità di erogazione del servizio"] },
  { field: "users", labels: ["Tipologia di utenza del servizio", "Tipologia di utenza", "Utenza", "Destinatari"] },
  { field: "complaint_authority", labels: ["Organo cui notificare la preventiva diffida del ricorrente", "Organo cui notificare la preventiva diffida", "Organo cui notificare"] },
  { field: "urls", labels: ["Indirizzo della pagina web riguardante il servizio", "Indirizzo della pagina web", "Pagina web", "Sito web"] },
];

/**
 * Labels that name the service only where they are the whole label: a label cell or field
 * of its own ("Servizio | Biblioteche civiche"), or followed by a colon ("Servizio: Anagrafe").
 * Followed by more words they are an office's own line ("Servizio Demografico").
 */
export const SERVICE_NAME_BARE_LABELS: readonly string[] = ["Servizio", "Servizio erogato", "Nome servizio"];

/**
 * Words of service-block labels the template does not print, by the field they fill
 * (template/service.ts, after SERVICE_LABELS and a person's aliases): folded stems at a
 * word's start, or phrases, in a short label ("A chi si rivolge", "Come accedere:",
 * "Link utili"). The first field whose word the label holds wins.
 */
export const SERVICE_FIELD_WORDS: readonly { field: (typeof SERVICE_LABELS)[number]["field"]; words: readonly string[]; anywhere?: boolean }[] = [
  { field: "urls", words: ["link", "sito", "siti", "pagina web", "pagine web", "pagina del sito", "indirizzo web", "url", "per informazioni", "informazioni online"] },
  // a complaint named later in a label another field's words open decides it ("A chi rivolgersi per un reclamo")
  { field: "complaint_authority", words: ["reclam", "segnalazion", "tutela", "ricors", "diffida", "garante", "disserviz"], anywhere: true },
  { field: "users", words: ["destinatar", "a chi", "chi puo", "per chi", "utenz", "utent", "beneficiar", "rivolto", "rivolta"] },
  { field: "delivery_mode", words: ["come acced", "come si", "come richied", "come presentar", "come fare", "come contatt", "modalita", "canal", "contatt"] },
  { field: "description", words: ["descrizion", "cosa offre", "che cosa", "cos e", "in cosa", "di cosa", "il servizio", "caratteristic", "oggetto", "prestazioni offerte", "finalit", "scopo"] },
];

/** Column roles of an indicator table and the titles offices give them. */
export type ColumnRole =
  | "dimension"
  | "subdimension"
  | "description"
  | "formula"
  | "target"
  | "actual"
  | "notes"
  | "activity"
  | "explanation"
  /** A unit-of-measure column: the unit of the bare numbers beside it (and the formula where the table states no other). */
  | "unit";

/**
 * Header titles per role, matched on the folded label's start. Order matters: the
 * first role whose title matches wins, so the longer, more specific titles come first.
 */
export const HEADER_TITLES: readonly { role: ColumnRole; titles: string[] }[] = [
  { role: "subdimension", titles: ["sottodimensioni", "sottodimensione", "sotto dimensione", "sotto dimensioni", "aspetto", "aspetti"] },
  { role: "dimension", titles: ["dimensioni", "dimensione", "fattore di qualita", "fattori di qualita", "fattore qualita", "area"] },
  { role: "actual", titles: ["valore realizzato", "valore raggiunto", "valore conseguito", "risultato conseguito", "valore effettivo"] },
  { role: "target", titles: ["valore programmato", "valore garantito", "valore previsto", "valore obiettivo", "standard", "valore atteso", "target"] },
  { role: "formula", titles: ["formula indicatore", "formula", "modalita di calcolo", "metodo di calcolo", "metodo di rilevazione", "modalita di rilevazione", "descrizione risultato", "descrizione del risultato"] },
  { role: "description", titles: ["descrizione indicatore", "indicatore", "indicatori", "descrizione"] },
  { role: "explanation", titles: ["eventuale motivazione", "motivazione"] },
  { role: "activity", titles: ["servizio erogato", "attivita", "servizi erogati", "prestazione"] },
  { role: "notes", titles: ["note", "annotazioni", "osservazioni"] },
  { role: "unit", titles: ["unita di misura"] },
];

/**
 * Words of column titles by the role they point to, for titles the template does not
 * print (normalize/column-roles.ts weighs them with the column's cells and position).
 * Each word is a folded prefix matched at a word's start ("garantit" in "garantito",
 * "garantita"), a phrase where it holds spaces. Weights: the words that name a role
 * outright (participles, "formula", "note") weigh 1; head nouns many roles share
 * ("valore", "risultato", "livello") little, so that the qualifier decides ("Valore
 * realizzato"); a legal term ("previsto dalla normativa") or the type of a standard
 * outweighs the words of a target, since it is printed beside the office's own target.
 */
export const COLUMN_TITLE_WORDS: readonly { role: ColumnRole; weight: number; words: readonly string[] }[] = [
  { role: "subdimension", weight: 2, words: ["sottodimension", "sotto dimension", "sottofattor", "sotto fattor", "sottoambit", "sotto ambit", "sottocategori", "sottoare", "sottotem"] },
  { role: "dimension", weight: 1, words: ["dimension", "fattor"] },
  { role: "dimension", weight: 0.6, words: ["ambit", "area", "aree", "categori", "fase", "fasi", "macroare", "tema", "temi", "famigli", "aspett"] },
  { role: "actual", weight: 1, words: ["realizzat", "raggiunt", "conseguit", "rilevat", "effettiv", "esit", "consuntiv", "ottenut", "registrat", "misurat", "accertat"] },
  { role: "actual", weight: 0.5, words: ["risultat", "dato", "dati"] },
  { role: "target", weight: 1, words: ["previst", "attes", "garantit", "programmat", "soglia", "obiettiv", "target", "standard", "promess", "assicurat", "impegnat", "fissat", "stabilit"] },
  { role: "target", weight: 0.4, words: ["livell", "tempo", "tempi", "termin", "valor", "limite"] },
  { role: "formula", weight: 1, words: ["formula", "metod", "modalita", "criteri", "calcol", "misurazion", "rilevazion", "algoritm", "parametr"] },
  { role: "formula", weight: 0.6, words: ["misura", "come si misura"] },
  { role: "description", weight: 1, words: ["descrizion", "indicator", "impegn", "voce", "voci", "oggetto", "caratteristic", "cosa si garantisce"] },
  { role: "activity", weight: 1, words: ["attivit", "prestazion", "servizi", "procediment", "adempiment", "intervent", "pratic", "prodott", "fasi del servizio"] },
  { role: "explanation", weight: 1.2, words: ["motivazion", "scostament", "causa", "cause", "giustificazion", "mancato", "spiegazion", "ragion"] },
  { role: "notes", weight: 1.2, words: ["note", "nota", "osservazion", "annotazion", "comment", "verific", "tipo", "rimbors", "indennizz"] },
  { role: "notes", weight: 2, words: ["legge", "leggi", "norma", "norme", "regolament", "legal", "arera", "autorita"] },
  { role: "unit", weight: 3, words: ["unita di misura", "unita misura", "u m", "unita"] },
];

/**
 * The unit words a unit-of-measure column holds on their own ("giorni lavorativi", "%",
 * "ore settimanali"), folded; a column of them is a unit column (column-roles.ts).
 */
export const UNIT_CELL_WORDS: readonly string[] = [
  "%", "percentuale", "giorni", "giorni lavorativi", "giorni solari", "giorni di calendario", "gg", "gg lavorativi", "gg lav", "giorni lav", "gg solari", "gg sol", "giorno", "ore", "ora",
  "ore settimanali", "ore lavorative", "minuti", "min", "mesi", "mese", "settimane", "numero", "n", "num", "euro", "anni", "secondi",
];

/**
 * Words of the templates that also make up column titles broken over lines or extended
 * ("Valore realizzato", "Eventuale motivazione del mancato raggiungimento"): a line made of
 * titles and these words only is a header line (scraped text).
 */
export const HEADER_EXTRA_WORDS: readonly string[] = ["valore", "realizzato", "garantito", "previsto", "programmato", "eventuale", "mancato", "raggiungimento", "del", "della", "dei", "di", "indicatore", "risultato", "formula", "calcolo", "pratiche", "trattate", "e"];

/** Words of title blocks, for telling the title apart from issuer and office. */
export const TITLE_MARKERS = [
  "standard qualita",
  "standard di qualita",
  "ricognizione",
  "aggiornamento",
  "risultati della qualita",
  "carta dei servizi",
  "carta del servizio",
  "carta della mobilita",
  "carta della qualita",
];

/** How an office's own line (the issuing unit) begins. */
export const OFFICE_MARKERS = [
  "direzione", "dipartimento", "ufficio", "servizio", "area", "settore", "segretariato", "divisione",
  // health agencies' and local bodies' units: "Unità operativa complessa ...", "U.O.C. ...", "Distretto ..."
  "unita operativa", "unita organizzativa", "u o", "uoc", "uos", "uosd", // "u o" covers "U.O.C.", "U.O.S."
  "struttura", "distretto", "presidio", "sezione", "ripartizione", "sede", "nucleo",
];

/**
 * The word after an office's marker that makes the line a label of the office, not its name
 * ("Struttura competente", "Ufficio responsabile", "Servizio di riferimento"), folded, matched
 * at a word's start.
 */
export const OFFICE_LABEL_WORDS = ["competent", "responsabil", "prepost", "incaricat", "referent", "di riferimento"];

/**
 * Words that put the charter's year on a line of its title block ("Edizione 2024",
 * "Aggiornamento 2024", "valida dal 1° marzo 2024"), folded, matched at a word's start.
 */
export const YEAR_CUES = ["anno", "edizion", "aggiornament", "aggiornat", "revision", "valid", "vigent", "in vigore"];

/** Words of a line stating the act that adopted the charter, whose date gives its year ("Approvata con deliberazione ... del 12 settembre 2024"); a page's own dates (published, updated) are not the charter's. */
export const ACT_WORDS = ["approvat", "adottat", "deliberazion", "determinazion", "decreto", "provvediment", "delibera"];

/** The months as printed in a date ("12 settembre 2024"). */
export const MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"];

/** How the issuing body's line begins. */
export const ISSUER_MARKERS = [
  "ministero", "comune", "regione", "provincia", "citta metropolitana", "azienda", "agenzia", "istituto",
  "presidenza", "autorita", "ente", "camera di commercio", "universita", "asl", "asp", "ausl", "inps", "inail",
];

/** The template's example text, left in place instead of the office's own formula. */
export const PLACEHOLDER_PREFIXES = ["per esempio", "ad esempio", "esempio", "es "];

/**
 * Unit words a printed value ends with ("95%", "3 giorni lavorativi", "30 gg."), as printed
 * (case aside); a space stands for any run of spaces. Scraped text tells a value cell by them.
 */
export const VALUE_UNITS: readonly string[] = ["%", "giorni", "giorni lavorativi", "giorno", "giorno lavorativo", "gg", "gg.", "gg lavorativi", "gg. lavorativi", "ore", "ore settimanali", "ora", "h", "minuti", "min", "min.", "mesi", "mese"];

/**
 * A target or achieved value that answers yes or no ("Sì": the service is offered), as
 * printed (case and accent aside): a value of its own, with no number to parse.
 */
export const ANSWER_VALUES: readonly string[] = ["sì", "si", "no"];

/**
 * The ministry template's standard definitions of the additional dimensions, printed
 * merged across the Sottodimensioni and Descrizione columns (CiVIT delibera 3/2012).
 * Scraped text keeps them intact, so they identify their row wherever they drift.
 */
export const ADDITIONAL_DEFINITIONS: readonly { dimension: string; text: string }[] = [
  { dimension: "continuita", text: "Erogazione del servizio in modo continuo, regolare e senza interruzioni, con l'approntamento di misure volte a limitare al massimo il disagio dell'utenza derivante dai casi di interruzione del servizio." },
  { dimension: "elasticita", text: "Capacità del servizio erogato all'Utenza esterna di adeguarsi al variare del volume di servizio richiesto dagli utenti" },
  { dimension: "flessibilita", text: "Capacità del servizio erogato all'Utenza esterna di adeguarsi al variare delle specifiche richieste degli utenti." },
  { dimension: "equita", text: "Capacità del servizio erogato all'Utenza esterna di assicurare un trattamento paritario a tutti i possibili utenti." },
  { dimension: "efficienza", text: "Capacità di erogare il servizio ottimizzando il consumo di risorse" },
  { dimension: "empatia", text: "Fornitura di un servizio personalizzato, capace di andare incontro alle reali esigenze individuali del singolo utente" },
];

/** The template's footnotes under the indicator table, as printed (bullets aside). */
export const TEMPLATE_FOOTNOTES: readonly string[] = [
  "(*) Dimensioni aggiuntive: per questi indicatori potrà essere individuata una formula di calcolo diversa da quella suggerita.",
  "(&) - Per la definizione del valore programmato, verificare preliminarmente: Previsioni di termini fissati da leggi o regolamenti Standard di qualità già determinati in precedenti ricognizioni o in altri provvedimenti: il valore programmato non può essere peggiorativo",
];

/**
 * Words a formula cell begins with: a count, a ratio, a time span, the template's example.
 * `glued`: those that, capitalised after another cell's words on the same line, open the
 * formula's cell (scraped text glues side-by-side cells), as printed.
 */
export const FORMULA_STARTS: { strong: readonly string[]; weak: readonly string[]; glued: readonly string[] } = {
  strong: ["numero", "n", "nr", "per esempio", "ad esempio", "percentuale", "somma", "totale"],
  weak: ["tempo", "tempi", "rapporto", "media", "giorni", "ore", "data"],
  glued: ["Numero", "Per esempio", "Percentuale", "Tempo", "Tempi", "Rapporto"],
};

/** The results template's improvement-actions table ("AZIONI DI MIGLIORAMENTO | ESITI"): its column titles, folded. */
export const ACTIONS_TITLES: readonly string[] = ["azioni di miglioramento", "esiti"];

/**
 * The signatory's line under a report: a digital signature's phrase, or a signing role
 * after its article ("Il Direttore", "La Dirigente"), case aside; the honorifics printed
 * before the name, their dots optional ("Dott", "Dott.", "Dott.ssa").
 */
export const SIGNATORY_WORDS: { signed: readonly string[]; roles: readonly string[]; honorifics: readonly string[] } = {
  signed: ["firmato digitalmente", "firmata digitalmente"],
  roles: ["direttore", "direttrice", "dirigente", "responsabile", "sindaco", "segretario", "segretaria", "presidente", "commissario"],
  honorifics: ["dott", "dott.ssa", "dr", "ing", "avv", "prof", "prof.ssa", "arch", "geom", "rag", "sig", "sig.ra"],
};

/**
 * How a results report ("Risultati della qualità dei servizi": the values achieved beside
 * the targets) shows itself: a word of its title lines, the title of its achieved-value column.
 */
export const RESULTS_MARKERS: { title: readonly string[]; column: readonly string[] } = {
  title: ["risultati"],
  column: ["valore realizzato"],
};

/**
 * Words that point a row's text to a template sub-dimension, for rows whose label was
 * printed far from them (scraped text). Matched on folded text, at word starts.
 */
export const SUBDIMENSION_CUES: Readonly<Record<string, readonly string[]>> = {
  "accessibilita.fisica": ["sportello", "uffici", "fisic", "apertura"],
  "accessibilita.multicanale": ["web", "on line", "on-line", "online", "telematic", "e-mail", "portale", "applicazione", "multicanal"],
  "trasparenza.responsabili": ["responsabil"],
  "trasparenza.procedure_contatto": ["contatt"],
  "trasparenza.tempistiche_risposta": ["tempistic", "tempi di risposta"],
  "trasparenza.spese_utente": ["spese", "tariff", "costi"],
  "efficacia.conformita": ["conformit", "regolarit"],
  "efficacia.affidabilita": ["affidabil", "pertinen"],
  "efficacia.compiutezza": ["esaustivit", "compiutezz", "completezz"],
  "efficacia.conformita_affidabilita": ["conformit", "regolarit", "affidabil", "pertinen"],
};

/**
 * Words that point a row's text to a dimension (CiVIT's definitions: access to the service,
 * the time it takes, the information published about it, its regularity and completeness),
 * for rows whose dimension label was printed far from them (scraped text). Matched on
 * folded text, at word starts; weak evidence, weighed against the template's order.
 */
export const DIMENSION_CUES: Readonly<Record<string, readonly string[]>> = {
  accessibilita: ["access", "apertura", "sportell", "ricevimento", "orari", "on line", "online", "portale", "prenotazion", "telefon", "canali", "disponibilita"],
  tempestivita: ["tempo", "tempi", "tempestiv", "attesa", "rilascio", "conclusione", "liquidazion", "pagamento", "consegna", "evasion"],
  trasparenza: ["pubblicazion", "pubblicat", "sito", "informazion", "responsabil", "contatt", "recapit", "tariff", "spese", "costi", "aggiornamento"],
  efficacia: ["conformit", "regolarit", "affidabil", "esaustivit", "compiutezz", "completezz", "corrett", "errori", "reclami", "ricorsi", "rettific", "annullat", "riesam", "pertinen"],
};

/**
 * What each dimension means, in the words offices use for it (CiVIT delibere 88/2010 and
 * 3/2012 and the charters' own labels): a label the vocabulary does not know ("Cortesia del
 * personale", "Chiarezza delle informazioni") is guessed by these, compared by their Italian
 * stems (src/normalize/guess.ts), together with the distinctive words of the additional
 * dimensions' definitions (ADDITIONAL_DEFINITIONS). Whole words, as printed.
 */
export const DIMENSION_MEANINGS: Readonly<Record<string, readonly string[]>> = {
  accessibilita: ["accessibilità", "accesso", "raggiungibilità", "orari", "apertura", "sportello", "canali", "barriere", "ubicazione", "prenotazione", "multicanalità"],
  tempestivita: ["tempestività", "tempo", "tempi", "rapidità", "celerità", "attesa", "puntualità", "scadenze", "ritardi"],
  trasparenza: ["trasparenza", "informazione", "informazioni", "chiarezza", "comunicazione", "pubblicazione", "pubblicità", "modulistica", "tariffe"],
  efficacia: ["efficacia", "conformità", "affidabilità", "compiutezza", "completezza", "correttezza", "precisione", "esaustività", "qualità"],
  continuita: ["continuità", "continuo", "interruzioni", "interruzione", "regolarità", "disservizi"],
  elasticita: ["elasticità", "volume", "picchi", "afflusso", "domanda"],
  flessibilita: ["flessibilità", "adattabilità", "adeguamento", "modifiche"],
  equita: ["equità", "parità", "imparzialità", "uguaglianza", "discriminazioni", "paritario"],
  efficienza: ["efficienza", "risorse", "ottimizzazione", "economicità", "costi", "spesa"],
  empatia: ["empatia", "cortesia", "gentilezza", "ascolto", "rispetto", "cordialità", "accoglienza", "personalizzazione", "umanizzazione", "disponibilità"],
};

/**
 * Words that tell the service block's values apart when scraped text printed them far
 * from their labels: who the users are, how the service is delivered.
 */
export const SERVICE_VALUE_CUES: { users: readonly string[]; delivery_mode: readonly string[] } = {
  users: ["cittadin", "utent", "aziend", "impres", "enti", "associazion", "professionist", "amministrazion", "soggett", "operator", "student", "famigli", "lavorator", "datori"],
  delivery_mode: ["on-line", "online", "on line", "sportello", "sito", "portale", "telematic", "front office", "web", "posta", "telefon", "e-mail", "pec", "pubblicazion"],
};

/**
 * The words of a page's running furniture (page/furniture.ts): a page number's word and
 * its "of" ("Pagina 3 di 12", "pag. 3", "Page 3 of 12"), and a protocol stamp's words
 * ("Prot. n. 0012345 del 12/03/2024"). Matched on folded text, whole words.
 */
export const FURNITURE_WORDS: { page: readonly string[]; of: readonly string[]; protocol: readonly string[] } = {
  page: ["pagina", "pag", "pg", "p", "page", "foglio"],
  of: ["di", "of", "/"],
  protocol: ["prot", "protocollo", "n", "nr", "num", "del", "uscita", "entrata", "tit", "cl", "fasc"],
};
