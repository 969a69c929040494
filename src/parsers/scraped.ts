/**
 * Text scraped from published PDFs (a legacy export, or pdftotext): the table lost its
 * geometry, so the template's knowledge puts it back (src/scraped/*). Title block and
 * service block are read by their labels; the indicator table by segmentation and
 * alignment; the comuni's results reports by their fattore-di-qualità anchors.
 */
import type { CharterDocument, Indicator, Provenance, ReviewItem, Service } from "../model/schema.js";
import { assembleDocument, type DocumentPart } from "../template/assemble.js";
import { buildIndicator } from "../template/indicator.js";
import { composeSignatory } from "../template/sections.js";
import { extractUrls, matchServiceLabel, type ServiceField } from "../template/service.js";
import { readTitleBlock, startsWithMarker } from "../template/title.js";
import { normalizeDimension } from "../normalize/dimension.js";
import { HEADER_TITLES, ISSUER_MARKERS, OFFICE_MARKERS, SERVICE_LABELS, SERVICE_VALUE_CUES, TITLE_MARKERS } from "../normalize/taxonomy.js";
import { labelKey } from "../normalize/text.js";
import { type Alignment, alignTable } from "../scraped/align.js";
import { type Line, classifyLabel, endsIncomplete, formulaStrength, isHeaderLine, isTemplateFootnote, isValueText, toLines, words } from "../scraped/lines.js";
import { readResults } from "../scraped/results.js";
import { type RowDraft, type Segmentation, segmentTable } from "../scraped/segment.js";
import { decodeText, looksLikeText } from "./sniff.js";
import { looksLikeTsv, MAX_TEXT_BYTES } from "./tsv.js";
import { defineParser } from "./types.js";

export const PARSER_VERSION = "0.1.0";

/** Scraped charter text: plain text, not a tab-separated export, carrying the template's vocabulary. */
export function looksLikeScraped(bytes: Buffer): boolean {
  if (!looksLikeText(bytes) || looksLikeTsv(bytes)) return false;
  const text = decodeText(bytes.subarray(0, 256 * 1024));
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  let service = 0;
  let headers = 0;
  let dims = 0;
  for (const l of lines) {
    if (l.length < 160 && matchServiceLabel(l)) service++;
    if (isHeaderLine(l)) headers++;
    const k = labelKey(l);
    if (k.length < 120 && normalizeDimension(l).value.length > 0 && /^(\S+)/.test(k)) dims++;
  }
  return headers >= 1 && (service >= 2 || dims >= 2);
}

const SERVICE_KEYS = SERVICE_LABELS.flatMap((s) => s.labels.map((l) => ({ field: s.field, words: words(l) }))).sort((a, b) => b.words.length - a.words.length);

/** A service-block label at the start of a line, possibly continued on the next line. */
function serviceLabelAt(lines: Line[], i: number): { field: ServiceField; consumed: number; rest: string } | null {
  const first = lines[i].text;
  if (first.length > 400) return null;
  const next = lines[i + 1];
  const tries = next && !matchServiceLabel(next.text) && next.text.length < 60 ? [first + " " + next.text, first] : [first];
  for (const [t, joined] of tries.map((t, n) => [t, tries.length === 2 && n === 0] as const)) {
    const toks = t.split(/\s+/);
    for (const k of SERVICE_KEYS) {
      let ti = 0;
      let wi = 0;
      while (ti < toks.length && wi < k.words.length) {
        const tw = words(toks[ti]);
        if (tw.length === 0) {
          ti++;
          continue;
        }
        if (!tw.every((w, j) => k.words[wi + j] === w)) break;
        wi += tw.length;
        ti++;
      }
      if (wi < k.words.length) continue;
      const rest = toks.slice(ti).join(" ").replace(/^[\s:\\.\-–]+/, "").trim();
      const firstToks = first.split(/\s+/).length;
      if (joined && ti <= firstToks) continue; // the label fits the first line: try it alone
      if (joined && rest) continue; // a joined label must end at the second line's end
      return { field: k.field, consumed: joined ? 2 : 1, rest };
    }
  }
  return null;
}

function isUrlLine(s: string): boolean {
  const parts = s.split(/\s+/).filter(Boolean);
  return parts.length > 0 && !isValueText(s) && extractUrls(s).length === parts.length;
}

/** A line of a title block: the template's title words, or "ANNO 2020" alone. */
function isTitleLine(l: Line): boolean {
  if (l.text.length > 160) return false;
  if (formulaStrength(l.text) > 0 || isHeaderLine(l.text) || isTemplateFootnote(l.text) || l.bullet) return false;
  const k = labelKey(l.text);
  return TITLE_MARKERS.some((m) => k.startsWith(m)) || /^anno\s+(19|20)\d\d$/.test(k);
}

const isNameLabel = (lines: Line[], i: number) => serviceLabelAt(lines, i)?.field === "name";

/**
 * Where each service's text begins (indices into `lines`). The template gives every
 * service its own service block, opened by its name label, and reports laid out a
 * service per page repeat the title block, naming the service ("Carta dei Servizi NAME").
 * Once the current service has its table, a title block starts the next service when it
 * names another service or a service block follows it, and a name label starts one on
 * its own; the title block goes with the service below it, with the issuer's line above
 * it. A title block repeated over one service's pages starts nothing, and a stretch with
 * no table of its own (a service block whose labels drifted below the table) stays with
 * the service before it.
 */
export function serviceStarts(lines: Line[]): number[] {
  const starts = [0];
  let table = false;
  let named = false;
  let current: string | null = null;
  const key = (s: string | null) => (s ? labelKey(s) : null);
  for (let i = 0; i < lines.length; i++) {
    if (isTitleLine(lines[i])) {
      let end = i;
      while (end + 1 < lines.length && isTitleLine(lines[end + 1])) end++;
      const named2 = readTitleBlock(lines.slice(i, end + 1).map((l) => l.text)).serviceName;
      let follows = false;
      for (let j = end + 1; j < Math.min(lines.length, end + 4) && !follows; j++) follows = isNameLabel(lines, j);
      if (table && ((named2 && key(named2) !== key(current)) || follows)) {
        let s = i;
        while (s - 1 > starts[starts.length - 1] && s > i - 3 && startsWithMarker(lines[s - 1].text, ISSUER_MARKERS) && lines[s - 1].text.length < 120) s--;
        starts.push(s);
        table = false;
        named = false;
        current = named2;
      } else if (!current) current = named2;
      i = end;
      continue;
    }
    if (isNameLabel(lines, i)) {
      if (table || named) {
        starts.push(i);
        table = false;
        current = null;
      }
      named = true;
      continue;
    }
    if (isHeaderLine(lines[i].text)) table = true;
  }
  // a stretch without a table of its own belongs to the service before it
  const hasTable = (from: number, to: number) => lines.slice(from, to).some((l) => isHeaderLine(l.text));
  const out: number[] = [];
  starts.forEach((s, n) => {
    const to = starts[n + 1] ?? lines.length;
    if (n === 0 || hasTable(s, to)) out.push(s);
  });
  return out;
}

export function parseScraped(text: string, file: string): CharterDocument {
  const base = { file, parser: "scraped", parser_version: PARSER_VERSION };
  const prov = (line: number | null): Provenance => ({ ...base, sheet: null, page: null, row: null, line, bbox: null });
  const lines = toLines(text);
  const results = lines.some((l) => /valore\s+realizzato/i.test(l.text)) || lines.some((l) => isTitleLine(l) && /\brisultati\b/i.test(l.text));
  const kind: "standards" | "results" = results ? "results" : "standards";
  const starts = serviceStarts(lines);
  const sections = starts.map((s, n) => readSection(lines.slice(s, starts[n + 1] ?? lines.length), kind, prov));

  return assembleDocument(sections, "scraped");
}

/** One service's text: its title block, its service block, its indicator table. */
function readSection(lines: Line[], kind: "standards" | "results", prov: (line: number | null) => Provenance): DocumentPart {
  const consumed = new Set<number>();
  const review: ReviewItem[] = [];

  // ---- title block: title lines, "ANNO 2020", the issuer's line, the office's line beside them
  const titleIdx: number[] = [];
  lines.forEach((l, i) => {
    if (isTitleLine(l)) titleIdx.push(i);
  });
  const head: string[] = [];
  if (titleIdx.length) {
    const lo = Math.max(0, titleIdx[0] - 3);
    const hi = Math.min(lines.length - 1, titleIdx[titleIdx.length - 1] + 8);
    for (let i = lo; i <= hi; i++) {
      const l = lines[i].text;
      const isTitle = titleIdx.includes(i);
      const issuer = i < titleIdx[0] && startsWithMarker(l, ISSUER_MARKERS) && l.length < 120;
      const office = !isTitle && i > titleIdx[0] && !isHeaderLine(l) && startsWithMarker(l, OFFICE_MARKERS) && l.length < 200 && !matchServiceLabel(l) && (i <= titleIdx[titleIdx.length - 1] + 1 || l === l.toUpperCase());
      if (isTitle || issuer || office) {
        head.push(l);
        consumed.add(i);
      }
    }
  }
  const title = readTitleBlock(head);
  // ---- service block: each label and the paragraph after it
  const fields: Partial<Record<ServiceField, string | null>> = {};
  for (let i = 0; i < lines.length; i++) {
    if (consumed.has(i)) continue;
    const m = serviceLabelAt(lines, i);
    if (!m || fields[m.field] !== undefined) continue;
    for (let c = 0; c < m.consumed; c++) consumed.add(i + c);
    let value = m.rest || null;
    if (!value) {
      const taken: string[] = [];
      let j = i + m.consumed;
      for (; j < lines.length; j++) {
        const l = lines[j];
        if (taken.length && l.blankBefore) break;
        if (consumed.has(j) || serviceLabelAt(lines, j) || isHeaderLine(l.text) || classifyLabel(l.text) || isValueText(l.text) || formulaStrength(l.text) === 2) break;
        taken.push(l.text);
        consumed.add(j);
      }
      value = taken.join(" ") || null;
    }
    fields[m.field] = value;
  }
  // labels printed without their values (values drifted): URLs alone on a line fill the URL-shaped fields
  const urlLines = lines.map((l, i) => ({ l, i })).filter(({ l, i }) => !consumed.has(i) && isUrlLine(l.text));
  if (urlLines.length) {
    const distinct: typeof urlLines = [];
    const norm = (s: string) => extractUrls(s).map((u) => u.toLowerCase().replace(/\/+$/, "")).join(" ");
    for (const u of urlLines) if (!distinct.some((d) => norm(d.l.text) === norm(u.l.text))) distinct.push(u);
    if (fields.complaint_authority === null && distinct.length >= 2) fields.complaint_authority = distinct.shift()!.l.text;
    if (fields.urls === null && distinct.length) fields.urls = distinct.shift()!.l.text;
    for (const u of urlLines) consumed.add(u.i);
  }

  const rest = lines.filter((_, i) => !consumed.has(i));
  const indicators: Indicator[] = [];
  let actions: { action: string; outcome: string | null }[] = [];
  let signatory: string | null = null;

  if (kind === "results") {
    const r = readResults(rest, prov);
    indicators.push(...r.indicators);
    actions = r.actions;
    signatory = r.signatory ? composeSignatory([r.signatory]) : null;
    review.push(...r.review);
  } else {
    const seg = segmentTable(rest);
    const al = alignTable(seg);
    const notes = readNotes(seg, al, rest);
    for (const a of al.rows) {
      if (!a.formula && !a.target) continue; // a stray cell, not a row
      indicators.push(
        buildIndicator(
          { dimension_raw: a.dimensionRaw, subdimension_raw: a.subdimensionRaw, description: a.description, formula: a.formula, target_raw: a.target, notes: notes.get(a.row) ?? null },
          { provenance: prov(a.row.firstLine), review, dimensions: a.dimension, subdimension: a.subdimension, confidence: a.confidence, doubts: a.doubts.join("; ") },
        ),
      );
    }
    if (["name", "description", "delivery_mode", "users"].some((f) => fields[f as ServiceField] === null)) {
      // paragraphs that belong to no row: the service block's values, printed away from their labels
      const orphans: string[] = [];
      for (const r of seg.rows) {
        const a = al.rows.find((x) => x.row === r);
        const kept = (a && (a.formula || a.target)) || notes.taken.has(r);
        const pieces = a?.subdimensionRaw && r.extraPieces.join(" ") === a.subdimensionRaw ? [] : [...r.extraPieces];
        if (!kept && r.desc.length) pieces.push(r.desc.join(" "));
        orphans.push(...pieces);
      }
      placeOrphans(orphans, fields);
    }
    for (const v of al.strayValues) review.push({ kind: "value", label: v.raw, reason: "value printed with no row left to take it", provenance: prov(v.line) });
  }
  for (const f of ["name", "description", "delivery_mode", "users", "complaint_authority"] as const) {
    if (fields[f] === null) review.push({ kind: "service", label: f, reason: "service-block label printed without a value that could be placed", provenance: prov(null) });
  }

  const service: Service = {
    name: fields.name ?? title.serviceName ?? null,
    description: fields.description ?? null,
    delivery_mode: fields.delivery_mode ?? null,
    users: fields.users ?? null,
    complaint_authority: fields.complaint_authority ?? null,
    urls: extractUrls(fields.urls ?? null),
    indicators,
    provenance: prov(lines[0]?.no ?? null),
  };
  const services = service.indicators.length > 0 || service.name ? [service] : [];
  return { head: title, kind, services, actions, signatory, review };
}

const NOTE_TITLES = HEADER_TITLES.filter((h) => h.role === "notes").flatMap((h) => h.titles);

/**
 * The Note column: the last column of the ministry's table, so its cell comes in the
 * stream right after its row's value. Where the table has that column, a lone paragraph
 * printed right after a value that its row took (no formula, no value, no label of its
 * own) is that row's note.
 */
function readNotes(seg: Segmentation, al: Alignment, lines: Line[]): Map<RowDraft, string> & { taken: Set<RowDraft> } {
  const out = Object.assign(new Map<RowDraft, string>(), { taken: new Set<RowDraft>() });
  const hasColumn = lines.some((l) => isHeaderLine(l.text) && NOTE_TITLES.some((t) => ` ${labelKey(l.text)} `.includes(` ${t} `)));
  if (!hasColumn) return out;
  const kept = new Set(al.rows.filter((a) => a.formula || a.target).map((a) => a.row));
  seg.events.forEach((e, i) => {
    if (e.t !== "row" || kept.has(e.row) || i === 0) return;
    const prev = seg.events[i - 1];
    const owner = prev.t === "value" ? al.valueOwner.get(i - 1) : undefined;
    if (!owner || out.has(owner)) return;
    const r = e.row;
    const text = r.desc.join(" ");
    if (r.formula.length || r.extraPieces.length || !text || text.length > 200 || endsIncomplete(text)) return;
    // nothing else follows in the same row: the next event opens another row or is not text
    const next = seg.events[i + 1];
    if (next && next.t === "value" && next.row === r) return;
    out.set(owner, text);
    out.taken.add(r);
  });
  return out;
}

const cue = (text: string, words: readonly string[]) => {
  const k = ` ${labelKey(text)} `;
  return words.filter((w) => k.includes(` ${labelKey(w)}`)).length;
};

/**
 * Fill the service fields whose labels were printed without values from paragraphs no
 * row took: the long one is the description, the one printed just before it the name
 * (a merged value column is drawn top-down), the others go by their words to users or
 * delivery mode. Fields stay empty where nothing fits.
 */
export function placeOrphans(orphans: string[], fields: Partial<Record<ServiceField, string | null>>): void {
  const cands: string[] = [];
  for (const t of orphans.map((o) => o.trim()).filter((o) => o.length >= 15 && !isUrlLine(o))) {
    // a long value broken into paragraphs: full-width pieces one after the other
    if (cands.length && cands[cands.length - 1].length >= 150 && /[.;:]$/.test(cands[cands.length - 1]) && t.length >= 150) cands[cands.length - 1] += " " + t;
    else cands.push(t);
  }
  const taken = new Set<number>();
  if (fields.description === null) {
    let best = -1;
    cands.forEach((t, i) => {
      if (t.length >= 150 && (best < 0 || t.length > cands[best].length)) best = i;
    });
    if (best >= 0) {
      fields.description = cands[best];
      taken.add(best);
      if (fields.name === null && best > 0 && cands[best - 1].length < 250 && !taken.has(best - 1)) {
        fields.name = cands[best - 1];
        taken.add(best - 1);
      }
    }
  }
  for (const f of ["users", "delivery_mode"] as const) {
    if (fields[f] !== null) continue;
    const other = f === "users" ? "delivery_mode" : "users";
    let best = -1;
    let bestScore = 0;
    cands.forEach((t, i) => {
      if (taken.has(i) || t.length > 400) return;
      const sc = cue(t, SERVICE_VALUE_CUES[f]) - cue(t, SERVICE_VALUE_CUES[other]);
      if (sc > bestScore) {
        bestScore = sc;
        best = i;
      }
    });
    if (best >= 0) {
      fields[f] = cands[best];
      taken.add(best);
    }
  }
}

export const scrapedParser = defineParser({
  name: "scraped",
  version: PARSER_VERSION,
  format: "txt",
  priority: 40,
  maxBytes: MAX_TEXT_BYTES,
  accepts: (f) => looksLikeScraped(f.bytes),
  async parse(f) {
    return parseScraped(decodeText(f.bytes), f.path);
  },
});

export { isTemplateFootnote };
