/**
 * The report as one self-contained HTML page: inline CSS, inline SVG, a few lines of
 * inline script for sorting tables, nothing loaded from anywhere. English UI text; the
 * domain's labels (dimensions, services, issuers) in Italian as printed.
 */
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { describePlace } from "../review/queue.js";
import { shellQuote } from "../review/format.js";
import { barChart, dimensionColor, dimensionName, legend, miniBar, type Segment } from "./charts.js";
import { DIMENSION_ORDER, NO_ISSUER, WORSE_THAN_LAST_YEAR, type Charter, type CheckRow, type IssuerYear, type ReportData, type RunSummary } from "./data.js";
import { SCRIPT, STYLE, esc, table } from "./html.js";

const UNIT_NAMES: Record<string, string> = {
  percent: "percent (%)",
  days: "days",
  working_days: "working days",
  hours: "hours",
  weekly_hours: "hours a week",
  minutes: "minutes",
  months: "months",
  realtime: "real time",
  number: "number",
};
/** The comparable units (src/normalize/measure.ts) as a person reads them. */
const MEASURE_NAMES: Record<string, string> = {
  days: "days",
  working_days: "working days",
  fraction: "share (1 = 100%)",
  hours_per_week: "hours a week",
  euro: "euro",
  count: "count",
};
const unitName = (u: string | null) => (u === null ? "no unit stated" : MEASURE_NAMES[u] ?? UNIT_NAMES[u] ?? u);
const unitGroup = (u: { unit: string | null; better: string | null }) => `${unitName(u.unit)}${u.better ? `, ${u.better} is better` : u.unit === null ? "" : ", direction not stated"}`;
/** Most bars a chart shows; the rest are in the tables below it. */
const MAX_BARS = 40;
/** Most check rows listed; the count by check covers them all. */
const MAX_CHECK_ROWS = 2000;

/** An ISO time as a person reads it: "2026-12-01 06:07 UTC". */
const when = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;
const plural = (n: number, word: string, many = word + "s") => `${n} ${n === 1 ? word : many}`;
const num = (v: number | null) => (v === null ? "–" : Number.isInteger(v) ? String(v) : v.toFixed(1));
/** Links a source path to its file (a path relative to the report's folder), shown relative to the folder the report's files share. */
type Link = (path: string) => string;

/** The folder every path is in ("" where they share none but the root). */
export function commonFolder(paths: readonly string[]): string {
  if (!paths.length) return "";
  let prefix = paths[0].slice(0, paths[0].lastIndexOf("/") + 1);
  for (const p of paths) while (prefix && !p.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf("/", prefix.length - 2) + 1);
  return prefix.length > 1 ? prefix : "";
}

/**
 * A link to a file as a path relative to the folder the report is written in (the report
 * and the archive moved together keep their links; a mail attachment falls back on the
 * title, the absolute path), each segment percent-encoded.
 */
export function fileHref(path: string, reportDir: string | null): string {
  if (!reportDir) return pathToFileURL(path).href;
  const rel = relative(reportDir, path);
  return rel.split(sep).map((part) => (part === ".." ? part : encodeURIComponent(part))).join("/");
}

function linker(root: string, reportDir: string | null): Link {
  return (path) => `<a class="path" href="${esc(fileHref(path, reportDir))}" title="${esc(path)}">${esc(root && path.startsWith(root) ? path.slice(root.length) : path)}</a>`;
}

/** A web address the charter states, as a link (only http and https). */
const webLink = (url: string) => (/^https?:\/\/[^\s"<>]+$/i.test(url) ? `<a class="url" href="${esc(url)}">${esc(url)}</a>` : esc(url));
const card = (n: number, label: string, cls = "") => `<div class="card ${cls}"><span class="n">${n}</span><span class="l">${esc(label)}</span></div>`;
const groupTitle = (g: Pick<IssuerYear, "issuer" | "year">) => `${g.issuer} · ${g.year ?? "year not stated"}`;

function segments(byDimension: Record<string, number>): Segment[] {
  return DIMENSION_ORDER.filter((c) => byDimension[c]).map((c) => ({
    key: c,
    value: byDimension[c],
    color: dimensionColor(c, DIMENSION_ORDER),
    title: `${dimensionName(c)}: ${byDimension[c]}`,
  }));
}

function runLine(r: RunSummary): string {
  const secs = r.seconds === null ? "" : ` in ${r.seconds.toFixed(1)} s`;
  return `Run ${r.id}, ${esc(r.status)} ${esc(when(r.finished_at ?? r.started_at))}: ${plural(r.files ?? 0, "file")}${secs}`;
}

/** The report in one sentence or two, for whoever reads no further. */
function lede(d: ReportData): string {
  const issuers = new Set(d.issuers.map((g) => g.issuer).filter((i) => i !== NO_ISSUER)).size;
  const years = d.issuers.map((g) => g.year).filter((y): y is number => y !== null);
  const span = years.length ? ` (${Math.min(...years)}${Math.max(...years) > Math.min(...years) ? `–${Math.max(...years)}` : ""})` : "";
  const charters = d.counted === "charter" ? `${plural(d.charters.length, "charter")} in ${plural(d.files, "file")}` : plural(d.files, "charter file");
  const parts = [`${charters} from ${plural(issuers, "issuer")}${span}.`];
  if (d.run) parts.push(`The last run, ${esc(when(d.run.finished_at ?? d.run.started_at))}, brought ${d.run.new ?? 0} new and ${d.run.updated ?? 0} updated files${d.run.failed ? ` and ${plural(d.run.failed, "failure")}` : " and no failure"}.`);
  const worse = d.checks?.filter((c) => c.check_name === WORSE_THAN_LAST_YEAR).length ?? 0;
  if (worse) parts.push(`<strong>${plural(worse, "target")} worse than the year before.</strong>`);
  if (d.review.groups.length) parts.push(`${plural(d.review.groups.length, "label")} wait for a person's decision.`);
  return parts.join(" ");
}

function summarySection(d: ReportData, link: Link): string {
  const services = d.issuers.reduce((n, g) => n + g.services.length, 0);
  const indicators = d.issuers.reduce((n, g) => n + g.indicators, 0);
  const r = d.run;
  const cards = [
    ...(d.counted === "charter" ? [card(d.charters.length, "charters")] : []),
    card(d.files, "files imported"),
    card(services, "services"),
    card(indicators, "indicators"),
    card(d.review.failed.length, "files failing", d.review.failed.length ? "bad" : ""),
    card(d.review.groups.length, "items to review", d.review.groups.length ? "warn" : ""),
    card(d.checks?.length ?? 0, "checks fired", d.checks?.length ? "warn" : ""),
  ].join("");
  const run = r
    ? `<p id="last-run">${runLine(r)}.</p>
<div class="cards" id="run-counts">${card(r.new ?? 0, "new")}${card(r.updated ?? 0, "updated")}${card(r.unchanged ?? 0, "unchanged")}${card(r.duplicate ?? 0, "duplicate")}${card(r.failed ?? 0, "failed", r.failed ? "bad" : "")}</div>
${table("run-failures", d.run_failures, [
  { title: "File that failed", cell: (f) => link(f.source_path), sort: (f) => f.source_path },
  { title: "Reason", cell: (f) => esc(f.reason) },
], "No file failed in this run.")}`
    : `<p class="empty">No import has run on this database yet.</p>`;
  const history =
    d.runs.length > 1
      ? `<h3>Recent runs</h3>${table("runs", d.runs, [
          { title: "Run", cell: (x) => String(x.id), numeric: true, sort: (x) => x.id },
          { title: "Started", cell: (x) => esc(when(x.started_at)), sort: (x) => x.started_at },
          { title: "Status", cell: (x) => esc(x.status) },
          ...(["files", "new", "updated", "unchanged", "duplicate", "failed"] as const).map((k) => ({ title: k, cell: (x: RunSummary) => num(x[k]), numeric: true, sort: (x: RunSummary) => x[k] ?? 0 })),
          { title: "Seconds", cell: (x) => num(x.seconds), numeric: true, sort: (x) => x.seconds ?? 0 },
        ])}`
      : "";
  return `<section id="summary"><h2>Summary</h2><p class="lede">${lede(d)}</p><div class="cards" id="totals">${cards}</div><h3>Last run</h3>${run}${history}</section>`;
}

function issuersSection(d: ReportData, link: Link): string {
  if (!d.issuers.length) return `<section id="issuers"><h2>Services and indicators by issuer and year</h2><p class="empty">No charter imported yet.</p></section>`;
  const shown = [...d.issuers].sort((a, b) => b.indicators - a.indicators).slice(0, MAX_BARS);
  const ordered = d.issuers.filter((g) => shown.includes(g));
  const chart = barChart(
    ordered.map((g) => ({ label: g.issuer, sublabel: String(g.year ?? "year not stated"), segments: segments(g.byDimension) })),
    { id: "chart-dimensions", title: "Indicators by dimension, per issuer and year", labelWidth: 340, width: 860 },
  );
  const used = DIMENSION_ORDER.filter((c) => d.issuers.some((g) => g.byDimension[c]));
  const counted = d.counted === "charter" ? "each charter counted once, whatever the number of its files" : "each imported file counted (a charter published in several formats counts once per file)";
  const more = d.issuers.length > shown.length ? ` The ${shown.length} largest of ${d.issuers.length} groups are drawn; every group is listed below.` : "";
  const max = Math.max(1, ...d.issuers.flatMap((g) => g.services.map((s) => s.indicators)));
  const blocks = d.issuers
    .map((g, k) => {
      const rows = table(`services-${k}`, g.services, [
        { title: "Service", cell: (s) => esc(s.name ?? "(no name)") },
        { title: "Indicators", cell: (s) => String(s.indicators), numeric: true, sort: (s) => s.indicators },
        { title: "By dimension", cell: (s) => `${miniBar(segments(s.byDimension), max)}<div class="dims">${segments(s.byDimension).map((x) => esc(x.title)).join(" · ")}</div>`, sort: (s) => s.indicators },
        { title: "File", cell: (s) => link(s.source_path), sort: (s) => s.source_path },
      ]);
      return `<details class="issuer" open data-services="${g.services.length}" data-indicators="${g.indicators}"><summary>${esc(groupTitle(g))}: ${plural(g.services.length, "service")}, ${plural(g.indicators, "indicator")}</summary>${rows}</details>`;
    })
    .join("\n");
  return `<section id="issuers"><h2>Services and indicators by issuer and year</h2>
<figure>${chart}<figcaption>Indicators by dimension, per issuer and year: ${esc(counted)}; a row naming several dimensions counts under each.${esc(more)}</figcaption></figure>
${legend(used.map((c) => ({ color: dimensionColor(c, DIMENSION_ORDER), label: dimensionName(c) })))}
${blocks}</section>`;
}

function unitsSection(d: ReportData): string {
  const chart = barChart(
    d.units.map((u) => ({ label: unitGroup(u), segments: [{ key: `${u.unit ?? ""}|${u.better ?? ""}`, value: u.indicators, color: "#4e79a7", title: `${unitGroup(u)}: ${u.indicators}` }] })),
    { id: "chart-units", title: "Indicators by the comparable unit of their target and the better direction", labelWidth: 260 },
  );
  const rows = table("units", d.units, [
    { title: "Unit", cell: (u) => esc(unitName(u.unit)) },
    { title: "Better", cell: (u) => esc(u.better ?? "–") },
    { title: "Indicators", cell: (u) => String(u.indicators), numeric: true, sort: (u) => u.indicators },
    { title: "Lowest target", cell: (u) => num(u.min), numeric: true, sort: (u) => u.min },
    { title: "Median", cell: (u) => num(u.median), numeric: true, sort: (u) => u.median },
    { title: "Highest", cell: (u) => num(u.max), numeric: true, sort: (u) => u.max },
  ], "No indicator imported yet.");
  return `<section id="units"><h2>Targets by unit</h2>${d.units.length ? `<figure>${chart}<figcaption>Indicators by the comparable unit of their target (minutes, hours and months in days, working days apart, percentages as shares: docs/checks.md) and which way is better; lowest, median and highest compare within one row ("no unit stated": the target states no value, such as N.D.).</figcaption></figure>` : ""}${rows}</section>`;
}

function checksSection(d: ReportData, link: Link): string {
  const head = `<section id="checks"><h2>Domain checks that fired</h2>`;
  if (d.checks === null) return `${head}<p class="empty">This database has no domain checks (no v_checks view).</p></section>`;
  const counts = new Map<string, { n: number; severity: string }>();
  for (const c of d.checks) counts.set(c.check_name, { n: (counts.get(c.check_name)?.n ?? 0) + 1, severity: c.severity });
  const names = [...counts.keys()].sort((a, b) => Number(b === WORSE_THAN_LAST_YEAR) - Number(a === WORSE_THAN_LAST_YEAR) || counts.get(b)!.n - counts.get(a)!.n || a.localeCompare(b));
  const color = (s: string) => (s === "error" ? "#a61b1b" : s === "warning" ? "#e8863a" : "#8da9c4");
  const chart = names.length
    ? `<figure>${barChart(
        names.map((n) => ({ label: n, segments: [{ key: n, value: counts.get(n)!.n, color: color(counts.get(n)!.severity), title: `${n} (${counts.get(n)!.severity}): ${counts.get(n)!.n}` }] })),
        { id: "chart-checks", title: "Checks that fired, by check", labelWidth: 260 },
      )}<figcaption>Findings by check; a target worse than the year before first (a standard may not be worse than the previous one).</figcaption></figure>`
    : "";
  const listed = d.checks.slice(0, MAX_CHECK_ROWS);
  const cut = d.checks.length > listed.length ? `<p class="muted">The first ${listed.length} of ${d.checks.length} findings are listed.</p>` : "";
  const rows = table("checks-table", listed, [
    { title: "Check", cell: (c: CheckRow) => `<code>${esc(c.check_name)}</code>` , sort: (c) => c.check_name },
    { title: "Severity", cell: (c) => `<span class="sev-${esc(c.severity)}">${esc(c.severity)}</span>`, sort: (c) => c.severity },
    { title: "Message", cell: (c) => esc(c.message) },
    { title: "File", cell: (c) => (c.source_path ? link(c.source_path) : "–"), sort: (c) => c.source_path ?? "" },
  ], "No check fired.");
  return `${head}${chart}${cut}${rows}</section>`;
}

function reviewSection(d: ReportData, link: Link): string {
  const q = d.review;
  const rows = table("review-table", q.groups, [
    { title: "Kind", cell: (g) => esc(g.kind) },
    { title: "Label as printed", cell: (g) => esc(g.label) },
    { title: "Rows", cell: (g) => String(g.rows), numeric: true, sort: (g) => g.rows },
    { title: "Files", cell: (g) => String(g.files), numeric: true, sort: (g) => g.files },
    { title: "Example", cell: (g) => `${link(g.example.source_path)}<br><span class="muted">${esc(describePlace(g.example))}</span>`, sort: (g) => g.example.source_path },
    { title: "Best guess", cell: (g) => (g.guess ? `${esc(g.guess.code)} <span class="muted">(${g.guess.score.toFixed(2)}, ${esc(g.guess.basis)})</span>` : "–"), sort: (g) => g.guess?.score ?? 0 },
    { title: "Settle with", cell: (g) => (g.alias_kind ? `<code>charters alias ${esc(g.alias_kind)} ${esc(shellQuote(g.label))} ${esc(g.guess?.code ?? "CODE")}</code>` : `<code>charters review accept ${esc(g.id)}</code> or <code>dismiss ${esc(g.id)}</code>`) },
  ], "Nothing to review.");
  const files = (id: string, list: { source_path: string; reason: string }[], what: string, cls: string) =>
    `<h3>${esc(what)} (${list.length})</h3>${table(id, list, [
      { title: "File", cell: (f) => link(f.source_path), sort: (f) => f.source_path },
      { title: "Reason", cell: (f) => `<span class="tag ${cls}">${esc(cls)}</span> ${esc(f.reason)}` },
    ], `No ${what.toLowerCase()}.`)}`;
  return `<section id="review"><h2>Review queue</h2><p class="muted">Labels the normalizer could not place, grouped by kind and label: settle one with <code>charters alias</code> and its rows take the code without a re-import.</p>${rows}
${files("failed-files", q.failed, "Failed files", "failed")}${files("partial-files", q.partial, "Partial documents", "partial")}</section>`;
}

function chartersSection(d: ReportData, link: Link): string {
  const rows = table("charters-table", d.charters, [
    { title: "Issuer", cell: (c: Charter) => esc(c.issuer ?? "–") },
    { title: "Year", cell: (c) => esc(c.year ?? "–"), numeric: true, sort: (c) => c.year ?? 0 },
    { title: "Kind", cell: (c) => esc(c.kind ?? "–") },
    { title: "Formats", cell: (c) => esc(c.formats.join(", ") || "–") },
    { title: "Services", cell: (c) => String(c.services), numeric: true, sort: (c) => c.services },
    { title: "Indicators", cell: (c) => String(c.indicators), numeric: true, sort: (c) => c.indicators },
    { title: "Status", cell: (c) => `<span class="tag ${esc(c.status)}">${esc(c.status)}</span>` },
    { title: "Published at", cell: (c) => (c.url ? webLink(c.url) : `<span class="muted">not stated</span>`), sort: (c) => c.url ?? "" },
    { title: "Source", cell: (c) => `${link(c.best)}${c.files.length > 1 ? `<details class="files"><summary>${plural(c.files.length, "file")}</summary>${c.files.map(link).join("<br>")}</details>` : ""}`, sort: (c) => c.best },
  ], "No charter imported yet.");
  const what = d.counted === "charter"
    ? "Every charter, with the web address it states (where it says it is published) and links to the file counted for it (the best read) and to each of its files, relative to this report's folder."
    : "Every imported file, with a link to its source.";
  return `<section id="charters"><h2>Charters</h2><p class="muted">${what}</p>${rows}</section>`;
}

/** The page; `reportDir` is the folder it is written in (file links relative to it), null for absolute file: links. */
export function renderReport(d: ReportData, reportDir: string | null = null): string {
  const paths = [...d.charters.flatMap((c) => c.files), ...d.run_failures.map((f) => f.source_path), ...d.review.failed.map((f) => f.source_path), ...(d.checks ?? []).flatMap((c) => c.source_path ?? [])];
  const root = commonFolder(paths);
  const link = linker(root, reportDir);
  const sections = [summarySection(d, link), issuersSection(d, link), unitsSection(d), checksSection(d, link), reviewSection(d, link), chartersSection(d, link)];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Service charters report, ${esc(d.generated_at.slice(0, 10))}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top"><h1>Service charters: quality standards report</h1><p>Generated ${esc(when(d.generated_at))} from <span class="path">${esc(d.db_path)}</span>${root ? `; files under <span class="path">${esc(root)}</span>` : ""}</p></header>
<nav><a href="#summary">Summary</a><a href="#issuers">By issuer and year</a><a href="#units">Targets by unit</a><a href="#checks">Checks</a><a href="#review">Review queue</a><a href="#charters">Charters</a></nav>
<main>
${sections.join("\n")}
</main>
<footer>Made by <code>charters report</code>. Self-contained: nothing in this page is loaded from the network. Click a column header to sort a table.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
