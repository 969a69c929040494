/**
 * Cell-level precision, recall and F1 of an imported database against corpus gold
 * files: a faithful port of the shared scorer (eval/score.py) so that `npm run accuracy`
 * prints the same figures without Python. It reads only the analysts' views.
 */
import Database from "better-sqlite3";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

export const IND_FIELDS = ["dimension", "dimension_raw", "subdimension", "subdimension_raw", "description", "formula", "target_raw", "target_value", "target_unit", "actual_raw", "actual_value", "actual_unit", "placeholder", "activity", "explanation", "notes"];
export const SVC_FIELDS = ["service_name", "service_description", "delivery_mode", "users", "complaint_authority", "urls", "issuer", "office", "year", "kind"];

const QUOTES: Record<string, string> = { "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'", "`": "'", "\u00a0": " ", "\u2010": "-", "\u2013": "-", "\u2014": "-" };

type Row = Record<string, unknown>;
type Cell = string | number | boolean | null | { set: string[] } | { bad: string };

export function normText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  let s = String(v).normalize("NFKC").replace(/[\u2019\u2018\u201c\u201d\u00b4`\u00a0\u2010\u2013\u2014]/g, (c) => QUOTES[c]);
  s = s.toLowerCase().replace(/ß/g, "ss");
  s = s.replace(/\s+/gu, " ").trim().replace(/\s+([,.;:)])/gu, "$1").replace(/\(\s+/gu, "(");
  return s || null;
}

function setCell(items: string[]): Cell {
  const uniq = [...new Set(items)].sort();
  return uniq.length ? { set: uniq } : null;
}

function normField(name: string, v: unknown): Cell {
  if (name === "dimension") {
    if (v === null || v === undefined) return null;
    const items = Array.isArray(v) ? (v as string[]).filter(Boolean) : String(v).split(",").map((x) => x.trim()).filter(Boolean);
    return setCell(items);
  }
  if (name === "urls") {
    if (v === null || v === undefined) return null;
    let list: unknown = v;
    if (typeof v === "string") {
      try {
        list = JSON.parse(v);
      } catch {
        list = v.split(/\s+/);
      }
    }
    return setCell((list as unknown[]).map((u) => normText(u)).filter((u): u is string => !!u).map((u) => u.replace(/\/+$/, "")));
  }
  if (name === "target_value" || name === "actual_value") {
    if (v === null || v === undefined || v === "") return null;
    const n = Number(v);
    return Number.isFinite(n) && String(v).trim() !== "" ? Math.round(n * 10000) / 10000 : { bad: String(v) };
  }
  if (name === "year") {
    if (v === null || v === undefined || v === "") return null;
    const n = Number(v);
    return Number.isInteger(n) ? n : { bad: String(v) };
  }
  if (name === "placeholder") return v === null || v === undefined || v === "" ? false : Boolean(v);
  return normText(v);
}

const same = (a: Cell, b: Cell) => JSON.stringify(a) === JSON.stringify(b);
const empty = (c: Cell) => c === null || c === false;

/** difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), over code points. */
export function seqRatio(a: string, b: string): number {
  const A = Array.from(a);
  const B = Array.from(b);
  const total = A.length + B.length;
  if (total === 0) return 1;
  const b2j = new Map<string, number[]>();
  B.forEach((ch, j) => {
    const l = b2j.get(ch);
    if (l) l.push(j);
    else b2j.set(ch, [j]);
  });
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let besti = alo, bestj = blo, bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(A[i]) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && A[besti - 1] === B[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && A[besti + bestsize] === B[bestj + bestsize]) bestsize++;
    return [besti, bestj, bestsize];
  };
  let matches = 0;
  const queue: [number, number, number, number][] = [[0, A.length, 0, B.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (k) {
      matches += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
  }
  return (2 * matches) / total;
}

export function sim(a: unknown, b: unknown): number {
  const x = normText(a) ?? "";
  const y = normText(b) ?? "";
  if (!x && !y) return 0;
  return seqRatio(x, y);
}

function rowSim(g: Row, p: Row): number {
  let num = 0;
  let den = 0;
  for (const [f, w] of [["description", 3], ["formula", 2], ["target_raw", 1], ["activity", 1]] as const) {
    if (g[f] || p[f]) {
      num += sim(g[f], p[f]) * w;
      den += w;
    }
  }
  return den ? num / den : 0;
}

function match(gold: Row[], pred: Row[], threshold = 0.6): [number, number][] {
  const pairs: [number, number, number][] = [];
  gold.forEach((g, i) => pred.forEach((p, j) => {
    const s = rowSim(g, p);
    if (s >= threshold) pairs.push([s, i, j]);
  }));
  pairs.sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2]);
  const ug = new Set<number>();
  const up = new Set<number>();
  const out: [number, number][] = [];
  for (const [, i, j] of pairs) {
    if (!ug.has(i) && !up.has(j)) {
      ug.add(i);
      up.add(j);
      out.push([i, j]);
    }
  }
  return out;
}

export class Tally {
  tp = 0; gold = 0; pred = 0;
  rowsGold = 0; rowsFound = 0; rowsPred = 0; rowsExtra = 0;
  fieldMiss: Record<string, number> = {};
  add(o: Tally): void {
    this.tp += o.tp; this.gold += o.gold; this.pred += o.pred;
    this.rowsGold += o.rowsGold; this.rowsFound += o.rowsFound; this.rowsPred += o.rowsPred; this.rowsExtra += o.rowsExtra;
    for (const [k, v] of Object.entries(o.fieldMiss)) this.fieldMiss[k] = (this.fieldMiss[k] ?? 0) + v;
  }
  prf(): [number, number, number] {
    const p = this.pred ? this.tp / this.pred : this.gold ? 0 : 1;
    const r = this.gold ? this.tp / this.gold : 1;
    return [p, r, p + r ? (2 * p * r) / (p + r) : 0];
  }
}

function scoreRows(gold: Row[], pred: Row[], fields: string[], t: Tally, details: string[], label: string, paired = false): void {
  t.rowsGold += gold.filter((g) => !g.optional).length;
  t.rowsPred += pred.length;
  const pairs: [number, number][] = paired && gold.length && pred.length ? [[0, 0]] : match(gold, pred);
  t.rowsExtra += pred.length - pairs.length;
  const mg = new Set(pairs.map(([i]) => i));
  const mp = new Set(pairs.map(([, j]) => j));
  for (const [i, j] of pairs) {
    if (!gold[i].optional) t.rowsFound++;
    for (const f of fields) {
      const g = normField(f, gold[i][f]);
      const p = normField(f, pred[j][f]);
      if (!empty(g)) t.gold++;
      if (!empty(p)) t.pred++;
      if (!empty(g) && same(g, p)) t.tp++;
      else if (!same(g, p) && !(empty(g) && empty(p))) {
        t.fieldMiss[f] = (t.fieldMiss[f] ?? 0) + 1;
        details.push(`  ${label} row ${i + 1} ${f}: gold=${show(g, f)} got=${show(p, f)}`);
      }
    }
  }
  gold.forEach((g, i) => {
    if (!mg.has(i) && !g.optional) {
      t.gold += fields.filter((f) => !empty(normField(f, g[f]))).length;
      details.push(`  ${label} missing row ${i + 1}: ${show((g.description ?? g.formula) as Cell)}`);
    }
  });
  pred.forEach((p, j) => {
    if (!mp.has(j)) {
      t.pred += fields.filter((f) => !empty(normField(f, p[f]))).length;
      details.push(`  ${label} extra row: ${show((p.description ?? p.formula) as Cell)}`);
    }
  });
}

/** A cell as Python's json.dumps prints it (floats keep their ".0", lists use ", "). */
function show(v: Cell, field = ""): string {
  let s: string;
  if (v && typeof v === "object" && "set" in v) s = `[${v.set.map((x) => JSON.stringify(x)).join(", ")}]`;
  else if (v && typeof v === "object" && "bad" in v) s = `["bad", ${JSON.stringify(v.bad)}]`;
  else if (typeof v === "number" && Number.isInteger(v) && (field === "target_value" || field === "actual_value")) s = `${v}.0`;
  else s = JSON.stringify(v) ?? "null";
  return s.length < 90 ? s : s.slice(0, 87) + "...";
}

export function formatOf(path: string): string {
  const base = basename(path);
  const ext = base.includes(".") ? base.split(".").pop()!.toLowerCase() : "";
  return ["txt", "tsv", "csv"].includes(ext) ? "txt" : ext;
}

export interface FileScore {
  file: string;
  format: string;
  indicators: Tally;
  services: Tally;
  details: string[];
}

export interface ScoreReport {
  files: FileScore[];
  perFormat: Map<string, Tally>;
  indicators: Tally;
  services: Tally;
  charters: number;
  charterCount: number;
}

export function loadGoldCorpus(corpus: string): Map<string, Row> {
  const gold = new Map<string, Row>();
  for (const id of readdirSync(corpus).sort()) {
    const p = join(corpus, id, "gold.json");
    if (existsSync(p)) gold.set(id, JSON.parse(readFileSync(p, "utf8")) as Row);
  }
  return gold;
}

/** Score a database (its v_services / v_indicators) against every gold.json under `corpus`. */
export function scoreDatabase(dbPath: string, corpus: string): ScoreReport {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  let svcRows: Row[];
  let indRows: Row[];
  try {
    svcRows = db.prepare("SELECT * FROM v_services").all() as Row[];
    indRows = db.prepare("SELECT * FROM v_indicators").all() as Row[];
  } finally {
    db.close();
  }
  const gold = loadGoldCorpus(corpus);
  const byFile = new Map<string, { services: Row[]; indicators: Row[] }>();
  const slot = (p: string) => byFile.get(p) ?? (byFile.set(p, { services: [], indicators: [] }), byFile.get(p)!);
  for (const r of svcRows) slot(r.source_path as string).services.push(r);
  for (const r of indRows) slot(r.source_path as string).indicators.push(r);

  const report: ScoreReport = { files: [], perFormat: new Map(), indicators: new Tally(), services: new Tally(), charters: 0, charterCount: gold.size };
  const seen = new Set<string>();
  for (const path of [...byFile.keys()].sort()) {
    const parts = path.replace(/\\/g, "/").split("/");
    const cid = parts.slice(0, -1).reverse().find((p) => gold.has(p));
    if (!cid) continue;
    seen.add(cid);
    const g = gold.get(cid)!;
    const got = byFile.get(path)!;
    const ti = new Tally();
    const ts = new Tally();
    const details: string[] = [];
    const gsv = (g.services as Row[]).map((s) => ({
      service_name: s.name, service_description: s.description ?? null, delivery_mode: s.delivery_mode ?? null, users: s.users ?? null,
      complaint_authority: s.complaint_authority ?? null, urls: s.urls ?? null, issuer: g.issuer ?? null, office: g.office ?? null,
      year: g.year ?? null, kind: g.kind ?? null, _ind: s.indicators as Row[],
    }));
    const psv = got.services;
    const svPairs: [number, number][] = [];
    const used = new Set<number>();
    gsv.forEach((s, i) => {
      let best: [number, number | null] = [0, null];
      psv.forEach((p, j) => {
        if (used.has(j)) return;
        const v = sim(s.service_name, p.service_name);
        // Python's max over (similarity, index) tuples: a tie goes to the later index.
        if (best[1] === null || v > best[0] || (v === best[0] && j > best[1])) best = [v, j];
      });
      if (best[1] !== null && (best[0] >= 0.5 || (gsv.length === 1 && psv.length === 1))) {
        used.add(best[1]);
        svPairs.push([i, best[1]]);
      }
    });
    for (const [i, j] of svPairs) scoreRows([gsv[i]], [psv[j]], SVC_FIELDS, ts, details, "service", true);
    const pairedG = new Set(svPairs.map(([i]) => i));
    gsv.forEach((s, i) => { if (!pairedG.has(i)) scoreRows([s], [], SVC_FIELDS, ts, details, "service"); });
    psv.forEach((p, j) => { if (!used.has(j)) scoreRows([], [p], SVC_FIELDS, ts, details, "service"); });
    const paired = new Map(svPairs);
    gsv.forEach((s, i) => {
      const pname = paired.has(i) ? psv[paired.get(i)!].service_name : undefined;
      const pred = paired.has(i) ? got.indicators.filter((r) => r.service_name === pname) : [];
      scoreRows(s._ind, pred, IND_FIELDS, ti, details, String(s.service_name).slice(0, 30));
    });
    const claimed = new Set([...paired.values()].map((j) => psv[j].service_name));
    const stray = got.indicators.filter((r) => !claimed.has(r.service_name));
    if (stray.length) scoreRows([], stray, IND_FIELDS, ti, details, "unpaired service");
    report.indicators.add(ti);
    report.services.add(ts);
    const fmt = formatOf(path);
    if (!report.perFormat.has(fmt)) report.perFormat.set(fmt, new Tally());
    report.perFormat.get(fmt)!.add(ti);
    report.files.push({ file: parts.slice(parts.indexOf(cid)).join("/"), format: fmt, indicators: ti, services: ts, details });
  }
  report.charters = seen.size;
  return report;
}

/** The report as the shared scorer prints it. */
export function formatReport(r: ScoreReport, verbose = false): string {
  const lines: string[] = [];
  for (const f of r.files) {
    const [p, rc, f1] = f.indicators.prf();
    const [, , sf] = f.services.prf();
    const t = f.indicators;
    lines.push(`${f.file.padEnd(58)} rows ${String(t.rowsFound).padStart(3)}/${String(t.rowsGold).padEnd(3)} (+${t.rowsExtra} extra)  cells P ${p.toFixed(3)} R ${rc.toFixed(3)} F1 ${f1.toFixed(3)}   service F1 ${sf.toFixed(3)}`);
    if (verbose) lines.push(...f.details);
  }
  lines.push("");
  for (const fmt of [...r.perFormat.keys()].sort()) {
    const [p, rc, f1] = r.perFormat.get(fmt)!.prf();
    lines.push(`format ${fmt.padEnd(5)} cells P ${p.toFixed(3)} R ${rc.toFixed(3)} F1 ${f1.toFixed(3)}`);
  }
  const [p, rc, f1] = r.indicators.prf();
  const [, , sf] = r.services.prf();
  const misses = Object.entries(r.indicators.fieldMiss).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ");
  lines.push(`fields wrong or missing in found rows: ${misses || "none"}`);
  lines.push(`charters seen ${r.charters}/${r.charterCount}, files ${r.files.length}`);
  lines.push(`overall indicators: rows ${r.indicators.rowsFound}/${r.indicators.rowsGold}, cells P ${p.toFixed(3)} R ${rc.toFixed(3)} F1 ${f1.toFixed(3)}; services F1 ${sf.toFixed(3)}`);
  return lines.join("\n");
}

/** The scorer's row matching, for tools that judge predicted rows one by one (scripts/confidence.ts). */
export function matchRows(gold: Row[], pred: Row[]): [number, number][] {
  return match(gold, pred);
}

/** Whether a predicted cell agrees with the gold one, as the scorer compares them. */
export function cellsAgree(field: string, gold: unknown, pred: unknown): boolean {
  return same(normField(field, gold), normField(field, pred));
}
