/** `charters review`: a thin commander layer over src/review/ (the queue of what needs a person). */
import { Option, type Command } from "commander";
import { DEFAULT_DB, display, openExisting } from "../common.js";
import type { Io } from "../io.js";
import { terminalText } from "../terminal.js";

export function addReviewCommand(program: Command, io: Io): void {
  program
    .command("review")
    .description("List what needs a person: labels the normalizer could not place (grouped by kind and label), failed files and partial documents.")
    .option("--db <file>", "SQLite database to read", DEFAULT_DB)
    .addOption(new Option("--format <format>", "table for a person, jsonl for a script").choices(["table", "jsonl"]).default("table"))
    .addHelpText(
      "after",
      `
Each item is a label as printed (folded for grouping: case, accents, punctuation), with
how many rows and files carry it, one place it was seen (file, sheet or page, row or
line), why it is here and the normalizer's best guess with its score and basis
(sub-dimensions of its rows, the template's order of dimensions, spelling). Settle a
label with \`charters alias\`; failed files and partial documents are listed with their
reasons. JSON lines: {"type":"label"|"failed"|"partial", ...} one per line.

Exit codes: 0 the queue was listed (empty or not), 2 bad usage or no database.

Examples:
  charters review
  charters review --db output/archive.sqlite --format jsonl | jq -r 'select(.type=="label") | .label'`,
    )
    .action(async (o: { db: string; format: "table" | "jsonl" }) => {
      const { reviewQueue } = await import("../../review/queue.js");
      const { queueJsonLines, queueTable } = await import("../../review/format.js");
      const db = await openExisting(o.db);
      try {
        const q = reviewQueue(db);
        io.out(o.format === "jsonl" ? queueJsonLines(q) : terminalText(queueTable(q, display)));
      } finally {
        db.close();
      }
    });
}
