/**
 * Service blocks of scraped text: where each service's text begins, its title block and
 * its service block (the template's six labels, each followed by its value, or printed
 * without it when the values drifted: URLs alone on a line, paragraphs no row took).
 */
import { ISSUER_MARKERS, OFFICE_MARKERS, SERVICE_LABELS, SERVICE_VALUE_CUES, TITLE_MARKERS } from "../../normalize/taxonomy.js";
import { labelKey } from "../../normalize/text.js";
import { extractUrls, matchServiceLabel, type ServiceField } from "../../template/service.js";
import { readTitleBlock, startsWithMarker } from "../../template/title.js";
import { formulaStrength, isHeaderLine, isTemplateFootnote, isValueText } from "./kinds.js";
import { classifyLabel } from "./labels.js";
import { type TextLine, words } from "./lines.js";

const SERVICE_KEYS = SERVICE_LABELS.flatMap((s) => s.labels.map((l) => ({ field: s.field, words: words(l) }))).sort((a, b) => b.words.length - a.words.length);

/** A service-block label at the start of a line, possibly continued on the next line. */
export function serviceLabelAt(lines: TextLine[], i: number): { field: ServiceField; consumed: number; rest: string } | null {
  const first = lines[i].text;
  if (first.length > 400) return null;
  const own = lines[i].fieldLabel;
  if (own) return { field: own.field, consumed: 1, rest: own.rest };
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

export function isUrlLine(s: string): boolean {
  const parts = s.split(/\s+/).filter(Boolean);
  return parts.length > 0 && !isValueText(s) && extractUrls(s).length === parts.length;
}

/** A line of a title block: the template's title words, or "ANNO 2020" alone. */
export function isTitleLine(l: TextLine): boolean {
  if (l.text.length > 160) return false;
  if (formulaStrength(l.text) > 0 || isHeaderLine(l.text) || isTemplateFootnote(l.text) || l.bullet) return false;
  const k = labelKey(l.text);
  if (/^anno\s+(19|20)\d\d$/.test(k)) return true;
  // a one-word marker ("RICOGNIZIONE/AGGIORNAMENTO") makes a title only in capitals or alone:
  // "Aggiornamento del gestionale ..." is a cell's sentence
  return TITLE_MARKERS.some((m) => k.startsWith(m) && (m.includes(" ") || l.text === l.text.toUpperCase() || k.split(" ").every((w) => TITLE_WORDS.has(w))));
}

const TITLE_WORDS = new Set(TITLE_MARKERS.flatMap((m) => m.split(" ")));

const isNameLabel = (lines: TextLine[], i: number) => serviceLabelAt(lines, i)?.field === "name";

/**
 * A service's name printed as a heading over its block, with no name label: a short
 * capitalised line right above a block's first label (the template's, or one in the
 * office's words: common/field-labels.ts), no label just above it.
 */
export function isServiceHeading(lines: TextLine[], i: number): boolean {
  const l = lines[i];
  const next = lines[i + 1];
  if (!next || next.blankBefore || l.fieldLabel || l.text.length > 100 || !/^\p{Lu}/u.test(l.text) || /[.:;,]$/.test(l.text)) return false;
  const label = serviceLabelAt(lines, i + 1);
  // (the template's block opens on its description, after the name: a line above a later
  // label of it is the value of a label printed away, not a heading)
  if (!label || (next.fieldLabel ? label.field === "name" : label.field !== "description")) return false;
  // it opens the block: no label of a block just above it (whose value it would be)
  for (let k = Math.max(0, i - HEADING_REACH); k < i; k++) if (serviceLabelAt(lines, k)) return false;
  return !serviceLabelAt(lines, i) && !isHeaderLine(l.text) && !isValueText(l.text) && !isUrlLine(l.text) && !isTitleLine(l);
}

/** Lines above a service's heading with no block label. */
const HEADING_REACH = 4;

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
export function serviceStarts(lines: TextLine[]): number[] {
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
    if (isNameLabel(lines, i) || isServiceHeading(lines, i)) {
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

/** The title block's lines (title lines, "ANNO 2020", the issuer's line, the office's line beside them); their indices go to `consumed`. */
export function titleLines(lines: TextLine[], consumed: Set<number>): string[] {
  const titleIdx: number[] = [];
  lines.forEach((l, i) => {
    if (isTitleLine(l)) titleIdx.push(i);
  });
  const head: string[] = [];
  if (!titleIdx.length) return head;
  // the year under the title in a word of the office's own ("Annualità 2024", "Esercizio 2023")
  const after = titleIdx[titleIdx.length - 1] + 1;
  if (after < lines.length && /^\p{L}+\s+(?:19|20)\d\d$/u.test(lines[after].text)) titleIdx.push(after);
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
  return head;
}

export type ServiceFields = Partial<Record<ServiceField, string | null>>;

/**
 * The service block: each label and the paragraph after it; labels printed without
 * their values (values drifted) stay null. URLs alone on a line, printed away from their
 * labels, fill the URL-shaped fields. Read lines go to `consumed`.
 */
export function serviceBlock(lines: TextLine[], consumed: Set<number>): ServiceFields {
  const fields: ServiceFields = {};
  for (let i = 0; i < lines.length; i++) {
    if (consumed.has(i)) continue;
    if (fields.name === undefined && isServiceHeading(lines, i)) {
      fields.name = lines[i].text;
      consumed.add(i);
      continue;
    }
    const m = serviceLabelAt(lines, i);
    if (!m || fields[m.field] !== undefined) continue;
    for (let c = 0; c < m.consumed; c++) consumed.add(i + c);
    let value = m.rest || null;
    if (!value) {
      const taken: string[] = [];
      for (let j = i + m.consumed; j < lines.length; j++) {
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
  const urlLines = lines.map((l, i) => ({ l, i })).filter(({ l, i }) => !consumed.has(i) && isUrlLine(l.text));
  if (urlLines.length) {
    const distinct: typeof urlLines = [];
    const norm = (s: string) => extractUrls(s).map((u) => u.toLowerCase().replace(/\/+$/, "")).join(" ");
    for (const u of urlLines) if (!distinct.some((d) => norm(d.l.text) === norm(u.l.text))) distinct.push(u);
    if (fields.complaint_authority === null && distinct.length >= 2) fields.complaint_authority = distinct.shift()!.l.text;
    // (a block of labelled fields with no address label takes its address too: "Pagina di riferimento")
    const unlabelled = fields.urls === undefined && Object.keys(fields).filter((f) => f !== "name").length >= 2;
    if ((fields.urls === null || unlabelled) && distinct.length) {
      const first = distinct.shift()!;
      // the address lines printed together, one under the other
      const together = [first];
      while (distinct.length && distinct[0].i === together[together.length - 1].i + 1 && !distinct[0].l.blankBefore) together.push(distinct.shift()!);
      fields.urls = together.map((u) => u.l.text).join(" ");
    }
    for (const u of urlLines) consumed.add(u.i);
  }
  return fields;
}

const cue = (text: string, list: readonly string[]) => {
  const k = ` ${labelKey(text)} `;
  return list.filter((w) => k.includes(` ${labelKey(w)}`)).length;
};

/**
 * Fill the service fields whose labels were printed without values from paragraphs no
 * row took: the long one is the description, the one printed just before it the name
 * (a merged value column is drawn top-down), the others go by their words to users or
 * delivery mode. Fields stay empty where nothing fits.
 */
export function placeOrphans(orphans: string[], fields: ServiceFields): void {
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
