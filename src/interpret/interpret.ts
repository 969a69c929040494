/**
 * The one interpreter: reads the templates the offices fill in (the ministry's "Standard
 * qualità dei servizi erogati", the comuni's "Risultati della qualità dei servizi") from
 * the document model's blocks (src/document/blocks.ts), whatever format produced them:
 * a workbook's sheets, a PDF's tables and paragraphs, a Word document, a web page.
 *
 * Sections are recognised from the templates' vocabulary (src/template/), never from the
 * content of a particular charter: the title block (headings or uppercase lines; a
 * breadcrumb is navigation), the service block in its four shapes (label | value cells,
 * a definition list, "Label: value" paragraphs wrapping onto the next lines, a label
 * with its value below), the indicator table under its header row, the footnotes,
 * improvement actions and signatory; several services one after another.
 */
import type { Block } from "../document/blocks.js";
import type { Action, Indicator, ReviewItem, Service } from "../model/schema.js";
import { isFootnote } from "../normalize/text.js";
import type { DocumentPart } from "../template/assemble.js";
import { detectHeader, headerRole, sameHeader } from "../template/header.js";
import { composeSignatory, isActionsHeader, isSignatoryLine } from "../template/sections.js";
import { extractUrls, matchServiceLabel, type ServiceField } from "../template/service.js";
import { isBreadcrumb, isResultsTitle, readTitleBlock, titleServiceName } from "../template/title.js";
import { readIndicatorRow, type TableState } from "./indicator-row.js";
import { type InterpretContext, type Item, provenance } from "./items.js";

interface ServiceDraft {
  fields: Partial<Record<ServiceField, string | null>>;
  indicators: Indicator[];
  first: Item | null;
}

/** The blocks of one source to its parts: a part per sheet (or printed part), in order. */
export function interpretBlocks(blocks: Block[], ctx: InterpretContext): DocumentPart[] {
  const parts: { name: string | null; items: Item[] }[] = [{ name: null, items: [] }];
  for (const b of blocks) {
    if (b.type === "break") {
      if (parts[parts.length - 1].items.length) parts.push({ name: b.name, items: [] });
      else parts[parts.length - 1].name = b.name;
      continue;
    }
    const items = parts[parts.length - 1].items;
    if (b.type === "table") {
      for (const r of b.rows) items.push({ cells: r.cells, texts: r.cells.map((c) => c.text).filter((t): t is string => !!t), src: r.src, kind: "row" });
    } else if (b.text.trim()) items.push({ cells: [{ text: b.text }], texts: [b.text], src: b.src, kind: b.type });
  }
  return parts.filter((p) => p.items.length).map((p) => interpretItems(p.items, p.name, ctx));
}

/** Read one part: its title block, its service block(s) and its indicator table(s). */
export function interpretItems(items: Item[], name: string | null, ctx: InterpretContext): DocumentPart {
  const review: ReviewItem[] = [];
  const titleLines: string[] = [];
  const services: ServiceDraft[] = [];
  const actions: Action[] = [];
  let signatory: string | null = null;
  let table: TableState | null = null;
  let section: "title" | "service" | "table" | "footnotes" | "actions" = "title";
  let sawResultsColumns = false;
  let current: ServiceDraft | null = null;
  /** The field whose value comes next: a label printed alone (value below it), or a value that may wrap on. */
  let open: { field: ServiceField; filled: boolean } | null = null;
  /** Labels side by side in one row, their values in the row below. */
  let labelColumns: Map<number, ServiceField> | null = null;
  const newService = (item: Item | null): ServiceDraft => {
    const d: ServiceDraft = { fields: {}, indicators: [], first: item };
    services.push(d);
    return d;
  };
  const setField = (item: Item, field: ServiceField, value: string | null) => {
    if (!current || section === "table" || section === "footnotes" || current.fields[field] !== undefined) current = newService(item);
    current.fields[field] = value || null;
    section = "service";
  };

  for (const item of items) {
    const { texts } = item;
    if (texts.length === 0) continue;
    const first = texts[0];
    const isRow = item.kind === "row";
    const pendingColumns = labelColumns;
    labelColumns = null;
    const pending: { field: ServiceField; filled: boolean } | null = open;
    open = null;

    if (section === "title" && texts.length === 1 && isBreadcrumb(first)) continue;
    const header = isRow ? detectHeader(item) : null;
    if (header) {
      if (table && section === "table" && sameHeader(table.header, header)) continue; // header repeated on a new page
      table = { header, previous: [] };
      for (const c of item.cells) {
        if (c.text && headerRole(c.text) === null) review.push({ kind: "header", label: c.text, reason: "column title not in the template's vocabulary: its column is not read", provenance: provenance(ctx, item.src) });
      }
      if (header.roles.includes("actual")) sawResultsColumns = true;
      if (!current || current.indicators.length > 0) current = newService(item);
      section = "table";
      continue;
    }

    const label = matchServiceLabel(first);
    // Inside a table only the first label of a service block starts a new service.
    if (label && section !== "actions" && (section !== "table" || label.field === "name" || !isRow)) {
      const columns = isRow ? labelRow(item) : null;
      if (columns) {
        for (const field of columns.values()) setField(item, field, null);
        labelColumns = columns;
        continue;
      }
      const value = texts.length > 1 ? texts.slice(1).join(" ") : label.rest;
      setField(item, label.field, value);
      open = { field: label.field, filled: !!value };
      continue;
    }
    if (current && section === "service" && pendingColumns && isRow) {
      item.cells.forEach((c, i) => {
        const field = pendingColumns.get(i);
        if (field && c.text) current!.fields[field] = c.text;
      });
      continue;
    }
    // A label's value below it, or the lines a "Label: value" paragraph wraps onto.
    if (current && pending && section === "service" && texts.length === 1 && isPlainText(item, first) && (!pending.filled ? item.kind !== "heading" : item.kind === "paragraph" || item.kind === "definition")) {
      const before = current.fields[pending.field];
      current.fields[pending.field] = before ? `${before} ${first}` : first;
      open = { field: pending.field, filled: true };
      continue;
    }

    if (isActionsHeader(first)) {
      section = "actions";
      continue;
    }
    if (section === "actions" || (section === "footnotes" && actions.length > 0)) {
      if (isSignatoryLine(texts)) {
        signatory = composeSignatory(texts);
        continue;
      }
      if (section === "actions") actions.push({ action: texts[0], outcome: texts.slice(1).join(" ") || null });
      continue;
    }
    if (isSignatoryLine(texts) && section !== "table") {
      signatory = composeSignatory(texts);
      continue;
    }

    if (section === "title") {
      titleLines.push(...texts);
      continue;
    }
    // A title naming the next service ("Carta dei Servizi NAME - Anno 2020") after a service's table.
    const named = texts.length === 1 && current?.indicators.length ? titleServiceName(first) : null;
    if (named) {
      current = newService(item);
      current.fields.name = named;
      section = "service";
      continue;
    }
    if (section === "table" && table) {
      if (isFootnote(first) && texts.length === 1) {
        section = "footnotes";
        continue;
      }
      if (!isRow) continue; // text between a table's pages (a running title, a page number)
      if (!current) current = newService(item);
      const ind = readIndicatorRow(item, table, ctx, review);
      if (ind) current.indicators.push(ind);
      continue;
    }
    if (isFootnote(first)) section = "footnotes";
  }

  const head = readTitleBlock(titleLines);
  const kind = sawResultsColumns || titleLines.some(isResultsTitle) ? "results" : "standards";
  const out: Service[] = [];
  for (const d of services) {
    if (d.indicators.length === 0 && Object.keys(d.fields).length === 0) continue;
    const serviceName = d.fields.name ?? head.serviceName ?? null;
    const p = provenance(ctx, d.first?.src);
    out.push({
      name: serviceName,
      description: d.fields.description ?? null,
      delivery_mode: d.fields.delivery_mode ?? null,
      users: d.fields.users ?? null,
      complaint_authority: d.fields.complaint_authority ?? null,
      urls: extractUrls(d.fields.urls ?? null),
      indicators: d.indicators,
      provenance: p,
    });
    if (!serviceName) review.push({ kind: "service", label: name ?? "", reason: "service without a name", provenance: p });
  }
  return { head, kind, services: out, actions, signatory, review };
}

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
