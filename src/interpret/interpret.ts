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
import type { Service } from "../model/schema.js";
import type { DocumentPart } from "../template/assemble.js";
import { extractUrls } from "../template/service.js";
import { isResultsTitle, readTitleBlock } from "../template/title.js";
import { type InterpretContext, type Item, provenance } from "./items.js";
import { noteHeading, PartState, RULES } from "./rules.js";

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

/** Read one part: its title block, its service block(s) and its indicator table(s), item by item through the rules (rules.ts). */
export function interpretItems(items: Item[], name: string | null, ctx: InterpretContext): DocumentPart {
  const state = new PartState(ctx);
  for (const item of items) {
    const { texts } = item;
    if (texts.length === 0) continue;
    const step = { item, texts, first: texts[0], isRow: item.kind === "row", pendingColumns: state.labelColumns, pending: state.open };
    state.labelColumns = null;
    state.open = null;
    for (const rule of RULES) if (rule(state, step)) break;
    noteHeading(state, item, texts[0]);
  }
  return finishPart(state, name);
}

/** The part as read: its head from the title block, its kind, its services (the title's service name for one that prints none). */
function finishPart(s: PartState, name: string | null): DocumentPart {
  const head = readTitleBlock(s.titleLines);
  const kind = s.sawResultsColumns || s.titleLines.some(isResultsTitle) ? "results" : "standards";
  const out: Service[] = [];
  for (const d of s.services) {
    if (d.indicators.length === 0 && Object.keys(d.fields).length === 0) continue;
    const serviceName = d.fields.name ?? head.serviceName ?? null;
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
