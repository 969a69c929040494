/**
 * Segment the indicator table of scraped text into rows. Content-stream order keeps each
 * cell's own lines in order but interleaves side-by-side cells (a short formula centred
 * beside a long description comes out between its lines, or glued to one of them), and
 * drops the labels of merged cells (dimension, sub-dimension) and some values far away.
 *
 * The reading is a single pass that follows the template's column order inside a row
 * (description, then formula, then value) and records everything else it meets as
 * events in stream order: labels, the additional dimensions' definitions, values that
 * belong to no row yet, text outside the table. The passes after it bind them: values
 * (values.ts), labels by the template's order (order.ts), definitions and notes.
 */
import { formulaStrength, isHeaderLine, isTemplateFootnote, isValueText, matchDefinition, splitGluedFormula, splitTrailingValue } from "./kinds.js";
import { type Label, classifyLabel, splitGluedLabels } from "./labels.js";
import { type Line, endsIncomplete, startsAsContinuation } from "./lines.js";

export interface RowDraft {
  id: number;
  /** Description lines, in reading order. */
  desc: string[];
  /** Earlier pieces of the description column that were separated from the last one (labels of the office's own). */
  extraPieces: string[];
  formula: string[];
  firstLine: number;
  page: number;
  /** Description lines read before the formula's first line in the same block (for centred cells). */
  descBeforeFormula: number;
  descAfterFormula: number;
  last: "desc" | "formula" | null;
  /** The formula's first line was glued to a description line (same baseline). */
  glued: boolean;
  closed: boolean;
  /** Begun after the template's footnotes: where content-stream order prints the cells that span several lines. */
  late: boolean;
}

export type TableEvent =
  | { t: "row"; row: RowDraft }
  | { t: "label"; label: Label; line: number; page: number }
  | { t: "def"; code: string; text: string; line: number; page: number }
  | { t: "value"; raw: string; line: number; page: number; trailing: boolean; row: RowDraft | null }
  | { t: "other"; text: string; line: number; page: number };

export interface Segmentation {
  events: TableEvent[];
  rows: RowDraft[];
}

/** Decide which column a continuation line belongs to when both are open (centred cells). */
export function continuationColumn(row: RowDraft, line: string): "desc" | "formula" {
  const d = row.desc[row.desc.length - 1] ?? "";
  const f = row.formula[row.formula.length - 1] ?? "";
  if (line.startsWith("/")) return "formula";
  const di = endsIncomplete(d);
  const fi = endsIncomplete(f);
  if (di && !fi) return "desc";
  if (fi && !di) return "formula";
  // the longer line was wrapped, the shorter one ended its cell
  if (!di && !fi) {
    if (d.length >= 1.5 * f.length) return "desc";
    if (f.length >= 1.5 * d.length) return "formula";
  }
  // a shorter cell is centred beside a taller one: the taller one has lines on both sides
  if (row.descBeforeFormula > row.descAfterFormula) return "desc";
  return row.last ?? "formula";
}

/**
 * Read the table region's lines into rows and events. `lines` is everything after the
 * table's first header line except the title and service blocks.
 */
export function segmentTable(lines: Line[]): Segmentation {
  const events: TableEvent[] = [];
  const rows: RowDraft[] = [];
  let row: RowDraft | null = null;
  let pendingLabel: { label: Label; open: boolean } | null = null;
  type DefState = { code: string; next: number; event: Extract<TableEvent, { t: "def" }> };
  let def = null as DefState | null;

  let page = 1;
  let afterFootnotes = false;
  const newRow = (no: number): RowDraft => {
    if (row) row.closed = true;
    row = { id: rows.length, desc: [], extraPieces: [], formula: [], firstLine: no, page, descBeforeFormula: 0, descAfterFormula: 0, last: null, glued: false, closed: false, late: afterFootnotes };
    rows.push(row);
    events.push({ t: "row", row });
    return row;
  };
  const hasValue = (r: RowDraft) => events.some((e) => e.t === "value" && e.row === r);
  const pushValue = (raw: string, no: number, trailing: boolean) => {
    const r: RowDraft | null = row && !row.closed && (row.formula.length || row.desc.length) ? row : null;
    events.push({ t: "value", raw, line: no, page, trailing, row: r });
  };
  // a value split off a formula line's end, undone if the formula goes on below it
  let trailing: { row: RowDraft; index: number; original: string; event: TableEvent } | null = null;
  const addFormula = (r: RowDraft, text: string, no: number) => {
    if (trailing && trailing.row === r && r.formula.length - 1 === trailing.index) {
      r.formula[trailing.index] = trailing.original;
      events.splice(events.indexOf(trailing.event), 1);
    }
    trailing = null;
    const tv = splitTrailingValue(text, [...r.formula, text].join(" "));
    r.formula.push(tv ? tv.text : text);
    r.last = "formula";
    if (tv) {
      pushValue(tv.value, no, true);
      trailing = { row: r, index: r.formula.length - 1, original: text, event: events[events.length - 1] };
    }
  };
  const addDesc = (r: RowDraft, text: string) => {
    r.desc.push(text);
    if (r.formula.length) r.descAfterFormula++;
    r.last = "desc";
  };

  const handleText = (text: string, ln: Line) => {
    const no = ln.no;
    const cont = startsAsContinuation(text);
    const strength = formulaStrength(text);
    const cur = row && !row.closed ? row : null;
    // continuation of the open cell
    const descMissing = !!cur && !cont && !ln.blankBefore && cur.desc.length === 0 && cur.formula.length > 0 && !hasValue(cur) && strength === 0;
    if (cur && !descMissing && (cont || (cur.last && endsIncomplete(lastOf(cur)) && strength === 0))) {
      const col = cur.desc.length && cur.formula.length ? (ln.blankBefore && !endsIncomplete(lastOf(cur)) && cur.last ? cur.last : continuationColumn(cur, text)) : cur.formula.length ? "formula" : "desc";
      if (col === "formula") addFormula(cur, text, no);
      else addDesc(cur, text);
      return;
    }
    if (!cur && cont) {
      events.push({ t: "other", text, line: no, page });
      return;
    }
    const glued = strength < 2 ? splitGluedFormula(text) : null;
    if (glued) {
      handleText(glued[0], ln);
      const r = row!;
      if (r.formula.length === 0) {
        r.glued = true;
        r.descBeforeFormula = r.desc.length;
        addFormula(r, glued[1], no);
      } else handleText(glued[1], { ...ln, blankBefore: false });
      return;
    }
    const hasValueNow = cur ? hasValue(cur) : false;
    if (strength === 2 || (strength === 1 && cur && cur.desc.length > 0 && cur.formula.length === 0 && !hasValueNow)) {
      const r = cur && cur.formula.length === 0 && !hasValueNow ? cur : newRow(no);
      r.descBeforeFormula = ln.blankBefore ? 0 : r.desc.length;
      addFormula(r, text, no);
      return;
    }
    // same block, row still open: a centred formula came first, or the taller description goes on
    if (cur && !ln.blankBefore && cur.formula.length > 0 && !hasValueNow && strength === 0) {
      if (cur.desc.length === 0 || cur.descBeforeFormula > cur.descAfterFormula) {
        addDesc(cur, text);
        return;
      }
    }
    // an upper-case cell that is not a formula: a description, or the row's second column
    if (!cur || cur.formula.length > 0 || hasValueNow) {
      const r = newRow(no);
      addDesc(r, text);
      return;
    }
    if (cur.desc.length > 0 && ln.blankBefore) {
      // a second piece in the description column: the first was the office's own label
      cur.extraPieces.push(cur.desc.join(" "));
      cur.desc = [text];
      cur.last = "desc";
      return;
    }
    addDesc(cur, text);
  };

  for (const ln of lines) {
    const text = ln.text;
    const no = ln.no;
    page = ln.page;
    // an additional dimension's definition, possibly continued from the line before
    if (def) {
      const d0: DefState = def;
      const m = matchDefinition(text, { code: d0.code, from: d0.next });
      if (m) {
        d0.event.text += " " + m.text;
        def = m.next >= 0 ? { ...d0, next: m.next } : null;
        if (m.rest) handleText(m.rest, { ...ln, blankBefore: false });
        continue;
      }
      def = null;
    }
    const cur = row && !(row as RowDraft).closed ? (row as RowDraft) : null;
    const continuing = !!cur && !!cur.last && endsIncomplete(lastOf(cur)) && !hasValue(cur) && formulaStrength(text) === 0;
    if (!continuing) {
      if (isTemplateFootnote(text) || ln.bullet) {
        pendingLabel = null;
        afterFootnotes = true;
        if (row) (row as RowDraft).closed = true;
        continue;
      }
      if (isHeaderLine(text)) continue;
    }
    const dm = matchDefinition(text);
    if (dm) {
      const ev = { t: "def" as const, code: dm.code, text: dm.text, line: no, page };
      events.push(ev);
      def = dm.next >= 0 ? { code: dm.code, next: dm.next, event: ev } : null;
      if (dm.rest) handleText(dm.rest, { ...ln, blankBefore: false });
      continue;
    }
    if (isValueText(text)) {
      pushValue(text, no, false);
      continue;
    }
    // a label continued on the next line ("Tempestività di acquisizione della / comunicazione ...")
    if (pendingLabel?.open && startsAsContinuation(text) && pendingLabel.label.kind === "sub") {
      pendingLabel.label.raw += " " + text;
      pendingLabel.open = endsIncomplete(text);
      continue;
    }
    if (!continuing) {
      const parts = splitGluedLabels(text);
      if (parts) {
        for (const p of parts) {
          const l = classifyLabel(p)!;
          events.push({ t: "label", label: l, line: no, page });
          if (row) (row as RowDraft).closed = (row as RowDraft).closed || (row as RowDraft).formula.length > 0 || hasValue(row);
        }
        pendingLabel = null;
        continue;
      }
      let label = classifyLabel(text);
      let rest: string | null = text;
      let labelled = false;
      let trailingValue: string | null = null;
      if (!label) {
        // labels glued to their row's value ("Trasparenza Responsabili 100%")
        const tv = splitTrailingValue(text, text);
        const l = tv ? classifyLabel(tv.text) : null;
        if (tv && l) {
          label = l;
          trailingValue = tv.value;
        }
      }
      while (label) {
        labelled = true;
        const { rest: r, ...l } = label;
        const ev = { t: "label" as const, label: { ...l, rest: null } as Label, line: no, page };
        events.push(ev);
        pendingLabel = { label: ev.label, open: l.kind === "sub" && endsIncomplete(l.raw) };
        // a label ends the row above once it has its formula or value
        if (row && ((row as RowDraft).formula.length > 0 || hasValue(row))) (row as RowDraft).closed = true;
        if (row && (row as RowDraft).desc.length > 0 && (row as RowDraft).formula.length === 0) (row as RowDraft).closed = true;
        rest = r;
        label = rest ? classifyLabel(rest) : null;
        // "Trasparenza Responsabili 100%": a label and a value on one line
        const tv = rest && !label ? splitTrailingValue(rest, rest) : null;
        const tvLabel = tv ? classifyLabel(tv.text) : null;
        if (tv && tvLabel && !tvLabel.rest) {
          label = tvLabel;
          trailingValue = tv.value;
        }
        if (label === null && trailingValue) break;
      }
      if (labelled) {
        if (trailingValue) {
          pushValue(trailingValue, no, false);
          trailingValue = null;
          rest = null;
        }
        const dm = rest ? matchDefinition(rest) : null;
        if (dm) {
          // "Equità (*) Capacità del servizio ...": the label and its definition on one line
          const ev = { t: "def" as const, code: dm.code, text: dm.text, line: no, page };
          events.push(ev);
          def = dm.next >= 0 ? { code: dm.code, next: dm.next, event: ev } : null;
          rest = dm.rest;
        }
        if (rest && isValueText(rest)) pushValue(rest, no, false);
        else if (rest) {
          pendingLabel = null;
          handleText(rest, { ...ln, blankBefore: true });
        }
        continue;
      }
    }
    pendingLabel = null;
    handleText(text, ln);
  }
  return { events, rows };
}

function lastOf(r: RowDraft): string {
  return (r.last === "formula" ? r.formula[r.formula.length - 1] : r.desc[r.desc.length - 1]) ?? "";
}
