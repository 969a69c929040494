/** `charters search`: a thin layer over src/analysis/search.ts (full-text search of the indicators). */
import { Option, type Command } from "commander";
import { DEFAULT_DB, openExisting } from "../common.js";
import type { Io } from "../io.js";
import { terminalText } from "../terminal.js";

function limit(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error("--limit must be a whole number of at least 1.");
  return n;
}

export function addSearchCommand(program: Command, io: Io): void {
  const { out, err } = io;
  program
    .command("search")
    .description("Full-text search over service names and descriptions, indicator descriptions, formulas and notes (accents folded).")
    .argument("<query...>", "words that must all appear (with --raw: an FTS5 query)")
    .option("--db <file>", "SQLite database to read", DEFAULT_DB)
    .addOption(new Option("--format <format>", "output format").choices(["table", "csv", "jsonl"]).default("table"))
    .option("--best", "only each charter's best file (v_indicators_best)", false)
    .option("--raw", "pass the query to FTS5 as it is (OR, NEAR, prefix*, column:word)", false)
    .option("--limit <n>", "at most this many rows, best matches first", limit, 50)
    .addHelpText("after", `
Rows are indicators of v_indicators (or v_indicators_best), best matches first, with a
snippet of the matching text in [brackets]. "reclami" finds "reclami"; "qualita" finds
"qualità"; use --raw 'reclam*' for every word starting so.

Examples:
  charters search reclami
  charters search "tempo di risposta" --best --format csv > risposta.csv
  charters search --raw 'formula:giorni AND NOT lavorativi' --format jsonl`)
    .action(async (words: string[], o: { db: string; format: "table" | "csv" | "jsonl"; best: boolean; raw: boolean; limit: number }) => {
      const { searchIndicators } = await import("../../analysis/search.js");
      const { csvLines, jsonLines, tableLines } = await import("../../analysis/writers.js");
      const db = await openExisting(o.db);
      try {
        const { columns, rows } = searchIndicators(db, { query: words.join(" "), raw: o.raw, best: o.best, limit: o.limit });
        const lines = o.format === "csv" ? csvLines(columns, rows, { bom: false }) : o.format === "jsonl" ? jsonLines(columns, rows) : tableLines(columns, rows);
        for (const l of lines) out(o.format === "table" ? terminalText(l) : l);
        if (rows.length === 0) err(`charters: nothing found for ${JSON.stringify(words.join(" "))}\n`);
      } finally {
        db.close();
      }
    });
}
