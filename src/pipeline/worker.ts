/**
 * Worker thread: parses files it is sent and answers with the canonical document or a
 * failure reason. Parsing is CPU work; the main thread keeps I/O, hashing and writing.
 */
import { parentPort } from "node:worker_threads";
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

port.on("message", async (task: ParseTask) => {
  let reply: ParseReply;
  try {
    const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
    useAliases(task.aliases);
    const parsed = await parseSource({ path: task.path, bytes });
    const { document } = applyLimits(parsed.document, { file: task.path, parser: parsed.parser.name, parser_version: parsed.parser.version });
    const { name, version, format } = parsed.parser;
    reply = { id: task.id, ok: true, document, parser: { name, version, format } };
  } catch (e) {
    reply = { id: task.id, ok: false, reason: (e as Error)?.message ?? String(e), parsers: parseContext(parsersId(), task.aliases) };
  }
  port.postMessage(reply);
});

port.postMessage({ ready: true, parsers: parsersId() } satisfies WorkerReady);
