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
import { addFixCommand } from "./commands/fix.js";
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
  addFixCommand,
  addReportCommand,
  addSearchCommand,
  addExportCommand,
  addMetadataCommand,
];

export function buildProgram(io: Io): Command {
  const program = new Command("charters")
    .description(`Import Italian public administrations' service charters (${formatLabels()}) into one canonical SQLite dataset.`)
    .version("0.1.0")
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  for (const add of COMMANDS) add(program, io);
  return program;
}

/** Run the CLI; returns the process exit code. */
/** The command named on the command line, if any ("import" in "charters import x --db y"). */
function commandOf(program: Command, argv: string[]): Command | undefined {
  const name = argv.slice(2).find((a) => !a.startsWith("-"));
  return program.commands.find((c) => c.name() === name);
}

/**
 * Whether the command's log is JSON lines: the import's, under --log-format json (or auto
 * with its output not a terminal). Its errors are then JSON events too, on standard output.
 */
function jsonLog(argv: string[], io: Io, command: Command | undefined): boolean {
  if (command?.name() !== "import") return false;
  const at = argv.findIndex((a) => a === "--log-format" || a.startsWith("--log-format="));
  const format = at < 0 ? "auto" : argv[at].includes("=") ? argv[at].split("=")[1] : argv[at + 1];
  return format === "json" || (format === "auto" && !io.tty);
}

export async function run(argv: string[], raw: Io = processIo()): Promise<number> {
  // Whatever goes to stderr is for a person: messages name files and labels read from the data.
  const io: Io = { ...raw, err: (s) => raw.err(terminalText(s)) };
  const program = buildProgram(io);
  if (argv.length <= 2) {
    io.err("charters: no command given\nUsage: charters COMMAND [options]: charters --help lists the commands\n");
    return EXIT.usage;
  }
  const debug = argv.includes("--debug");
  const command = commandOf(program, argv);
  const json = jsonLog(argv, io, command);
  try {
    await program.parseAsync(argv);
    return (program.getOptionValue("exitCode") as number | undefined) ?? EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT.ok;
      // commander said what is wrong in one line: add where to look, not the whole help.
      io.err(`charters: see \`charters ${command ? `${command.name()} ` : ""}--help\`\n`);
      if (json) io.out(errorEvent("usage", e.message.replace(/^error: /, ""), EXIT.usage));
      return EXIT.usage;
    }
    return reportError(io, e, debug, json);
  }
}

const errorEvent = (problem: string, message: string, exit: number) => JSON.stringify({ event: "error", time: new Date().toISOString(), problem, message, exit }) + "\n";

/** A usage, database or lock error as one line and its exit code (and a JSON event where the log is JSON); anything else is a bug (exit 5). */
async function reportError(io: Io, e: unknown, debug: boolean, json: boolean): Promise<number> {
  const { UsageError, ImportRunningError, OutputError } = await import("../pipeline/errors.js");
  const { DatabaseError } = await import("../db/errors.js");
  const cause = (e as Error)?.cause as Error | undefined;
  const stack = debug && (e as Error)?.stack ? `\n${(e as Error).stack}${cause?.stack ? `\ncaused by: ${cause.stack}` : ""}` : "";
  const message = (e as Error)?.message ?? String(e);
  const [problem, exit] =
    e instanceof UsageError ? ["usage", EXIT.usage] : e instanceof DatabaseError ? ["database", EXIT.database] : e instanceof OutputError ? ["output", EXIT.database] : e instanceof ImportRunningError ? ["running", EXIT.running] : ["internal", EXIT.internal];
  if (exit === EXIT.internal) io.err(`charters: unexpected error: ${message}${stack || " (--debug shows where)"}\n`);
  else io.err(`charters: ${message}${stack}\n`);
  if (json) io.out(errorEvent(problem, message, exit));
  return exit;
}
