/**
 * Worker thread: parses files it is sent and answers with the canonical document or a
 * failure reason. Parsing is CPU work; the main thread keeps I/O, hashing and writing.
 */
import { parentPort } from "node:worker_threads";
import { useAliases } from "../normalize/aliases.js";
import { parseSource } from "../parsers/registry.js";
import type { ParseReply, ParseTask } from "./pool.js";

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
    const { document, parser } = await parseSource({ path: task.path, bytes });
    reply = { id: task.id, ok: true, document, parser: { name: parser.name, version: parser.version, format: parser.format } };
  } catch (e) {
    reply = { id: task.id, ok: false, reason: (e as Error)?.message ?? String(e) };
  }
  port.postMessage(reply);
});
