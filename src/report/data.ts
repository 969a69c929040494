/**
 * What the report shows, read from the database in one place: the last run, the
 * charters, per issuer and year the services and their indicators by dimension, targets
 * by unit, the domain checks that fired and the review queue. The page (page.ts) only
 * lays these out.
 */
import type Database from "better-sqlite3";
import { DIMENSIONS } from "../normalize/taxonomy.js";
import { labelKey } from "../normalize/text.js";
import { reviewQueue, type ReviewQueue } from "../review/queue.js";

export interface RunSummary {
  id: number;
  started_at: string;
  finished_at: string | null;
  status: string;
  files: number | null;
  new: number | null;
  updated: number | null;
  unchanged: number | null;
  duplicate: number | null;
  failed: number | null;
  seconds: number | null;
}

/** A charter: its files (the same charter in several formats) and the one counted for it. */
export interface Charter {
  /** The issuer's display spelling (issuer_label), else as printed. */
  issuer: string | null;
  /** Where the charter says it is published (its first stated web address), if it says. */
  url: string | null;
  year: number | null;
  kind: string | null;
  title: string | null;
  /** The counted file's status and its counts. */
  status: string;
  services: number;
  indicators: number;
  /** The file counted for the charter (the best by confidence, where the database says). */
  best: string;
  files: string[];
  formats: string[];
}

export interface ServiceRow {
  service_id: number;
  name: string | null;
  source_path: string;
  /** Indicators per dimension code ('' for rows that name none). */
  byDimension: Record<string, number>;
  indicators: number;
}

export interface IssuerYear {
  issuer: string;
  year: number | null;
  services: ServiceRow[];
  byDimension: Record<string, number>;
  indicators: number;
}

/** Targets of one comparable unit (src/normalize/measure.ts) and one better direction: what compares. */
export interface UnitRow {
  unit: string | null;
  better: string | null;
  indicators: number;
  /** Of the indicators with a number, in the comparable unit. */
  min: number | null;
  median: number | null;
  max: number | null;
}

export interface CheckRow {
  check_name: string;
  severity: string;
  source_path: string | null;
  message: string;
}

export interface ReportData {
  generated_at: string;
  db_path: string;
  run: RunSummary | null;
  run_failures: { source_path: string; reason: string }[];
  runs: RunSummary[];
  charters: Charter[];
  /** Current documents read (success or partial). */
  files: number;
  /** Whether each charter is counted once (the analysts' v_indicators_best) or each file. */
  counted: "charter" | "file";
  issuers: IssuerYear[];
  units: UnitRow[];
  /** null where the database has no checks (v_checks). */
  checks: CheckRow[] | null;
  review: ReviewQueue;
}

/** Dimension codes in the template's order, then '' for rows that name none. */
export const DIMENSION_ORDER: readonly string[] = [...DIMENSIONS.map((d) => d.code), ""];

/** The check the report puts first: a standard may not be worse than the year before. */
export const WORSE_THAN_LAST_YEAR = "target_worse_than_previous_year";

/** How a charter that states no issuer is listed. */
export const NO_ISSUER = "(issuer not stated)";

const hasView = (db: Database.Database, name: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = ?").get(name);

const hasColumn = (db: Database.Database, view: string, column: string) =>
  (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(view) as string[]).includes(column);

/** One row per charter from the analysts' v_charters where it exists; otherwise one per file. */
function readCharters(db: Database.Database): Charter[] {
  type Row = Omit<Charter, "files" | "formats"> & { files: string; formats: string | null };
  const label = hasColumn(db, "v_charters", "issuer_label") ? "c.issuer_label" : "c.issuer";
  const url = hasColumn(db, "v_charters", "source_url") ? "c.source_url" : "NULL";
  const rows = hasView(db, "v_charters")
    ? (db
        .prepare(
          `SELECT ${label} AS issuer, ${url} AS url, c.year, c.kind, c.title, d.status, c.services, c.indicators, c.best_source_path AS best,
             c.source_paths AS files, c.formats
           FROM v_charters c JOIN documents d ON d.id = c.best_document_id ORDER BY c.issuer COLLATE NOCASE, c.year, c.best_source_path`,
        )
        .all() as Row[])
    : (db
        .prepare(
          `SELECT d.issuer, NULL AS url, d.year, d.kind, d.title, d.status, d.source_path AS best, json_array(d.source_path) AS files, d.format AS formats,
             (SELECT count(*) FROM services s WHERE s.document_id = d.id) AS services,
             (SELECT count(*) FROM indicators i JOIN services s ON s.id = i.service_id WHERE s.document_id = d.id) AS indicators
           FROM documents d WHERE d.current = 1 AND d.status IN ('success', 'partial') ORDER BY d.issuer COLLATE NOCASE, d.year, d.source_path`,
        )
        .all() as Row[]);
  return rows.map((r) => ({ ...r, files: JSON.parse(r.files) as string[], formats: r.formats ? r.formats.split(",") : [] }));
}

function median(sorted: number[]): number | null {
  if (!sorted.length) return null;
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/**
 * Issuers as printed differ in case and spacing ("COMUNE DI X", "Comune di X"): one group,
 * shown in its most frequent spelling. Spellings are counted as rows come; names are given at the end.
 */
class IssuerNames {
  private readonly keys = new Map<string, string>();
  private readonly counts = new Map<string, Map<string, number>>();

  /** The group key of a spelling, counted once more. */
  add(name: string): string {
    let key = this.keys.get(name);
    if (key === undefined) this.keys.set(name, (key = labelKey(name)));
    let m = this.counts.get(key);
    if (!m) this.counts.set(key, (m = new Map()));
    m.set(name, (m.get(name) ?? 0) + 1);
    return key;
  }

  shown(key: string): string {
    return [...this.counts.get(key)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
  }
}

type IndicatorRow = { issuer: string | null; year: number | null; source_path: string; service_id: number; name: string | null; unit: string | null; value: number | null; better: string | null; dims: string };

/**
 * Per issuer and year the services and their indicators by dimension, and per unit the
 * indicators and their values: one pass over the rows (work linear in the indicators: 80,000
 * in about a second, npm run bench:report).
 */
function aggregate(rows: Iterable<IndicatorRow>): { issuers: IssuerYear[]; units: UnitRow[] } {
  const names = new IssuerNames();
  const groups = new Map<string, { key: string; group: IssuerYear }>();
  const services = new Map<number, ServiceRow>();
  // Targets compare within one comparable unit and one direction: days apart from fractions, higher-is-better apart from lower.
  const byUnit = new Map<string, { unit: string | null; better: string | null; indicators: number; values: number[] }>();
  for (const r of rows) {
    const key = names.add(r.issuer ?? NO_ISSUER);
    const gk = `${key}|${r.year ?? ""}`;
    let g = groups.get(gk)?.group;
    if (!g) groups.set(gk, { key, group: (g = { issuer: "", year: r.year, services: [], byDimension: {}, indicators: 0 }) });
    let s = services.get(r.service_id);
    if (!s) {
      services.set(r.service_id, (s = { service_id: r.service_id, name: r.name, source_path: r.source_path, byDimension: {}, indicators: 0 }));
      g.services.push(s);
    }
    // A row naming several dimensions counts once under each.
    for (const code of r.dims ? r.dims.split(",") : [""]) {
      s.byDimension[code] = (s.byDimension[code] ?? 0) + 1;
      g.byDimension[code] = (g.byDimension[code] ?? 0) + 1;
    }
    s.indicators++;
    g.indicators++;
    const uk = `${r.unit}|${r.better}`;
    let u = byUnit.get(uk);
    if (!u) byUnit.set(uk, (u = { unit: r.unit, better: r.better, indicators: 0, values: [] }));
    u.indicators++;
    if (r.value !== null) u.values.push(r.value);
  }
  for (const { key, group } of groups.values()) group.issuer = names.shown(key);
  const issuers = [...groups.values()].map((x) => x.group).sort((a, b) => a.issuer.localeCompare(b.issuer) || (a.year ?? 0) - (b.year ?? 0));
  const units: UnitRow[] = [...byUnit.values()]
    .map(({ unit, better, indicators, values }) => {
      values.sort((a, b) => a - b);
      return { unit, better, indicators, min: values[0] ?? null, median: median(values), max: values.at(-1) ?? null };
    })
    .sort((a, b) => b.indicators - a.indicators || String(a.unit).localeCompare(String(b.unit)) || String(a.better).localeCompare(String(b.better)));
  return { issuers, units };
}

export function readReportData(db: Database.Database, dbPath: string, now = new Date()): ReportData {
  const runs = db.prepare("SELECT id, started_at, finished_at, status, files, new, updated, unchanged, duplicate, failed, seconds FROM runs ORDER BY id DESC LIMIT 10").all() as RunSummary[];
  const run = runs[0] ?? null;
  const run_failures = run
    ? (db.prepare("SELECT source_path, reason FROM run_failures WHERE run_id = ? ORDER BY source_path").all(run.id) as { source_path: string; reason: string }[])
    : [];
  const charters = readCharters(db);
  const files = db.prepare("SELECT count(*) FROM documents WHERE current = 1 AND status IN ('success', 'partial')").pluck().get() as number;
  const counted = hasView(db, "v_indicators_best") ? "charter" : "file";
  const best = counted === "charter" ? "AND i.id IN (SELECT indicator_id FROM v_indicators_best)" : "";
  const rows = db
    .prepare(
      `SELECT d.issuer, d.year, d.source_path, s.id AS service_id, s.name, f.target_norm_unit AS unit, f.target_norm AS value, f.better,
         COALESCE((SELECT group_concat(code, ',') FROM indicator_dimensions x WHERE x.indicator_id = i.id), '') AS dims
       FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
       LEFT JOIN indicator_facts f ON f.indicator_id = i.id
       WHERE d.current = 1 AND d.status IN ('success', 'partial') ${best}
       ORDER BY d.issuer, d.year, d.source_path, s.position, i.position`,
    )
    .iterate() as IterableIterator<IndicatorRow>;
  const { issuers, units } = aggregate(rows);

  // Findings of the counted files only, where the checks say which file is a charter's best.
  const bestChecks = counted === "charter" && hasColumn(db, "v_checks", "best") ? "WHERE COALESCE(best, 1) = 1" : "";
  const checkName = hasColumn(db, "v_checks", "check_name") ? "check_name" : `"check"`;
  const checks = hasView(db, "v_checks")
    ? (db
        .prepare(
          `SELECT ${checkName} AS check_name, severity, source_path, message FROM v_checks ${bestChecks}
           ORDER BY check_name != ?, CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, check_name, source_path, message`,
        )
        .all(WORSE_THAN_LAST_YEAR) as CheckRow[])
    : null;

  return {
    generated_at: now.toISOString(),
    db_path: dbPath,
    run,
    run_failures,
    runs,
    charters,
    files,
    counted,
    issuers,
    units,
    checks,
    review: reviewQueue(db),
  };
}
