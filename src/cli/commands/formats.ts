/** `charters formats`: the parsers in the order they are tried. */
import type { Command } from "commander";
import type { Io } from "../io.js";

export function addFormatsCommand(program: Command, io: Io): void {
  program
    .command("formats")
    .description("List the parsers, in the order they are tried, and the formats they read.")
    .action(async () => {
      const { formatsText } = await import("../../parsers/manifest.js");
      io.out(formatsText());
    });
}
