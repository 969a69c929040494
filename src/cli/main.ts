/**
 * The command line: a thin layer over the library (pipeline/import.ts).
 * Exit codes (summary.ts EXIT): 0 all imported, 1 some files failed in this run, 2 bad usage,
 * 3 a database problem, 4 another import is running, 5 an unexpected error, 130/143 SIGINT/SIGTERM.
 * Heavy modules (parsers, pdf.js) load only when a command needs them, so --help is quick.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { FileReport, ImportSummary } from "../pipeline/import.js";
import { DEFAULT_DB, display } from "./common.js";
import { addAnalysisCommands } from "./analysis-commands.js";
import { ProgressBar } from "./progress.js";
import { addReportCommand } from "./report.js";
import { addReviewCommands } from "./review.js";
import { EXIT, exitCode, resumeHint, summaryText } from "./summary.js";

export { DEFAULT_DB };

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number of at least 1.`);
    return n;
  };
}

function seconds(name: string, zero = false) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || (n === 0 && !zero)) throw new InvalidArgumentError(`${name} must be a number of seconds${zero ? "" : " above 0"}.`);
    return n;
  };
}

interface ImportCliOptions {
  db: string;
  allFiles: boolean;
  logFormat: "auto" | "text" | "json";
  quiet: boolean;
  concurrency: number;
  fileTimeout: number;
  busyTimeout: number;
  wait?: true | number;
  retryFailed: boolean;
  prune: boolean;
  follow: boolean;
  debug: boolean;
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** A terminal to draw progress on, or null. */
  tty: NodeJS.WriteStream | null;
}

/** SIGINT and SIGTERM abort the returned signal; a second one ends the process at once. */
function stopOnSignals(io: Io): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handlers = (["SIGINT", "SIGTERM"] as const).map((name) => {
    const handler = () => {
      if (controller.signal.aborted) process.exit(name === "SIGINT" ? EXIT.SIGINT : EXIT.SIGTERM);
      io.err(`charters: ${name}: stopping; committing what is parsed (${name === "SIGINT" ? "Ctrl-C" : "the signal"} again to quit at once)\n`);
      controller.abort(name);
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return { signal: controller.signal, dispose: () => handlers.forEach(([name, h]) => process.off(name, h)) };
}

export function buildProgram(io: Io): Command {
  const { out, err } = io;
  const program = new Command("charters")
    .description("Import Italian public administrations' service charters (PDF, XLSX, XLS, ODS, DOCX, DOC, RTF, ODT, HTML, CSV, scraped text, and any of them signed as .p7m) into one canonical SQLite dataset.")
    .version("0.1.0")
    .showHelpAfterError()
    .configureOutput({ writeOut: out, writeErr: err })
    .exitOverride();

  program
    .command("import")
    .description("Import charter files and folders (walked recursively) into the database.")
    .argument("<paths...>", "files or folders to import")
    .option("--db <file>", "SQLite database to write", DEFAULT_DB)
    .option("--all-files", "in folders, try every file, not only .xlsx .xlsm .xls .ods .pdf .txt .tsv .csv .docx .odt .html .htm .doc .rtf .p7m", false)
    .option("-j, --concurrency <n>", "parser worker threads", positiveInt("--concurrency"), availableParallelism())
    .option("--file-timeout <seconds>", "time limit to parse one file; a file over it fails alone", seconds("--file-timeout"), 60)
    .option("--busy-timeout <seconds>", "how long a write waits for another program's lock on the database before the run fails (exit 3)", seconds("--busy-timeout", true), 300)
    .option("--wait [seconds]", "when another import is running into the database, wait for it (as long as it takes, or at most this long) instead of exiting 4", seconds("--wait", true))
    .option("--retry-failed", "parse again the files that failed before with the same content (by default they are reported as known failures, not parsed)", false)
    .option("--prune", "retire (current = 0) the documents under the given folders whose file is gone", false)
    .option("--no-follow", "do not follow symbolic links found in folders (by default each is followed, every folder walked once, loops reported)")
    .addOption(
      new Option("--log-format <format>", "auto: a progress bar on a terminal, JSON lines otherwise; text: one line per file; json: one JSON object per line (file, warning, summary), each with a time")
        .choices(["auto", "text", "json"])
        .default("auto"),
    )
    .option("-q, --quiet", "no per-file lines or progress, only failures and the summary", false)
    .option("--debug", "show the stack of an error", false)
    .addHelpText(
      "after",
      `
Files are routed by their content (magic bytes, structure), not by their extension.
A file imported before is skipped cheaply (same path, size and mtime, or same sha-256);
new content at a known path replaces its earlier version in one transaction; the same
content under a second path is recorded as a duplicate, not imported twice. A file that
cannot be read is recorded as failed with its reason and the batch goes on; if it has
not changed, the next runs report it as a known failure without parsing it again
(unless --retry-failed, or the parsers changed). Every run is recorded in the runs
table. A run stopped by SIGINT/SIGTERM commits what is parsed and is recorded as
interrupted: run the same command again to resume.

Exit codes:
  0    every file imported, unchanged, or a known failure
  1    some files or folders failed in this run (each listed with its reason)
  2    bad usage (unknown option, missing path, bad value)
  3    database problem: not a charters database, newer schema, locked by another
       program past --busy-timeout, disk full, read-only, corrupt (one line says what
       to do; the run is recorded as failed)
  4    another import is running into the same database (see --wait)
  5    unexpected error (a bug; --debug shows the stack)
  130  interrupted by SIGINT; 143 interrupted by SIGTERM

Examples:
  charters import fixtures/corpus
  charters import /archive --db output/archive.sqlite --concurrency 2 --file-timeout 30
  charters import /archive --db output/archive.sqlite --wait 3600 --prune --log-format json >> import.log`,
    )
    .action(async (paths: string[], o: ImportCliOptions) => {
      const { importPaths } = await import("../pipeline/import.js");
      const json = o.logFormat === "json" || (o.logFormat === "auto" && !io.tty);
      const bar = !json && o.logFormat === "auto" && io.tty && !o.quiet ? new ProgressBar(io.tty) : null;
      const line = (event: string, fields: object) => out(JSON.stringify({ event, time: new Date().toISOString(), ...fields }) + "\n");
      let failed = 0;
      const onFile = (r: FileReport, done: number, total: number) => {
        if (r.outcome === "failed") failed++;
        const quietable = r.outcome !== "failed" || r.known;
        if (json) {
          if (!o.quiet || !quietable) line("file", { done, total, ...r, path: display(r.path) });
          return;
        }
        const text =
          r.outcome === "failed"
            ? `${display(r.path)}: FAILED${r.known ? " (known, not parsed again)" : ""}: ${r.reason}`
            : `${display(r.path)}: ${r.outcome}${r.parser ? ` (${r.parser}: ${r.services} services, ${r.indicators} indicators${r.partial ? ", partial" : ""})` : r.reason ? `: ${r.reason}` : ""}`;
        if (bar) {
          if (r.outcome === "failed" && !r.known) bar.note(text);
          bar.update(done, failed);
        } else if (!o.quiet || !quietable) out(`[${done}/${total}] ${text}\n`);
      };
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
          prune: o.prune,
          follow: o.follow,
          signal,
          onWait: (holder) => err(`charters: ${holder}; waiting for it\n`),
          onStart: (total) => {
            bar?.start(total);
            if (json && !o.quiet) line("start", { total, db: resolve(o.db) });
          },
          onFile,
        });
      } catch (e) {
        if (!signal.aborted) throw e;
        // Stopped while waiting for another import's lock: no run was started.
        err(`charters: ${(e as Error).message}\n`);
        return void program.setOptionValue("exitCode", signal.reason === "SIGINT" ? EXIT.SIGINT : EXIT.SIGTERM);
      } finally {
        dispose();
      }
      bar?.end();
      if (json) {
        for (const w of s.warnings) line("warning", { message: w });
        line("summary", { ...s, failures: s.failures.map((f) => ({ ...f, path: display(f.path) })) });
      } else {
        for (const w of s.warnings) err(`charters: warning: ${w}\n`);
        out((o.quiet ? "" : "\n") + summaryText(s, o.retryFailed));
      }
      if (s.error) err(`charters: ${s.error.message}\n`);
      const hint = resumeHint(s);
      if (hint) err(`charters: ${hint}\n`);
      program.setOptionValue("exitCode", exitCode(s));
    });

  program
    .command("inspect")
    .description("Parse one file without touching a database and print what was read: the canonical document as JSON, or a table.")
    .argument("<file>", "a charter file")
    .option("--table", "one line per indicator instead of JSON", false)
    .option("--aliases <db>", "normalize with the aliases (charters alias) recorded in this database, read only")
    .option("--debug", "show the stack of an error", false)
    .action(async (file: string, o: { table: boolean; aliases?: string }) => {
      const { readFile } = await import("node:fs/promises");
      if (o.aliases) {
        const { useRecordedAliases } = await import("./common.js");
        await useRecordedAliases(o.aliases);
      }
      const { parseSource } = await import("../parsers/registry.js");
      const { resolve } = await import("node:path");
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (e) {
        const { UsageError } = await import("../pipeline/import.js");
        throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
      }
      try {
        const { applyLimits } = await import("../normalize/limits.js");
        const parsed = await parseSource({ path: resolve(file), bytes });
        const { parser } = parsed;
        const d = applyLimits(parsed.document, { file: resolve(file), parser: parser.name, parser_version: parser.version }).document; // as the import does
        if (!o.table) return void out(JSON.stringify({ parser: parser.name, ...d }, null, 2) + "\n");
        out(`${parser.name} | ${d.kind} | ${d.issuer ?? "-"} | ${d.year ?? "-"} | ${d.office ?? "-"}\n`);
        for (const s of d.services) {
          out(`\n# ${s.name ?? "(no name)"}  ${s.urls.join(" ")}\n`);
          for (const i of s.indicators) {
            const where = i.provenance.page ? `p${i.provenance.page}` : `r${i.provenance.row ?? i.provenance.line}`;
            out(`${where.padEnd(5)} ${(i.dimension.join(",") || "-").padEnd(14)} ${(i.subdimension ?? "-").padEnd(32)} ${(i.description ?? "").slice(0, 50).padEnd(50)} | ${i.target_raw ?? "-"} -> ${i.target_value ?? "-"} ${i.target_unit ?? ""}${i.actual_raw ? ` | ${i.actual_raw}` : ""}  (${i.confidence.toFixed(2)})\n`);
          }
        }
        if (d.review.length) out(`\nreview: ${d.review.map((r) => `${r.kind} "${r.label}"`).join("; ")}\n`);
      } catch (e) {
        err(`charters: ${file}: ${(e as Error).message}\n`);
        program.setOptionValue("exitCode", 1);
      }
    });

  program
    .command("formats")
    .description("List the parsers, in the order they are tried, and the formats they read.")
    .action(async () => {
      const { parsers } = await import("../parsers/registry.js");
      for (const p of parsers()) out(`${p.name.padEnd(8)} ${p.format.padEnd(5)} v${p.version.padEnd(6)} ${p.reads ?? ""}\n`.replace(/ +\n$/, "\n"));
    });

  addReviewCommands(program, io);
  addReportCommand(program, io);
  addAnalysisCommands(program, io);

  return program;
}

/** Run the CLI; returns the process exit code. */
export async function run(
  argv: string[],
  io: Io = {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    tty: process.stderr.isTTY ? process.stderr : null,
  },
): Promise<number> {
  const program = buildProgram(io);
  if (argv.length <= 2) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  const debug = argv.includes("--debug");
  try {
    await program.parseAsync(argv);
    return (program.getOptionValue("exitCode") as number | undefined) ?? EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const { UsageError, ImportRunningError } = await import("../pipeline/errors.js");
    const { DatabaseError } = await import("../db/errors.js");
    const cause = (e as Error)?.cause as Error | undefined;
    const stack = debug && (e as Error)?.stack ? `\n${(e as Error).stack}${cause?.stack ? `\ncaused by: ${cause.stack}` : ""}` : "";
    if (e instanceof UsageError) return io.err(`charters: ${e.message}${stack}\n`), EXIT.usage;
    if (e instanceof DatabaseError) return io.err(`charters: ${e.message}${stack}\n`), EXIT.database;
    if (e instanceof ImportRunningError) return io.err(`charters: ${e.message}${stack}\n`), EXIT.running;
    io.err(`charters: unexpected error: ${(e as Error)?.message ?? String(e)}${stack || " (--debug shows where)"}\n`);
    return EXIT.internal;
  }
}
