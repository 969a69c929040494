/** `charters review`: a thin commander layer over src/review/ (the queue of what needs a person, the rows to review). */
import { Option, type Command } from "commander";
import type Database from "better-sqlite3";
import { DEFAULT_DB, display, openExisting } from "../common.js";
import type { Io } from "../io.js";
import { terminalText } from "../terminal.js";

interface ReviewCliOptions {
  db: string;
  format: "table" | "jsonl";
  rows: boolean;
  limit?: string;
  file?: string;
  accept?: string[];
  correct?: string[];
  by?: string;
}

const HELP_AFTER = `
Each item is a label as printed (folded for grouping: case, accents, punctuation), with
how many rows and files carry it, one place it was seen (file, sheet or page, row or
line), why it is here and the normalizer's best guess with its score and basis
(sub-dimensions of its rows, the template's order of dimensions, spelling). Settle a
label with \`charters alias\`; failed files and partial documents are listed with their
reasons. JSON lines: {"type":"label"|"failed"|"partial", ...} one per line.

--rows lists the indicator rows that need review (needs_review = 1: read with a
confidence below the review threshold), each with its id, cells, where it was read and
why it is doubted ({"type":"row", ...} with --format jsonl). A person accepts a row as
read with --accept (it is marked reviewed, by whom and when, and leaves the list), or
corrects a cell with --correct ID FIELD VALUE (for now written in place, and lost when
the file is imported again; the corrections of \`charters fix\` will take it over).

Exit codes: 0 the queue was listed (empty or not) or the decision recorded, 2 bad usage,
no database, or an unknown row id.

Examples:
  charters review
  charters review --db output/archive.sqlite --format jsonl | jq -r 'select(.type=="label") | .label'
  charters review --rows --limit 20
  charters review --rows --file '%/carta-2024.txt'
  charters review --accept 412 413
  charters review --correct 412 target_raw "95%"`;

export function addReviewCommand(program: Command, io: Io): void {
  program
    .command("review")
    .description("List what needs a person: labels the normalizer could not place (grouped by kind and label), failed files and partial documents; with --rows, the indicator rows to review, which a person accepts or corrects.")
    .option("--db <file>", "SQLite database to read", DEFAULT_DB)
    .addOption(new Option("--format <format>", "table for a person, jsonl for a script").choices(["table", "jsonl"]).default("table"))
    .option("--rows", "list the indicator rows that need review, with their cells and reasons", false)
    .option("--limit <n>", "with --rows: at most this many rows")
    .option("--file <pattern>", "with --rows: only rows of files whose path matches this SQL LIKE pattern")
    .option("--accept <id...>", "accept these rows as read (ids from --rows)")
    .option("--correct <args...>", "correct a cell of a row and accept it: ID FIELD VALUE")
    .option("--by <name>", "who decides (default: user@host)")
    .addHelpText("after", HELP_AFTER)
    .action((o: ReviewCliOptions) => reviewAction(io, o));
}

async function reviewAction(io: Io, o: ReviewCliOptions): Promise<void> {
  const { UsageError } = await import("../../pipeline/import.js");
  const limit = o.limit === undefined ? undefined : Number(o.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new UsageError(`--limit wants a whole number, not "${o.limit}"`);
  if (o.correct && o.correct.length !== 3) throw new UsageError("--correct wants three arguments: ID FIELD VALUE");
  const db = await openExisting(o.db);
  try {
    if (o.accept || o.correct) await decide(io, db, o);
    else if (o.rows) await listRows(io, db, o, limit);
    else {
      const { reviewQueue } = await import("../../review/queue.js");
      const { queueJsonLines, queueTable } = await import("../../review/format.js");
      const q = reviewQueue(db);
      io.out(o.format === "jsonl" ? queueJsonLines(q) : terminalText(queueTable(q, display)));
    }
  } finally {
    db.close();
  }
}

async function listRows(io: Io, db: Database.Database, o: ReviewCliOptions, limit: number | undefined): Promise<void> {
  const { countRowsToReview, rowsJsonLines, rowsTable, rowsToReview } = await import("../../review/rows.js");
  const rows = rowsToReview(db, { limit, pathLike: o.file });
  io.out(o.format === "jsonl" ? rowsJsonLines(rows) : terminalText(rowsTable(rows, o.file ? rowsToReview(db, { pathLike: o.file }).length : countRowsToReview(db), display)));
}

async function decide(io: Io, db: Database.Database, o: ReviewCliOptions): Promise<void> {
  const { UsageError } = await import("../../pipeline/import.js");
  const lib = await import("../../review/rows.js");
  const { currentUser } = await import("../../review/aliases.js");
  const by = o.by ?? currentUser();
  const id = (s: string) => {
    if (!/^\d+$/.test(s)) throw new UsageError(`a row id is a number, not "${s}"`);
    return Number(s);
  };
  try {
    if (o.accept) {
      const r = lib.acceptRows(db, o.accept.map(id), by);
      io.out(`${r.accepted} row${r.accepted === 1 ? "" : "s"} accepted by ${by}${r.already ? `; ${r.already} accepted before` : ""}\n`);
    }
    if (o.correct) {
      const [rowId, field, value] = o.correct;
      const r = lib.correctCell(db, id(rowId), field, value, by);
      io.out(`row ${rowId}: ${field} ${JSON.stringify(r.before)} -> ${JSON.stringify(value.trim() || null)}, accepted by ${by} (written in place until charters fix keeps corrections across imports)\n`);
    }
  } catch (e) {
    if (e instanceof lib.RowReviewError) throw new UsageError(e.message);
    throw e;
  }
}
