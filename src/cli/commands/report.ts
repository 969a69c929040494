/** `charters report`: a thin commander layer over src/report/. */
import type { Command } from "commander";
import { dbOption, openExisting } from "../common.js";
import type { Io } from "../io.js";

export function addReportCommand(program: Command, io: Io): void {
  program
    .command("report")
    .description("Write one self-contained HTML report of the database (inline CSS and SVG charts, nothing loaded from the network).")
    .addOption(dbOption("SQLite database to read"))
    .option("--out <file>", "HTML file to write", "report.html")
    .addHelpText(
      "after",
      `
The page opens from a mail or a shared folder in any browser: the last run (new,
updated, failed files with their reasons), per issuer and year the services and their
indicators by dimension (a chart), targets by unit, the domain checks that fired
(targets worse than the year before first), the review queue, and every charter with
a link to its source file. Tables sort on a click on their headers.

Exit codes: 0 written, 2 bad usage or no database.

Examples:
  charters report
  charters report --db output/archive.sqlite --out /srv/share/charters-$(date +%F).html`,
    )
    .action(async (o: { db: string; out: string }) => {
      const { writeReport } = await import("../../report/report.js");
      const { outputError } = await import("../../analysis/output.js");
      const db = await openExisting(o.db);
      try {
        let r;
        try {
          r = writeReport(db, o.db, o.out);
        } catch (e) {
          throw outputError(e, o.out); // a folder that cannot be written (exit 2), a full disk (exit 3)
        }
        const d = r.data;
        io.out(`report written to ${o.out} (${Math.round(r.bytes / 1024)} KiB): ${d.charters.length} charters in ${d.files} files, ${d.issuers.length} issuer-years, ${d.checks?.length ?? 0} checks fired, ${d.review.groups.length} items to review\n`);
      } finally {
        db.close();
      }
    });
}
