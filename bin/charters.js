#!/usr/bin/env node
// Thin launcher: the CLI is compiled from src/cli by `npm run build` (run by `npm install`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
const main = fileURLToPath(new URL("../dist/src/cli/main.js", import.meta.url));
if (!existsSync(main)) {
  console.error("charters: the CLI is not built yet; run `npm run build` (npm install does it) and try again.");
  process.exit(2);
}
// Output piped into a program that stops reading (`| head`) is not an error; standard output
// that cannot be written (a full disk: `> /dev/full`) is one line and exit 3, not a stack.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.stderr.write(`charters: cannot write standard output: ${e.code ? `${e.message.replace(/^\w+: /, "").split(",")[0]} (${e.code})` : e.message}\n`);
  process.exit(3);
});
const { run } = await import(main);
process.exitCode = await run(process.argv);
