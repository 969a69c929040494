/** HTML as text: escaping, tables that sort by a click on their headers, and the page's own CSS and script. */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML content and attribute values. */
export function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export interface Column<T> {
  title: string;
  /** The cell's HTML (escape text with esc). */
  cell: (row: T) => string;
  /** The value the column sorts by; numbers sort as numbers. Default: the cell's text. */
  sort?: (row: T) => string | number | null;
  numeric?: boolean;
}

/** A table whose columns sort on a click (the page's script); readable without it. */
export function table<T>(id: string, rows: readonly T[], columns: readonly Column<T>[], empty = "Nothing to show."): string {
  if (!rows.length) return `<p class="empty" id="${esc(id)}">${esc(empty)}</p>`;
  const head = columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ""}><button type="button">${esc(c.title)}</button></th>`).join("");
  const body = rows
    .map((r) => {
      const cells = columns.map((c) => {
        const key = c.sort?.(r);
        const attr = key === undefined ? "" : ` data-sort="${esc(key ?? "")}"`;
        return `<td${c.numeric ? ' class="num"' : ""}${attr}>${c.cell(r)}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  return `<table class="sortable" id="${esc(id)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export const STYLE = `
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --band: #f5f7fa; --accent: #1f4e79; --warn: #b44d12; --bad: #a61b1b; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: var(--ink); background: #fff; }
header.top { background: var(--accent); color: #fff; padding: 20px 32px 16px; }
header.top h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header.top p { margin: 0; opacity: .85; font-size: 13px; }
nav { padding: 8px 32px; background: var(--band); border-bottom: 1px solid var(--line); font-size: 13px; }
nav a { color: var(--accent); margin-right: 16px; text-decoration: none; }
main { padding: 8px 32px 40px; max-width: 1180px; }
section { margin-top: 28px; }
h2 { font-size: 18px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
.lede { font-size: 15px; margin: 8px 0 4px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; min-width: 120px; background: #fff; }
.card .n { font-size: 24px; font-weight: 600; display: block; }
.card .l { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card.bad .n { color: var(--bad); }
.card.warn .n { color: var(--warn); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
th button { all: unset; cursor: pointer; }
th button::after { content: " \\2195"; color: #9aa5b1; font-size: 11px; }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--accent); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--accent); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fbfcfd; }
.path { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; word-break: break-all; }
.muted, .empty { color: var(--muted); }
.sev-error { color: var(--bad); font-weight: 600; }
.sev-warning { color: var(--warn); font-weight: 600; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; background: var(--band); border: 1px solid var(--line); font-size: 12px; }
.tag.failure, .tag.failed { background: #fde8e8; border-color: #f5b5b5; }
.tag.partial { background: #fff4e5; border-color: #f7c98b; }
figure { margin: 8px 0 16px; overflow-x: auto; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
svg.chart text { font-size: 12px; fill: var(--ink); }
svg.chart text.total { fill: var(--muted); }
svg.mini { display: block; margin: 3px 0 2px; }
svg.chart text.axis-sublabel { fill: var(--muted); font-size: 11px; }
.dims { color: var(--muted); font-size: 12px; }
.legend { list-style: none; padding: 0; margin: 4px 0 10px; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; }
.legend .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
details { border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px; margin: 8px 0; }
details.files { border: 0; padding: 0; margin: 2px 0 0; font-size: 12px; }
details.files > summary { font-weight: normal; color: var(--muted); padding: 0; }
details > summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; background: var(--band); padding: 0 3px; border-radius: 3px; }
footer { color: var(--muted); font-size: 12px; padding: 16px 32px; border-top: 1px solid var(--line); }
@media print { nav { display: none; } details { break-inside: avoid; } th button::after { content: ""; } }
`;

/** Sorting by a click on a column header: numbers as numbers, text in Italian collation; a second click reverses. */
export const SCRIPT = `
(function () {
  var collator = new Intl.Collator("it", { numeric: true, sensitivity: "base" });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.querySelector("button").addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var numeric = th.classList.contains("num");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (tr) {
          var td = tr.cells[col];
          var v = td.hasAttribute("data-sort") ? td.getAttribute("data-sort") : td.textContent.trim();
          return numeric ? (v === "" ? -Infinity : Number(v)) : v;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var c = numeric ? x - y : collator.compare(x, y);
          return asc ? c : -c;
        });
        rows.forEach(function (tr) { body.appendChild(tr); });
      });
    });
  });
})();
`;
