/**
 * The comuni's results reports ("Risultati della qualità dei servizi") as scraped text.
 * Each row is anchored on its "fattore di qualità" (a label naming one or more
 * dimensions): the cell before it is the service delivered (activity), the cells after
 * it the indicator, the guaranteed value and the achieved value. "*" achieved values
 * point to a footnote in the motivation column. Then improvement actions and the
 * signatory.
 */
import type { Indicator, Provenance, ReviewItem } from "../model/schema.js";
import { buildIndicator } from "../template/indicator.js";
import { isActionsHeader } from "../template/sections.js";
import { normalizeDimension } from "../normalize/dimension.js";
import { labelKey } from "../normalize/text.js";
import { parseValue } from "../normalize/value.js";
import { formulaStrength, isHeaderLine, isValueText } from "./kinds.js";
import { type Line, endsIncomplete, startsAsContinuation } from "./lines.js";

interface Para {
  text: string;
  line: number;
  /** "dim": a fattore naming dimensions; "fattore": one naming none, placed by its row's shape. */
  kind: "text" | "value" | "dim" | "fattore" | "note";
}

/** Paragraphs of the results table: lines joined until a blank line; value lines stand alone. */
export function paragraphs(lines: Line[]): Para[] {
  const out: Para[] = [];
  let cur: Para | null = null;
  let afterHeader = false;
  for (const l of lines) {
    if (isHeaderLine(l.text) || (afterHeader && !l.blankBefore && startsAsContinuation(l.text))) {
      afterHeader = true;
      cur = null;
      continue;
    }
    afterHeader = false;
    if (isValueText(l.text)) {
      out.push({ text: l.text, line: l.no, kind: "value" });
      continue;
    }
    const cont = cur && (!l.blankBefore || startsAsContinuation(l.text) || endsIncomplete(cur.text));
    if (cur && cont) {
      cur.text += " " + l.text;
      continue;
    }
    const kind: Para["kind"] = /^\*\s*\S/.test(l.text) ? "note" : "text";
    cur = { text: l.text, line: l.no, kind };
    out.push(cur);
  }
  for (const p of out) {
    if (p.kind !== "text") continue;
    const d = normalizeDimension(p.text);
    const first = labelKey(p.text).split(" ")[0];
    if (d.value.length && normalizeDimension(first).value.length) p.kind = "dim";
  }
  // the fattore is the cell after the service delivered: of two such cells in a row, the first is the service
  for (let i = 0; i + 1 < out.length; i++) if (out[i].kind === "dim" && out[i + 1].kind === "dim") out[i].kind = "text";
  // a fattore naming no dimension ("Cortesia del personale"): a full row of the template's
  // columns (service, fattore, indicator, then its values) with none of its cells a dimension
  for (let i = 1; i + 2 < out.length; i++) {
    const [a, b, c, v] = [out[i - 1], out[i], out[i + 1], out[i + 2]];
    const rowStart = i - 2 < 0 || out[i - 2].kind === "value";
    if (rowStart && a.kind === "text" && b.kind === "text" && c.kind === "text" && v.kind === "value" && out[i + 3]?.kind === "value") b.kind = "fattore";
  }
  return out;
}

const SIGNATORY = /firmat[oa] digitalmente|\b(il|la)\s+(direttore|direttrice|dirigente|responsabile|sindaco|segretari[oa])\b/i;

export function readResults(lines: Line[], prov: (line: number | null) => Provenance) {
  const review: ReviewItem[] = [];
  const actionsAt = lines.findIndex((l) => isActionsHeader(l.text));
  const table = actionsAt >= 0 ? lines.slice(0, actionsAt) : lines;
  const after = (actionsAt >= 0 ? lines.slice(actionsAt + 1) : []).filter((l) => !/^(esiti|azioni di miglioramento)$/.test(labelKey(l.text)));
  // the table's right-hand columns (formula, motivation, notes) can drift below the actions:
  // they come under their own column titles
  const cut = after.findIndex((l) => isHeaderLine(l.text));
  const tail = cut >= 0 ? after.slice(0, cut) : after;
  const drifted = cut >= 0 ? paragraphs(after.slice(cut)) : [];
  const paras = paragraphs(table);
  const indicators: Indicator[] = [];
  const tailParas = paragraphs(tail);
  const notes = [...paras, ...drifted, ...tailParas].filter((p) => p.kind === "note");
  const items = paras.filter((p) => p.kind !== "note");
  const anchors = items.map((p, i) => (p.kind === "dim" || p.kind === "fattore" ? i : -1)).filter((i) => i >= 0);
  anchors.forEach((a, n) => {
    const end = n + 1 < anchors.length ? anchors[n + 1] - 1 : items.length; // the cell before the next anchor is its activity
    const prevEnd = n > 0 ? anchors[n - 1] : -1;
    const before = items[a - 1];
    const activity = a - 1 > prevEnd && before?.kind === "text" ? before.text : null;
    const after = items.slice(a + 1, end);
    const texts = after.filter((p) => p.kind === "text");
    const values = after.filter((p) => p.kind === "value");
    const description = texts[0]?.text ?? null;
    let targetRaw: string | null = null;
    let actualRaw: string | null = null;
    const second = texts[1];
    if (second && parseValue(second.text).value !== null) targetRaw = second.text;
    const vs = values.map((v) => v.text);
    if (!targetRaw) targetRaw = vs.shift() ?? null;
    actualRaw = vs.shift() ?? null;
    let explanation: string | null = null;
    if (actualRaw === "*") explanation = notes.shift()?.text ?? null;
    indicators.push(
      buildIndicator(
        { dimension_raw: items[a].text, description, target_raw: targetRaw, actual_raw: actualRaw, activity, explanation },
        { provenance: prov(items[a].line), review, actualHint: "percentuale", confidenceCap: !description ? 0.5 : !activity ? 0.7 : 1, doubts: "results row read with missing cells" },
      ),
    );
  });

  // a motivation drifted with the right-hand columns: it explains the one row that missed its
  // target (no achieved value, or less than guaranteed); a cell with a ratio is a formula
  const missed = indicators.filter((x) => !x.explanation && x.actual_raw !== "*" && (x.actual_value === null || (x.target_unit === x.actual_unit && x.target_value !== null && x.actual_value < x.target_value)));
  const motivations = drifted.filter((p) => p.kind === "text" && !/\//.test(p.text) && formulaStrength(p.text) === 0 && !SIGNATORY.test(p.text));
  if (missed.length === 1 && motivations.length === 1) {
    missed[0].explanation = motivations[0].text;
    missed[0].confidence = Math.min(missed[0].confidence, 0.75);
  }

  // improvement actions: paragraphs in pairs (action, outcome) after their header
  const actions: { action: string; outcome: string | null }[] = [];
  let signatory: string | null = null;
  const tpars = tailParas.filter((p) => {
    if (SIGNATORY.test(p.text) && p.text.length < 200) {
      signatory = p.text;
      return false;
    }
    if (p.kind === "note") return false;
    return true;
  });
  for (let i = 0; i < tpars.length; i += 2) actions.push({ action: tpars[i].text, outcome: tpars[i + 1]?.text ?? null });
  return { indicators, actions, signatory: signatory as string | null, review };
}
