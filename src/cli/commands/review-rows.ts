/** `charters review --rows | --accept | --correct`: the indicator rows to review (src/review/rows.ts), a thin layer beside the queue's decisions. */
import type { Command } from "commander";
import type Database from "better-sqlite3";
import { display, openExisting } from "../common.js";
import type { Io } from "../io.js";
import { EXIT } from "../summary.js";
import { terminalText } from "../terminal.js";

export interface RowsCliOptions {
  db: string;
  format: "table" | "jsonl";
  rows: boolean;
  limit?: string;
  file?: string;
  accept?: string[];
  correct?: string[];
  why?: string;
  by?: string;
}

export const ROWS_HELP = `
--rows lists the indicator rows that need review (needs_review = 1: read with a
confidence below the review threshold), each with its id, cells, where it was read and
why it is doubted ({"type":"row", ...} with --format jsonl). --accept ID... accepts rows as
read (marked reviewed, by whom and when; they leave the list). --correct ID FIELD VALUE
corrects a cell as charters fix does (an edit, kept on every later import of the file;
--why says why) and accepts the row.
`;

export async function rowsAction(program: Command, io: Io, o: RowsCliOptions): Promise<void> {
  const { UsageError } = await import("../../pipeline/errors.js");
  const limit = o.limit === undefined ? undefined : Number(o.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new UsageError(`--limit wants a whole number, not "${o.limit}"`);
  if (o.correct && o.correct.length !== 3) throw new UsageError("--correct wants three arguments: ID FIELD VALUE");
  const db = await openExisting(o.db);
  try {
    if (o.accept || o.correct) await decideRows(program, io, db, o);
    else await listRows(io, db, o, limit);
  } finally {
    db.close();
  }
}

async function listRows(io: Io, db: Database.Database, o: RowsCliOptions, limit: number | undefined): Promise<void> {
  const { countRowsToReview, rowsJsonLines, rowsTable, rowsToReview } = await import("../../review/rows.js");
  const rows = rowsToReview(db, { limit, pathLike: o.file });
  const total = o.file ? rowsToReview(db, { pathLike: o.file }).length : countRowsToReview(db);
  io.out(o.format === "jsonl" ? rowsJsonLines(rows) : terminalText(rowsTable(rows, total, display)));
}

async function decideRows(program: Command, io: Io, db: Database.Database, o: RowsCliOptions): Promise<void> {
  const { UsageError } = await import("../../pipeline/errors.js");
  const lib = await import("../../review/rows.js");
  const fix = await import("../../review/fix.js");
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
      const { edit: e } = lib.correctCell(db, id(rowId), field, value, by, o.why);
      io.out(terminalText(`edit ${e.id}: indicator ${e.indicator_id} ${e.field} ${JSON.stringify(e.before)} -> ${JSON.stringify(e.after)}, accepted by ${by}; kept on every later import of ${display(e.source_path)}\n`));
      const { refreshAnalysis } = await import("../../analysis/refresh.js");
      refreshAnalysis(db);
    }
  } catch (e) {
    if (e instanceof lib.RowReviewError || e instanceof fix.FixError) throw new UsageError(e.message);
    if (e instanceof fix.NoChangeError) {
      io.err(`charters: ${e.message}\n`);
      return void program.setOptionValue("exitCode", EXIT.filesFailed);
    }
    throw e;
  }
}
