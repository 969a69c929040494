/**
 * The title block: issuer, title lines ("STANDARD QUALITA' DEI SERVIZI EROGATI",
 * "Carta dei Servizi NAME"), "ANNO 2020", the office's own line. Told apart by the
 * markers of taxonomy.ts, never by a particular charter's words.
 */
import { ACT_WORDS, ISSUER_MARKERS, MONTHS, OFFICE_LABEL_WORDS, OFFICE_MARKERS, RESULTS_MARKERS, TITLE_MARKERS, YEAR_CUES } from "../normalize/taxonomy.js";
import { labelKey } from "../normalize/text.js";

/** True where a line's folded text is one of the markers (already folded) or starts with one. */
export function startsWithMarker(line: string, markers: readonly string[]): boolean {
  const k = labelKey(line);
  return markers.some((m) => k === m || k.startsWith(m + " "));
}

export interface DocHead {
  issuer: string | null;
  title: string | null;
  year: number | null;
  office: string | null;
  /** A service named by the title block ("Carta dei Servizi NAME - Anno 2020"). */
  serviceName: string | null;
}

/** Read the title block: issuer, title lines, "ANNO 2020", the office's own line. */
export function readTitleBlock(lines: string[]): DocHead {
  const head: DocHead = { issuer: null, title: null, year: null, office: null, serviceName: null };
  const titles: string[] = [];
  const others: string[] = [];
  for (const line of lines.flatMap(splitIssuerFromTitle)) {
    if (isProse(line)) continue;
    const key = labelKey(line);
    const year = /\banno\s*[:.]?\s*((?:19|20)\d{2})\b/i.exec(line) ?? (/^((?:19|20)\d{2})$/.exec(line.trim()) as RegExpExecArray | null);
    if (year && head.year === null) head.year = Number(year[1]);
    if (line.split(/\s+/).length <= 14) head.serviceName ??= titleServiceName(line); // a title line, not prose naming the charter
    const cued = yearCue(line);
    if (cued !== null) {
      head.year ??= cued;
      if (line.split(/\s+/).length <= 9) continue; // "Edizione 2024 - valida dal 1° gennaio 2024": neither title nor issuer
    }
    if (TITLE_MARKERS.some((m) => key.includes(m))) {
      titles.push(line);
      continue;
    }
    if (year && key.replace(/\banno\b|\d+/g, "").trim() === "") continue;
    others.push(line);
  }
  head.title = titles.length ? titles.join(" - ") : null;
  // a year printed in the title itself ("Carta della mobilità 2024")
  if (head.year === null) head.year = Number(/\b((?:19|20)\d{2})\b/.exec(head.title ?? "")?.[1]) || null;
  // else a short line of a year ("Annualità 2024", "Esercizio 2023")
  if (head.year === null) head.year = Number(lines.map((l) => /^\s*(?:\p{L}[\p{L}'’.]*\s+){1,2}((?:19|20)\d{2})\s*$/u.exec(l)?.[1]).find((y) => y)) || null;
  // else the date of the act that adopted it or of its revision ("Approvata con deliberazione n. 87 del 12 settembre 2024", "Revisione n. 4 del 15 maggio 2024")
  if (head.year === null) head.year = lines.filter((l) => !isProse(l) && statesAnAct(l)).map(dateYear).find((y) => y !== null) ?? null;
  const issuerLine = others.find((l) => startsWithMarker(l, ISSUER_MARKERS)) ?? (others.length > 1 || !startsWithMarker(others[0] ?? "", OFFICE_MARKERS) ? others[0] : undefined);
  head.issuer = issuerLine ?? null;
  const offices = others.filter((l) => l !== issuerLine && startsWithMarker(l, OFFICE_MARKERS));
  // a web page's label of the office ("Struttura competente", "Ufficio responsabile") above the office's own line
  const isLabel = (l: string, next: string | undefined) => !!next && others.indexOf(next) === others.indexOf(l) + 1 && /^\S+\s+\p{Ll}+$/u.test(l.trim());
  // (a label by its words, "Struttura competente", with no office's line after it, names no office)
  const office = offices.length > 1 && isLabel(offices[0], offices[1]) ? offices[1] : offices[0];
  head.office = office && !namesOfficeLabel(office) ? office : null;
  return head;
}

/** A line that is only the label of the office: its marker and a word of OFFICE_LABEL_WORDS ("Ufficio responsabile"). */
function namesOfficeLabel(line: string): boolean {
  const rest = labelKey(line).split(" ").slice(1).join(" ");
  return line.trim().split(/\s+/).length <= 4 && OFFICE_LABEL_WORDS.some((w) => rest.startsWith(w));
}

/** Running text under the title (a sentence of fifteen words or more): neither title, issuer nor office. */
const isProse = (line: string) => /[.!?]$/.test(line.trim()) && line.trim().split(/\s+/).length >= 15;

const YEAR_CUE = new RegExp(String.raw`\b(?:${YEAR_CUES.join("|")})\w*\b[^\d]{0,25}?(?:\d{1,2}\S*\s+[a-z]+\s+)?((?:19|20)\d{2})\b`);

const DATE = new RegExp(String.raw`\b\d{1,2}\s*[°º]?\s+(?:${MONTHS.join("|")})\s+((?:19|20)\d{2})\b|\b\d{1,2}[./-]\d{1,2}[./-]((?:19|20)\d{2})\b`, "i");

const ACT_OR_CUE = [...ACT_WORDS, ...YEAR_CUES];

/** Whether a line names the act that adopted the charter or its revision: a word opening with one of ACT_WORDS or YEAR_CUES. */
const statesAnAct = (line: string) => labelKey(line).split(" ").some((k) => ACT_OR_CUE.some((w) => k.startsWith(w)));

/** The year of a full date a line prints ("12 settembre 2024", "12/09/2024"), or null. */
export function dateYear(line: string): number | null {
  const m = DATE.exec(line);
  return m ? Number(m[1] ?? m[2]) : null;
}

/** The year a line states after a cue ("Edizione 2024", "valida dal 1 marzo 2024"), or null. */
export function yearCue(line: string): number | null {
  const m = YEAR_CUE.exec(labelKey(line));
  return m ? Number(m[1]) : null;
}

/**
 * A PDF line that runs the issuer into the title ("AZIENDA SANITARIA LOCALE DI X STANDARD
 * QUALITA' DEI SERVIZI EROGATI": same size, one line apart) as two lines: the words before
 * the first title marker, where they begin with an issuer's marker, and the rest.
 */
export function splitIssuerFromTitle(line: string): string[] {
  const words = line.trim().split(/\s+/);
  for (let k = 1; k < words.length; k++) {
    const rest = labelKey(words.slice(k).join(" "));
    if (!TITLE_MARKERS.some((m) => rest.startsWith(m))) continue;
    const before = words.slice(0, k).join(" ").replace(/[\s\-–:,]+$/, "");
    return startsWithMarker(before, ISSUER_MARKERS) ? [before, words.slice(k).join(" ")] : [line];
  }
  return [line];
}

/** The service a title line names: "Carta dei Servizi NAME - Anno 2020" -> NAME; null where it names none. */
export function titleServiceName(line: string): string | null {
  const carta = /\bcarta\s+(?:dei|della|del)\s+servizi?o?\s+(.+?)(?:\s*[-–,]\s*anno\s*\d{4}.*)?$/i.exec(line);
  // "Carta dei servizi e standard di qualità" names no service: the words go on with the title
  // nor does a link to the charter's file: "Carta dei servizi (PDF, 312 kB)"
  return carta && labelKey(carta[1]).length > 3 && !/^(e|ed)\s|^\(/i.test(carta[1]) ? carta[1].trim() : null;
}

/** A web page's breadcrumb ("Home > Amministrazione trasparente > Servizi erogati > ..."): navigation, not title. */
export function isBreadcrumb(line: string): boolean {
  const parts = line.split(/\s+[>»›]\s+|\s*[»›]\s*/).filter((p) => p.trim());
  return parts.length >= 3 && parts.every((p) => p.length <= 80);
}

const RESULTS_TITLE = new RegExp(`\\b(?:${RESULTS_MARKERS.title.join("|")})\\b`, "i");
const RESULTS_COLUMN = new RegExp(RESULTS_MARKERS.column.map((t) => t.split(" ").join("\\s+")).join("|"), "i");

/** A title line of a results report ("RISULTATI DELLA QUALITA' DEI SERVIZI"). */
export function isResultsTitle(line: string): boolean {
  return RESULTS_TITLE.test(line);
}

/** Text that names a results report's achieved-value column ("Valore realizzato"). */
export function namesResultsColumn(text: string): boolean {
  return RESULTS_COLUMN.test(text);
}
