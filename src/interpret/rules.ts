/**
 * The interpreter's rules, one per kind of line the templates print, over an explicit
 * state (PartState): each rule looks at one item (a table row, or a line of text) and
 * either takes it, changing the state, or leaves it to the next rule. RULES holds them in
 * the order they are tried; the first that takes an item ends its reading.
 */
import type { Action, Indicator, ReviewItem } from "../model/schema.js";
import { isFootnote } from "../normalize/text.js";
import { detectHeader, sameHeader } from "../template/header.js";
import { inferHeader, type InferredHeader, spanningText, twoRowHeader } from "../template/table-roles.js";
import { composeSignatory, isActionsHeader, isSignatoryLine } from "../template/sections.js";
import { extractUrls, isBareNameLabel, labelByMeaning, matchServiceLabel, type ServiceField } from "../template/service.js";
import { isBreadcrumb, titleServiceName } from "../template/title.js";
import { readIndicatorRow, type TableState } from "./indicator-row.js";
import { type InterpretContext, type Item, provenance } from "./items.js";

export interface ServiceDraft {
  fields: Partial<Record<ServiceField, string | null>>;
  indicators: Indicator[];
  first: Item | null;
  /** The heading-like line above the service's block or table, and its place among the title lines (-1 where it is not one). */
  heading: PendingHeading | null;
}

/** A heading-like line not yet given to a service. */
export interface PendingHeading {
  text: string;
  titleIndex: number;
  /** Set apart by the source itself (a heading block). */
  strong: boolean;
}

/** The field whose value comes next: a label printed alone (value below it), or a value that may wrap on. */
interface OpenField {
  field: ServiceField;
  filled: boolean;
  /** Read from a table row (a "Label | value" row): its value does not go on outside the table. */
  row?: boolean;
}

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
  /** The service whose block is being read under its table (fieldAfterTable). */
  afterTable: ServiceDraft | null = null;
  /** The last heading-like line, for the next service that starts. */
  heading: PendingHeading | null = null;

  constructor(readonly ctx: InterpretContext) {}

  newService(item: Item | null): ServiceDraft {
    const d: ServiceDraft = { fields: {}, indicators: [], first: item, heading: this.heading };
    this.heading = null;
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
  /** The rows after this one in the same table. */
  below: () => Item[];
  /** The item after this one, whatever it is. */
  next: () => Item | undefined;
  /** Labels of the row before, whose values this row may hold. */
  /** A field of the item before whose value this item may hold or go on with. */
  pending: OpenField | null;
}

type Rule = (s: PartState, step: Step) => boolean;

/** A breadcrumb before the title: navigation, not text of the charter. */
const skipBreadcrumb: Rule = (s, { texts, first }) => s.section === "title" && texts.length === 1 && isBreadcrumb(first);

/** An indicator table's header row: a new table (or the same header repeated on a new page). */
const readHeader: Rule = (s, { item, isRow, below }) => {
  // inside a table's own rows only the template's header (or the same one repeated) starts a table
  const inside = s.section === "table" && s.table?.block === item.table;
  if (!isRow || (inside && !detectHeader(item) && !twoRowHeader(item, below()[0]) && !sameTexts(item.texts, s.table?.titles ?? []))) return false;
  // a header on two rows (group titles merged across over leaf titles) is read as one
  const rows = below();
  const joined = twoRowHeader(item, rows[0]);
  const header = inferHeader(joined ?? item, joined ? rows.slice(1) : rows);
  if (!header) return false;
  const subHeader = joined ? rows[0] : undefined;
  // the same header again: repeated on a new page, unless a heading named a new table
  if (s.table && s.section === "table" && sameHeader(s.table.header, header) && !(s.heading?.strong || headedApart(s, item))) {
    s.table.subHeader = subHeader;
    return true;
  }
  s.table = { header, previous: [], group: null, block: item.table, titles: item.texts, subHeader, page: item.src.page };
  reviewTitles(s, item, header, joined?.cells ?? item.cells);
  if (header.roles.includes("actual")) s.sawResultsColumns = true;
  if (!s.current || s.current.indicators.length > 0) s.current = s.newService(item);
  s.section = "table";
  return true;
};

/** A service label: "Label | value" cells, "Label: value" text, a label alone, or a row of labels. Inside a table only the first label of a service block starts a new service. */
const readServiceLabel: Rule = (s, { item, texts, first, isRow, pending, below, next: after }) => {
  // a label cell that names the service only as a whole ("Servizio | NAME", a page's field)
  const bare = isRow && texts.length === 2 && isBareNameLabel(first) ? { field: "name" as const, rest: "" } : null;
  const label = matchServiceLabel(first) ?? bare ?? labelByMeaning(first);
  if (!label || s.section === "actions" || (s.section === "table" && label.field !== "name" && isRow && item.table === s.table?.block)) return false;
  // a label known only by its words opens a new service after a table only under a heading of
  // its own: a source heading; a heading-like line over a table of "label | value" rows (a
  // service block); or, in a source without pages, a line shaped as one (a Word heading typed
  // as a bold paragraph); not a line of a page's chrome
  const fieldsTable = isRow && texts.length >= 2 && item.table !== s.table?.block;
  // a "Label: value" line right under the table of a service that has no block yet, no heading
  // between: that service's block printed after its table
  if ("byMeaning" in label && texts.length === 1 && fieldAfterTable(s, label)) return true;
  if ("byMeaning" in label && (s.section === "table" || s.section === "footnotes") && !(s.heading?.strong || (s.heading && (fieldsTable || item.src.page === undefined)))) return false;
  // nor is it a label where a value is due (a definition, the line under a label printed alone)
  if ("byMeaning" in label && (item.kind === "definition" || (pending && !pending.filled))) return false;
  // nor, in the title block, a bare label of addresses whose next line holds none (a page's own link: "Sito istituzionale")
  if ("byMeaning" in label && label.field === "urls" && s.section === "title" && texts.length === 1 && !label.rest && !urlBelow(below())) return false;
  // "Label | value | Label | value": two fields side by side (a web page's cards printed in one row)
  const next = isRow ? texts.findIndex((t, k) => k >= 2 && matchServiceLabel(t)?.field !== undefined && !matchServiceLabel(t)?.rest) : -1;
  const value = texts.length > 1 ? texts.slice(1, next > 0 ? next : undefined).join(" ") : labelGoesOn(item, first, label.rest, after()) ? "" : label.rest;
  s.setField(item, label.field, value);
  s.open = { field: label.field, filled: !!value, ...(isRow && value ? { row: true } : {}) };
  if (next > 0) {
    const field = matchServiceLabel(texts[next])!.field;
    const rest = texts.slice(next + 1).join(" ") || null;
    s.setField(item, field, rest);
    s.open = { field, filled: !!rest, ...(rest ? { row: true } : {}) };
  }
  return true;
};

/**
 * Whether the words after a known label's opening are the rest of the label, not its value:
 * an office's longer wording ("Organo cui notificare la diffida") alone on its line, with no
 * colon, a few words going on in lower case, its value printed apart (a definition, the
 * next row).
 */
function labelGoesOn(item: Item, text: string, rest: string, next: Item | undefined): boolean {
  // (a label the source marked itself, and words that are not plain words, a link, a number, are the value)
  if (!rest || item.label || text.includes(":") || item.texts.length !== 1 || !/^\p{Ll}[\p{L}'’ ]*$/u.test(rest) || rest.split(/\s+/).length > 4) return false;
  if (item.kind === "term") return true;
  return !!next && next.texts.length >= 1 && !matchServiceLabel(next.texts[0]) && !labelByMeaning(next.texts[0]);
}

/**
 * A line of a service's block whose label names no field but whose value is only links
 * ("Moduli e informazioni | https://..."), or a link alone under the service's links: the
 * service's URLs, by the value's shape.
 */
const readLinkLine: Rule = (s, { texts, isRow, pending }) => {
  if (s.section !== "service" || !s.current) return false;
  // a link alone on the line under the service's links: one more of them
  const more = pending?.field === "urls" && texts.length === 1 && onlyLinks(texts[0]);
  if (s.current.fields.urls !== undefined && !more) return false;
  const value = more ? texts[0] : isRow ? (texts.length === 2 ? texts[1] : null) : /^[^:]{2,60}:\s*(\S.*)$/.exec(texts[0])?.[1] ?? null;
  if (!value || !onlyLinks(value)) return false;
  const before = s.current.fields.urls;
  s.current.fields.urls = before ? `${before} ${value}` : value;
  s.open = { field: "urls", filled: true };
  return true;
};

const onlyLinks = (value: string) => {
  const parts = value.split(/[\s,;]+/).filter(Boolean);
  return parts.length > 0 && extractUrls(value).length === parts.length && parts.some((p) => /^(?:https?:\/\/|www\.)/i.test(p));
};

/** Whether the next line of the table holds an address. */
function urlBelow(rows: Item[]): boolean {
  const next = rows.find((r) => r.texts.length > 0);
  return !!next && extractUrls(next.texts.join(" ")).length > 0;
}

/** A label's value below it, or the lines a "Label: value" paragraph wraps onto. */
const continueFieldValue: Rule = (s, { item, texts, first, pending }) => {
  const current = s.current;
  if (!current || !pending || s.section !== "service" || texts.length !== 1 || !isPlainText(item, first, pending.filled)) return false;
  if ((pending.row && item.kind !== "row") || (pending.filled && item.label)) return false; // a bold label of its own starts another line
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
const readTableItem: Rule = (s, { item, texts, first, isRow, below }) => {
  if (s.section !== "table" || !s.table) return false;
  if (isFootnote(first) && texts.length === 1) {
    s.section = "footnotes";
    return true;
  }
  if (!isRow) return true; // text between a table's pages (a running title, a page number)
  if (item === s.table.subHeader) return true; // the second row of a two-row header
  // another table under a heading of its own, with no header: not this table's rows (a service's block of fields)
  if (headedApart(s, item)) return true;
  s.table.page = item.src.page;
  const spanning = spanningText(item, s.table.header.roles.length, s.table.header.roles.findIndex((r) => r !== null));
  if (spanning && readSpanningRow(s, item, spanning, below())) return true;
  if (!s.current) s.current = s.newService(item);
  const ind = readIndicatorRow(item, s.table, s.ctx, s.review);
  if (ind) s.current.indicators.push(ind);
  return true;
};

/**
 * A row spanning the table: the name of the next service where a service block or a new
 * table follows it, or where the table has a group column of its own (the row names a
 * part of the charter); else the group label of the rows below it.
 */
function readSpanningRow(s: PartState, item: Item, text: string, below: Item[]): boolean {
  const next = below.find((r) => r.texts.length > 0);
  // a "Label: value" line is a service block's, whatever its label's words: no name, no group
  if (fieldLine(text)) {
    const label = matchServiceLabel(text) ?? labelByMeaning(text);
    if (label) fieldAfterTable(s, label);
    return true;
  }
  // a footnote under it ("(*) Dimensioni aggiuntive: ...") is no service block's line
  const opensService = !!next && !isFootnote(next.texts[0]) && (!!matchServiceLabel(next.texts[0]) || !!labelByMeaning(next.texts[0]) || fieldLine(next.texts[0]) || !!detectHeader(next) || sameTexts(next.texts, s.table?.titles ?? []));
  if (opensService) {
    s.current = s.newService(item);
    // a block that names its own service ("Servizio: NAME") below it: the row is the block's heading, not its name
    if (matchServiceLabel(next.texts[0])?.field !== "name") s.current.fields.name = text;
    s.section = "service";
    return true;
  }
  if (!s.table) return false;
  // where the table has a group column of its own, a row merged across it names a part of
  // the charter (a line, a route, a section): the service of the rows below it; a text alone
  // in the group column, not merged, is that column's label continued on a new page
  if (s.table.header.roles.includes("dimension")) {
    if (!next || !mergedAcross(item) || spanningText(next, s.table.header.roles.length) !== null) return false;
    s.current = s.newService(item);
    s.current.fields.name = text;
    s.table.previous = [];
    return true;
  }
  s.table.group = text;
  return true;
}

/**
 * A row of another table block than the one being read, with a heading-like line between
 * them on the same page (or in a source without pages): a table of its own, not the next
 * page of the one being read (whose running title would stand on a new page).
 */
function headedApart(s: PartState, item: Item): boolean {
  if (!s.table || !s.heading || item.table === undefined || item.table === s.table.block) return false;
  return item.src.page === undefined || item.src.page === s.table.page;
}

/**
 * A "Label: value" line right under the table of a service that has no block yet (its name
 * at most), with no heading between: that service's block printed after its table. Whether it was read so.
 */
function fieldAfterTable(s: PartState, label: { field: ServiceField; rest: string }): boolean {
  const cur = s.current;
  const fresh = !!cur && cur.indicators.length > 0 && (s.afterTable === cur ? cur.fields[label.field] === undefined : s.section === "table" && Object.keys(cur.fields).every((k) => k === "name"));
  if (!label.rest || s.heading || !cur || !fresh) return false;
  cur.fields[label.field] = label.rest;
  s.afterTable = cur;
  return true;
}

/** A line shaped "Label: value": a short label of a few words before a colon, text after it. */
const fieldLine = (text: string) => /^[^:.;]{2,50}:\s*\S/.test(text) && /^\S+(?:\s+\S+){0,6}:/.test(text);

/** A row whose one text is merged across the cells right of it. */
const mergedAcross = (item: Item) => {
  const at = item.cells.findIndex((c) => c.text && c.text.trim());
  return at >= 0 && item.cells.length > at + 1 && item.cells.slice(at + 1).every((c) => c.covered === "left");
};

const sameTexts = (a: string[], b: string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/** Review items for the columns whose titles the template does not print: the role read from the evidence, or none. */
function reviewTitles(s: PartState, item: Item, header: InferredHeader, cells: readonly { text: string | null; covered?: "up" | "left" }[]): void {
  cells.forEach((c, i) => {
    if (!c.text || c.covered) return;
    const d = header.decisions[i];
    if (d === null && header.roles[i]) return;
    const reason = d?.role
      ? `column title not in the template's vocabulary: read as ${d.role} (${d.evidence.filter((e) => e.role === d.role && e.weight > 0).map((e) => `${e.basis} ${e.detail}`).join("; ")})`
      : "column title not in the template's vocabulary: its column is not read";
    s.review.push({ kind: "header", label: c.text, reason, provenance: provenance(s.ctx, item.src) });
  });
}

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
  readLinkLine,
  continueFieldValue,
  openActions,
  readActionsSection,
  readSignatory,
  readTitleLine,
  startNamedService,
  readTableItem,
  enterFootnotes,
];

/** Text that can be a service field's value: not a label (by its words too, where it would go on with a value), a column title, a footnote or a title line. */
function isPlainText(item: Item, text: string, goesOn: boolean): boolean {
  if (item.kind === "row" && item.cells.filter((c) => c.text).length !== 1) return false;
  return !matchServiceLabel(text) && !(goesOn && labelByMeaning(text)) && !isFootnote(text) && !isActionsHeader(text) && !titleServiceName(text) && !isSignatoryLine([text]);
}
