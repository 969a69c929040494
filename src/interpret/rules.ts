/**
 * The interpreter's rules, one per kind of line the templates print, over an explicit
 * state (PartState): each rule looks at one item (a table row, or a line of text) and
 * either takes it, changing the state, or leaves it to the next rule. RULES holds them in
 * the order they are tried; the first that takes an item ends its reading.
 */
import type { Action, Indicator, ReviewItem } from "../model/schema.js";
import { isFootnote } from "../normalize/text.js";
import { detectHeader, headerRole, sameHeader } from "../template/header.js";
import { composeSignatory, isActionsHeader, isSignatoryLine } from "../template/sections.js";
import { matchServiceLabel, type ServiceField } from "../template/service.js";
import { TITLE_MARKERS } from "../normalize/taxonomy.js";
import { labelKey } from "../normalize/text.js";
import { isBreadcrumb, isResultsTitle, startsWithMarker, titleServiceName } from "../template/title.js";
import { readIndicatorRow, type TableState } from "./indicator-row.js";
import { type InterpretContext, type Item, provenance } from "./items.js";

export interface ServiceDraft {
  fields: Partial<Record<ServiceField, string | null>>;
  indicators: Indicator[];
  first: Item | null;
}

/** The field whose value comes next: a label printed alone (value below it), or a value that may wrap on. */
interface OpenField {
  field: ServiceField;
  filled: boolean;
}

const TITLE_KEYS = TITLE_MARKERS.map(labelKey);

type Section = "title" | "service" | "table" | "footnotes" | "actions";

/** What the reading of one part has gathered so far, and where it stands. */
export class PartState {
  readonly review: ReviewItem[] = [];
  readonly titleLines: string[] = [];
  readonly services: ServiceDraft[] = [];
  readonly actions: Action[] = [];
  signatory: string | null = null;
  /** The indicator table being read: its header and the row above. */
  table: TableState | null = null;
  section: Section = "title";
  /** A table header had a column of achieved values (a results report). */
  sawResultsColumns = false;
  current: ServiceDraft | null = null;
  /** The field whose value may come in the next item. */
  open: OpenField | null = null;
  /** Labels side by side in one row, their values in the row below. */
  labelColumns: Map<number, ServiceField> | null = null;
  /** The heading printed last above the coming table, no row since (a caption may come between). */
  headingAbove: { text: string; titleLine: boolean } | null = null;

  constructor(readonly ctx: InterpretContext) {}

  newService(item: Item | null): ServiceDraft {
    const d: ServiceDraft = { fields: {}, indicators: [], first: item };
    this.services.push(d);
    return d;
  }

  /** A service field read: a new service where the current one has it already (or its table is behind). */
  setField(item: Item, field: ServiceField, value: string | null): void {
    if (!this.current || this.section === "table" || this.section === "footnotes" || this.current.fields[field] !== undefined) this.current = this.newService(item);
    this.current.fields[field] = value || null;
    this.section = "service";
  }
}

/** One item as the rules see it, with what the item before left pending. */
export interface Step {
  item: Item;
  texts: string[];
  first: string;
  isRow: boolean;
  /** Labels of the row before, whose values this row may hold. */
  pendingColumns: Map<number, ServiceField> | null;
  /** A field of the item before whose value this item may hold or go on with. */
  pending: OpenField | null;
}

type Rule = (s: PartState, step: Step) => boolean;

/** A breadcrumb before the title: navigation, not text of the charter. */
const skipBreadcrumb: Rule = (s, { texts, first }) => s.section === "title" && texts.length === 1 && isBreadcrumb(first);

/** An indicator table's header row: a new table (or the same header repeated on a new page). */
const readHeader: Rule = (s, { item, isRow }) => {
  const header = isRow ? detectHeader(item) : null;
  if (!header) return false;
  // the header repeated on a new page (not a table under a heading of its own)
  if (s.table && s.section === "table" && sameHeader(s.table.header, header) && !s.headingAbove) return true;
  s.table = { header, previous: [] };
  for (const c of item.cells) {
    if (c.text && headerRole(c.text) === null) s.review.push({ kind: "header", label: c.text, reason: "column title not in the template's vocabulary: its column is not read", provenance: provenance(s.ctx, item.src) });
  }
  if (header.roles.includes("actual")) s.sawResultsColumns = true;
  if (!s.current || s.current.indicators.length > 0) s.current = s.newService(item);
  nameByHeading(s, s.current);
  s.section = "table";
  return true;
};

/**
 * A service without a name whose indicator table is printed under a heading of its own
 * (a web page's section per service: "<h2>Biblioteche civiche</h2>", the table below it)
 * takes the heading as its name, unless the heading is the charter's title or a label.
 */
function nameByHeading(s: PartState, d: ServiceDraft): void {
  const h = s.headingAbove;
  s.headingAbove = null;
  if (!h || d.fields.name || startsWithMarker(h.text, TITLE_KEYS) || isResultsTitle(h.text) || matchServiceLabel(h.text) || isActionsHeader(h.text) || isFootnote(h.text)) return;
  // the first service's heading was read with the title block: it is the service's, not the title's
  if (h.titleLine && s.titleLines[s.titleLines.length - 1] === h.text) {
    if (s.titleLines.length < 2) return;
    s.titleLines.pop();
  }
  d.fields.name = titleServiceName(h.text) ?? h.text;
}

/** What the next table's service may be named by: the last heading, until a row comes. */
export function noteHeading(s: PartState, item: Item, first: string): void {
  if (item.kind === "heading") s.headingAbove = { text: first, titleLine: s.section === "title" };
  else if (item.kind === "row" || item.kind === "term") s.headingAbove = null;
}

/** A service label: "Label | value" cells, "Label: value" text, a label alone, or a row of labels. Inside a table only the first label of a service block starts a new service. */
const readServiceLabel: Rule = (s, { item, texts, first, isRow }) => {
  const label = matchServiceLabel(first);
  if (!label || s.section === "actions" || (s.section === "table" && label.field !== "name" && isRow)) return false;
  const columns = isRow ? labelRow(item) : null;
  if (columns) {
    for (const field of columns.values()) s.setField(item, field, null);
    s.labelColumns = columns;
    return true;
  }
  const value = texts.length > 1 ? texts.slice(1).join(" ") : label.rest;
  s.setField(item, label.field, value);
  s.open = { field: label.field, filled: !!value };
  return true;
};

/** The values under a row of labels. */
const readLabelColumnValues: Rule = (s, { item, isRow, pendingColumns }) => {
  const current = s.current;
  if (!current || s.section !== "service" || !pendingColumns || !isRow) return false;
  item.cells.forEach((c, i) => {
    const field = pendingColumns.get(i);
    if (field && c.text) current.fields[field] = c.text;
  });
  return true;
};

/** A label's value below it, or the lines a "Label: value" paragraph wraps onto. */
const continueFieldValue: Rule = (s, { item, texts, first, pending }) => {
  const current = s.current;
  if (!current || !pending || s.section !== "service" || texts.length !== 1 || !isPlainText(item, first)) return false;
  if (!(!pending.filled ? item.kind !== "heading" : item.kind === "paragraph" || item.kind === "definition")) return false;
  const before = current.fields[pending.field];
  current.fields[pending.field] = before ? `${before} ${first}` : first;
  s.open = { field: pending.field, filled: true };
  return true;
};

/** The results template's improvement-actions table starts. */
const openActions: Rule = (s, { first }) => {
  if (!isActionsHeader(first)) return false;
  s.section = "actions";
  return true;
};

/** Inside the actions table (or the footnotes after it): an action and its outcome, or the signatory. */
const readActionsSection: Rule = (s, { texts }) => {
  if (s.section !== "actions" && !(s.section === "footnotes" && s.actions.length > 0)) return false;
  if (isSignatoryLine(texts)) s.signatory = composeSignatory(texts);
  else if (s.section === "actions") s.actions.push({ action: texts[0], outcome: texts.slice(1).join(" ") || null });
  return true;
};

/** The signatory's line, outside a table. */
const readSignatory: Rule = (s, { texts }) => {
  if (!isSignatoryLine(texts) || s.section === "table") return false;
  s.signatory = composeSignatory(texts);
  return true;
};

/** A line of the title block, before anything else. */
const readTitleLine: Rule = (s, { texts }) => {
  if (s.section !== "title") return false;
  s.titleLines.push(...texts);
  return true;
};

/** A title naming the next service ("Carta dei Servizi NAME - Anno 2020") after a service's table. */
const startNamedService: Rule = (s, { item, texts, first }) => {
  const named = texts.length === 1 && s.current?.indicators.length ? titleServiceName(first) : null;
  if (!named) return false;
  s.current = s.newService(item);
  s.current.fields.name = named;
  s.section = "service";
  return true;
};

/** Inside an indicator table: a footnote ends it, text between its pages is passed over, a row is an indicator. */
const readTableItem: Rule = (s, { item, texts, first, isRow }) => {
  if (s.section !== "table" || !s.table) return false;
  if (isFootnote(first) && texts.length === 1) {
    s.section = "footnotes";
    return true;
  }
  if (!isRow) return true; // text between a table's pages (a running title, a page number)
  if (!s.current) s.current = s.newService(item);
  const ind = readIndicatorRow(item, s.table, s.ctx, s.review);
  if (ind) s.current.indicators.push(ind);
  return true;
};

/** A footnote anywhere else starts the footnotes; any other item is passed over. */
const enterFootnotes: Rule = (s, { first }) => {
  if (isFootnote(first)) s.section = "footnotes";
  return true;
};

/** The rules in the order they are tried. */
export const RULES: readonly Rule[] = [
  skipBreadcrumb,
  readHeader,
  readServiceLabel,
  readLabelColumnValues,
  continueFieldValue,
  openActions,
  readActionsSection,
  readSignatory,
  readTitleLine,
  startNamedService,
  readTableItem,
  enterFootnotes,
];

/** A row whose every text is a service label with nothing after it: the labels of values printed in the row below. */
function labelRow(item: Item): Map<number, ServiceField> | null {
  if (item.texts.length < 2) return null;
  const out = new Map<number, ServiceField>();
  for (let i = 0; i < item.cells.length; i++) {
    const t = item.cells[i].text;
    if (!t) continue;
    const m = matchServiceLabel(t);
    if (!m || m.rest) return null;
    out.set(i, m.field);
  }
  return out;
}

/** Text that can be a service field's value: not a label, a column title, a footnote or a title line. */
function isPlainText(item: Item, text: string): boolean {
  if (item.kind === "row" && item.cells.filter((c) => c.text).length !== 1) return false;
  return !matchServiceLabel(text) && !isFootnote(text) && !isActionsHeader(text) && !titleServiceName(text) && !isSignatoryLine([text]);
}
