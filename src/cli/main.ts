/**
 * The command line: a thin layer over the library (pipeline/import.ts).
 * Exit codes: 0 all imported, 1 some files failed, 2 bad usage or configuration.
 * Heavy modules (parsers, pdf.js) load only when a command needs them, so --help is quick.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { availableParallelism } from "node:os";
import type { FileReport, ImportSummary } from "../pipeline/import.js";
import { DEFAULT_DB, display } from "./common.js";
import { addAnalysisCommands } from "./analysis-commands.js";
import { ProgressBar } from "./progress.js";
import { addReportCommand } from "./report.js";
import { addReviewCommands } from "./review.js";

export { DEFAULT_DB };

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number of at least 1.`);
    return n;
  };
}

function positiveSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("--file-timeout must be a number of seconds above 0.");
  return n;
}

interface ImportCliOptions {
  db: string;
  allFiles: boolean;
  logFormat: "auto" | "text" | "json";
  quiet: boolean;
  concurrency: number;
  fileTimeout: number;
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** A terminal to draw progress on, or null. */
  tty: NodeJS.WriteStream | null;
}

function summaryText(s: ImportSummary, db: string): string {
  const rate = s.seconds > 0 ? (s.files / s.seconds).toFixed(1) : "-";
  const lines = [
    `${s.files} files in ${s.seconds.toFixed(1)} s (${rate} files/s): ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.duplicate} duplicate, ${s.failed} failed; ${s.indicators} indicators written to ${db} (run ${s.runId})`,
  ];
  for (const f of s.failures) lines.push(`  failed: ${display(f.path)}: ${f.reason}`);
  return lines.join("\n") + "\n";
}

export function buildProgram(io: Io): Command {
  const { out, err } = io;
  const program = new Command("charters")
    .description("Import Italian public administrations' service charters (PDF, XLSX, XLS, ODS, text exports) into one canonical SQLite dataset.")
    .version("0.1.0")
    .showHelpAfterError()
    .configureOutput({ writeOut: out, writeErr: err })
    .exitOverride();

  program
    .command("import")
    .description("Import charter files and folders (walked recursively) into the database.")
    .argument("<paths...>", "files or folders to import")
    .option("--db <file>", "SQLite database to write", DEFAULT_DB)
    .option("--all-files", "in folders, try every file, not only .xlsx .xlsm .xls .ods .pdf .txt .tsv .csv", false)
    .option("-j, --concurrency <n>", "parser worker threads", positiveInt("--concurrency"), availableParallelism())
    .option("--file-timeout <seconds>", "time limit to parse one file; a file over it fails alone", positiveSeconds, 60)
    .addOption(
      new Option("--log-format <format>", "auto: a progress bar on a terminal, JSON lines otherwise; text: one line per file; json: one JSON object per file and a summary")
        .choices(["auto", "text", "json"])
        .default("auto"),
    )
    .option("-q, --quiet", "no per-file lines or progress, only failures and the summary", false)
    .addHelpText(
      "after",
      `
Files are routed by their content (magic bytes, structure), not by their extension.
A file imported before is skipped cheaply (same path, size and mtime, or same sha-256);
new content at a known path replaces its earlier version in one transaction; the same
content under a second path is recorded as a duplicate, not imported twice (and is
imported on its own once the first path's content changes). A file that cannot be
read is recorded as failed with its reason and the batch goes on. Every run is
recorded in the runs table. Interrupted runs can simply be started again.

Exit codes: 0 all files imported, 1 some files failed, 2 bad usage.

Examples:
  charters import fixtures/corpus
  charters import /archive --db output/archive.sqlite --concurrency 2 --file-timeout 30
  charters import incoming/ --log-format json > import.log`,
    )
    .action(async (paths: string[], o: ImportCliOptions) => {
      const { importPaths } = await import("../pipeline/import.js");
      const json = o.logFormat === "json" || (o.logFormat === "auto" && !io.tty);
      const bar = !json && o.logFormat === "auto" && io.tty && !o.quiet ? new ProgressBar(io.tty) : null;
      let failed = 0;
      const onFile = (r: FileReport, done: number, total: number) => {
        if (r.outcome === "failed") failed++;
        if (json) {
          if (!o.quiet || r.outcome === "failed") out(JSON.stringify({ event: "file", done, total, ...r, path: display(r.path) }) + "\n");
          return;
        }
        const line =
          r.outcome === "failed"
            ? `${display(r.path)}: FAILED: ${r.reason}`
            : `${display(r.path)}: ${r.outcome}${r.parser ? ` (${r.parser}: ${r.services} services, ${r.indicators} indicators)` : ""}`;
        if (bar) {
          if (r.outcome === "failed") bar.note(line);
          bar.update(done, failed);
        } else if (!o.quiet || r.outcome === "failed") out(`[${done}/${total}] ${line}\n`);
      };
      const s = await importPaths(paths, {
        db: o.db,
        allFiles: o.allFiles,
        concurrency: o.concurrency,
        fileTimeout: o.fileTimeout,
        onStart: (total) => {
          bar?.start(total);
          if (json && !o.quiet) out(JSON.stringify({ event: "start", total, db: o.db }) + "\n");
        },
        onFile,
      });
      bar?.end();
      if (json) out(JSON.stringify({ event: "summary", db: o.db, ...s, failures: s.failures.map((f) => ({ ...f, path: display(f.path) })) }) + "\n");
      else out((o.quiet ? "" : "\n") + summaryText(s, o.db));
      program.setOptionValue("exitCode", s.failed > 0 ? 1 : 0);
    });

  program
    .command("inspect")
    .description("Parse one file without touching a database and print what was read: the canonical document as JSON, or a table.")
    .argument("<file>", "a charter file")
    .option("--table", "one line per indicator instead of JSON", false)
    .option("--aliases <db>", "normalize with the aliases (charters alias) recorded in this database, read only")
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
        const { document: d, parser } = await parseSource({ path: resolve(file), bytes });
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
      for (const p of parsers()) out(`${p.name.padEnd(8)} ${p.format.padEnd(5)} v${p.version}\n`);
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
    return 2;
  }
  try {
    await program.parseAsync(argv);
    return (program.getOptionValue("exitCode") as number | undefined) ?? 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    const { UsageError } = await import("../pipeline/import.js");
    if (e instanceof UsageError) {
      io.err(`charters: ${e.message}\n`);
      return 2;
    }
    const { DatabaseError } = await import("../db/errors.js");
    if (e instanceof DatabaseError) {
      io.err(`charters: ${e.message}\n`);
      return 3;
    }
    io.err(`charters: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 2;
  }
}
