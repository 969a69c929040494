/**
 * Worker thread: parses files it is sent and answers with the canonical document or a
 * failure reason. Parsing is CPU work; the main thread keeps I/O, hashing and writing.
 */
import { parentPort } from "node:worker_threads";
import { parseSource } from "../parsers/registry.js";
import type { ParseReply, ParseTask } from "./pool.js";

if (!parentPort) throw new Error("worker.ts runs only as a worker thread");
const port = parentPort;

port.on("message", async (task: ParseTask) => {
  let reply: ParseReply;
  try {
    const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
    const { document, parser } = await parseSource({ path: task.path, bytes });
    reply = { id: task.id, ok: true, document, parser: { name: parser.name, version: parser.version, format: parser.format } };
  } catch (e) {
    reply = { id: task.id, ok: false, reason: (e as Error)?.message ?? String(e) };
  }
  port.postMessage(reply);
});
