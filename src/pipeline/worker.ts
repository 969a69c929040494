/**
 * Worker thread: parses files it is sent and answers with the canonical document or a
 * failure reason. Parsing is CPU work; the main thread keeps I/O, hashing and writing.
 */
import { setFlagsFromString } from "node:v8";
import { parentPort } from "node:worker_threads";
import { MAX_PARSE_BUFFERS } from "./limits.js";
import { installMemoryGuard, withParseBudget } from "./memory-guard.js";
import { useAliases } from "../normalize/aliases.js";
import { applyLimits } from "../normalize/limits.js";
import { parseSource } from "../parsers/registry.js";
import { parsersId } from "./parsers-id.js";
import { parseContext, type ParseReply, type ParseTask, type WorkerReady } from "./pool.js";

if (!parentPort) throw new Error("worker.ts runs only as a worker thread");
const port = parentPort;

// pdf.js inflates a compressed PDF stream with the Web DecompressionStream when the platform
// has one: in Node every content stream and font then goes through web streams to the libuv
// thread pool and back, while this thread waits. For the small streams of charters that costs
// more than pdf.js's own synchronous inflater, which it falls back to when the class is
// missing (npm run bench, 2,000 files: one worker 33.5 s -> 30.2 s, two workers 25.9 s ->
// 23.0 s). This thread only parses, and nothing else in it uses the class, so it is removed
// here; the main thread keeps it (the decoded bytes are the same either way).
delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;

// V8 weighs optimizing a function each time it has run through an interrupt budget of
// about 66 KB of bytecode (--interrupt-budget); most of pdf.js's functions and this code's
// get optimized in the first files, on V8's background threads, which share the parse's
// core: in a one-worker import of 570 PDF pages pinned to one core, a quarter of the CPU
// went to the optimizing compiler (perf). With three times that budget the coldest stay in
// baseline code and the hot ones are optimized on riper type feedback (fewer deopts): that
// import took 10-15% less CPU (5.4 s for 6.2 s, medians of 3), one of 2,300 pages 7% less.
// Twelve times the budget (800,000) took another 6-10% off the CPU of a 276-file, 528-page
// import pinned to one core (medians of 5-6 alternating runs: 4.15 -> 3.89 s and
// 4.33 -> 3.74 s; 400,000 and 1,600,000 in between or the same) and did not slow the import
// of one 2,000-page PDF, whose hot code is optimized all the same, a few pages later.
// The flag is process-wide; only this thread's parse code runs enough for it to matter.
setFlagsFromString("--interrupt-budget=800000");

// Buffers and inflated streams count against a budget per file (memory-guard.ts), from
// before any parser library loads.
installMemoryGuard();

port.on("message", async (task: ParseTask) => {
  let reply: ParseReply;
  try {
    const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
    useAliases(task.aliases);
    const parsed = await withParseBudget(MAX_PARSE_BUFFERS, () => parseSource({ path: task.path, bytes }));
    const { document } = applyLimits(parsed.document, { file: task.path, parser: parsed.parser.name, parser_version: parsed.parser.version });
    const { name, version, format } = parsed.parser;
    reply = { id: task.id, ok: true, document, parser: { name, version, format } };
  } catch (e) {
    reply = { id: task.id, ok: false, reason: (e as Error)?.message ?? String(e), parsers: parseContext(parsersId(), task.aliases) };
  }
  port.postMessage(reply);
});

port.postMessage({ ready: true, parsers: parsersId() } satisfies WorkerReady);
