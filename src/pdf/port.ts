/**
 * The port between pdf.js's API and its worker code when both run in this thread.
 *
 * In Node pdf.js runs its worker code in the calling thread ("fake worker") and passes
 * every message through a LoopbackPort that structured-clones it, as a real worker's
 * postMessage would: every operator list, with every glyph of every text operator as an
 * object of its own, is copied once more on its way to the caller (a large share of the
 * CPU time of reading a page: docs/lab-notes.md). In one thread nothing needs to be
 * copied for isolation; what must be copied is what the sender changes after sending:
 * pdf.js empties an operator
 * list's arrays once it has posted a chunk of them. SharingPort copies the plain arrays
 * and objects of a message, as the clone would, and passes everything else as it is:
 * class instances (glyphs, names), typed arrays and buffers, maps. Neither side changes
 * those after sending them (they are transferred, or built for one message), and the
 * receiver only reads them. An operator list's chunk is the bulk of the traffic: of it,
 * only its two arrays are copied (pdf.js empties them once posted), not the arguments of
 * every operator they hold, which nothing changes after they are listed (the receiver
 * copies the entries into the page's own list).
 *
 * Messages are delivered as LoopbackPort delivers them: in order, each in a microtask of
 * its own, to every listener.
 */
/** The pdf.js module (legacy build), as pdfjs.ts loads it. */
export type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

/** The plain containers of a message copied (arrays, plain objects), the rest shared. */
export function copyPlain(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyPlain(v[i]);
    return out;
  }
  if (v !== null && typeof v === "object") {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
      for (const k of Object.keys(v)) out[k] = copyPlain((v as Record<string, unknown>)[k]);
      return out;
    }
  }
  return v;
}

interface OperatorListChunk {
  fnArray: unknown[];
  argsArray: unknown[];
}

const isOperatorListChunk = (v: unknown): v is OperatorListChunk =>
  v !== null && typeof v === "object" && Array.isArray((v as OperatorListChunk).fnArray) && Array.isArray((v as OperatorListChunk).argsArray);

/** What a message's receiver gets: the message copied as copyPlain does, an operator list's chunk to the depth the sender changes. */
export function copyMessage(obj: unknown): unknown {
  const chunk = (obj as { chunk?: unknown } | null)?.chunk;
  if (!isOperatorListChunk(chunk) || Object.getPrototypeOf(obj) !== Object.prototype) return copyPlain(obj);
  const copy = copyPlain({ ...(obj as object), chunk: null }) as Record<string, unknown>;
  copy.chunk = { ...(copyPlain({ ...chunk, fnArray: null, argsArray: null }) as object), fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() };
  return copy;
}

type Listener = (this: SharingPort, event: { data: unknown }) => void;

export class SharingPort {
  readonly #listeners = new Map<Listener, (() => void) | null>();
  readonly #deferred = Promise.resolve();

  postMessage(obj: unknown): void {
    const event = { data: copyMessage(obj) };
    void this.#deferred.then(() => {
      for (const [listener] of this.#listeners) listener.call(this, event);
    });
  }
  addEventListener(_name: string, listener: Listener, options: { signal?: AbortSignal } | null = null): void {
    let rmAbort: (() => void) | null = null;
    const signal = options?.signal;
    if (signal) {
      if (signal.aborted) return;
      const onAbort = () => this.removeEventListener(_name, listener);
      rmAbort = () => signal.removeEventListener("abort", onAbort);
      signal.addEventListener("abort", onAbort);
    }
    this.#listeners.set(listener, rmAbort);
  }
  removeEventListener(_name: string, listener: Listener): void {
    this.#listeners.get(listener)?.();
    this.#listeners.delete(listener);
  }
  terminate(): void {
    for (const [, rmAbort] of this.#listeners) rmAbort?.();
    this.#listeners.clear();
  }
}

/** pdf.js's worker code (pdf.worker.mjs), as its module exports it. */
export interface WorkerModule {
  WorkerMessageHandler: { initializeFromPort(port: unknown): void };
}

type PdfWorker = InstanceType<PdfJs["PDFWorker"]>;
let shared: PdfWorker | null = null;

/**
 * The PDFWorker every document of this thread is opened with: pdf.js's worker code on a
 * SharingPort (a real worker reads many documents over one port the same way).
 */
export function sharedPdfWorker(pdfjs: PdfJs, workerModule: WorkerModule): PdfWorker {
  if (!shared) {
    const port = new SharingPort();
    workerModule.WorkerMessageHandler.initializeFromPort(port);
    // (the declarations type `port` as null: it is a Worker, or an object like one)
    shared = new pdfjs.PDFWorker({ port: port as unknown as null, verbosity: 0 });
  }
  return shared;
}
