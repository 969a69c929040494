/**
 * Reading a file a user named or a folder held, boundedly: the one way every command reads a
 * user's path (import, inspect, alias --import). Only a regular file is opened (after
 * following links); files of the kernel's pseudo file systems (/proc, /sys: `pagemap` says
 * size 0 and never ends), FIFOs, sockets and devices are refused with a reason before any
 * read, and the open cannot block (O_NONBLOCK: a FIFO put in the file's place after the check
 * is not waited on). The limit is checked against the bytes actually read, not the size stat
 * reports: a file that grows, or lies about its size, stops at the limit.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statfsSync, statSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { errnoText } from "./walk.js";

/** A file not read: why, and whether it was its size (else what it is, or an error reading it). */
export class RefusedFile extends Error {
  constructor(
    message: string,
    readonly kind: "not-regular" | "pseudo" | "too-large" | "error",
  ) {
    super(message);
    this.name = "RefusedFile";
  }
}

/**
 * Magic numbers (statfs f_type) of Linux's pseudo file systems, whose files are the kernel's
 * state: sizes mean nothing there and reads may never end.
 */
const PSEUDO_FS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0xcafe4a11, "bpf"],
  [0x62656570, "configfs"],
  [0x6165676c, "pstore"],
  [0xde5e81e4, "efivarfs"],
  [0xf97cff8c, "selinuxfs"],
  [0x65735543, "fusectl"],
  [0x1cd1, "devpts"],
  [0x6e736673, "nsfs"],
]);

/** Where those are mounted, for where statfs fails. */
const PSEUDO_ROOTS = ["/proc/", "/sys/"];

const MiB = 1024 * 1024;

export const NOT_REGULAR = "not a regular file (a folder, FIFO, socket or device): not read";
const size = (n: number) => (n >= MiB ? `${Math.round(n / MiB)} MiB` : `${n} bytes`);

/** Why the file at `path` (stat `st`, links followed) is not to be read, or null. */
export function refusal(path: string | Buffer, st: Stats): RefusedFile | null {
  if (!st.isFile()) return new RefusedFile(NOT_REGULAR, "not-regular");
  let fs: string | undefined;
  try {
    fs = PSEUDO_FS.get(Number(statfsSync(path).type));
  } catch {
    try {
      const real = realpathSync.native(path).toString();
      if (PSEUDO_ROOTS.some((r) => real.startsWith(r))) fs = real.split("/")[1];
    } catch {
      // gone since the stat: the open says so
    }
  }
  return fs ? new RefusedFile(`a file of the kernel's ${fs} file system (not a document; its size means nothing): not read`, "pseudo") : null;
}

const tooLarge = (limit: number, what: string) => new RefusedFile(`refused: ${what} is over the ${size(limit)} limit for one file`, "too-large");

/** The checks of a descriptor just opened: still a regular file, the one stat saw. */
function checkOpened(fd: Stats, st: Stats): void {
  if (!fd.isFile()) throw new RefusedFile(NOT_REGULAR, "not-regular");
  if (fd.dev !== st.dev || fd.ino !== st.ino) throw new RefusedFile("the file was replaced while it was being opened: not read", "error");
}

/** Bytes gathered from a descriptor up to a limit: the first `expected` in one buffer that owns its memory (handed to a worker without a copy). */
class Gathered {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  constructor(private readonly limit: number) {}
  /** Where the next read goes: the expected size first, then 64 KiB (most often to find the end), then blocks of 1 MiB; never past limit + 1. */
  next(expected: number): Buffer {
    const block = this.chunks.length === 0 && expected > 0 ? expected : this.chunks.length <= 1 ? 65536 : MiB;
    return Buffer.allocUnsafeSlow(Math.max(1, Math.min(block, this.limit + 1 - this.total)));
  }
  /** `n` bytes were read into `buf`; false at the end of the file. */
  add(buf: Buffer, n: number): boolean {
    if (n === 0) return false;
    this.chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    this.total += n;
    if (this.total > this.limit) throw tooLarge(this.limit, `it holds more than ${size(this.limit)}`);
    return true;
  }
  bytes(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.total);
  }
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0);

function stated(path: string | Buffer, st: Stats | undefined, limit: number): Stats {
  let s = st;
  try {
    s ??= statSync(path);
  } catch (e) {
    throw new RefusedFile(`cannot read the file: ${errnoText(e)}`, "error");
  }
  const no = refusal(path, s);
  if (no) throw no;
  if (s.size > limit) throw tooLarge(limit, size(s.size));
  return s;
}

/** A file's bytes, or a RefusedFile saying why not (see the module's comment). `st`: its stat, when taken already. */
export function readUserFileSync(path: string | Buffer, limit: number, st?: Stats): Buffer {
  const s = stated(path, st, limit);
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    throw new RefusedFile(`cannot read the file: ${errnoText(e)}`, "error");
  }
  try {
    checkOpened(fstatSync(fd), s);
    const got = new Gathered(limit);
    for (;;) {
      const buf = got.next(s.size);
      if (!got.add(buf, readSync(fd, buf, 0, buf.length, null))) return got.bytes();
    }
  } catch (e) {
    if (e instanceof RefusedFile) throw e;
    throw new RefusedFile(`cannot read the file: ${errnoText(e)}`, "error");
  } finally {
    closeSync(fd);
  }
}

/** readUserFileSync, reading through the thread pool (for large files: the event loop goes on). */
export async function readUserFile(path: string | Buffer, limit: number, st?: Stats): Promise<Buffer> {
  const s = stated(path, st, limit);
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (e) {
    throw new RefusedFile(`cannot read the file: ${errnoText(e)}`, "error");
  }
  try {
    checkOpened(await handle.stat(), s);
    const got = new Gathered(limit);
    for (;;) {
      const buf = got.next(s.size);
      if (!got.add(buf, (await handle.read(buf, 0, buf.length, null)).bytesRead)) return got.bytes();
    }
  } catch (e) {
    if (e instanceof RefusedFile) throw e;
    throw new RefusedFile(`cannot read the file: ${errnoText(e)}`, "error");
  } finally {
    await handle.close();
  }
}
