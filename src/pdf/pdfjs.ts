/**
 * Loading pdfjs-dist without letting it slow the rest of the process.
 *
 * The legacy build (the one made for Node) bundles core-js, which replaces some of the
 * platform's own built-ins when it finds them wanting: on Node 20 `Array.prototype.push`
 * (for arrays whose length is not writable), `JSON.parse` (the reviver's source text) and
 * `Function.prototype.toString`. The replacements are JavaScript, they are process-wide,
 * and `push` is called everywhere: in pdf.js and in every other parser of the worker.
 * Neither pdf.js nor this code relies on those edge cases, so after loading, every
 * built-in that existed before and was replaced is put back; what the bundle only added
 * (`Promise.withResolvers`, `Uint8Array.prototype.toHex`, ...) stays, pdf.js uses it.
 *
 * pdf.js loads its worker module (which carries its own core-js) on the first document;
 * it is loaded here up front, so that both bundles have run before the restore.
 *
 * One addition is made native where it can be: core-js's `Uint8Array.prototype.toBase64`
 * encodes in JavaScript, byte by byte, and pdf.js calls it on every font file it hands
 * over (read.ts); Node's Buffer encodes base64 natively, the same bytes.
 */

import { answerCanvasWithStandIns } from "./no-canvas.js";
import { sharedPdfWorker, type PdfJs, type WorkerModule } from "./port.js";

export type { PdfJs };

/** The built-in objects whose own properties are guarded, by name. */
function intrinsics(): [string, object][] {
  const typedArray = Object.getPrototypeOf(Uint8Array) as { prototype: object };
  const named: Record<string, unknown> = {
    Object, Function, Array, String, Number, Boolean, Symbol, Promise, Map, Set, WeakMap, WeakSet,
    RegExp, Date, Error, ArrayBuffer, DataView, Uint8Array, TypedArray: typedArray,
  };
  const list: [string, object][] = [["Math", Math], ["JSON", JSON], ["Reflect", Reflect], ["globalThis", globalThis]];
  for (const [name, ctor] of Object.entries(named)) {
    list.push([name, ctor as object], [`${name}.prototype`, (ctor as { prototype: object }).prototype]);
  }
  return list;
}

interface Guarded {
  name: string;
  object: object;
  props: Map<PropertyKey, PropertyDescriptor>;
}

function snapshot(): Guarded[] {
  return intrinsics().map(([name, object]) => {
    const props = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(object)) {
      const d = Object.getOwnPropertyDescriptor(object, key);
      // globalThis: only its functions (Node defines some globals lazily, as getters that redefine themselves)
      if (d && (object !== globalThis || typeof d.value === "function")) props.set(key, d);
    }
    return { name, object, props };
  });
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor) => Object.is(a.value, b.value) && a.get === b.get && a.set === b.set;

/** Put back every guarded property that changed since the snapshot; the names of those put back. */
function restore(before: Guarded[]): string[] {
  const restored: string[] = [];
  for (const { name, object, props } of before) {
    for (const [key, d] of props) {
      const now = Object.getOwnPropertyDescriptor(object, key);
      if ((now && sameDescriptor(now, d)) || now?.configurable === false) continue;
      Object.defineProperty(object, key, d);
      restored.push(`${name}.${String(key)}`);
    }
  }
  return restored;
}

/** Run `load`, then put back every built-in it replaced (also when it fails); names those put back. */
export async function keepingBuiltins<T>(load: () => Promise<T>): Promise<{ value: T; restored: string[] }> {
  const before = snapshot();
  let value: T;
  try {
    value = await load();
  } catch (e) {
    restore(before);
    throw e;
  }
  return { value, restored: restore(before) };
}

/** Whether the platform encodes base64 itself (before pdf.js's core-js could add its own). */
const NATIVE_TO_BASE64 = typeof (Uint8Array.prototype as { toBase64?: unknown }).toBase64 === "function";

let loading: Promise<PdfJs> | null = null;
let workerModule: WorkerModule | null = null;
/** The names of the built-ins put back after loading pdf.js (empty until it is loaded). */
export let restoredBuiltins: readonly string[] = [];

/** pdfjs-dist (legacy build) and its worker module, loaded once, with the platform's built-ins kept. */
export function loadPdfJs(): Promise<PdfJs> {
  loading ??= keepingBuiltins(async () => {
    answerCanvasWithStandIns();
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    // The worker module registers itself as globalThis.pdfjsWorker: pdf.js then runs it in this thread.
    const workerPath: string = "pdfjs-dist/legacy/build/pdf.worker.mjs"; // no type declarations
    workerModule = (await import(workerPath)) as WorkerModule;
    return pdfjs;
  }).then(({ value, restored }) => {
    restoredBuiltins = restored;
    nativeToBase64();
    return value;
  });
  return loading;
}

/** Uint8Array.prototype.toBase64 by Buffer for its default options, where core-js added it (not on a platform that has its own). */
function nativeToBase64(): void {
  type ToBase64 = (this: Uint8Array, options?: unknown) => string;
  const proto = Uint8Array.prototype as unknown as { toBase64?: ToBase64 };
  const added = proto.toBase64;
  if (!added || NATIVE_TO_BASE64 || added.name === "toBase64ByBuffer") return;
  Object.defineProperty(proto, "toBase64", {
    value: function toBase64ByBuffer(this: Uint8Array, options?: unknown): string {
      return options === undefined ? Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString("base64") : added.call(this, options);
    },
    writable: true,
    configurable: true,
  });
}

/** The pdf.js worker documents are opened with in this thread: its code on a port that does not clone (port.ts). */
export async function loadPdfWorker(): Promise<InstanceType<PdfJs["PDFWorker"]>> {
  const pdfjs = await loadPdfJs();
  return sharedPdfWorker(pdfjs, workerModule!);
}
