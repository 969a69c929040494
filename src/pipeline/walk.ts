/**
 * The folder walk. Names are read as bytes (paths.ts), so a name that is not UTF-8 is kept
 * as it is. A folder that cannot be read fails alone; the walk goes on. Symbolic links are
 * followed (unless `follow: false`): a link to a file is a file at the link's path; each
 * folder is walked once, so a link back to a folder it is in (a loop), or to a folder
 * walked already, is left with a warning. Sockets, FIFOs and devices are never opened.
 * Everything left out is counted by why.
 */
import type { Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { bytesOf, fromBytes, keyOf, type SourcePath } from "./paths.js";

export interface WalkOptions {
  /** Whether a file found in a folder is taken, by its lower-cased extension (".pdf", "" for none). */
  accept: (ext: string) => boolean;
  /** Take every file found in folders. */
  allFiles?: boolean;
  /** Follow symbolic links found in folders (default true). */
  follow?: boolean;
}

export interface WalkProblem {
  path: SourcePath;
  reason: string;
  /** A path named on the command line that does not exist. */
  missing?: boolean;
}

export interface WalkResult {
  /** The files to import, sorted by their bytes, each once. */
  files: SourcePath[];
  /** Entries left out, by why: an extension (".jpg", "(no extension)"), "hidden", "hidden folder", "not a regular file", "symbolic link" (not followed). */
  skipped: Record<string, number>;
  /** Symbolic links followed. */
  symlinks: number;
  /** Folders (or named paths) that could not be read: each fails alone. */
  unreadable: WalkProblem[];
  /** Links not followed: loops, folders walked already, broken links. */
  warnings: WalkProblem[];
  /** Folders named on the command line in which no file to import was found (an unmounted share looks so). */
  empty: SourcePath[];
}

const SLASH = 0x2f;
const DOT = 0x2e;

/** "EACCES: permission denied, scandir '...'" -> "permission denied (EACCES)". */
export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (!err?.code) return String((e as Error)?.message ?? e);
  const what = err.message.startsWith(`${err.code}: `) ? err.message.slice(err.code.length + 2).split(",")[0] : err.message;
  return `${what} (${err.code})`;
}

function extOf(name: Buffer): string {
  const dot = name.lastIndexOf(DOT);
  return dot > 0 ? fromBytes(name.subarray(dot)).text.toLowerCase() : "";
}

const child = (dir: Buffer, name: Buffer) => Buffer.concat(dir[dir.length - 1] === SLASH ? [dir, name] : [dir, Buffer.of(SLASH), name]);
const dirId = (st: Stats) => `${st.dev}:${st.ino}`;

export async function walk(roots: string[], opts: WalkOptions): Promise<WalkResult> {
  const follow = opts.follow ?? true;
  const found = new Map<string, SourcePath>();
  const result: WalkResult = { files: [], skipped: {}, symlinks: 0, unreadable: [], warnings: [], empty: [] };
  let taken = 0;
  const visited = new Set<string>();
  const skip = (why: string) => void (result.skipped[why] = (result.skipped[why] ?? 0) + 1);
  const add = (path: Buffer) => {
    const p = fromBytes(path);
    found.set(keyOf(p), p);
    taken++;
  };
  const consider = (path: Buffer, name: Buffer) => {
    const ext = extOf(name);
    if (opts.allFiles || opts.accept(ext)) add(path);
    else skip(ext || "(no extension)");
  };

  const walkDir = async (dir: Buffer, st: Stats, ancestors: Set<string>): Promise<void> => {
    visited.add(dirId(st));
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: "buffer" });
    } catch (e) {
      result.unreadable.push({ path: fromBytes(dir), reason: `cannot read the folder: ${errnoText(e)}` });
      return;
    }
    const inside = new Set(ancestors).add(dirId(st));
    for (const e of entries) {
      const name = e.name as unknown as Buffer;
      const path = child(dir, name);
      if (name[0] === DOT) {
        skip(e.isDirectory() ? "hidden folder" : "hidden");
        continue;
      }
      if (e.isFile()) consider(path, name);
      else if (e.isDirectory() || e.isSymbolicLink()) {
        if (e.isSymbolicLink() && !follow) {
          skip("symbolic link");
          continue;
        }
        let target: Stats;
        try {
          target = await stat(path);
        } catch (err) {
          const reason = e.isSymbolicLink() ? `broken symbolic link, not followed: ${errnoText(err)}` : `cannot read the folder: ${errnoText(err)}`;
          (e.isSymbolicLink() ? result.warnings : result.unreadable).push({ path: fromBytes(path), reason });
          continue;
        }
        const link = e.isSymbolicLink() ? 1 : 0;
        if (target.isDirectory()) {
          const id = dirId(target);
          if (inside.has(id)) result.warnings.push({ path: fromBytes(path), reason: "symbolic link loop: it leads back to a folder it is in; not followed" });
          else if (visited.has(id)) result.warnings.push({ path: fromBytes(path), reason: "leads to a folder walked already; not followed again" });
          else {
            result.symlinks += link;
            await walkDir(path, target, inside);
          }
        } else if (target.isFile()) {
          result.symlinks += link;
          consider(path, name);
        } else skip("not a regular file");
      } else skip("not a regular file");
    }
  };

  for (const p of roots) {
    const abs = Buffer.from(resolve(p));
    let st: Stats;
    try {
      st = await stat(abs);
    } catch (e) {
      // A path that is not there fails alone: the other paths are imported.
      const code = (e as NodeJS.ErrnoException).code;
      const missing = code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP";
      result.unreadable.push({ path: fromBytes(abs), reason: missing ? "no such file or folder" : `cannot read it: ${errnoText(e)}`, ...(missing ? { missing } : {}) });
      continue;
    }
    if (!st.isDirectory()) add(abs); // named on the command line: always tried
    else if (!visited.has(dirId(st))) {
      const before = taken;
      await walkDir(abs, st, new Set());
      if (taken === before && !result.unreadable.some((u) => keyOf(u.path) === keyOf(fromBytes(abs)))) result.empty.push(fromBytes(abs));
    }
  }
  result.files = [...found.values()].sort((a, b) => Buffer.compare(bytesOf(a), bytesOf(b)));
  return result;
}
