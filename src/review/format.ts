/** The review queue and the aliases as text for a terminal, or as JSON lines for scripts. */
import type { StoredAlias } from "../db/aliases.js";
import { describePlace, type ReviewQueue } from "./queue.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A shell-quoted argument, for the commands the queue suggests. */
export function shellQuote(s: string): string {
  return /^[\w.,:/@%+-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, "\\$1")}"`;
}

/** One object per line: {"type":"label",...}, then {"type":"failed",...} and {"type":"partial",...}. */
export function queueJsonLines(q: ReviewQueue): string {
  const lines = [
    ...q.groups.map((g) => ({ type: "label", ...g })),
    ...q.failed.map((f) => ({ type: "failed", ...f })),
    ...q.partial.map((p) => ({ type: "partial", ...p })),
  ];
  return lines.map((l) => JSON.stringify(l) + "\n").join("");
}

/** The queue as a person reads it; `show` turns a stored path into the path to print. */
export function queueTable(q: ReviewQueue, show: (path: string) => string = (p) => p): string {
  const rows = q.groups.reduce((n, g) => n + g.rows, 0);
  const decided = q.decided > 0 ? `; ${q.decided} decided (charters review --all shows them)` : "";
  const out: string[] = [
    `Review queue: ${plural(q.groups.length, "item")} (${plural(rows, "row")}), ${plural(q.failed.length, "failed file")}, ${plural(q.partial.length, "partial document")}${decided}`,
  ];
  if (q.groups.length) {
    out.push("");
    const head = ["ID", "KIND", "LABEL", "ROWS", "FILES", "BEST GUESS"];
    const cells = q.groups.map((g) => [
      g.id,
      g.kind,
      g.label.length > 48 ? g.label.slice(0, 47) + "…" : g.label,
      String(g.rows),
      String(g.files),
      g.guess ? `${g.guess.code} (${g.guess.score.toFixed(2)}, ${g.guess.basis})` : "-",
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
    const line = (c: string[]) => c.map((v, i) => (i === 3 || i === 4 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join("  ").trimEnd();
    out.push(line(head));
    q.groups.forEach((g, k) => {
      out.push(line(cells[k]));
      const where = describePlace(g.example);
      out.push(`    e.g. ${show(g.example.source_path)}${where ? `, ${where}` : ""}`);
      out.push(`    why: ${g.reasons.join("; ")}`);
      if (g.alias_kind) out.push(`    settle: charters alias ${g.alias_kind} ${shellQuote(g.label)} ${g.guess?.code ?? "CODE"}   (or: charters review accept ${g.id}${g.guess ? "" : " CODE"})`);
      else out.push(`    decide: charters review accept ${g.id} (the data as read is right) or charters review dismiss ${g.id}`);
    });
  }
  if (q.failed.length) {
    out.push("", "Failed files:");
    for (const f of q.failed) out.push(`  ${f.id}  ${show(f.source_path)}: ${f.reason}`);
  }
  if (q.partial.length) {
    out.push("", "Partial documents:");
    for (const p of q.partial) out.push(`  ${p.id}  ${show(p.source_path)}: ${p.reason}`);
  }
  return out.join("\n") + "\n";
}

export function aliasTable(aliases: readonly StoredAlias[]): string {
  if (!aliases.length) return "No aliases recorded.\n";
  const cells = aliases.map((a) => [a.kind, a.label, a.code, a.created_by, a.created_at]);
  const head = ["KIND", "LABEL", "CODE", "BY", "AT"];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  return [head, ...cells].map((c) => c.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd()).join("\n") + "\n";
}
