/**
 * Cell precision of the indicator rows an import wrote, by confidence band and by the kind
 * of file they came from: whether the rows at or above the review threshold can be
 * trusted, per scrape (pdftotext, -layout, ...) and per producer of the scraped PDF.
 *
 * Every predicted row of a file is paired with a gold row as the scorer pairs them
 * (services by name, rows by text: src/eval/score.ts); its cells are the scored fields it
 * fills; a cell is right where it agrees with the paired gold row's. A row left unpaired
 * (an extra row, or a row of a service the scorer could not pair) has every cell wrong.
 * Precision = right cells / filled cells, as the scorer counts them.
 */
import Database from "better-sqlite3";
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { IND_FIELDS, cellsAgree, loadGoldCorpus, matchRows, scoreDatabase, sim } from "../../src/eval/score.js";

type Row = Record<string, unknown>;

/** One predicted row, judged against the gold. */
export interface JudgedRow {
  /** path inside the folder scored: "<id>/<file>" */
  file: string;
  confidence: number;
  /** needs_review = 0: the tool stands behind the row. */
  accepted: boolean;
  /** The doubts of its reading (review_reason split at "; "). */
  reasons: string[];
  /** scored fields the row fills */
  cells: number;
  /** of those, the ones that agree with the gold row */
  right: number;
  /** the filled cells that disagree: field, the gold's value and the row's (what `confidence --wrong` lists) */
  wrong: { field: string; gold: unknown; got: unknown }[];
  /** the row's description as read, to find it in a listing */
  description: string;
}

/** The producer of a scraped PDF and the scrape, from the file's name ("charter.reportlab-box.layout.txt"). */
export interface FileKind {
  producer: string;
  scrape: string;
}

const SCRAPES = new Set(["pdftotext", "layout", "raw", "pdfjs"]);
const PRODUCERS = ["reportlab", "chromium", "weasyprint", "wkhtmltopdf", "writer"];
/** Files beside a charter that are not charters (the renderers' inputs), as the scorer's --expect skips them. */
const NOT_CHARTERS = /\.(json|grids|md)$/;

export function fileKind(path: string): FileKind {
  const parts = basename(path).split(".");
  const ext = (parts.length > 1 ? parts.pop()! : "").toLowerCase();
  const last = parts.length > 1 ? parts[parts.length - 1] : "";
  const scraped = ext === "txt" && SCRAPES.has(last);
  const middle = parts.slice(1, scraped ? -1 : undefined);
  const producer = PRODUCERS.find((p) => middle.some((m) => m.startsWith(p))) ?? (scraped ? "libreoffice" : ext === "txt" ? parts[0] : "-");
  const scrape = scraped ? last : ext === "txt" ? "text" : [ext, ...middle.filter((m) => /^scan/.test(m))].join(" ");
  return { producer, scrape };
}

/** Whether a cell holds something, as the scorer counts a cell (null, "", [] and false do not). */
const filled = (field: string, v: unknown) => !cellsAgree(field, null, v);

function judgeRow(gold: Row | undefined, pred: Row): { cells: number; right: number; wrong: JudgedRow["wrong"] } {
  let cells = 0;
  let right = 0;
  const wrong: JudgedRow["wrong"] = [];
  for (const f of IND_FIELDS) {
    if (!filled(f, pred[f])) continue;
    cells++;
    if (gold && filled(f, gold[f]) && cellsAgree(f, gold[f], pred[f])) right++;
    else wrong.push({ field: f, gold: gold ? gold[f] : "(no gold row)", got: pred[f] });
  }
  return { cells, right, wrong };
}

/**
 * The rows read from one file, each with the gold row the scorer pairs it with (services
 * paired by name, rows by text), or none: a row of an unpaired service, or an extra row.
 * What npm run confidence needs too.
 */
export function pairFileRows(gold: Row, services: Row[], rows: Row[]): { gold: Row | undefined; pred: Row }[] {
  const out: { gold: Row | undefined; pred: Row }[] = [];
  const gsv = gold.services as Row[];
  const used = new Set<number>();
  const claimed = new Set<unknown>();
  for (const gs of gsv) {
    let best = -1;
    let bestSim = 0;
    services.forEach((ps, j) => {
      const v = sim(gs.name, ps.service_name);
      // the highest similarity, ties to the later service: Python's max over (sim, j), as the scorer pairs them
      if (!used.has(j) && (best < 0 || v >= bestSim)) [best, bestSim] = [j, v];
    });
    if (best < 0 || !(bestSim >= 0.5 || (gsv.length === 1 && services.length === 1))) continue;
    used.add(best);
    claimed.add(services[best].service_name);
    const pred = rows.filter((r) => r.service_name === services[best].service_name);
    const gi = gs.indicators as Row[];
    const pairs = new Map(matchRows(gi, pred).map(([i, j]) => [j, i]));
    pred.forEach((p, j) => {
      const i = pairs.get(j);
      out.push({ gold: i === undefined ? undefined : gi[i], pred: p });
    });
  }
  for (const p of rows.filter((r) => !claimed.has(r.service_name))) out.push({ gold: undefined, pred: p });
  return out;
}

/** Judge every indicator row the database holds from files under `dir` (a folder of `<id>/gold.json` charters). */
export function judgeRows(dbPath: string, dir: string): JudgedRow[] {
  const gold = loadGoldCorpus(dir);
  const conn = new Database(dbPath, { readonly: true, fileMustExist: true });
  let services: Row[];
  let rows: Row[];
  try {
    services = conn.prepare("SELECT * FROM v_services WHERE source_path LIKE ?").all(`${dir}/%`) as Row[];
    rows = conn.prepare("SELECT * FROM v_indicators WHERE source_path LIKE ?").all(`${dir}/%`) as Row[];
  } finally {
    conn.close();
  }
  const out: JudgedRow[] = [];
  for (const file of [...new Set(services.map((s) => s.source_path as string))].sort()) {
    const rel = file.slice(dir.length + 1);
    const g = gold.get(rel.split("/")[0]);
    if (!g) continue;
    const pairs = pairFileRows(g, services.filter((s) => s.source_path === file), rows.filter((r) => r.source_path === file));
    for (const { gold: gr, pred } of pairs) {
      const reasons = typeof pred.review_reason === "string" && pred.review_reason ? pred.review_reason.split("; ") : [];
      out.push({ file: rel, confidence: Number(pred.confidence), accepted: Number(pred.needs_review) === 0, reasons, description: String(pred.description ?? ""), ...judgeRow(gr, pred) });
    }
  }
  return out;
}

/** What each charter file of `dir` should yield, by "<id>/<file>": its gold rows (not optional) and their filled cells. */
export function goldFiles(dir: string): Map<string, { rows: number; cells: number }> {
  const out = new Map<string, { rows: number; cells: number }>();
  for (const [id, g] of loadGoldCorpus(dir)) {
    const rows = (g.services as Row[]).flatMap((sv) => (sv.indicators as Row[]).filter((r) => !r.optional));
    const cells = rows.reduce((n, r) => n + IND_FIELDS.filter((f) => filled(f, r[f])).length, 0);
    const folder = join(dir, id);
    if (!existsSync(folder)) continue;
    for (const f of readdirSync(folder, { withFileTypes: true })) if (f.isFile() && !NOT_CHARTERS.test(f.name)) out.set(`${id}/${f.name}`, { rows: rows.length, cells });
  }
  return out;
}

/** The gold rows (not optional) each charter file of `dir` should yield, by "<id>/<file>": what accepted rows are a share of. */
export function goldRows(dir: string): Map<string, number> {
  return new Map([...goldFiles(dir)].map(([f, g]) => [f, g.rows]));
}

/** The scorer's cell counts per expected file (`--expect`): right, predicted and gold cells; a file that left no row has its gold cells only. */
export function fileTallies(dbPath: string, dir: string): Map<string, { tp: number; pred: number; gold: number }> {
  const out = new Map([...goldFiles(dir)].map(([f, g]) => [f, { tp: 0, pred: 0, gold: g.cells }]));
  for (const f of scoreDatabase(dbPath, dir).files) {
    if (!out.has(f.file)) continue;
    out.set(f.file, { tp: f.indicators.tp, pred: f.indicators.pred, gold: f.indicators.gold });
  }
  return out;
}

/** Figures of a group of rows against one threshold. */
export interface BandFigures {
  rows: number;
  cells: number;
  right: number;
}

export function tally(rows: JudgedRow[]): BandFigures {
  return rows.reduce((t, r) => ({ rows: t.rows + 1, cells: t.cells + r.cells, right: t.right + r.right }), { rows: 0, cells: 0, right: 0 });
}

export const precision = (t: BandFigures) => (t.cells ? t.right / t.cells : NaN);

/** Bands [lo, hi) over the confidence, the last one closed at 1. */
export const BANDS: [number, number][] = [[0, 0.5], [0.5, 0.6], [0.6, 0.7], [0.7, 0.8], [0.8, 0.9], [0.9, 1.0001]];

/** A group's figures: gold rows, rows read, accepted rows and their share of the gold rows, cell precision of the accepted rows, the others, all; cell F1 over all rows. */
export interface GroupFigures {
  label: string;
  gold: number;
  rows: number;
  accepted: number;
  share: number;
  pAccepted: number;
  pRest: number;
  pAll: number;
  f1: number;
}

/** Every expected file's rows and tallies shared out into groups by `key`, each group's figures and the whole's last (label "all"). */
export function groupFigures(rows: JudgedRow[], files: Map<string, { rows: number; tp: number; pred: number; gold: number }>, accept: (r: JudgedRow) => boolean, key: (file: string) => string): GroupFigures[] {
  const groups = new Map<string, { rows: JudgedRow[]; files: string[] }>();
  const slot = (k: string) => groups.get(k) ?? (groups.set(k, { rows: [], files: [] }), groups.get(k)!);
  for (const f of files.keys()) slot(key(f)).files.push(f);
  for (const r of rows) slot(key(r.file)).rows.push(r);
  const figures = (label: string, list: JudgedRow[], fs: string[]): GroupFigures => {
    const acc = list.filter(accept);
    const gold = fs.reduce((n, f) => n + files.get(f)!.rows, 0);
    const t = fs.reduce((a, f) => ({ tp: a.tp + files.get(f)!.tp, pred: a.pred + files.get(f)!.pred, gold: a.gold + files.get(f)!.gold }), { tp: 0, pred: 0, gold: 0 });
    const p = t.pred ? t.tp / t.pred : 0;
    const r = t.gold ? t.tp / t.gold : 0;
    return { label, gold, rows: list.length, accepted: acc.length, share: gold ? acc.length / gold : NaN, pAccepted: precision(tally(acc)), pRest: precision(tally(list.filter((x) => !accept(x)))), pAll: precision(tally(list)), f1: p + r ? (2 * p * r) / (p + r) : 0 };
  };
  const out = [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) => figures(k, g.rows, g.files));
  out.push(figures("all", rows, [...files.keys()]));
  return out;
}

/** The groups as lines of text, a header first. */
export function figuresTable(groups: GroupFigures[]): string[] {
  const fmt = (x: number) => (Number.isNaN(x) ? "-" : x.toFixed(3));
  const head = `${"kind".padEnd(26)} ${"gold".padStart(5)} ${"rows".padStart(5)} ${"acc".padStart(5)} ${"acc/gold".padStart(8)}  ${"P(acc)".padStart(6)}  ${"P(rest)".padStart(7)}  ${"P(all)".padStart(6)}  ${"F1".padStart(5)}`;
  return [
    head,
    ...groups.map((g) => `${g.label.padEnd(26)} ${String(g.gold).padStart(5)} ${String(g.rows).padStart(5)} ${String(g.accepted).padStart(5)} ${fmt(g.share).padStart(8)}  ${fmt(g.pAccepted).padStart(6)}  ${fmt(g.pRest).padStart(7)}  ${fmt(g.pAll).padStart(6)}  ${fmt(g.f1).padStart(5)}`),
  ];
}

/** One line a confidence band: rows, cells and cell precision. */
export function bandTable(rows: JudgedRow[], bands = BANDS): string[] {
  return bands.map(([lo, hi]) => {
    const t = tally(rows.filter((r) => r.confidence >= lo && r.confidence < hi));
    const label = `[${lo.toFixed(1)}, ${Math.min(hi, 1).toFixed(1)}${hi > 1 ? "]" : ")"}`;
    return `${label.padEnd(12)} rows ${String(t.rows).padStart(5)}   cells ${String(t.cells).padStart(6)}   right ${String(t.right).padStart(6)}   precision ${t.cells ? precision(t).toFixed(3) : "  -  "}`;
  });
}

/**
 * Rows by the doubts of their reading: for each reason (a penalty's, its placeholders
 * matched by anything; `name` the penalty's name, or the reason itself where no penalty
 * has it), the rows that carry it and their cell precision, rows carrying none first.
 */
export function reasonTable(rows: JudgedRow[], named: { name: string; reason: string; cap: number }[]): string[] {
  const pattern = (reason: string) => reason.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  const res = named.map((n) => ({ ...n, re: new RegExp(`^${pattern(n.reason)}$`) }));
  const groups = new Map<string, { cap: string; rows: JudgedRow[]; alone: JudgedRow[] }>();
  const slot = (k: string, cap: string) => groups.get(k) ?? (groups.set(k, { cap, rows: [], alone: [] }), groups.get(k)!);
  for (const r of rows) {
    if (!r.reasons.length) slot("(no doubt)", "").rows.push(r);
    const seen = new Set<string>();
    for (const why of r.reasons) {
      const n = res.find((x) => x.re.test(why));
      const k = n ? n.name : why.replace(/"[^"]*"/g, '"…"');
      if (seen.has(k)) continue;
      seen.add(k);
      slot(k, n ? n.cap.toFixed(2) : "").rows.push(r);
    }
    if (seen.size === 1) slot([...seen][0], "").alone.push(r);
  }
  const p = (list: JudgedRow[]) => (list.length ? precision(tally(list)).toFixed(3) : "  -  ");
  return [...groups]
    .sort(([, a], [, b]) => b.rows.length - a.rows.length)
    .map(([k, g]) => `${k.slice(0, 50).padEnd(50)} ${g.cap.padStart(4)}  rows ${String(g.rows.length).padStart(5)}  precision ${p(g.rows)}   alone ${String(g.alone.length).padStart(5)}  precision ${p(g.alone)}`);
}
