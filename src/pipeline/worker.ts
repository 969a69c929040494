/**
 * Worker thread: parses files it is sent and answers with the canonical document or a
 * failure reason. Parsing is CPU work; the main thread keeps I/O, hashing and writing.
 */
import { setFlagsFromString } from "node:v8";
import { parentPort } from "node:worker_threads";
import { MAX_PARSE_BUFFERS } from "./limits.js";
import { installMemoryGuard, withParseBudget } from "./memory-guard.js";
import { useAliases } from "../normalize/aliases.js";
import { loadParsers } from "../parsers/registry.js";
import type { OcrControl } from "../parsers/types.js";
import { readCharter } from "../read/charter.js";
import { parsersId } from "./parsers-id.js";
import { parseContext, type ParseProgress, type ParseReply, type ParseTask, type WorkerReady } from "./pool.js";

if (!parentPort) throw new Error("worker.ts runs only as a worker thread");
const port = parentPort;

// pdf.js inflates with its own synchronous inflater when the Web DecompressionStream is
// missing, which is faster for a charter's small streams than the round trips through web
// streams and the thread pool (docs/lab-notes.md). Only this thread loses the class.
delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;

// V8 weighs optimizing a function each time it has run through this much bytecode (about
// 66 KB by default): with twelve times that, the parse's CPU no longer goes to optimizing
// cold code on its core (docs/lab-notes.md). The flag is process-wide; only this thread's
// parse code runs enough for it to matter.
setFlagsFromString("--interrupt-budget=800000");

// Buffers and inflated streams count against a budget per file (memory-guard.ts), from
// before any parser library loads.
installMemoryGuard();

port.on("message", async (task: ParseTask) => {
  let reply: ParseReply;
  const ocr: OcrControl = { off: !task.ocr, pages: 0, onPage: (n) => port.postMessage({ id: task.id, ocrPage: n } satisfies ParseProgress) };
  try {
    const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
    useAliases(task.aliases);
    const { document, parser } = await withParseBudget(MAX_PARSE_BUFFERS, () => readCharter({ path: task.path, bytes, ocr }));
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
