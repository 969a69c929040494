/**
 * What closes the indicator table and what follows it: the template's footnotes, the
 * results template's improvement-actions table ("AZIONI DI MIGLIORAMENTO | ESITI") and
 * the signatory's line.
 */
import { namesSigningRole, signedDigitally } from "../normalize/signatory.js";
import { ACTIONS_TITLES, SIGNATORY_WORDS } from "../normalize/taxonomy.js";
import { isFootnote, labelKey } from "../normalize/text.js";

/** The actions table opens with its first column's title. */
const ACTIONS_TITLE = new RegExp(`^${ACTIONS_TITLES[0]}\\b`);

/** The title of the results template's improvement-actions table ("AZIONI DI MIGLIORAMENTO | ESITI"). */
export function isActionsHeader(text: string): boolean {
  return ACTIONS_TITLE.test(labelKey(text));
}

/** A row that closes the indicator table: a lone footnote, or the results template's actions table. */
export function closesTable(texts: string[]): boolean {
  return (texts.length === 1 && isFootnote(texts[0])) || (texts.length > 0 && isActionsHeader(texts[0]));
}

/** An honorific's dots are optional ("Dott", "Dott.", "Dott.ssa", "Dottssa"). */
const HONORIFIC = new RegExp(`^(${SIGNATORY_WORDS.honorifics.map((h) => (h.includes(".") ? h.split(".").join("\\.?") : `${h}\\.?`)).join("|")})$`, "i");

/** The signatory's line: "documento firmato digitalmente", or a short line naming the signing role. */
export function isSignatoryLine(texts: string[]): boolean {
  const joined = texts.join(" ");
  return signedDigitally(joined) || (namesSigningRole(joined) && joined.length < 160);
}

/** "Il Direttore NAME (documento firmato digitalmente)" + "Dott." -> "Dott. NAME, Il Direttore (documento ...)". */
export function composeSignatory(texts: string[]): string {
  const honorific = texts.find((t) => HONORIFIC.test(t.trim()));
  const rest = texts.filter((t) => t !== honorific).join(" ");
  if (!honorific) return rest;
  const m = /^(.*?\b(?:il|la)\s+\S+)\s+(.+?)(\s*\(.*\))?$/i.exec(rest);
  if (!m) return `${honorific} ${rest}`;
  return `${honorific.trim()} ${m[2].trim()}, ${m[1].trim()}${m[3] ? " " + m[3].trim() : ""}`;
}
