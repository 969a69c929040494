/** How an import stops on a signal: what is parsed is committed first (docs/operations.md, "Signals"). */
import type { Io } from "./io.js";
import { EXIT } from "./summary.js";

/** SIGINT and SIGTERM abort the returned signal; a second one ends the process at once. */
export function stopOnSignals(io: Io): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handlers = (["SIGINT", "SIGTERM"] as const).map((name) => {
    const handler = () => {
      if (controller.signal.aborted) process.exit(name === "SIGINT" ? EXIT.SIGINT : EXIT.SIGTERM);
      io.err(`charters: ${name}: stopping; committing what is parsed (${name === "SIGINT" ? "Ctrl-C" : "the signal"} again to quit at once)\n`);
      controller.abort(name);
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return { signal: controller.signal, dispose: () => handlers.forEach(([name, h]) => process.off(name, h)) };
}
