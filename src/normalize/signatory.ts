/**
 * The signatory's line under a report, told by the taxonomy's words (SIGNATORY_WORDS):
 * a digital signature's phrase, or a signing role after its article. Readers decide how
 * long such a line may be.
 */
import { SIGNATORY_WORDS } from "./taxonomy.js";

const SIGNED = new RegExp(SIGNATORY_WORDS.signed.join("|"), "i");
const ROLE = new RegExp(String.raw`\b(il|la)\s+(${SIGNATORY_WORDS.roles.join("|")})\b`, "i");

/** "documento firmato digitalmente". */
export function signedDigitally(text: string): boolean {
  return SIGNED.test(text);
}

/** "Il Direttore ...", "la Dirigente ...". */
export function namesSigningRole(text: string): boolean {
  return ROLE.test(text);
}
