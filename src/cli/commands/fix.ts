/** `charters fix`: a thin commander layer over src/review/fix.ts (correct a stored row; list, undo, bulk from CSV). */
import { Option, type Command } from "commander";
import { dbOption, display, openExisting } from "../common.js";
import type { Io } from "../io.js";
import { EXIT } from "../summary.js";

interface FixCliOptions {
  db: string;
  why?: string;
  by?: string;
  from?: string;
  undo?: string;
  list: boolean;
  all: boolean;
  format: "table" | "jsonl";
}

const HELP_AFTER = `
A correction is an edit recorded in the database (table edits: who, when, why, the value
before and after). It is applied at once to the stored row, and on top of every later
import of the same file (a re-import, a corrected republish of the same charter): the row
is found again by its service, printed dimension, description and formula. The views
show edited = 1 on a corrected row. An edit is never deleted: --undo puts back the
value the file gave (or an earlier edit's that still stands) and keeps the edit in the
history, marked undone.

FIELD is one of: dimension (codes joined by ','), subdimension (a code), description,
formula, target_raw, target_value, target_unit, actual_raw, actual_value, actual_unit,
notes, activity, explanation, placeholder (0 or 1); an empty VALUE clears the field.
Correcting target_raw or actual_raw reads its number and unit again.
--from FILE takes a CSV with the columns indicator_id, field, value, why (why may be
given once with --why instead); all its corrections are recorded, or none; rows that
already say their value are passed over.

Exit codes: 0 done, 1 nothing to change (the row already says so, the edit is undone
already), 2 bad usage (no such indicator or edit, unknown field, a bad value, no --why).

Examples:
  charters fix 1234 target_raw "90%" --why "the PDF prints 90 %, the parser read 9"
  charters fix 1234 dimension empatia --why "Cortesia del personale is empathy"
  charters fix --from corrections.csv --by anna
  charters fix --list
  charters fix --undo 7`;

export function addFixCommand(program: Command, io: Io): void {
  program
    .command("fix")
    .description("Correct a stored indicator row (recorded as an edit: who, when, why, before, after) and keep the correction on every later import; list, undo, or apply corrections from a CSV.")
    .argument("[indicator]", "the row's indicator_id (v_indicators)")
    .argument("[field]", "the field to correct")
    .argument("[value]", "its correct value ('' to clear it)")
    .addOption(dbOption("SQLite database to correct"))
    .option("--why <text>", "why the row is corrected (required)")
    .option("--by <name>", "who corrects (default: user@host)")
    .option("--from <file>", "apply the corrections of a CSV file (indicator_id,field,value,why)")
    .option("--undo <edit>", "undo an edit by its id (charters fix --list)")
    .option("--list", "list the edits, latest first", false)
    .option("--all", "with --list: undone edits too", false)
    .addOption(new Option("--format <format>", "for --list: table or jsonl").choices(["table", "jsonl"]).default("table"))
    .addHelpText("after", HELP_AFTER)
    .action((indicator: string | undefined, field: string | undefined, value: string | undefined, o: FixCliOptions) => fixAction(program, io, [indicator, field, value], o));
}

async function fixAction(program: Command, io: Io, args: (string | undefined)[], o: FixCliOptions): Promise<void> {
  const { UsageError } = await import("../../pipeline/errors.js");
  const lib = await import("../../review/fix.js");
  const { currentUser } = await import("../../review/aliases.js");
  const modes = [o.list, o.from !== undefined, o.undo !== undefined].filter(Boolean).length;
  const given = args.filter((a) => a !== undefined).length;
  if (modes > 1 || (modes === 1 && given > 0)) throw new UsageError("use one of INDICATOR FIELD VALUE, --from, --undo, --list at a time");
  if (modes === 0 && given !== 3) throw new UsageError("fix takes INDICATOR FIELD VALUE --why TEXT (or --from, --undo, --list)");
  const db = await openExisting(o.db);
  try {
    const by = o.by ?? currentUser();
    if (o.list) return void io.out(editsText(lib.listEdits(db, !o.all), o.format));
    if (o.undo !== undefined) {
      const id = Number(o.undo);
      if (!Number.isInteger(id) || id < 1) throw new UsageError(`--undo takes an edit's id, not ${JSON.stringify(o.undo)}`);
      const r = lib.undoEdit(db, id, by);
      io.out(`edit ${id} undone (${r.edit.field} of indicator ${r.edit.indicator_id}: ${JSON.stringify(r.edit.after)} -> as the file says), by ${by}; ${r.rows} stored row${r.rows === 1 ? "" : "s"} restored\n`);
    } else if (o.from !== undefined) {
      const { readFileSync } = await import("node:fs");
      let text: string;
      try {
        text = readFileSync(o.from, "utf8");
      } catch (e) {
        throw new UsageError(`cannot read ${o.from}: ${(e as Error).message}`);
      }
      const r = lib.addEdits(db, lib.readEditsCsv(text, o.why), by, { skipUnchanged: true });
      io.out(`${r.added.length} edits recorded and applied from ${display(o.from)}, ${r.unchanged} rows already said so; by ${by}\n`);
    } else {
      const indicator = Number(args[0]);
      if (!Number.isInteger(indicator) || indicator < 1) throw new UsageError(`INDICATOR is an indicator_id, not ${JSON.stringify(args[0])}`);
      const [e] = lib.addEdits(db, [{ indicator, field: args[1]!, value: args[2]!, why: o.why ?? "" }], by).added;
      io.out(`edit ${e.id}: indicator ${e.indicator_id} ${e.field} ${JSON.stringify(e.before)} -> ${JSON.stringify(e.after)}, by ${e.created_by} at ${e.created_at}; kept on every later import of ${display(e.source_path)}\n`);
    }
    const { refreshAnalysis } = await import("../../analysis/refresh.js");
    refreshAnalysis(db);
  } catch (e) {
    if (e instanceof lib.FixError) throw new UsageError(e.message);
    if (e instanceof lib.NoChangeError) {
      io.err(`charters: ${e.message}\n`);
      return void program.setOptionValue("exitCode", EXIT.filesFailed);
    }
    throw e;
  } finally {
    db.close();
  }
}

function editsText(edits: ReturnType<typeof import("../../review/fix.js").listEdits>, format: "table" | "jsonl"): string {
  if (format === "jsonl") return edits.map((e) => JSON.stringify(e) + "\n").join("");
  if (edits.length === 0) return "No edits recorded.\n";
  const head = ["EDIT", "INDICATOR", "FIELD", "BEFORE", "AFTER", "BY", "AT", "WHY", "STATE"];
  const cut = (s: string | null) => (s === null ? "" : s.length > 30 ? s.slice(0, 29) + "…" : s);
  const cells = edits.map((e) => [String(e.id), String(e.indicator_id ?? ""), e.field, cut(e.before), cut(e.after), e.created_by, e.created_at.slice(0, 16), cut(e.why), e.undone_at ? `undone ${e.undone_at.slice(0, 10)}` : `${e.rows} rows`]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  return [head, ...cells].map((c) => c.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd()).join("\n") + "\n";
}
