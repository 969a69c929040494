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
import type { Block, TableRow } from "../document/blocks.js";
import { cellShape } from "../normalize/column-roles.js";
import type { Service } from "../model/schema.js";
import type { DocumentPart } from "../template/assemble.js";
import { TITLE_MARKERS } from "../normalize/taxonomy.js";
import { labelKey } from "../normalize/text.js";
import { extractUrls, labelByMeaning, matchServiceLabel } from "../template/service.js";
import { headingServiceName, isHeadingLike } from "../template/service-heading.js";
import { isResultsTitle, readTitleBlock, titleServiceName } from "../template/title.js";
import { type InterpretContext, type Item, provenance } from "./items.js";
import { PartState, RULES, type ServiceDraft } from "./rules.js";

/** The blocks of one source to its parts: a part per sheet (or printed part), in order. */
export function interpretBlocks(blocks: Block[], ctx: InterpretContext): DocumentPart[] {
  const parts: { name: string | null; items: Item[] }[] = [{ name: null, items: [] }];
  for (const [index, b] of blocks.entries()) {
    if (b.type === "break") {
      if (parts[parts.length - 1].items.length) parts.push({ name: b.name, items: [] });
      else parts[parts.length - 1].name = b.name;
      continue;
    }
    const items = parts[parts.length - 1].items;
    if (b.type === "table") {
      for (const r of fieldsAcross(b.rows)) items.push({ cells: r.cells, texts: r.cells.map((c) => c.text).filter((t): t is string => !!t), src: r.src, kind: "row", table: index });
    } else if (b.text.trim()) items.push({ cells: [{ text: b.text }], texts: [b.text], src: b.src, kind: b.type, ...(b.type === "paragraph" && b.label ? { label: b.label } : {}) });
  }
  const read = parts.filter((p) => p.items.length);
  return namedBySheets(read.map((p) => interpretItems(p.items, p.name, ctx)), read.map((p) => sheetServiceName(p.name)));
}

/**
 * A service's fields printed across a table, their labels in one row and their values in
 * the one row below ("Descrizione | Destinatari | Come accedere" over the texts): read as
 * label | value rows, as a fields table printed down. Known by labels that are all the
 * template's own (two or more); or, where some are known only by their words or not at all,
 * by two labels or more that name fields, at least half of the titles, and a second row of
 * texts, not values, under most of them, the two under an empty or heading row and over an
 * empty row or a row filled in other columns (a sheet's grid may hold them among other tables).
 */
function fieldsAcross(rows: readonly TableRow[]): readonly TableRow[] {
  const filled = (r: TableRow | undefined) => (r ? r.cells.filter((c) => !c.covered && c.text?.trim()).length : 0);
  const empty = (r: TableRow | undefined) => filled(r) === 0;
  const shape = (r: TableRow | undefined) => (r ? r.cells.map((c) => (!c.covered && c.text?.trim() ? "x" : "")).join("|") : "");
  const out: TableRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    // (what follows the pair: nothing, an empty row, or a row filled in other columns: the next table's header)
    const apart = filled(rows[i - 1]) <= 1 && (empty(rows[i + 2]) || shape(rows[i + 2]) !== shape(rows[i]));
    const pair = !empty(rows[i]) && !empty(rows[i + 1]) && (templateLabels(rows[i]) || (apart && namedAcross(rows[i], rows[i + 1]))) ? splitAcross(rows[i], rows[i + 1]) : null;
    if (pair) {
      out.push(...pair);
      i++;
    } else out.push(rows[i]);
  }
  return out;
}

/** A row whose every text is a service label of the template with nothing after it (two or more). */
function templateLabels(head: TableRow): boolean {
  const titles = head.cells.filter((c) => !c.covered && c.text?.trim());
  return titles.length >= 2 && titles.every((c) => !matchServiceLabel(c.text!)?.rest && !!matchServiceLabel(c.text!));
}

/** A row of labels by their words over a row of their texts: most titles name fields, most have a text below, none a value. */
function namedAcross(head: TableRow, values: TableRow): boolean {
  const titles = head.cells.filter((c) => !c.covered && c.text?.trim());
  const named = titles.filter((c) => labelByMeaning(c.text!) || matchServiceLabel(c.text!)).length;
  const texts = values.cells.filter((c) => !c.covered && c.text?.trim());
  // (most labels with their text below: a row of cards, "Label | value | Label", over one text is not so)
  return titles.length >= 3 && named >= 2 && named * 2 >= titles.length && texts.length * 4 >= titles.length * 3 && !texts.some((c) => cellShape(c.text) === "value");
}

/** The label | value rows of a row of labels over a row of their values. */
function splitAcross(head: TableRow, values: TableRow): TableRow[] {
  return head.cells.flatMap((c, i) => (c.covered || !c.text?.trim() ? [] : [{ ...head, cells: [c, values.cells[i] ?? { text: null }] }]));
}

/**
 * A workbook of one service a sheet whose sheets each print the same title block: the line
 * every sheet names its service by is the block's (an office's line), not the service's,
 * and each sheet's own name is its service's. Read again with that line left to the title.
 */
function namedBySheets(parts: DocumentPart[], sheetNames: (string | null)[]): DocumentPart[] {
  if (parts.length < 2 || parts.some((p) => p.services.length !== 1)) return parts;
  const names = parts.map((p) => p.services[0].name);
  const same = names[0] !== null && names.every((n) => n !== null && labelKey(n) === labelKey(names[0]!));
  const distinct = new Set(sheetNames.map((n) => (n ? labelKey(n) : null)));
  if (!same || distinct.has(null) || distinct.size !== parts.length) return parts;
  return parts.map((p, i) => ({ ...p, head: { ...p.head, office: p.head.office ?? names[0] }, services: [{ ...p.services[0], name: sheetNames[i] }] }));
}

/** Read one part: its title block, its service block(s) and its indicator table(s), item by item through the rules (rules.ts). */
export function interpretItems(items: Item[], name: string | null, ctx: InterpretContext): DocumentPart {
  const state = new PartState(ctx);
  for (const [index, item] of items.entries()) {
    const { texts } = item;
    if (texts.length === 0) continue;
    const below = () => rowsBelow(items, index);
    const step = { item, texts, first: texts[0], isRow: item.kind === "row", below, next: () => items[index + 1], pending: state.open };
    state.open = null;
    const heading = !(item.kind === "row" && state.section === "table") && isHeadingLike(item) ? { text: texts[0], titleIndex: state.section === "title" ? state.titleLines.length : -1, strong: item.kind === "heading" } : null;
    for (const rule of RULES) if (rule(state, step)) break;
    // a line that names no service (a table's caption "Risultati 2023") does not replace a heading that does
    const keeps = !!heading && !!state.heading && !!headingServiceName(state.heading.text) && !headingServiceName(heading.text);
    if (heading && !keeps && !(item.kind === "row" && state.section === "table")) state.heading = heading;
    // the charter's own title printed below a line set apart only by its shape: that line (a page's navigation) heads no service
    else if (!heading && state.heading && !state.heading.strong && texts.length === 1 && isCharterTitle(texts[0])) state.heading = null;
  }
  return finishPart(state, name);
}

/** A title line of the charter that names no service ("Risultati della qualità dei servizi"). */
function isCharterTitle(text: string): boolean {
  const key = labelKey(text);
  return !titleServiceName(text) && (isResultsTitle(text) || TITLE_MARKERS.some((m) => key.includes(m)));
}

/** A sheet's own name, where a workbook has a sheet per service: not the producer's default ("Foglio1", "Sheet 2"). */
function sheetServiceName(name: string | null): string | null {
  if (!name || !/\p{L}{3}/u.test(name) || /^(?:sheet|foglio|tabella|tab|table|worksheet|pagina|page)\s*\d*$/i.test(name.trim())) return null;
  return name.trim();
}

/** The rows after `index` in the same table block (at most a few hundred: enough to weigh its columns). */
function rowsBelow(items: Item[], index: number): Item[] {
  const table = items[index].table;
  const out: Item[] = [];
  for (let k = index + 1; k < items.length && out.length < 400; k++) {
    if (items[k].table !== table || table === undefined) break;
    out.push(items[k]);
  }
  return out;
}

/** The part as read: its head from the title block, its kind, its services (the title's service name for one that prints none). */
function finishPart(s: PartState, name: string | null): DocumentPart {
  joinFieldsAfterTables(s.services);
  // a heading that names a service is not a line of the title block
  const named = s.services.map((d) => (d.fields.name ? null : d.heading && headingServiceName(d.heading.text)));
  // (a title line naming its service, "Carta dei Servizi NAME - Anno 2023", stays one: it holds the title's words and year)
  const used = new Set(s.services.map((d, i) => (named[i] && d.heading && !titleServiceName(d.heading.text) ? d.heading.titleIndex : -1)));
  const head = readTitleBlock(s.titleLines.filter((_, i) => !used.has(i)));
  const kind = s.sawResultsColumns || s.titleLines.some(isResultsTitle) ? "results" : "standards";
  const out: Service[] = [];
  for (const [i, d] of s.services.entries()) {
    if (d.indicators.length === 0 && Object.keys(d.fields).length === 0) continue;
    const serviceName = d.fields.name ?? named[i] ?? head.serviceName ?? (s.services.length === 1 ? sheetServiceName(name) : null);
    const p = provenance(s.ctx, d.first?.src);
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
    if (!serviceName) s.review.push({ kind: "service", label: name ?? "", reason: "service without a name", provenance: p });
  }
  return { head, kind, services: out, actions: s.actions, signatory: s.signatory, review: s.review };
}

/**
 * A service's block printed after its table (a CMS's fields under the article's table, a
 * PDF's "Label: value" lines below it): where the part opens with a table and no block, a
 * draft of fields only right after a draft of a table only is that table's block.
 */
function joinFieldsAfterTables(drafts: ServiceDraft[]): void {
  const tableOnly = (d: ServiceDraft) => d.indicators.length > 0 && Object.keys(d.fields).length === 0;
  // (a name alone is the heading of what follows, no block)
  const fieldsOnly = (d: ServiceDraft) => d.indicators.length === 0 && Object.keys(d.fields).some((k) => k !== "name");
  const kept = drafts.filter((d) => d.indicators.length > 0 || Object.keys(d.fields).length > 0);
  if (!kept.length || !tableOnly(kept[0])) return;
  for (let i = 1; i < kept.length; i++) {
    if (!fieldsOnly(kept[i]) || !tableOnly(kept[i - 1])) continue;
    Object.assign(kept[i - 1].fields, kept[i].fields);
    kept[i].fields = {};
  }
}
