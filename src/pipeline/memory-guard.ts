/**
 * A bound on the memory one parse holds outside the JavaScript heap. A worker's heap limit
 * (resourceLimits) does not cover buffers: a 4 MB PDF whose content stream inflates to 4 GiB
 * grows pdf.js's stream buffer (a Uint8Array, doubled as it fills) to gigabytes while the heap
 * stays small. Every inflater the parsers use (pdf.js's own, the zip readers', Node's zlib)
 * writes into typed arrays or Buffers, so their constructors are where a total can be
 * enforced whatever the format: once installed, each allocation is counted, and where it is
 * large (or the small ones add up), the memory the thread's ArrayBuffers really hold
 * (process.memoryUsage().arrayBuffers, per thread: each worker has its own allocator) is
 * compared with the parse's budget. Past it the allocation throws, and every later one in the
 * same parse too, so the parse ends whatever the parser catches, and `withParseBudget` fails
 * the file with the reason. Installed only where parses run (the parser workers, `inspect`).
 * There the parsers inflate synchronously (pdf.js without the web DecompressionStream, whose
 * callbacks a refusal would escape: worker.ts removes it), so a refusal reaches the parse.
 */

/** A parse went over its budget of memory outside the heap. */
export class MemoryLimitError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "MemoryLimitError";
  }
}

/** An allocation this large is checked at once; smaller ones when they add up to CHECK_EVERY. */
const CHECK_FROM = 64 * 1024;
const CHECK_EVERY = 16 * 1024 * 1024;

interface Budget {
  /** Bytes the parse may add to what the thread held when it began. */
  limit: number;
  /** The thread's ArrayBuffer bytes when the parse began. */
  base: number;
  /** Bytes allocated since the last check. */
  pending: number;
  /** Why the parse went over, once it did. */
  over: string | null;
}

let budget: Budget | null = null;
let installed = false;

const arrayBufferBytes = () => process.memoryUsage().arrayBuffers;
const mib = (n: number) => Math.round(n / 1048576);

/** Count an allocation of `bytes` against the running parse's budget; throws past it. */
function count(bytes: number): void {
  const b = budget;
  if (!b || !(bytes > 0)) return;
  if (b.over) throw new MemoryLimitError(b.over);
  b.pending += bytes;
  if (bytes < CHECK_FROM && b.pending < CHECK_EVERY) return;
  b.pending = 0;
  const held = arrayBufferBytes() - b.base;
  if (held + bytes <= b.limit) return;
  b.over = `refused: parsing it needs more than ${mib(b.limit)} MiB of memory outside the heap (${mib(held)} MiB held, ${mib(bytes)} MiB more asked: a decompression bomb?)`;
  throw new MemoryLimitError(b.over);
}

/** Bytes a typed array constructor's arguments allocate: a length, or a copy of an array-like (a view of a buffer allocates nothing). */
function typedBytes(args: unknown[], perElement: number, Original: { ArrayBuffer: unknown; SharedArrayBuffer: unknown }): number {
  const a = args[0];
  if (typeof a === "number") return a * perElement;
  if (a === null || typeof a !== "object") return 0;
  if (a instanceof (Original.ArrayBuffer as typeof ArrayBuffer) || (Original.SharedArrayBuffer && a instanceof (Original.SharedArrayBuffer as typeof SharedArrayBuffer))) return 0;
  const length = (a as { length?: unknown }).length;
  return typeof length === "number" ? length * perElement : 0;
}

const TYPED_ARRAYS = [
  "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
  "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
] as const;

/**
 * Count the allocations of this thread: the global typed array and ArrayBuffer constructors
 * become proxies (the same prototypes, statics and `instanceof`), Buffer's allocators are
 * wrapped. Idempotent; code that captured a constructor before is not counted, so it is
 * installed before the parsers load (pdf.js, the zip and workbook libraries load lazily).
 */
export function installMemoryGuard(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as unknown as Record<string, unknown>;
  const Original = { ArrayBuffer: g.ArrayBuffer, SharedArrayBuffer: g.SharedArrayBuffer };
  // `new Proxy()` passes the proxy as new.target: the object is made by the constructor itself
  // (an object made for another new.target gets a map V8 does not optimize for: pdf.js's
  // inflater ran ten times slower on such arrays). A subclass keeps its own new.target.
  const proxy = <T extends new (...args: unknown[]) => object>(Ctor: T, bytes: (args: unknown[]) => number): T => {
    const p: T = new Proxy(Ctor, {
      construct(target, args, newTarget) {
        count(bytes(args));
        return Reflect.construct(target, args, newTarget === p ? target : newTarget);
      },
    });
    return p;
  };
  for (const name of TYPED_ARRAYS) {
    const Ctor = g[name] as (new (...args: unknown[]) => object) & { BYTES_PER_ELEMENT: number };
    if (Ctor) g[name] = proxy(Ctor, (args) => typedBytes(args, Ctor.BYTES_PER_ELEMENT, Original));
  }
  g.ArrayBuffer = proxy(Original.ArrayBuffer as new (...args: unknown[]) => object, (args) => (typeof args[0] === "number" ? args[0] : 0));
  const buffer = Buffer as unknown as Record<string, (size: number, ...rest: unknown[]) => Buffer>;
  for (const name of ["alloc", "allocUnsafe", "allocUnsafeSlow"]) {
    const original = buffer[name];
    buffer[name] = function (this: unknown, size: number, ...rest: unknown[]) {
      count(size);
      return original.call(this, size, ...rest);
    };
  }
}

/**
 * Run one parse with a budget of `limit` bytes of memory outside the heap (beyond what the
 * thread held when it began); a MemoryLimitError with the reason when it went over, whatever
 * the parse returned or threw. Parses of one thread run one at a time.
 */
export async function withParseBudget<T>(limit: number, parse: () => Promise<T>): Promise<T> {
  const b: Budget = { limit, base: arrayBufferBytes(), pending: 0, over: null };
  budget = b;
  try {
    const value = await parse();
    if (b.over) throw new MemoryLimitError(b.over);
    return value;
  } catch (e) {
    throw b.over ? new MemoryLimitError(b.over) : e;
  } finally {
    if (budget === b) budget = null;
  }
}
