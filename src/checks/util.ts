/** Small helpers the rules share: how an indicator is named in a message, and walking indicators. */
import type { CharterDocument, Indicator } from "../model/schema.js";

/** The indicator as a message names it: its description (or formula), shortened. */
export function nameOf(ind: Pick<Indicator, "description" | "formula">): string {
  const t = ind.description ?? ind.formula ?? "(no description)";
  return `"${t.length > 80 ? t.slice(0, 77) + "..." : t}"`;
}

/** Every indicator of a document with its place. */
export function* indicatorsOf(doc: CharterDocument): Generator<{ ind: Indicator; service: number; indicator: number }> {
  for (let s = 0; s < doc.services.length; s++) {
    const list = doc.services[s].indicators;
    for (let i = 0; i < list.length; i++) yield { ind: list[i], service: s, indicator: i };
  }
}
