/**
 * Worker thread: parses files it is sent and answers with the canonical document or a
 * failure reason. Parsing is CPU work; the main thread keeps I/O, hashing and writing.
 */
import { setFlagsFromString } from "node:v8";
import { parentPort } from "node:worker_threads";
import { prepareParseThread, readCharterBounded } from "./parse-guarded.js";
import { useAliases } from "../normalize/aliases.js";
import { loadParsers } from "../parsers/registry.js";
import type { OcrControl } from "../parsers/types.js";
import { parsersId } from "./parsers-id.js";
import { parseContext, type ParseProgress, type ParseReply, type ParseTask, type WorkerReady } from "./pool.js";

if (!parentPort) throw new Error("worker.ts runs only as a worker thread");
const port = parentPort;

// Buffers and inflated streams count against a budget per file, from before any parser
// library loads; pdf.js inflates with its own inflater (parse-guarded.ts).
prepareParseThread();

// V8 weighs optimizing a function each time it has run through this much bytecode (about
// 66 KB by default): with twelve times that, the parse's CPU no longer goes to optimizing
// cold code on its core (docs/lab-notes.md). The flag is process-wide; only this thread's
// parse code runs enough for it to matter.
setFlagsFromString("--interrupt-budget=800000");

port.on("message", async (task: ParseTask) => {
  let reply: ParseReply;
  const ocr: OcrControl = { off: !task.ocr, pages: 0, onPage: (n) => port.postMessage({ id: task.id, ocrPage: n } satisfies ParseProgress) };
  try {
    const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
    useAliases(task.aliases);
    const { document, parser } = await readCharterBounded({ path: task.path, bytes, ocr });
    const { name, version, format } = parser;
    reply = { id: task.id, ok: true, document, parser: { name, version, format }, ocrPages: ocr.pages };
  } catch (e) {
    reply = { id: task.id, ok: false, reason: (e as Error)?.message ?? String(e), parsers: parseContext(parsersId(), task.aliases, task.ocr), ocrPages: ocr.pages };
  }
  port.postMessage(reply);
});

// every parser's module loaded before the first file, as a worker's start-up, not a file's parse time
await loadParsers();
port.postMessage({ ready: true, parsers: parsersId() } satisfies WorkerReady);
