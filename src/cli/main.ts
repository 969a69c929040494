/**
 * The command line: a thin layer over the library (pipeline/import.ts).
 * Exit codes: 0 all imported, 1 some files failed, 2 bad usage or configuration.
 */
import { Command, CommanderError } from "commander";
import { relative } from "node:path";
import { importPaths, UsageError, type FileReport } from "../pipeline/import.js";
import { parsers } from "../parsers/registry.js";

export const DEFAULT_DB = "output/charters.sqlite";

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") && rel.split("/").length > 4 ? path : rel;
}

export function buildProgram(out: (s: string) => void, err: (s: string) => void): Command {
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
    .option("--all-files", "in folders, try every file, not only .xlsx .xls .ods .pdf .txt .tsv .csv", false)
    .option("--log-format <format>", "progress lines as 'text' or 'json' (one JSON object per file)", "text")
    .option("-q, --quiet", "print only the summary", false)
    .addHelpText(
      "after",
      `
Files are routed by their content (magic bytes, structure), not by their extension.
Importing a file whose content was already imported changes nothing; new content at
a known path replaces its earlier version. A file that cannot be read is recorded as
failed with its reason (documents table, error column) and the batch goes on.

Exit codes: 0 all files imported, 1 some files failed, 2 bad usage.

Examples:
  charters import fixtures
  charters import charters/2024 --db output/charters.sqlite --log-format json`,
    )
    .action(async (paths: string[], o: { db: string; allFiles: boolean; logFormat: string; quiet: boolean }) => {
      if (o.logFormat !== "text" && o.logFormat !== "json") throw new UsageError(`--log-format must be 'text' or 'json', not '${o.logFormat}'`);
      const onFile = (r: FileReport, done: number, total: number) => {
        if (o.logFormat === "json") {
          out(JSON.stringify({ event: "file", done, total, ...r, path: display(r.path) }) + "\n");
        } else if (!o.quiet || r.outcome === "failed") {
          const what = r.outcome === "failed" ? `FAILED: ${r.reason}` : r.outcome === "unchanged" ? "unchanged" : `${r.outcome} (${r.parser}: ${r.services} services, ${r.indicators} indicators)`;
          out(`[${done}/${total}] ${display(r.path)}: ${what}\n`);
        }
      };
      const s = await importPaths(paths, { db: o.db, allFiles: o.allFiles, onFile });
      if (o.logFormat === "json") {
        out(JSON.stringify({ event: "summary", db: o.db, ...s, failures: s.failures.map((f) => ({ ...f, path: display(f.path) })) }) + "\n");
      } else {
        out(
          `\n${s.files} files in ${s.seconds.toFixed(1)} s: ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.failed} failed; ${s.indicators} indicators written to ${o.db}\n`,
        );
        for (const f of s.failures) out(`  failed: ${display(f.path)}: ${f.reason}\n`);
      }
      program.setOptionValue("exitCode", s.failed > 0 ? 1 : 0);
    });

  program
    .command("formats")
    .description("List the parsers, in the order they are tried, and the formats they read.")
    .action(() => {
      for (const p of parsers()) out(`${p.name.padEnd(8)} ${p.format.padEnd(5)} v${p.version}\n`);
    });

  return program;
}

/** Run the CLI; returns the process exit code. */
export async function run(argv: string[], out = (s: string) => void process.stdout.write(s), err = (s: string) => void process.stderr.write(s)): Promise<number> {
  const program = buildProgram(out, err);
  if (argv.length <= 2) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync(argv);
    return (program.getOptionValue("exitCode") as number | undefined) ?? 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      err(`charters: ${e.message}\n`);
      return 2;
    }
    err(`charters: ${(e as Error)?.stack ?? String(e)}\n`);
    return 2;
  }
}
