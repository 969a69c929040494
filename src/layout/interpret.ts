/**
 * Interpret sheets (grids of cells with their merges) as the templates the offices fill
 * in: the ministry's "Standard qualità dei servizi erogati" and the comuni's "Risultati
 * della qualità dei servizi". Every tabular parser (xlsx, xls/ods, tab-separated text,
 * PDF tables) ends here, so the templates are read one way whatever the format.
 *
 * Sections are recognised from the templates' vocabulary (taxonomy.ts), never from the
 * content of a particular charter: title block, service block (label | value), the
 * indicator table under its header row, the footnotes, improvement actions, signatory.
 */
import type { Action, CharterDocument, Indicator, Provenance, ReviewItem, Service } from "../model/schema.js";
import { isAdditionalDimension, normalizeDimension, normalizeSubdimension } from "../normalize/dimension.js";
import { isPlaceholder } from "../normalize/placeholder.js";
import {
  HEADER_TITLES,
  ISSUER_MARKERS,
  OFFICE_MARKERS,
  SERVICE_LABELS,
  TITLE_MARKERS,
  type ColumnRole,
} from "../normalize/taxonomy.js";
import { isFootnote, labelKey } from "../normalize/text.js";
import { isNotAvailable, parseValue } from "../normalize/value.js";
import { type GridRow, type Sheet, rowTexts } from "./grid.js";

export interface InterpretContext {
  /** Provenance shared by everything read from this source (file, parser, version). */
  base: Pick<Provenance, "file" | "parser" | "parser_version">;
  /**
   * Whether empty cells may be read as horizontal merges where the template merges
   * (the additional dimensions' definition): true for sources that lost their merges.
   */
  inferMerges?: boolean;
}

export type ServiceField = (typeof SERVICE_LABELS)[number]["field"];

const SERVICE_KEYS = SERVICE_LABELS.map((s) => ({ field: s.field, keys: s.labels.map(labelKey) }));

/** True where a line's folded text is one of the markers (already folded) or starts with one. */
export function startsWithMarker(line: string, markers: readonly string[]): boolean {
  const k = labelKey(line);
  return markers.some((m) => k === m || k.startsWith(m + " "));
}

/** The service-block field a label names, and the original text after the label (a value in the same cell). */
export function matchServiceLabel(text: string): { field: ServiceField; rest: string } | null {
  const key = labelKey(text);
  for (const s of SERVICE_KEYS) {
    for (const k of s.keys) {
      if (key === k || key.startsWith(k + " ")) return { field: s.field, rest: textAfterLabel(text, k) };
    }
  }
  return null;
}

/** The original text after the leading words whose folded form is `label` ("" where none follows). */
function textAfterLabel(text: string, label: string): string {
  let prefix = "";
  for (const m of text.matchAll(/[^\s:]+:?|:/g)) {
    prefix += " " + m[0];
    if (labelKey(prefix) === label) return text.slice(m.index + m[0].length).replace(/^[\s:\\.\-–]+/, "").trim();
  }
  return "";
}

/** The title of the results template's improvement-actions table ("AZIONI DI MIGLIORAMENTO | ESITI"). */
export function isActionsHeader(text: string): boolean {
  return /^azioni di miglioramento\b/.test(labelKey(text));
}

/** A row that closes the indicator table: a lone footnote, or the results template's actions table. */
export function closesTable(texts: string[]): boolean {
  return (texts.length === 1 && isFootnote(texts[0])) || (texts.length > 0 && isActionsHeader(texts[0]));
}

/** The role of a header cell, or null where it is not a known column title. */
export function headerRole(text: string): ColumnRole | null {
  const key = labelKey(text);
  if (!key || key.length > 90) return null;
  for (const { role, titles } of HEADER_TITLES) {
    if (titles.some((t) => key === t || key.startsWith(t + " "))) return role;
  }
  return null;
}

export interface HeaderMap {
  roles: (ColumnRole | null)[];
  /** Columns whose title carries "%": a bare number there is a percentage. */
  percentCols: Set<number>;
}

/** A row is the indicator table's header when at least three of its cells are column titles. */
export function detectHeader(row: GridRow): HeaderMap | null {
  const roles = row.cells.map((c) => (c.text ? headerRole(c.text) : null));
  const found = roles.filter((r): r is ColumnRole => r !== null);
  if (new Set(found).size < 3) return null;
  if (!found.includes("description") && !found.includes("dimension")) return null;
  // each role once: a second column with the same title keeps no role
  const seen = new Set<ColumnRole>();
  const unique = roles.map((r) => (r && !seen.has(r) ? (seen.add(r), r) : null));
  const percentCols = new Set<number>();
  row.cells.forEach((c, i) => {
    if (c.text && /%/.test(c.text) && unique[i] === "actual") percentCols.add(i);
  });
  return { roles: unique, percentCols };
}

const SIGNATORY_ROLE = /\b(il|la)\s+(direttore|direttrice|dirigente|responsabile|sindaco|segretari[oa]|presidente|commissario)\b/i;
const HONORIFIC = /^(dott\.?(ssa)?|dr\.?|ing\.?|avv\.?|prof\.?(ssa)?|arch\.?|geom\.?|rag\.?|sig\.?(ra)?)$/i;

function isSignatoryLine(texts: string[]): boolean {
  const joined = texts.join(" ");
  return /firmat[oa] digitalmente/i.test(joined) || (SIGNATORY_ROLE.test(joined) && joined.length < 160);
}

/** "Il Direttore NAME (documento firmato digitalmente)" + "Dott." -> "Dott. NAME, Il Direttore (documento ...)". */
export function composeSignatory(texts: string[]): string {
  const honorific = texts.find((t) => HONORIFIC.test(t.trim()));
  const rest = texts.filter((t) => t !== honorific).join(" ");
  if (!honorific) return rest;
  const m = /^(.*?\b(?:il|la)\s+\S+)\s+(.+?)(\s*\(.*\))?$/i.exec(rest);
  if (!m) return `${honorific} ${rest}`;
  return `${honorific.trim()} ${m[2].trim()}, ${m[1].trim()}${m[3] ? " " + m[3].trim() : ""}`;
}

interface DocHead {
  issuer: string | null;
  title: string | null;
  year: number | null;
  office: string | null;
  /** A service named by the title block ("Carta dei Servizi NAME - Anno 2020"). */
  serviceName: string | null;
}

/** Read the title block: issuer, title lines, "ANNO 2020", the office's own line. */
export function readTitleBlock(lines: string[]): DocHead {
  const head: DocHead = { issuer: null, title: null, year: null, office: null, serviceName: null };
  const titles: string[] = [];
  const others: string[] = [];
  for (const line of lines) {
    const key = labelKey(line);
    const year = /\banno\s*[:.]?\s*((?:19|20)\d{2})\b/i.exec(line) ?? (/^((?:19|20)\d{2})$/.exec(line.trim()) as RegExpExecArray | null);
    if (year && head.year === null) head.year = Number(year[1]);
    const carta = /\bcarta\s+(?:dei|della|del)\s+servizi?o?\s+(.+?)(?:\s*[-–,]\s*anno\s*\d{4}.*)?$/i.exec(line);
    if (carta && !head.serviceName && labelKey(carta[1]).length > 3) head.serviceName = carta[1].trim();
    if (TITLE_MARKERS.some((m) => key.includes(m))) {
      titles.push(line);
      continue;
    }
    if (year && key.replace(/\banno\b|\d+/g, "").trim() === "") continue;
    others.push(line);
  }
  head.title = titles.length ? titles.join(" - ") : null;
  const issuerLine = others.find((l) => startsWithMarker(l, ISSUER_MARKERS)) ?? (others.length > 1 || !startsWithMarker(others[0] ?? "", OFFICE_MARKERS) ? others[0] : undefined);
  head.issuer = issuerLine ?? null;
  const officeLine = others.find((l) => l !== issuerLine && startsWithMarker(l, OFFICE_MARKERS));
  head.office = officeLine ?? null;
  return head;
}

/** URLs in a service block's value: split on whitespace, anchors already reduced to text. */
export function extractUrls(value: string | null): string[] {
  if (!value) return [];
  return value
    .split(/[\s,;]+/)
    .map((u) => u.replace(/^[<(]+|[>).]+$/g, ""))
    .filter((u) => /^(https?:\/\/|www\.)|^[\w-]+(\.[\w-]+)+(\/\S*)?$/i.test(u));
}

interface TableState {
  header: HeaderMap;
  /** Resolved text per column of the last data row, for cells merged down. */
  previous: (string | null)[];
}

interface ServiceDraft {
  fields: Partial<Record<ServiceField, string | null>>;
  indicators: Indicator[];
  firstRow: GridRow | null;
}

export interface SheetReading {
  head: DocHead;
  kind: "standards" | "results";
  services: Service[];
  actions: Action[];
  signatory: string | null;
  review: ReviewItem[];
}

function prov(ctx: InterpretContext, sheet: Sheet, row: GridRow | null): Provenance {
  const isText = sheet.refs === "lines";
  return {
    ...ctx.base,
    sheet: sheet.name,
    page: row?.page ?? null,
    row: row && !isText && row.page === undefined ? row.ref : null,
    line: row && isText ? row.ref : null,
    bbox: row?.bbox ?? null,
  };
}

/** Read one sheet: its title block, its service block(s) and its indicator table. */
export function interpretSheet(sheet: Sheet, ctx: InterpretContext): SheetReading {
  const review: ReviewItem[] = [];
  const titleLines: string[] = [];
  const services: ServiceDraft[] = [];
  const actions: Action[] = [];
  let signatory: string | null = null;
  let table: TableState | null = null;
  let section: "title" | "service" | "table" | "footnotes" | "actions" = "title";
  let sawResultsColumns = false;
  let current: ServiceDraft | null = null;
  const newService = (row: GridRow | null): ServiceDraft => {
    const d: ServiceDraft = { fields: {}, indicators: [], firstRow: row };
    services.push(d);
    return d;
  };

  for (const row of sheet.rows) {
    const texts = rowTexts(row);
    if (texts.length === 0) continue;
    const first = texts[0];

    const header = detectHeader(row);
    if (header) {
      if (table && sameHeader(table.header, header)) continue; // header repeated on a new page
      table = { header, previous: [] };
      if (header.roles.includes("actual")) sawResultsColumns = true;
      if (!current || current.indicators.length > 0) current = current && current.indicators.length === 0 ? current : newService(row);
      section = "table";
      continue;
    }

    const label = row.cells.find((c) => c.text)?.text ? matchServiceLabel(first) : null;
    // Inside a table only the first label of a service block starts a new service.
    if (label && section !== "actions" && (section !== "table" || label.field === "name")) {
      if (!current || section === "table" || section === "footnotes" || current.fields[label.field] !== undefined) {
        current = newService(row);
      }
      const value = texts.length > 1 ? texts.slice(1).join(" ") : label.rest || null;
      current.fields[label.field] = value || null;
      section = "service";
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
    if (section === "table" && table) {
      if (isFootnote(first) && texts.length === 1) {
        section = "footnotes";
        continue;
      }
      if (!current) current = newService(row);
      const ind = readIndicatorRow(row, table, sheet, ctx, review);
      if (ind) current.indicators.push(ind);
      continue;
    }
    if (isFootnote(first)) section = "footnotes";
  }

  const head = readTitleBlock(titleLines);
  const kind = sawResultsColumns || titleLines.some((l) => /\brisultati\b/i.test(l)) ? "results" : "standards";
  const out: Service[] = [];
  for (const d of services) {
    if (d.indicators.length === 0 && Object.keys(d.fields).length === 0) continue;
    const name = d.fields.name ?? head.serviceName ?? null;
    out.push({
      name,
      description: d.fields.description ?? null,
      delivery_mode: d.fields.delivery_mode ?? null,
      users: d.fields.users ?? null,
      complaint_authority: d.fields.complaint_authority ?? null,
      urls: extractUrls(d.fields.urls ?? null),
      indicators: d.indicators,
      provenance: prov(ctx, sheet, d.firstRow),
    });
    if (!name) review.push({ kind: "service", label: sheet.name ?? "", reason: "service without a name", provenance: prov(ctx, sheet, d.firstRow) });
  }
  return { head, kind, services: out, actions, signatory, review };
}

function sameHeader(a: HeaderMap, b: HeaderMap): boolean {
  return a.roles.length === b.roles.length && a.roles.every((r, i) => r === b.roles[i]);
}

function col(header: HeaderMap, role: ColumnRole): number {
  return header.roles.indexOf(role);
}

/** One table row to an indicator, with merged cells resolved; null where the row states none. */
export function readIndicatorRow(row: GridRow, table: TableState, sheet: Sheet, ctx: InterpretContext, review: ReviewItem[]): Indicator | null {
  const { header } = table;
  const width = Math.max(header.roles.length, row.cells.length);
  const resolved: (string | null)[] = [];
  const spansLeft: boolean[] = [];
  for (let i = 0; i < width; i++) {
    const cell = row.cells[i];
    if (cell?.covered === "up") resolved[i] = table.previous[i] ?? null;
    else resolved[i] = cell?.text ?? null;
    spansLeft[i] = cell?.covered === "left";
  }
  table.previous = resolved.slice();

  const get = (role: ColumnRole): string | null => {
    const i = col(header, role);
    return i >= 0 ? resolved[i] ?? null : null;
  };
  const dimensionRaw = get("dimension");
  let subRaw = get("subdimension");
  let description = get("description");
  const subCol = col(header, "subdimension");
  const descCol = col(header, "description");
  const dims = normalizeDimension(dimensionRaw);
  // A cell merged across the sub-dimension and description columns is the indicator's
  // definition (the additional dimensions); so is a lone sub-dimension cell of an
  // additional dimension in a source that lost its merges.
  const mergedAcross = subCol >= 0 && descCol === subCol + 1 && !!row.cells[descCol] && spansLeft[descCol];
  const inferred = ctx.inferMerges && subCol >= 0 && descCol >= 0 && !description && !!subRaw && isAdditionalDimension(dims.value[0]);
  if ((mergedAcross || inferred) && subRaw) {
    description = subRaw;
    subRaw = null;
  }
  const formula = get("formula");
  const targetRaw = get("target");
  const actualRaw = get("actual");
  if (!description && !formula && !targetRaw && !actualRaw) return null;

  const p = prov(ctx, sheet, row);
  if (dimensionRaw && dims.value.length === 0) review.push({ kind: "dimension", label: dimensionRaw, reason: "names no canonical dimension", provenance: p });
  const sub = normalizeSubdimension(subRaw, dims.value);
  if (subRaw && !sub.value) review.push({ kind: "subdimension", label: subRaw, reason: "not a sub-dimension of the template; kept as printed", provenance: p });
  const target = parseValue(targetRaw, formula);
  const actualCol = col(header, "actual");
  const actual = parseValue(actualRaw, header.percentCols.has(actualCol) ? "percentuale" : formula);
  if (targetRaw && target.value === null && target.unit === null && !isNotAvailable(targetRaw)) review.push({ kind: "value", label: targetRaw, reason: "target states no recognised value", provenance: p });

  let confidence = 1;
  if (dimensionRaw) confidence = Math.min(confidence, dims.value.length ? dims.confidence : 0.6);
  else confidence = Math.min(confidence, 0.7);
  if (subRaw && sub.value) confidence = Math.min(confidence, Math.max(sub.confidence, 0.8));

  return {
    dimension: dims.value,
    dimension_raw: dimensionRaw,
    subdimension: sub.value,
    subdimension_raw: subRaw,
    description,
    formula,
    target_raw: targetRaw,
    target_value: target.value,
    target_unit: target.unit,
    actual_raw: actualRaw,
    actual_value: actual.value,
    actual_unit: actual.unit,
    notes: get("notes"),
    activity: get("activity"),
    explanation: get("explanation"),
    placeholder: isPlaceholder(formula) || (!formula && isPlaceholder(description)),
    confidence,
    provenance: p,
  };
}

/** Assemble the sheets of one source into one canonical document. */
export function assembleDocument(readings: SheetReading[]): CharterDocument {
  const pick = <K extends keyof DocHead>(k: K): DocHead[K] | null => readings.map((r) => r.head[k]).find((v) => v !== null && v !== undefined) ?? null;
  return {
    kind: readings.some((r) => r.kind === "results") ? "results" : "standards",
    issuer: pick("issuer"),
    title: pick("title"),
    year: pick("year"),
    office: pick("office"),
    signatory: readings.map((r) => r.signatory).find((s) => s) ?? null,
    // Sheets of one workbook may each repeat the document's improvement actions: keep each once.
    actions: readings.flatMap((r) => r.actions).filter((a, i, all) => all.findIndex((b) => b.action === a.action && b.outcome === a.outcome) === i),
    services: readings.flatMap((r) => r.services),
    review: readings.flatMap((r) => r.review),
  };
}
