/** `charters metadata`: a thin layer over src/analysis/metadata.ts (Datasette's metadata.json). */
import type { Command } from "commander";
import { dbOption, openExisting } from "../common.js";
import type { Io } from "../io.js";

export function addMetadataCommand(program: Command, io: Io): void {
  program
    .command("metadata")
    .description("Print Datasette metadata for the database: title, source, every view and column described, facets, search, internal tables hidden.")
    .addOption(dbOption("SQLite database to describe"))
    .option("--name <name>", "the database's name in Datasette (default: the file name without its extension)")
    .option("-o, --out <file>", "write to this file instead of standard output")
    .addHelpText("after", `
Examples:
  charters metadata > metadata.json && datasette output/charters.sqlite -m metadata.json
  charters metadata --db archive.sqlite --out archive.metadata.json`)
    .action(async (o: { db: string; name?: string; out?: string }) => {
      const { databaseName, datasetteMetadata } = await import("../../analysis/metadata.js");
      const db = await openExisting(o.db);
      try {
        const json = JSON.stringify(datasetteMetadata(db, o.name ?? databaseName(o.db)), null, 2) + "\n";
        if (o.out) (await import("node:fs")).writeFileSync(o.out, json);
        else io.out(json);
      } finally {
        db.close();
      }
    });
}
