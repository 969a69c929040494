/**
 * A small pool of parser worker threads: one task per worker at a time, a time limit per
 * task (the worker is terminated and replaced when it runs over), and a crash or an
 * out-of-memory worker fails only the file it was parsing. Closing the pool answers the
 * files still being parsed or waiting with `cancelled` (not a failure of the file).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { CharterDocument, Format } from "../model/schema.js";
import { compileAliases, type Alias } from "../normalize/aliases.js";
import { WORKER_HEAP_MB } from "./limits.js";

export interface ParseTask {
  id: number;
  path: string;
  bytes: Uint8Array;
  /** The people's label decisions (the database's aliases) the parse normalizes with. */
  aliases: readonly Alias[];
  /** Pages without text are read by OCR (false: --no-ocr). */
  ocr: boolean;
}

export type ParseReply =
  | { id: number; ok: true; document: CharterDocument; parser: { name: string; version: string; format: Format }; /** Pages read by OCR. */ ocrPages?: number }
  | { id: number; ok: false; reason: string; /** The parsers that gave up (parsers-id.ts). */ parsers?: string; /** The pool was closed first. */ cancelled?: boolean; ocrPages?: number };

/**
 * Told by the worker as it starts reading a scanned page by OCR (its count in the file): the
 * file's time limit starts again, so that --file-timeout bounds each page of a long scan,
 * not the whole of it.
 */
export interface ParseProgress {
  id: number;
  ocrPage: number;
}

/** The worker's first message: the parsers it has. */
export interface WorkerReady {
  ready: true;
  parsers: string;
}

export interface PoolOptions {
  size: number;
  /** Per-file time limit in milliseconds. */
  timeoutMs: number;
  /** Heap limit of each worker, in MiB: a file that needs more fails alone. */
  heapMb?: number;
  /** Aliases sent with every task (see normalize/aliases.ts). */
  aliases?: readonly Alias[];
  /** Pages without text are read by OCR (default true; false: --no-ocr). */
  ocr?: boolean;
}

/**
 * What a parse depends on besides the bytes, stored with a failure: the parsers (parsers-id.ts),
 * whether OCR was off (a scan that failed under --no-ocr is read again with it on) and, where
 * the database has aliases, a digest of them (an alias may let a file be read).
 */
export function parseContext(parsers: string, aliases: readonly Alias[], ocr = true): string {
  const withOcr = ocr ? parsers : `${parsers};no-ocr`;
  if (aliases.length === 0) return withOcr;
  return `${withOcr};aliases:${createHash("sha256").update(compileAliases(aliases).fingerprint).digest("hex").slice(0, 16)}`;
}

/** The compiled worker script. Under the test runner (TypeScript sources) it is the build's copy. */
export function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const js = here.endsWith(".ts") ? here.replace(/([\\/])src([\\/]pipeline[\\/])pool\.ts$/, "$1dist$1src$2worker.js") : here.replace(/pool\.js$/, "worker.js");
  if (!existsSync(js)) throw new Error(`parser worker not built at ${js}: run \`npm run build\``);
  return js;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: ((slot: Slot | null) => void)[] = [];
  /** Ends each task in progress as cancelled (close). */
  private readonly active = new Set<() => void>();
  /** The workers' parsers (parsers-id.ts), once one has said. */
  parsersId: string | undefined;
  private nextId = 1;
  private closed = false;
  private readonly script = workerScript();

  /** All workers start at once, so that their start-up overlaps the main thread's walk and hashing. */
  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, {
      resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb ?? WORKER_HEAP_MB },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    // A worker terminated after its task ended (a time-out) may still report an error (out of
    // memory): the task's own listener is gone by then, and an 'error' nobody listens to would
    // end the process.
    worker.on("error", () => undefined);
    worker.once("message", (m: WorkerReady) => {
      if (m.ready) this.parsersId = m.parsers;
    });
    return { worker, busy: false };
  }

  private acquire(): Promise<Slot | null> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (this.slots.length < this.opts.size) {
      const s = this.spawn();
      s.busy = true;
      this.slots.push(s);
      return Promise.resolve(s);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  /** Replace a worker that was terminated or crashed. */
  private replace(slot: Slot): Slot {
    const i = this.slots.indexOf(slot);
    void slot.worker.terminate();
    const fresh = this.spawn();
    fresh.busy = true;
    if (i >= 0) this.slots[i] = fresh;
    return fresh;
  }

  /** Parse one file's bytes in a worker; never rejects: a failure is a reply with a reason. */
  async parse(path: string, bytes: Buffer): Promise<ParseReply> {
    const id = this.nextId++;
    const cancelled: ParseReply = { id, ok: false, reason: "cancelled: the import stopped", cancelled: true };
    if (this.closed) return cancelled;
    const acquired = await this.acquire();
    if (!acquired) return cancelled;
    let slot = acquired;
    // Hand the bytes over without copying when the buffer owns its memory.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const data = own ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes);
    return new Promise<ParseReply>((resolve) => {
      const w = slot.worker;
      let settled = false;
      let pagesRead = 0;
      const finish = (reply: ParseReply, broken: boolean) => {
        if (settled) return;
        settled = true;
        this.active.delete(cancel);
        clearTimeout(timer);
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
        if (this.closed) return resolve(cancelled);
        if (broken) slot = this.replace(slot);
        this.release(slot);
        const parsers = reply.ok ? undefined : (reply.parsers ?? (this.parsersId && parseContext(this.parsersId, this.opts.aliases ?? [], this.opts.ocr ?? true)));
        resolve(reply.ok ? reply : { ...reply, parsers });
      };
      const cancel = () => finish(cancelled, false);
      this.active.add(cancel);
      const onMessage = (m: ParseReply | ParseProgress) => {
        if (m.id !== id) return;
        if ("ocrPage" in m) {
          pagesRead = m.ocrPage;
          return void timer.refresh();
        } // each scanned page has the whole --file-timeout
        finish(m, false);
      };
      const onError = (e: Error) => {
        const oom = (e as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
        finish({ id, ok: false, reason: oom ? "the parser ran out of memory on this file" : `the parser crashed: ${e.message}` }, true);
      };
      const onExit = (code: number) => finish({ id, ok: false, reason: `the parser stopped unexpectedly (exit code ${code})` }, true);
      const timer = setTimeout(
        () => finish({ id, ok: false, reason: `timed out after ${Math.round(this.opts.timeoutMs / 1000)} s (--file-timeout${pagesRead ? `, on its scanned page ${pagesRead}` : ""})` }, true),
        this.opts.timeoutMs,
      );
      w.on("message", onMessage);
      w.once("error", onError);
      w.once("exit", onExit);
      w.postMessage({ id, path, bytes: data, aliases: this.opts.aliases ?? [], ocr: this.opts.ocr ?? true } satisfies ParseTask, own ? [data.buffer as ArrayBuffer] : []);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const cancel of [...this.active]) cancel();
    for (const next of this.waiting.splice(0)) next(null);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}
