/**
 * Service-block labels in an office's own words ("Finalità del servizio", "Utenti
 * destinatari", "Sito web di riferimento"): the template's labels are matched by
 * serviceLabelAt; these are found by their words' meaning (template/service.ts
 * labelByMeaning) and by the block's structure, never by a word alone:
 * - the line is capitalised and is the label whole (or the label and its value after a colon);
 * - another label of another field (the template's or such a one) stands within a few lines: a
 *   block holds several;
 * - the line after it is a value, not a label, a column title, a value cell of a table or the
 *   label's own words going on in lower case.
 * The label is marked on its line (`fieldLabel`) for serviceLabelAt.
 */
import { labelByMeaning, matchServiceLabel } from "../../template/service.js";
import { isHeaderLine, isValueText } from "./kinds.js";
import { startsAsContinuation, type TextLine } from "./lines.js";
import { isUrlLine } from "./services.js";

/** Most words of a template label going on in its office's words. */
const MAX_LABEL_WORDS = 8;

/** Lines apart two labels of one block may stand (a value of a few lines between them). */
const BLOCK_REACH = 6;

/** Mark the lines that are service-block labels by meaning. */
export function markFieldLabels(lines: TextLine[]): void {
  const found = lines.map((l) => candidate(l.text));
  const template = lines.map((l) => matchServiceLabel(l.text)?.field ?? null);
  found.forEach((c, i) => {
    if (!c) return;
    // (a block's labels name different fields: a table's cells sharing a word are no block)
    const near = (j: number) => j !== i && j >= 0 && j < lines.length && (found[j] ? found[j]!.field !== c.field : !!template[j] && template[j] !== c.field);
    let neighbour = false;
    for (let d = 1; d <= BLOCK_REACH && !neighbour; d++) neighbour = near(i - d) || near(i + d);
    const next = lines[i + 1];
    // (a line going on in lower case is the label's own rest: "Organo cui notificare la preventiva / diffida del ricorrente")
    const valueAfter = c.rest !== "" || (!!next && !found[i + 1] && !template[i + 1] && (!startsAsContinuation(next.text) || isUrlLine(next.text)) && !isHeaderLine(next.text) && !isValueText(next.text));
    if (neighbour && valueAfter) lines[i].fieldLabel = c;
  });
}

/** A line that may be a label by its words: capitalised, short, the label whole or followed by a colon and its value. */
function candidate(text: string): { field: NonNullable<TextLine["fieldLabel"]>["field"]; rest: string } | null {
  if (!/^\p{Lu}/u.test(text) || text.length > 200 || isHeaderLine(text) || isValueText(text)) return null;
  const template = matchServiceLabel(text);
  // the template's label going on in lower-case words, no colon ("Sito web | di riferimento",
  // "Organo cui notificare | la diffida"): the whole line is the label, its value on the next
  if (template) return /^\p{Ll}/u.test(template.rest) && !text.includes(":") && text.split(/\s+/).length <= MAX_LABEL_WORDS ? { field: template.field, rest: "" } : null;
  const meaning = labelByMeaning(text);
  return meaning ? { field: meaning.field, rest: meaning.rest } : null;
}
