/** `charters search`: a thin layer over src/analysis/search.ts (full-text search of the indicators). */
import { Option, type Command } from "commander";
import { dbOption, openExisting } from "../common.js";
import type { Io } from "../io.js";
import { positiveInt } from "../options.js";
import { terminalText } from "../terminal.js";

export function addSearchCommand(program: Command, io: Io): void {
  const { out, err } = io;
  program
    .command("search")
    .description("Full-text search over service names and descriptions, indicator descriptions, formulas and notes (accents folded, Italian word variants); one hit per charter.")
    .argument("<query...>", "words that must all appear, in any of their variants (with --raw: an FTS5 query)")
    .addOption(dbOption("SQLite database to read"))
    .addOption(new Option("--format <format>", "output format").choices(["table", "csv", "jsonl"]).default("table"))
    .option("--best", "only each charter's best file (v_indicators_best)", false)
    .option("--every-file", "a row found in several files of one charter once per file (by default once per charter)", false)
    .option("--exact", "words as typed, not their Italian variants", false)
    .option("--raw", "pass the query to FTS5 as it is (OR, NEAR, prefix*, column:word)", false)
    .option("--limit <n>", "at most this many rows, best matches first", positiveInt("--limit"), 50)
    .addHelpText("after", `
Rows are indicators of v_indicators (or v_indicators_best), best matches first, with a
snippet of the matching text in [brackets]. Each word is searched by its Italian stem
(the Porter stemmer of the natural package) as a prefix: "reclamo" finds "reclami",
"pratica" finds "pratiche"; "qualita" finds "qualità"; a "quoted phrase" is searched as
typed, and --exact searches every word as typed. The same row in several files of one
charter (its xlsx, PDF and scraped text) is one hit, from the charter's best file, with
how many files hold it (files). --raw passes FTS5's syntax: 'reclam* OR segnalazion*'.

Examples:
  charters search reclamo
  charters search "tempo di risposta" --best --format csv > risposta.csv
  charters search --raw 'formula:giorni NOT lavorativi' --format jsonl`)
    .action(async (words: string[], o: { db: string; format: "table" | "csv" | "jsonl"; best: boolean; everyFile: boolean; exact: boolean; raw: boolean; limit: number }) => {
      const { searchIndicators } = await import("../../analysis/search.js");
      const { csvLines, jsonLines, tableLines } = await import("../../analysis/writers.js");
      const db = await openExisting(o.db);
      try {
        const { columns, rows } = searchIndicators(db, { query: words.join(" "), raw: o.raw, best: o.best, everyFile: o.everyFile, exact: o.exact, limit: o.limit });
        const lines = o.format === "csv" ? csvLines(columns, rows, { bom: false }) : o.format === "jsonl" ? jsonLines(columns, rows) : tableLines(columns, rows);
        for (const l of lines) out(o.format === "table" ? terminalText(l) : l);
        if (rows.length === 0) err(`charters: nothing found for ${JSON.stringify(words.join(" "))}\n`);
      } finally {
        db.close();
      }
    });
}
