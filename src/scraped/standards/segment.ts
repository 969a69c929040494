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
import { type DefinitionMatch, formulaStrength, headerRoles, isHeaderLine, isRatioShaped, isTemplateFootnote, isValueText, matchDefinition, splitGluedFormula, splitTrailingValue } from "../common/kinds.js";
import { type Label, classifyLabel, splitGluedLabels } from "../common/labels.js";
import { type TextLine, endsIncomplete, joinCellLines, startsAsContinuation } from "../common/lines.js";

export interface RowDraft {
  id: number;
  /** Description lines, in reading order. */
  desc: string[];
  /** Earlier pieces of the description column that were separated from the last one (labels of the office's own). */
  extraPieces: string[];
  /** The office's own sub-dimension label printed right before the row's description (anchorOwnLabels). */
  ownSub?: string | null;
  /** That label could also be the row above's note (one piece after the row above's value, in a table with a Note column). */
  ownSubOrNote?: boolean;
  /** A piece printed before the own label: the row above's note. */
  leadNote?: string | null;
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
  /** The formula was opened by a weak formula word ("Tempo di ...", "Giorni di ...") after one description piece: it may be the description. */
  weakFormula?: boolean;
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
export function segmentTable(lines: TextLine[]): Segmentation {
  const s = new Segmenter();
  const roles = headerRoles(lines);
  s.paragraphs = lines.filter((l) => l.blankBefore).length > lines.length / 10;
  // the office printed its target before the formula ("Descrizione | Valore programmato | Formula")
  s.valueFirst = roles.includes("formula") && roles.includes("target") && roles.indexOf("target") < roles.indexOf("formula");
  s.subColumn = !roles.length || roles.includes("subdimension");
  for (const ln of lines) {
    s.page = ln.page;
    s.readLine(ln);
  }
  formulaByColumnOrder(s.events);
  if (s.subColumn) anchorOwnLabels(s.events, roles.includes("notes"));
  return { events: s.events, rows: s.rows };
}

/** A cell shaped as a label: a short phrase opening with a capital, no number, no closing punctuation, no formula, no value. */
export function isLabelShaped(t: string): boolean {
  const s = t.trim();
  return s.length <= 60 && s.split(/\s+/).length <= 8 && /^\p{Lu}/u.test(s) && !/\d/.test(s) && !/[.;:,]$/.test(s) && formulaStrength(s) === 0 && !isValueText(s);
}

/**
 * Two text cells before a row's value and no formula: the office's own label and the
 * description (the formula's cell empty), or the description and the formula (the label
 * spanned from a row above). The table's rows decide by their count of cells: where the
 * second cell has a ratio's shape, or the other rows with a value have their formula (three
 * at least, one in five without at most: a note read as a row), the two cells are the
 * description and the formula, in the columns' order.
 */
function formulaByColumnOrder(events: TableEvent[]): void {
  const rows = events.flatMap((e) => (e.t === "row" ? [e.row] : []));
  const valued = new Set(events.flatMap((e) => (e.t === "value" && e.row ? [e.row] : [])));
  for (const r of rows) {
    const own = r.extraPieces[r.extraPieces.length - 1];
    if (r.formula.length || !own || !r.desc.length || !valued.has(r) || !isLabelShaped(own)) continue;
    // a description is a phrase, not a template's label nor a word; a formula is a whole cell
    if (own.split(/\s+/).length < 3 || classifyLabel(own) || endsIncomplete(joinCellLines(r.desc))) continue;
    const others = rows.filter((o) => o !== r && valued.has(o));
    const withFormula = others.filter((o) => o.formula.length > 0).length;
    const allFormulas = withFormula >= 3 && (others.length - withFormula) * 5 <= withFormula;
    if (!allFormulas && !isRatioShaped(joinCellLines(r.desc))) continue;
    r.formula = r.desc;
    r.desc = [own];
    // a piece before them: the row above's note
    if (r.extraPieces.length > 1) r.leadNote = r.extraPieces.slice(0, -1).join(" ");
    r.extraPieces = [];
    r.descBeforeFormula = 1;
    r.last = "formula";
  }
}

/**
 * The office's own sub-dimension labels printed with their rows: in a table with a
 * sub-dimension column, a label-shaped cell printed right before a row's description is
 * that row's label (the cell of a merged label that starts on that row); a piece printed
 * before it is the row above's note. One piece right after the row above's value, in a
 * table with a Note column, may be either: it stays the label, doubted; shaped as no label
 * is (a number in it, a closing stop), it is the note.
 */
function anchorOwnLabels(events: TableEvent[], notesColumn: boolean): void {
  events.forEach((e, i) => {
    if (e.t !== "row") return;
    const r = e.row;
    const last = r.extraPieces[r.extraPieces.length - 1];
    if (!last || !(r.formula.length || events.some((x) => x.t === "value" && x.row === r))) return;
    if (!isLabelShaped(last)) {
      // one piece right after the row above's value that no label is shaped as ("Legge 24/2017, art. 4"): that row's note
      if (notesColumn && r.extraPieces.length === 1 && events[i - 1]?.t === "value") [r.leadNote, r.extraPieces] = [last, []];
      return;
    }
    r.ownSub = last;
    r.extraPieces = r.extraPieces.slice(0, -1);
    if (r.extraPieces.length) {
      r.leadNote = r.extraPieces.join(" ");
      r.extraPieces = [];
    } else r.ownSubOrNote = notesColumn && events[i - 1]?.t === "value";
  });
}

type DefEvent = Extract<TableEvent, { t: "def" }>;

/** Labels read at a line's start, what follows them, and a value glued after them ("Trasparenza Responsabili 100%"). */
interface LabelChain {
  labels: Label[];
  rest: string | null;
  trailingValue: string | null;
}

/**
 * The segmentation's state as it reads line after line: the events and rows so far, the
 * row being read, and what may go on on the next line (a label, a definition, a value
 * split off a formula's line). Each line goes through the rules of `readLine` in order.
 */
class Segmenter {
  readonly events: TableEvent[] = [];
  readonly rows: RowDraft[] = [];
  /** The last row begun (closed once a label, a footnote or the next row ends it). */
  row: RowDraft | null = null;
  page = 1;
  /** Past the template's footnotes: rows begun now are late. */
  afterFootnotes = false;
  /** The last label read, and whether its text may go on on the next line. */
  pendingLabel: { label: Label; open: boolean } | null = null;
  /** An additional dimension's definition that may go on on the next line, from word `next`. */
  def: { code: string; next: number; event: DefEvent } | null = null;
  /** A value split off a formula line's end, undone if the formula goes on below it. */
  trailing: { row: RowDraft; index: number; original: string; event: TableEvent } | null = null;
  /** The header prints the target before the formula: a row's formula comes after its value. */
  valueFirst = false;
  /** Blank lines part the cells (reading order); content-stream order prints none. */
  paragraphs = true;
  /** The header has a sub-dimension column (or no header was read): an office's own label may open a row. */
  subColumn = true;

  /** The row being read, while it is open. */
  get open(): RowDraft | null {
    return this.row && !this.row.closed ? this.row : null;
  }

  readLine(ln: TextLine): void {
    const text = ln.text;
    if (this.def && this.continueDefinition(ln)) return;
    // the open cell's text goes on: footnote-like and label-like lines are its own
    const cur = this.open;
    // a value cell wrapped over two lines ("10 giorni / lavorativi")
    const prev = this.events[this.events.length - 1];
    if (this.paragraphs && prev?.t === "value" && !ln.blankBefore && prev.line === ln.no - 1 && startsAsContinuation(text) && isValueText(`${prev.raw} ${text}`)) {
      prev.raw = `${prev.raw} ${text}`;
      return;
    }
    // a lower-case line right under the open cell goes on that cell, whatever it looks like
    const under = this.paragraphs && !!cur && !!cur.last && !ln.blankBefore && startsAsContinuation(text) && !this.hasValue(cur) && !isHeaderLine(text);
    const continuing = under || (!!cur && !!cur.last && endsIncomplete(lastOf(cur)) && !this.hasValue(cur) && formulaStrength(text) === 0);
    if (!continuing && this.skipped(ln)) return;
    const dm = matchDefinition(text);
    if (dm) {
      this.addDefinition(dm, ln.no);
      if (dm.rest) this.handleText(dm.rest, { ...ln, blankBefore: false });
      return;
    }
    if (isValueText(text)) return this.pushValue(text, ln.no, false);
    if (this.continueLabel(text)) return;
    if (!continuing && this.readLabels(ln)) return;
    this.pendingLabel = null;
    this.handleText(text, ln);
  }

  /** An additional dimension's definition continued from the line before (and the text glued after it). */
  private continueDefinition(ln: TextLine): boolean {
    const d0 = this.def!;
    const m = matchDefinition(ln.text, { code: d0.code, from: d0.next });
    if (!m) {
      this.def = null;
      return false;
    }
    d0.event.text += " " + m.text;
    this.def = m.next >= 0 ? { ...d0, next: m.next } : null;
    if (m.rest) this.handleText(m.rest, { ...ln, blankBefore: false });
    return true;
  }

  /** A footnote of the template or a bulleted line (which end the rows before them), or a column title. */
  private skipped(ln: TextLine): boolean {
    if (isTemplateFootnote(ln.text) || ln.bullet) {
      this.pendingLabel = null;
      this.afterFootnotes = true;
      if (this.row) this.row.closed = true;
      return true;
    }
    return isHeaderLine(ln.text);
  }

  private addDefinition(dm: DefinitionMatch, no: number): void {
    const ev: DefEvent = { t: "def", code: dm.code, text: dm.text, line: no, page: this.page };
    this.events.push(ev);
    this.def = dm.next >= 0 ? { code: dm.code, next: dm.next, event: ev } : null;
  }

  /** A sub-dimension label continued on the next line ("Tempestività di acquisizione della / comunicazione ..."). */
  private continueLabel(text: string): boolean {
    const p = this.pendingLabel;
    if (!p?.open || !startsAsContinuation(text) || p.label.kind !== "sub") return false;
    p.label.raw += " " + text;
    p.open = endsIncomplete(text);
    return true;
  }

  /** Labels at the line's start, glued to each other, to the next cell or to a value; false where the line opens with none. */
  private readLabels(ln: TextLine): boolean {
    const parts = splitGluedLabels(ln.text);
    if (parts) {
      for (const p of parts) {
        this.events.push({ t: "label", label: classifyLabel(p)!, line: ln.no, page: this.page });
        if (this.row) this.row.closed = this.row.closed || this.row.formula.length > 0 || this.hasValue(this.row);
      }
      this.pendingLabel = null;
      return true;
    }
    const chain = labelChain(ln.text);
    if (!chain) return false;
    for (const l of chain.labels) this.addLabel(l, ln.no);
    let rest = chain.rest;
    if (chain.trailingValue) {
      this.pushValue(chain.trailingValue, ln.no, false);
      rest = null;
    }
    const dm = rest ? matchDefinition(rest) : null;
    if (dm) {
      // "Equità (*) Capacità del servizio ...": the label and its definition on one line
      this.addDefinition(dm, ln.no);
      rest = dm.rest;
    }
    if (rest && isValueText(rest)) this.pushValue(rest, ln.no, false);
    else if (rest) {
      this.pendingLabel = null;
      this.handleText(rest, { ...ln, blankBefore: true });
    }
    return true;
  }

  /** A label ends the row above once it has its formula or value, or a description without a formula. */
  private addLabel(label: Label, no: number): void {
    this.events.push({ t: "label", label, line: no, page: this.page });
    this.pendingLabel = { label, open: label.kind === "sub" && endsIncomplete(label.raw) };
    const r = this.row;
    if (r && (r.formula.length > 0 || this.hasValue(r))) r.closed = true;
    if (r && r.desc.length > 0 && r.formula.length === 0) r.closed = true;
  }

  /** A line of cell text: it goes on the open cell, opens a formula, or is a description, by the first rule that applies. */
  handleText(text: string, ln: TextLine): void {
    const cur = this.open;
    const strength = formulaStrength(text);
    if (cur && this.continuesCell(cur, text, ln, strength)) return;
    if (!cur && startsAsContinuation(text)) {
      this.events.push({ t: "other", text, line: ln.no, page: this.page });
      return;
    }
    if (strength < 2 && this.gluedFormula(text, ln)) return;
    const hasValue = cur ? this.hasValue(cur) : false;
    if (cur && !hasValue && this.shiftedByFormula(cur, text, ln, strength)) return;
    // the cell after a row's value, in a table that prints the target first, is the row's formula
    if (this.valueFirst && cur && hasValue && cur.desc.length > 0 && cur.formula.length === 0) {
      this.addFormula(cur, text, ln.no);
      return;
    }
    if (strength === 2 || (strength === 1 && cur && cur.desc.length > 0 && cur.formula.length === 0 && !hasValue)) {
      const r = cur && cur.formula.length === 0 && !hasValue ? cur : this.newRow(ln.no);
      r.descBeforeFormula = ln.blankBefore ? 0 : r.desc.length;
      r.weakFormula = strength === 1 && r === cur && ln.blankBefore && r.extraPieces.length <= 1 && !text.includes("/");
      this.addFormula(r, text, ln.no);
      return;
    }
    this.descriptionText(cur, hasValue, text, ln, strength);
  }

  /**
   * Three cells before a row's value, in a table with a sub-dimension column: a label-shaped
   * piece, a text opening with a weak formula word ("Giorni di apertura del numero verde"),
   * then a formula proper (a strong formula word or a ratio). The columns' order makes them
   * the office's own label, the description and the formula, not a row and the next one.
   */
  private shiftedByFormula(cur: RowDraft, text: string, ln: TextLine, strength: number): boolean {
    if (!this.subColumn || !this.paragraphs || !cur.weakFormula || !ln.blankBefore || cur.last !== "formula") return false;
    if (!(strength === 2 || (strength === 1 && text.includes("/"))) || !isLabelShaped(cur.desc.join(" "))) return false;
    const [own, desc] = [cur.desc.join(" "), cur.formula];
    let r = cur;
    cur.weakFormula = false;
    if (cur.extraPieces.length && !isLabelShaped(cur.extraPieces.join(" "))) {
      // a description before the label: a row of its own, with no formula (its value printed away)
      cur.desc = [cur.extraPieces.join(" ")];
      cur.extraPieces = [];
      cur.formula = [];
      cur.last = "desc";
      r = this.newRow(ln.no);
    }
    r.extraPieces.push(own);
    r.desc = desc;
    r.formula = [];
    r.descBeforeFormula = 0;
    this.addFormula(r, text, ln.no);
    return true;
  }

  /** The rest of the open row's cell (a continuation, or the text after one left open), in the column it goes on. */
  private continuesCell(cur: RowDraft, text: string, ln: TextLine, strength: number): boolean {
    const cont = startsAsContinuation(text);
    const descMissing = !cont && !ln.blankBefore && cur.desc.length === 0 && cur.formula.length > 0 && !this.hasValue(cur) && strength === 0;
    if (descMissing || !(cont || (cur.last && endsIncomplete(lastOf(cur)) && strength === 0))) return false;
    const col = cur.desc.length && cur.formula.length ? (ln.blankBefore && !endsIncomplete(lastOf(cur)) && cur.last ? cur.last : continuationColumn(cur, text)) : cur.formula.length ? "formula" : "desc";
    if (col === "formula") this.addFormula(cur, text, ln.no);
    else this.addDesc(cur, text);
    return true;
  }

  /** Two cells glued on one line, the second a formula: each read in turn. */
  private gluedFormula(text: string, ln: TextLine): boolean {
    const glued = splitGluedFormula(text);
    if (!glued) return false;
    this.handleText(glued[0], ln);
    const r = this.row!;
    if (r.formula.length === 0) {
      r.glued = true;
      r.descBeforeFormula = r.desc.length;
      this.addFormula(r, glued[1], ln.no);
    } else this.handleText(glued[1], { ...ln, blankBefore: false });
    return true;
  }

  /** Text that is not a formula: the open row's description, a new row's, or a second piece of the description column. */
  private descriptionText(cur: RowDraft | null, hasValue: boolean, text: string, ln: TextLine, strength: number): void {
    // same block, row still open: a centred formula came first, or the taller description goes on
    if (cur && !ln.blankBefore && cur.formula.length > 0 && !hasValue && strength === 0 && (cur.desc.length === 0 || cur.descBeforeFormula > cur.descAfterFormula)) {
      this.addDesc(cur, text);
      return;
    }
    // an upper-case cell that is not a formula: a description, or the row's second column
    if (!cur || cur.formula.length > 0 || hasValue) {
      this.addDesc(this.newRow(ln.no), text);
      return;
    }
    if (cur.desc.length > 0 && ln.blankBefore) {
      // a second piece in the description column: the first was the office's own label
      cur.extraPieces.push(cur.desc.join(" "));
      cur.desc = [text];
      cur.last = "desc";
      return;
    }
    this.addDesc(cur, text);
  }

  private newRow(no: number): RowDraft {
    if (this.row) this.row.closed = true;
    const row: RowDraft = { id: this.rows.length, desc: [], extraPieces: [], formula: [], firstLine: no, page: this.page, descBeforeFormula: 0, descAfterFormula: 0, last: null, glued: false, closed: false, late: this.afterFootnotes };
    this.row = row;
    this.rows.push(row);
    this.events.push({ t: "row", row });
    return row;
  }

  private hasValue(r: RowDraft): boolean {
    return this.events.some((e) => e.t === "value" && e.row === r);
  }

  /** A value event, owned by the open row where it has text already. */
  private pushValue(raw: string, no: number, trailing: boolean): void {
    const row = this.row;
    const r: RowDraft | null = row && !row.closed && (row.formula.length || row.desc.length) ? row : null;
    this.events.push({ t: "value", raw, line: no, page: this.page, trailing, row: r });
  }

  private addFormula(r: RowDraft, text: string, no: number): void {
    const t = this.trailing;
    // the formula goes on below a value split off its line: the value was the formula's own words,
    // unless it is a percentage (the value cell printed beside the formula's first line)
    const percent = t?.event.t === "value" && /%$/.test(t.event.raw);
    if (t && t.row === r && r.formula.length - 1 === t.index && !percent) {
      r.formula[t.index] = t.original;
      this.events.splice(this.events.indexOf(t.event), 1);
    }
    this.trailing = null;
    const tv = splitTrailingValue(text, [...r.formula, text].join(" "));
    r.formula.push(tv ? tv.text : text);
    r.last = "formula";
    if (tv) {
      this.pushValue(tv.value, no, true);
      this.trailing = { row: r, index: r.formula.length - 1, original: text, event: this.events[this.events.length - 1] };
    }
  }

  private addDesc(r: RowDraft, text: string): void {
    r.desc.push(text);
    if (r.formula.length) r.descAfterFormula++;
    r.last = "desc";
  }
}

/**
 * The labels a line opens with, one after the other ("Efficacia Regolarità ..."), what
 * follows them, and a value glued after them ("Trasparenza Responsabili 100%"); null where
 * the line opens with no label.
 */
function labelChain(text: string): LabelChain | null {
  const out: LabelChain = { labels: [], rest: text, trailingValue: null };
  let label = classifyLabel(text);
  if (!label) {
    // labels glued to their row's value ("Trasparenza Responsabili 100%")
    const tv = splitTrailingValue(text, text);
    const l = tv ? classifyLabel(tv.text) : null;
    if (tv && l) {
      label = l;
      out.trailingValue = tv.value;
    }
  }
  while (label) {
    const { rest: r, ...l } = label;
    out.labels.push({ ...l, rest: null } as Label);
    out.rest = r;
    label = r ? classifyLabel(r) : null;
    // "Trasparenza Responsabili 100%": a label and a value on one line
    const tv = r && !label ? splitTrailingValue(r, r) : null;
    const tvLabel = tv ? classifyLabel(tv.text) : null;
    if (tv && tvLabel && !tvLabel.rest) {
      label = tvLabel;
      out.trailingValue = tv.value;
    }
  }
  return out.labels.length ? out : null;
}

function lastOf(r: RowDraft): string {
  return (r.last === "formula" ? r.formula[r.formula.length - 1] : r.desc[r.desc.length - 1]) ?? "";
}
