/**
 * The import's summary as people read it, and the exit code it means. JSON lines carry the
 * same figures (the summary object itself).
 */
import type { ImportSummary } from "../pipeline/import.js";
import { display } from "./common.js";

/** Exit codes of `charters import` (docs/operations.md "Exit codes", --help). */
export const EXIT = {
  ok: 0,
  filesFailed: 1,
  usage: 2,
  database: 3,
  running: 4,
  internal: 5,
  SIGINT: 130,
  SIGTERM: 143,
} as const;

export function exitCode(s: ImportSummary): number {
  if (s.status === "failed") return EXIT.database;
  if (s.status === "interrupted") return s.interrupted === "SIGINT" ? EXIT.SIGINT : EXIT.SIGTERM;
  return s.failed - s.knownFailures > 0 ? EXIT.filesFailed : EXIT.ok;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "skipped 3 files: .jpg 2, .zip 1" ("files and folders" where hidden folders or links were left out). */
export function skippedText(skipped: Record<string, number>): string | null {
  const entries = Object.entries(skipped).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) return null;
  const total = entries.reduce((n, [, k]) => n + k, 0);
  const what = entries.some(([why]) => why === "hidden folder" || why === "symbolic link") ? "files and folders" : total === 1 ? "file" : "files";
  return `skipped ${total} ${what}: ${entries.map(([why, k]) => `${why} ${k}`).join(", ")}`;
}

/** What to tell the person after the run ended early. */
export function resumeHint(s: ImportSummary): string | null {
  if (s.status === "interrupted") {
    return `interrupted by ${s.interrupted}: what was parsed is committed, ${plural(s.notDone, "file")} not looked at; run the same command again to resume (committed files are skipped)`;
  }
  if (s.status === "failed") {
    return `the run stopped (${plural(s.notDone, "file")} not looked at) and is recorded as failed; once the database is fixed, run the same command again to complete it`;
  }
  return null;
}

/** What the updates were: new versions of their charter (the earlier superseded), or another charter at a known path (the earlier kept). */
function updatesText(s: ImportSummary): string | null {
  const parts = [
    s.updatedVersions > 0 ? `${s.updatedVersions} a new version of the charter its file held (the earlier version superseded, kept in v_charter_versions)` : null,
    s.updatedCharters > 0 ? `${s.updatedCharters} another charter at a known path (the charter the file held stays current for its year)` : null,
    s.reread > 0 ? `${s.reread} the same content read again (--reread: its rows replaced, no version added)` : null,
  ].filter((x): x is string => x !== null);
  return parts.length > 0 ? `updated: ${parts.join("; ")}` : null;
}

export function summaryText(s: ImportSummary, retried = false): string {
  const rate = s.seconds > 0 ? (s.files / s.seconds).toFixed(1) : "-";
  const newFailures = s.failed - s.knownFailures;
  const failed = s.knownFailures > 0 ? `${s.failed} failed (${newFailures} new, ${s.knownFailures} known)` : `${s.failed} failed`;
  const lines = [
    `${s.files} files in ${s.seconds.toFixed(1)} s (${rate} files/s): ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.duplicate} duplicate, ${failed}; ${s.indicators} indicators written to ${s.db} (run ${s.runId}, ${s.status})`,
  ];
  const details = [
    updatesText(s),
    s.partial > 0 ? `${plural(s.partial, "partial document")}` : null,
    s.review > 0 ? `${plural(s.review, "review item")}` : null,
    s.ocrPages > 0 ? `${plural(s.ocrPages, "scanned page")} read by OCR` : null,
    skippedText(s.skipped),
    s.symlinks > 0 ? `${plural(s.symlinks, "symbolic link")} followed` : null,
    s.retired > 0 ? `${plural(s.retired, "document")} retired (file gone)` : null,
  ].filter((x): x is string => x !== null);
  if (details.length > 0) lines.push(`  ${details.join("; ")}`);
  for (const f of s.failures) if (!f.known) lines.push(`  failed: ${display(f.path)}${f.folder ? " (folder)" : ""}: ${f.reason}`);
  for (const f of s.failures) if (f.known) lines.push(`  failed before, same content: ${display(f.path)}: ${f.reason}`);
  if (s.knownFailures > 0 && !retried) lines.push(`  ${plural(s.knownFailures, "known failure")} not parsed again (same content, same parsers): --retry-failed to try again`);
  return lines.join("\n") + "\n";
}
