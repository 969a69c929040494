/** `charters alias`: a thin commander layer over src/review/aliases.ts (record, list, remove, export, import). */
import { Option, type Command } from "commander";
import type Database from "better-sqlite3";
import type { RenormalizeResult } from "../../review/renormalize.js";
import type { FilesToReread } from "../../review/reread.js";
import { rereadFiles } from "../reread.js";
import { dbOption, openExisting } from "../common.js";
import type { Io } from "../io.js";
import { terminalText } from "../terminal.js";
import { EXIT } from "../summary.js";

interface AliasCliOptions {
  db: string;
  by?: string;
  list: boolean;
  remove: boolean;
  export?: string;
  import?: string;
  format: "table" | "jsonl";
  /** false with --no-reread. */
  reread: boolean;
}

const HELP_AFTER = `
An alias extends the taxonomy, never replaces it: a label the taxonomy already places
cannot be aliased, and a code that does not exist is refused. Dimension and sub-dimension
aliases re-normalize at once the stored rows that carry the label (no file is parsed
again) and settle their review items; every alias applies to every later import.
Header and service-label aliases change how a table or a service block is read: the
stored files whose reading raised a review item for the label are read again at once
(import --reread all: their rows replaced in place, corrections applied again; a file no
longer at its path is counted and left), unless --no-reread; they apply to every later
import. Each decision records who made it and when.

A dimension or sub-dimension alias that would change none of the stored rows that print
its label (their codes were placed another way, or the sub-dimension belongs to another
dimension) is not recorded: the message says why (charters review dismiss, or charters
fix, may be what is needed). An alias for a label no stored row prints yet is recorded
for later imports.

Exit codes: 0 done, 1 an alias that would change nothing (not recorded), 2 bad usage
(unknown kind or code, a label the taxonomy places, no such alias).

Examples:
  charters alias dimension "Chiarezza informativa" trasparenza
  charters alias subdimension "Tempi di lavorazione" trasparenza.tempistiche_risposta
  charters alias header "Livello garantito" target
  charters alias --list
  charters alias --remove dimension "Chiarezza informativa"
  charters alias --export aliases.json && charters alias --import aliases.json --db other.sqlite`;

function appliedText(a: RenormalizeResult): string {
  if (a.rows === 0) return "no stored row changed";
  return `${a.rows} stored row${a.rows === 1 ? "" : "s"} in ${a.documents} file${a.documents === 1 ? "" : "s"} re-normalized; review items: ${a.settled} settled, ${a.raised} raised`;
}

export function addAliasCommand(program: Command, io: Io): void {
  program
    .command("alias")
    .description("Record that a label the taxonomy does not know stands for one of its codes; list, remove, export or import those decisions.")
    .argument("[kind]", "dimension, subdimension, header or service-label")
    .argument("[label]", "the label as printed")
    .argument("[code]", "the canonical code: a dimension or sub-dimension code, a column role, a service field")
    .addOption(dbOption("SQLite database to record the decision in"))
    .option("--by <name>", "who decides (default: user@host)")
    .option("--list", "list the recorded aliases", false)
    .option("--no-reread", "for a header or service-label alias: do not read again the stored files that print the label (later imports only)")
    .option("--remove", "remove the alias of KIND LABEL (its rows are re-normalized back)", false)
    .option("--export <file>", "write every alias to a JSON file ('-' for stdout)")
    .option("--import <file>", "record the aliases of a JSON file written by --export (all or nothing)")
    .addOption(new Option("--format <format>", "for --list: table or jsonl").choices(["table", "jsonl"]).default("table"))
    .addHelpText("after", HELP_AFTER)
    .action((kind: string | undefined, label: string | undefined, code: string | undefined, o: AliasCliOptions) => aliasAction(program, io, kind, label, code, o));
}

async function aliasAction(program: Command, io: Io, kind: string | undefined, label: string | undefined, code: string | undefined, o: AliasCliOptions): Promise<void> {
  const { UsageError } = await import("../../pipeline/import.js");
  const lib = await import("../../review/aliases.js");
  const modes = [o.list, o.remove, o.export !== undefined, o.import !== undefined].filter(Boolean).length;
  if (modes > 1) throw new UsageError("use one of --list, --remove, --export, --import at a time");
  const args = [kind, label, code].filter((a) => a !== undefined).length;
  const want = o.remove ? 2 : modes === 1 ? 0 : 3;
  if (args !== want) {
    throw new UsageError(
      o.remove ? "--remove takes KIND and LABEL" : modes === 1 ? "--list, --export and --import take no KIND LABEL CODE" : "alias takes KIND LABEL CODE (or --list, --remove, --export, --import); see charters alias --help",
    );
  }
  const db = await openExisting(o.db);
  try {
    const { text, reread } = await aliasMode(db, kind, label, code, o);
    const json = o.export === "-" || (o.list && o.format === "jsonl");
    db.close();
    io.out(json ? text : terminalText(text));
    if (reread) io.out(terminalText(await rereadFiles(o.db, reread)));
  } catch (e) {
    if (e instanceof lib.AliasNoChangeError) {
      io.err(`charters: ${e.message}\n`);
      return void program.setOptionValue("exitCode", EXIT.filesFailed);
    }
    if (e instanceof lib.AliasError) throw new UsageError(e.message);
    throw e;
  } finally {
    if (db.open) db.close();
  }
}

/** What the one mode asked for does, as the text to print, and the stored files to read again. */
async function aliasMode(db: Database.Database, kind: string | undefined, label: string | undefined, code: string | undefined, o: AliasCliOptions): Promise<{ text: string; reread?: FilesToReread }> {
  return { text: await aliasModeText(db, kind, label, code, o), ...(await rereadOf(db, kind, label, o)) };
}

/** The stored files a new header or service-label alias is to reach (none for the other modes, or with --no-reread). */
async function rereadOf(db: Database.Database, kind: string | undefined, label: string | undefined, o: AliasCliOptions): Promise<{ reread?: FilesToReread }> {
  const adding = !o.list && !o.remove && o.export === undefined && o.import === undefined;
  if (!adding || !o.reread || (kind !== "header" && kind !== "service-label")) return {};
  const { filesToReread } = await import("../../review/reread.js");
  return { reread: filesToReread(db, kind, label!) };
}

/** What the one mode asked for does, as the text to print. */
async function aliasModeText(db: Database.Database, kind: string | undefined, label: string | undefined, code: string | undefined, o: AliasCliOptions): Promise<string> {
  const lib = await import("../../review/aliases.js");
  if (o.list) {
    const { readAliases } = await import("../../db/aliases.js");
    const { aliasTable } = await import("../../review/format.js");
    const all = readAliases(db);
    return o.format === "jsonl" ? all.map((a) => JSON.stringify(a) + "\n").join("") : aliasTable(all);
  }
  if (o.export !== undefined) {
    const file = lib.exportAliases(db);
    const json = JSON.stringify(file, null, 2) + "\n";
    if (o.export === "-") return json;
    const { writeFileSync } = await import("node:fs");
    const { outputError } = await import("../../analysis/output.js");
    try {
      writeFileSync(o.export, json);
    } catch (e) {
      throw outputError(e, o.export);
    }
    return `${file.aliases.length} aliases written to ${o.export}\n`;
  }
  if (o.import !== undefined) {
    const { UsageError } = await import("../../pipeline/import.js");
    const { readUserFile } = await import("../../pipeline/read-file.js");
    const { MAX_ALIASES_FILE_BYTES } = await import("../../pipeline/limits.js");
    let data: unknown;
    try {
      data = JSON.parse((await readUserFile(o.import, MAX_ALIASES_FILE_BYTES)).toString("utf8"));
    } catch (e) {
      throw new UsageError(`cannot read ${o.import}: ${(e as Error).message}`);
    }
    const r = lib.importAliases(db, data);
    return `${r.added} aliases added, ${r.unchanged} already recorded; ${appliedText(r.applied)}\n`;
  }
  if (o.remove) {
    const r = lib.removeAlias(db, kind!, label!);
    return `removed ${r.removed.kind} "${r.removed.label}" -> ${r.removed.code}; ${appliedText(r.applied)}\n`;
  }
  const r = lib.addAlias(db, { kind: kind!, label: label!, code: code! }, o.by, new Date(), { requireChange: true });
  const was = r.replaced ? ` (replaces -> ${r.replaced.code}, ${r.replaced.created_by} ${r.replaced.created_at})` : "";
  const later =
    r.alias.kind === "header" || r.alias.kind === "service-label"
      ? o.reread ? "applies to the stored files that print it (read again below) and to later imports" : "applies to the files imported from now on"
      : r.applied.rows === 0
        ? "no stored row prints the label yet: applies to the files imported from now on"
        : appliedText(r.applied);
  return `${r.alias.kind} "${r.alias.label}" -> ${r.alias.code}${was}, by ${r.alias.created_by} at ${r.alias.created_at}; ${later}\n`;
}
