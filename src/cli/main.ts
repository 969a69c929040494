/**
 * The command line: a thin layer over the library (pipeline/import.ts and the read side).
 * This module only assembles the program from one module per command (commands/) and
 * maps errors to exit codes (summary.ts EXIT): 0 all imported, 1 some files failed in this
 * run, 2 bad usage, 3 a database problem, 4 another import is running, 5 an unexpected
 * error, 130/143 SIGINT/SIGTERM. Heavy modules (parsers, pdf.js) load only when a command
 * needs them, so --help is quick.
 */
import { Command, CommanderError } from "commander";
import { formatLabels } from "../parsers/manifest.js";
import { DEFAULT_DB } from "./common.js";
import { addAliasCommand } from "./commands/alias.js";
import { addExportCommand } from "./commands/export.js";
import { addFormatsCommand } from "./commands/formats.js";
import { addImportCommand } from "./commands/import.js";
import { addInspectCommand } from "./commands/inspect.js";
import { addMetadataCommand } from "./commands/metadata.js";
import { addReportCommand } from "./commands/report.js";
import { addReviewCommand } from "./commands/review.js";
import { addSearchCommand } from "./commands/search.js";
import { processIo, type Io } from "./io.js";
import { EXIT } from "./summary.js";
import { terminalText } from "./terminal.js";

export { DEFAULT_DB };
export type { Io };

/** The commands, in the order --help lists them. */
const COMMANDS = [
  addImportCommand,
  addInspectCommand,
  addFormatsCommand,
  addReviewCommand,
  addAliasCommand,
  addReportCommand,
  addSearchCommand,
  addExportCommand,
  addMetadataCommand,
];

export function buildProgram(io: Io): Command {
  const program = new Command("charters")
    .description(`Import Italian public administrations' service charters (${formatLabels()}) into one canonical SQLite dataset.`)
    .version("0.1.0")
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  for (const add of COMMANDS) add(program, io);
  return program;
}

/** Run the CLI; returns the process exit code. */
export async function run(argv: string[], raw: Io = processIo()): Promise<number> {
  // Whatever goes to stderr is for a person: messages name files and labels read from the data.
  const io: Io = { ...raw, err: (s) => raw.err(terminalText(s)) };
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
    return reportError(io, e, debug);
  }
}

/** A usage, database or lock error as one line and its exit code; anything else is a bug (exit 5). */
async function reportError(io: Io, e: unknown, debug: boolean): Promise<number> {
  const { UsageError, ImportRunningError, OutputError } = await import("../pipeline/errors.js");
  const { DatabaseError } = await import("../db/errors.js");
  const cause = (e as Error)?.cause as Error | undefined;
  const stack = debug && (e as Error)?.stack ? `\n${(e as Error).stack}${cause?.stack ? `\ncaused by: ${cause.stack}` : ""}` : "";
  if (e instanceof UsageError) return io.err(`charters: ${e.message}${stack}\n`), EXIT.usage;
  if (e instanceof DatabaseError || e instanceof OutputError) return io.err(`charters: ${e.message}${stack}\n`), EXIT.database;
  if (e instanceof ImportRunningError) return io.err(`charters: ${e.message}${stack}\n`), EXIT.running;
  io.err(`charters: unexpected error: ${(e as Error)?.message ?? String(e)}${stack || " (--debug shows where)"}\n`);
  return EXIT.internal;
}
