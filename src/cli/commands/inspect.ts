/** `charters inspect`: parse one file without a database and print what was read. */
import type { Command } from "commander";
import type { CharterDocument } from "../../model/schema.js";
import type { Io } from "../io.js";
import { terminalText } from "../terminal.js";

export function addInspectCommand(program: Command, io: Io): void {
  program
    .command("inspect")
    .description("Parse one file without touching a database and print what was read: the canonical document as JSON, or a table.")
    .argument("<file>", "a charter file")
    .option("--table", "one line per indicator instead of JSON", false)
    .option("--aliases <db>", "normalize with the aliases (charters alias) recorded in this database, read only")
    .option("--debug", "show the stack of an error", false)
    .action((file: string, o: { table: boolean; aliases?: string }) => inspectAction(program, io, file, o));
}

async function inspectAction(program: Command, io: Io, file: string, o: { table: boolean; aliases?: string }): Promise<void> {
  const { out, err } = io;
  if (o.aliases) {
    const { useRecordedAliases } = await import("../common.js");
    await useRecordedAliases(o.aliases);
  }
  const { MAX_FILE_BYTES } = await import("../../pipeline/limits.js");
  const { prepareParseThread, readCharterBounded } = await import("../../pipeline/parse-guarded.js");
  prepareParseThread(); // the bounds of the import's workers, before a parser loads
  const { resolve } = await import("node:path");
  let bytes: Buffer;
  try {
    const { readUserFile } = await import("../../pipeline/read-file.js");
    bytes = await readUserFile(file, MAX_FILE_BYTES);
  } catch (e) {
    const { UsageError } = await import("../../pipeline/import.js");
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    const { document: d, parser } = await readCharterBounded({ path: resolve(file), bytes });
    if (!o.table) return void out(JSON.stringify({ parser: parser.name, ...d }, null, 2) + "\n");
    out(terminalText(documentTable(parser.name, d)));
  } catch (e) {
    err(`charters: ${file}: ${(e as Error).message}\n`);
    program.setOptionValue("exitCode", 1);
  } finally {
    // a scan's OCR engine runs in a thread of its own, which would keep the command from exiting
    const { closeOcr } = await import("../../ocr/engine.js");
    await closeOcr();
  }
}

/** --table: the title block, then per service one line per indicator, then the review items. */
function documentTable(parser: string, d: CharterDocument): string {
  let text = `${parser} | ${d.kind} | ${d.issuer ?? "-"} | ${d.year ?? "-"} | ${d.office ?? "-"}\n`;
  for (const s of d.services) {
    text += `\n# ${s.name ?? "(no name)"}  ${s.urls.join(" ")}\n`;
    for (const i of s.indicators) {
      const where = i.provenance.page ? `p${i.provenance.page}` : `r${i.provenance.row ?? i.provenance.line}`;
      text += `${where.padEnd(5)} ${(i.dimension.join(",") || "-").padEnd(14)} ${(i.subdimension ?? "-").padEnd(32)} ${(i.description ?? "").slice(0, 50).padEnd(50)} | ${i.target_raw ?? "-"} -> ${i.target_value ?? "-"} ${i.target_unit ?? ""}${i.actual_raw ? ` | ${i.actual_raw}` : ""}  (${i.confidence.toFixed(2)})\n`;
    }
  }
  if (d.review.length) text += `\nreview: ${d.review.map((r) => `${r.kind} "${r.label}"`).join("; ")}\n`;
  return text;
}
