/** `charters review`: a thin commander layer over src/review/ (the queue of what needs a person, and the decisions on it; the rows to review: review-rows.ts). */
import { Option, type Command } from "commander";
import { dbOption, display, openExisting } from "../common.js";
import type { Io } from "../io.js";
import type { FilesToReread } from "../../review/reread.js";
import { rereadFiles } from "../reread.js";
import { terminalText } from "../terminal.js";
import { EXIT } from "../summary.js";
import { ROWS_HELP, type RowsCliOptions, rowsAction } from "./review-rows.js";

interface ReviewCliOptions extends RowsCliOptions {
  format: "table" | "jsonl";
  all: boolean;
  why?: string;
  by?: string;
}

const HELP_AFTER = `
Each item is a label as printed (folded for grouping: case, accents, punctuation), with
how many rows and files carry it, one place it was seen (file, sheet or page, row or
line), why it is here and the normalizer's best guess with its score and basis
(sub-dimensions of its rows, the template's order of dimensions, the meaning of its
words, spelling); then the failed files and partial documents with their reasons. Every
item has an id, and every item can be decided:
  accept ID [CODE]  a label an alias settles: the alias is made (CODE, else the guess)
                    and the rows re-normalized; any other item: the data as read is right
  dismiss ID        nothing to do about it
  reopen ID         take a decision back: the item is in the queue again
A decided item leaves the queue (--all shows it). JSON lines: {"type":"label"|"failed"|
"partial", "id", ...} one per line.

${ROWS_HELP}
Exit codes: 0 the queue was listed or the decision recorded, 1 an alias or a correction
that would change nothing (the message says why; not recorded), 2 bad usage, no
database, no such item or row.

Examples:
  charters review
  charters review accept 3f2a9c1e
  charters review accept 3f2a9c1e empatia --why "courtesy is empathy"
  charters review dismiss 0b7d44e2 --why "the template's own example"
  charters review --db output/archive.sqlite --format jsonl | jq -r 'select(.type=="label") | .label'
  charters review --rows --limit 20 --file '%/carta-2024.txt'
  charters review --accept 412 413
  charters review --correct 412 target_raw "95%" --why "the printed value, cut by the scrape"`;

export function addReviewCommand(program: Command, io: Io): void {
  program
    .command("review")
    .description("List what needs a person: labels the normalizer could not place (grouped by kind and label), failed files and partial documents; accept, dismiss or reopen an item.")
    .argument("[action]", "accept, dismiss or reopen (none: list the queue)")
    .argument("[item]", "the item's id, as the queue shows it")
    .argument("[code]", "with accept: the code a label stands for (else the guess)")
    .addOption(dbOption("SQLite database to read"))
    .addOption(new Option("--format <format>", "table for a person, jsonl for a script").choices(["table", "jsonl"]).default("table"))
    .option("--all", "list decided items too", false)
    .option("--rows", "list the indicator rows that need review, with their cells and reasons", false)
    .option("--limit <n>", "with --rows: at most this many rows")
    .option("--file <pattern>", "with --rows: only rows of files whose path matches this SQL LIKE pattern")
    .option("--accept <id...>", "accept these indicator rows as read (ids from --rows)")
    .option("--correct <args...>", "correct a cell of an indicator row (an edit of charters fix) and accept the row: ID FIELD VALUE")
    .option("--why <text>", "with accept, dismiss or --correct: why, for the record")
    .option("--by <name>", "who decides (default: user@host)")
    .addHelpText("after", HELP_AFTER)
    .action((action: string | undefined, item: string | undefined, code: string | undefined, o: ReviewCliOptions) => reviewAction(program, io, [action, item, code], o));
}

async function reviewAction(program: Command, io: Io, [action, item, code]: (string | undefined)[], o: ReviewCliOptions): Promise<void> {
  const { UsageError } = await import("../../pipeline/errors.js");
  if (action !== undefined && !["accept", "dismiss", "reopen"].includes(action)) throw new UsageError(`unknown review action ${JSON.stringify(action)}: accept, dismiss or reopen ITEM`);
  if (action !== undefined && item === undefined) throw new UsageError(`review ${action} takes an ITEM id (charters review lists them)`);
  if (code !== undefined && action !== "accept") throw new UsageError(`only accept takes a CODE`);
  if (o.rows || o.accept || o.correct) {
    if (action !== undefined) throw new UsageError("--rows, --accept and --correct take no action (accept, dismiss, reopen are for the queue's items)");
    return rowsAction(program, io, o);
  }
  const db = await openExisting(o.db);
  try {
    if (action === undefined) {
      const { reviewQueue } = await import("../../review/queue.js");
      const { queueJsonLines, queueTable } = await import("../../review/format.js");
      const q = reviewQueue(db, { all: o.all });
      return void io.out(o.format === "jsonl" ? queueJsonLines(q) : terminalText(queueTable(q, display)));
    }
    const { text, reread } = await decideAction(db, action, item!, code, o);
    db.close();
    io.out(terminalText(text));
    if (reread) io.out(terminalText(await rereadFiles(o.db, reread)));
  } catch (e) {
    const { AliasError, AliasNoChangeError } = await import("../../review/aliases.js");
    if (e instanceof AliasNoChangeError) {
      io.err(`charters: ${e.message}\n`);
      return void program.setOptionValue("exitCode", EXIT.filesFailed);
    }
    if (e instanceof AliasError) throw new UsageError(e.message);
    throw e;
  } finally {
    if (db.open) db.close();
  }
}

/** What deciding an item did, as text, and the stored files an alias it made reaches (a header or a service label). */
async function decideAction(db: import("better-sqlite3").Database, action: string, item: string, code: string | undefined, o: ReviewCliOptions): Promise<{ text: string; reread?: FilesToReread }> {
  const settle = await import("../../review/settle.js");
  const { currentUser } = await import("../../review/aliases.js");
  const by = o.by ?? currentUser();
  if (action === "reopen") {
    const d = settle.reopenItem(db, item);
    return { text: `item ${d.item} (${d.kind} ${JSON.stringify(d.label)}) is in the queue again; it was ${d.decision} by ${d.created_by}\n` };
  }
  const r = action === "accept" ? settle.acceptItem(db, item, { code, why: o.why, by }) : settle.dismissItem(db, item, { why: o.why, by });
  const d = r.decision;
  const alias = r.alias ? `; alias ${r.alias.alias.kind} ${JSON.stringify(r.alias.alias.label)} -> ${r.alias.alias.code}, ${r.alias.applied.rows} stored rows re-normalized` : "";
  const text = `item ${d.item} (${d.kind} ${JSON.stringify(d.label)}) ${d.decision}${d.code ? ` as ${d.code}` : ""} by ${d.created_by}${alias}\n`;
  const a = r.alias?.alias;
  if (!a || (a.kind !== "header" && a.kind !== "service-label")) return { text };
  const { filesToReread } = await import("../../review/reread.js");
  return { text, reread: filesToReread(db, a.kind, a.label) };
}
