/**
 * Reading a charter within the import's bounds, the same in a parser worker and in
 * `charters inspect`: a budget of memory outside the heap per file (memory-guard.ts) and
 * pdf.js's own synchronous inflater, which stays in the guard's reach.
 */
import { MAX_PARSE_BUFFERS } from "./limits.js";
import { installMemoryGuard, withParseBudget } from "./memory-guard.js";
import { readCharter } from "../read/charter.js";

/**
 * Once per thread, before any parser loads. pdf.js inflates with its own synchronous
 * inflater when the Web DecompressionStream is missing, which is faster for a charter's
 * small streams than the round trips through web streams and the thread pool
 * (docs/lab-notes.md), and counted by the guard. Only a thread that parses loses the class.
 */
export function prepareParseThread(): void {
  delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;
  installMemoryGuard();
}

/** readCharter under the per-file budget of memory outside the heap. */
export function readCharterBounded(input: Parameters<typeof readCharter>[0]): ReturnType<typeof readCharter> {
  return withParseBudget(MAX_PARSE_BUFFERS, () => readCharter(input));
}
