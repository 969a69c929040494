/** `charters import`: files and folders into the database, a line or a JSON object per file, a summary, an exit code. */
import { Option, type Command } from "commander";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { walkedExtensions } from "../../parsers/manifest.js";
import type { FileReport, ImportSummary } from "../../pipeline/import.js";
import { display } from "../common.js";
import type { Io } from "../io.js";
import { positiveInt, seconds } from "../options.js";
import { ProgressBar } from "../progress.js";
import { stopOnSignals } from "../signals.js";
import { EXIT, exitCode, resumeHint, summaryText } from "../summary.js";
import { terminalText } from "../terminal.js";

interface ImportCliOptions {
  db?: string;
  allowEmpty: boolean;
  allFiles: boolean;
  logFormat: "auto" | "text" | "json";
  quiet: boolean;
  concurrency: number;
  fileTimeout: number;
  busyTimeout: number;
  wait?: true | number;
  retryFailed: boolean;
  reread?: "outdated" | "all";
  prune: boolean;
  pruneForce: boolean;
  follow: boolean;
  /** false with --no-ocr. */
  ocr: boolean;
  debug: boolean;
}

const HELP_AFTER = `
Files are routed by their content (magic bytes, structure), not by their extension.
A file imported before is skipped cheaply (same path, size and mtime, or same sha-256).
New content at a known path is a new version of the charter it held (the earlier version
is superseded and kept, see v_charter_versions) or another charter, such as next year's
(the one it held stays current for its year). The same content under a second path is
recorded as a duplicate, not imported twice. A file that cannot be read is recorded as
failed with its reason, takes no data away, and the batch goes on; if it has not
changed, the next runs report it as a known failure without parsing it again (unless
--retry-failed, or the parsers changed). An unchanged file is read again with --reread:
after an upgrade (--reread, which takes the files a former parser version read) or to
apply an alias to stored files (--reread all); its rows are replaced in place, people's
corrections applied again, and no version is added. Every run is recorded in the runs
table. A run stopped by SIGINT/SIGTERM commits what is parsed and is recorded as
interrupted: run the same command again to resume.

The database is named, never guessed: --db FILE, or the environment variable CHARTERS_DB.
A path that does not exist fails alone, and so does a folder named here in which no
charter file is found (an unmounted share looks so) unless --allow-empty: the other paths
are imported and the exit code is 1. Under --log-format json every error and warning is
also a JSON line ({"event":"error"|"warning", ...}), and paths are absolute.

Exit codes:
  0    every file imported, unchanged, or a known failure
  1    some files, folders or paths failed in this run (each listed with its reason; a folder --prune refused to empty too)
  2    bad usage (unknown option, no --db nor CHARTERS_DB, bad value)
  3    database problem: not a charters database, newer schema, locked by another
       program past --busy-timeout, disk full, read-only, corrupt, deleted or replaced
       during the run (one line says what to do; the run is recorded as failed)
  4    another import is running into the same database (see --wait)
  5    unexpected error (a bug; --debug shows the stack)
  130  interrupted by SIGINT; 143 interrupted by SIGTERM

Examples:
  charters import fixtures/corpus --db output/charters.sqlite
  charters import /archive --db output/archive.sqlite --concurrency 2 --file-timeout 30
  charters import /archive --db output/archive.sqlite --wait 3600 --prune --log-format json >> import.log`;

export function addImportCommand(program: Command, io: Io): void {
  program
    .command("import")
    .description("Import charter files and folders (walked recursively) into the database.")
    .argument("<paths...>", "files or folders to import")
    .addOption(new Option("--db <file>", "SQLite database to write (required unless CHARTERS_DB names it)").default(process.env.CHARTERS_DB || undefined, "$CHARTERS_DB"))
    .option("--all-files", `in folders, try every file, not only ${walkedExtensions().join(" ")}`, false)
    .option("-j, --concurrency <n>", "parser worker threads (at most 4 per core)", positiveInt("--concurrency"), availableParallelism())
    .option("--file-timeout <seconds>", "time limit to parse one file (a scan: each page read by OCR); a file over it fails alone", seconds("--file-timeout"), 60)
    .option("--busy-timeout <seconds>", "how long a write waits for another program's lock on the database before the run fails (exit 3)", seconds("--busy-timeout", true), 300)
    .option("--wait [seconds]", "when another import is running into the database, wait for it (as long as it takes, or at most this long) instead of exiting 4", seconds("--wait", true))
    .option("--retry-failed", "parse again the files that failed before with the same content (by default they are reported as known failures, not parsed)", false)
    .addOption(
      new Option("--reread [which]", "parse again files whose content is already stored and replace their reading in place (no version added): outdated (the default), those read by another version of their parser, after an upgrade; all, every file found")
        .choices(["outdated", "all"])
        .preset("outdated"),
    )
    .option("--prune", "retire (current = 0) the documents under the given folders whose file is gone; refused for a folder where more than half would go (an empty folder: a share not mounted?)", false)
    .option("--prune-force", "--prune, even where more than half of a folder's documents would be retired", false)
    .option("--no-ocr", "do not read scanned pages (PDF pages without text, .tif/.png/.jpg) by OCR: such files fail with their reason")
    .option("--allow-empty", "a folder named here in which no charter file is found is a warning, not a failure", false)
    .option("--no-follow", "do not follow symbolic links found in folders (by default each is followed, every folder walked once, loops reported)")
    .addOption(
      new Option("--log-format <format>", "auto: a progress bar on a terminal, JSON lines otherwise; text: one line per file; json: one JSON object per line (file, warning, summary), each with a time")
        .choices(["auto", "text", "json"])
        .default("auto"),
    )
    .option("-q, --quiet", "no per-file lines or progress, only failures and the summary", false)
    .option("--debug", "show the stack of an error", false)
    .addHelpText("after", HELP_AFTER)
    .action((paths: string[], o: ImportCliOptions) => importAction(program, io, paths, o));
}

/** How the run is shown: JSON lines, a progress bar on a terminal, or a text line per file. */
interface Output {
  json: boolean;
  bar: ProgressBar | null;
  /** One JSON line of an event. */
  line: (event: string, fields: object) => void;
}

function outputFor(io: Io, o: ImportCliOptions): Output {
  const json = o.logFormat === "json" || (o.logFormat === "auto" && !io.tty);
  const bar = !json && o.logFormat === "auto" && io.tty && !o.quiet ? new ProgressBar(io.tty) : null;
  const line = (event: string, fields: object) => io.out(jsonEvent(event, fields));
  return { json, bar, line };
}

/** The per-file callback: a JSON line, a line above the bar, or a text line (failures only with --quiet). */
function fileReporter(io: Io, o: ImportCliOptions, { json, bar, line }: Output) {
  let failed = 0;
  return (r: FileReport, done: number, total: number) => {
    if (r.outcome === "failed") failed++;
    const quietable = r.outcome !== "failed" || r.known;
    if (json) {
      if (!o.quiet || !quietable) line("file", { done, total, ...r });
      return;
    }
    const text = terminalText(
      r.outcome === "failed"
        ? `${display(r.path)}: FAILED${r.known ? " (known, not parsed again)" : ""}: ${r.reason}`
        : `${display(r.path)}: ${r.update === "reading" ? "read again" : r.outcome}${r.parser ? ` (${r.parser}: ${r.services} services, ${r.indicators} indicators${r.partial ? ", partial" : ""})` : r.reason ? `: ${r.reason}` : ""}`,
    );
    if (bar) {
      if (r.outcome === "failed" && !r.known) bar.note(text);
      bar.update(done, failed);
    } else if (!o.quiet || !quietable) io.out(`[${done}/${total}] ${text}\n`);
  };
}

/** One JSON line of the import's log: the event, its time, its fields. */
export const jsonEvent = (event: string, fields: object) => JSON.stringify({ event, time: new Date().toISOString(), ...fields }) + "\n";

async function importAction(program: Command, io: Io, paths: string[], o: ImportCliOptions): Promise<void> {
  const { importPaths, UsageError } = await import("../../pipeline/import.js");
  if (!o.db) throw new UsageError("import needs --db FILE, or the environment variable CHARTERS_DB: the database is not put in the current folder by default");
  const output = outputFor(io, o);
  const { json, bar, line } = output;
  const { signal, dispose } = stopOnSignals(io);
  let s: ImportSummary;
  try {
    s = await importPaths(paths, {
      db: o.db,
      allFiles: o.allFiles,
      concurrency: o.concurrency,
      fileTimeout: o.fileTimeout,
      busyTimeout: o.busyTimeout,
      wait: o.wait === undefined ? 0 : o.wait === true ? Infinity : o.wait,
      retryFailed: o.retryFailed,
      ...(o.reread ? { reread: o.reread } : {}),
      ocr: o.ocr,
      prune: o.prune,
      pruneForce: o.pruneForce,
      allowEmpty: o.allowEmpty,
      follow: o.follow,
      signal,
      onWait: (holder) => {
        io.err(`charters: ${holder}; waiting for it\n`);
        if (json) line("wait", { message: `${holder}; waiting for it` });
      },
      onStart: (total) => {
        bar?.start(total);
        if (json && !o.quiet) line("start", { total, db: resolve(o.db!) });
      },
      onFile: fileReporter(io, o, output),
    });
  } catch (e) {
    if (!signal.aborted) throw e;
    // Stopped while waiting for another import's lock: no run was started.
    io.err(`charters: ${(e as Error).message}\n`);
    if (json) line("error", { problem: "interrupted", message: (e as Error).message });
    return void program.setOptionValue("exitCode", signal.reason === "SIGINT" ? EXIT.SIGINT : EXIT.SIGTERM);
  } finally {
    dispose();
  }
  bar?.end();
  printSummary(io, o, output, s);
  program.setOptionValue("exitCode", exitCode(s));
}

function printSummary(io: Io, o: ImportCliOptions, { json, line }: Output, s: ImportSummary): void {
  if (json) {
    for (const w of s.warnings) line("warning", { message: w });
    if (s.error) line("error", { ...s.error, hint: resumeHint(s) });
    line("summary", s);
  } else {
    for (const w of s.warnings) io.err(`charters: warning: ${w}\n`);
    io.out((o.quiet ? "" : "\n") + terminalText(summaryText(s, o.retryFailed)));
  }
  if (s.error) io.err(`charters: ${s.error.message}\n`);
  const hint = resumeHint(s);
  if (hint) io.err(`charters: ${hint}\n`);
}
