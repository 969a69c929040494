/** `charters formats`: the parsers in the order they are tried. */
import type { Command } from "commander";
import type { Io } from "../io.js";

export function addFormatsCommand(program: Command, io: Io): void {
  program
    .command("formats")
    .description("List the parsers, in the order they are tried, and the formats they read.")
    .action(async () => {
      const { parsers } = await import("../../parsers/registry.js");
      for (const p of parsers()) io.out(`${p.name.padEnd(8)} ${p.format.padEnd(5)} v${p.version.padEnd(6)} ${p.reads ?? ""}\n`.replace(/ +\n$/, "\n"));
    });
}
