/**
 * What the main thread decides for a file before any parsing: unchanged (path + size + mtime,
 * or the same sha-256), a failure known from an earlier run that parsing again would only
 * repeat, a file that fails here (unreadable, empty, too large, not a regular file), the
 * content of another path (duplicate), or bytes to parse.
 */
import { createHash } from "node:crypto";
import { statSync, type Stats } from "node:fs";
import { stat } from "node:fs/promises";
import type { FileMeta, KnownFile, Store } from "../db/store.js";
import { MAX_FILE_BYTES } from "./limits.js";
import { fsPath, type SourcePath } from "./paths.js";
import { NOT_REGULAR, readUserFile, readUserFileSync, RefusedFile } from "./read-file.js";
import { errnoText } from "./walk.js";

export { MAX_FILE_BYTES };

/**
 * Files up to this size are read synchronously: a charter is tens of KB, and the promise
 * API's four round trips through the thread pool cost more than the read (docs/lab-notes.md).
 * Larger files are read asynchronously, so that the writer and the workers' replies are not
 * held up by them.
 */
const SYNC_READ_BYTES = 1024 * 1024;

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export type Triage =
  | { kind: "unchanged" }
  /** Failed before with this content; not parsed again. `touch`: its mtime moved, to record. */
  | { kind: "known-failure"; reason: string; touch?: { id: number; mtimeMs: number } }
  | { kind: "touch"; id: number; mtimeMs: number }
  | { kind: "fail"; meta: FileMeta; reason: string }
  | { kind: "duplicate"; meta: FileMeta; originalId: number }
  | { kind: "parse"; meta: FileMeta; bytes: Buffer };

export interface TriageRules {
  /** The parsers of this build (parsers-id.ts); null when every earlier failure is to be parsed again (--retry-failed). */
  parsers: string | null;
  /** --reread: every stored reading is replaced (all), or those of another parser version than this build's (outdated: its parser@version not in `current`). */
  reread?: { all: boolean; current: ReadonlySet<string> };
}

/** A stored reading this run replaces though the file is unchanged (--reread). */
function rereads(known: KnownFile, rules: TriageRules): boolean {
  if (!rules.reread || !isUnchanged(known) || known.status === "duplicate") return false;
  return rules.reread.all || !rules.reread.current.has(`${known.parser}@${known.parser_version}`);
}

/** A failure recorded for this path that parsing the same content again would only repeat. */
function settledFailure(known: KnownFile, rules: TriageRules): boolean {
  if (known.status !== "failure" || rules.parsers === null) return false;
  if (known.sha256.startsWith("unreadable:")) return false; // a read error: its cause (permissions) may be gone
  return known.parsers === null || known.parsers === rules.parsers;
}

/** Same size and mtime as the path's current document: taken as the same content (as rsync does). */
const sameStat = (known: KnownFile, st: { size: number; mtimeMs: number }) => known.size === st.size && known.mtime_ms === Math.trunc(st.mtimeMs);
const isUnchanged = (known: KnownFile) => known.status !== "failure" && !known.orphan;

/** A file for the full triage, with its stat when one was taken already. */
export interface ToTriage {
  path: SourcePath;
  st?: Stats;
}

/**
 * Nightly runs meet mostly files imported before. Settle those first, from path, size and
 * mtime alone (nothing read, no queue); the other files come back in their order, for the
 * full triage. The stats are synchronous: on a local disk a stat takes microseconds, far
 * less than a round trip through the thread pool; the loop yields every few hundred files.
 */
export async function settleKnown(
  store: Store,
  files: SourcePath[],
  rules: TriageRules,
  settled: (path: SourcePath, t: Triage) => void,
  stopped: () => boolean,
): Promise<ToTriage[]> {
  const rest: ToTriage[] = [];
  for (let i = 0; i < files.length && !stopped(); i++) {
    if (i % 256 === 255) await new Promise((r) => setImmediate(r));
    const path = files[i];
    let st: Stats | undefined;
    try {
      st = statSync(fsPath(path), { throwIfNoEntry: false });
    } catch {
      st = undefined; // unreadable: the full triage says why
    }
    const known = st?.isFile() ? store.known(path) : undefined;
    if (st && known && sameStat(known, st) && isUnchanged(known) && !rereads(known, rules)) settled(path, { kind: "unchanged" });
    else if (st && known && sameStat(known, st) && settledFailure(known, rules)) settled(path, { kind: "known-failure", reason: known.error ?? "failed" });
    else rest.push({ path, st });
  }
  return rest;
}

export async function triage(store: Store, { path, st: taken }: ToTriage, rules: TriageRules): Promise<Triage> {
  const unreadable = (size: number, mtimeMs: number, reason: string): Triage => ({
    kind: "fail",
    meta: { source: path, sha256: `unreadable:${size}:${Math.trunc(mtimeMs)}`, size, mtimeMs },
    reason,
  });
  let st;
  try {
    st = taken ?? (await stat(fsPath(path)));
  } catch (e) {
    return unreadable(0, 0, `cannot read the file: ${errnoText(e)}`);
  }
  if (!st.isFile()) return unreadable(0, st.mtimeMs, NOT_REGULAR);
  const known = store.known(path);
  const mtime = Math.trunc(st.mtimeMs);
  if (known && sameStat(known, st) && isUnchanged(known) && !rereads(known, rules)) return { kind: "unchanged" };
  if (known && sameStat(known, st) && settledFailure(known, rules)) return { kind: "known-failure", reason: known.error ?? "failed" };
  let bytes: Buffer;
  try {
    // Regular files only, none of /proc or /sys, at most MAX_FILE_BYTES actually read (read-file.ts).
    bytes = st.size <= SYNC_READ_BYTES ? readUserFileSync(fsPath(path), MAX_FILE_BYTES, st) : await readUserFile(fsPath(path), MAX_FILE_BYTES, st);
  } catch (e) {
    if (!(e instanceof RefusedFile)) throw e;
    if (e.kind !== "too-large") return unreadable(st.size, st.mtimeMs, e.message);
    return { kind: "fail", meta: { source: path, sha256: `size:${st.size}:${mtime}`, size: st.size, mtimeMs: st.mtimeMs }, reason: e.message };
  }
  const meta: FileMeta = { source: path, sha256: sha256(bytes), size: st.size, mtimeMs: st.mtimeMs };
  if (known && known.sha256 === meta.sha256) {
    if (rereads(known, rules)) return { kind: "parse", meta: { ...meta, reread: true }, bytes };
    // Same content, another mtime: record the mtime, so that the quick check hits next time.
    if (isUnchanged(known)) return { kind: "touch", id: known.id, mtimeMs: st.mtimeMs };
    if (settledFailure(known, rules)) return { kind: "known-failure", reason: known.error ?? "failed", touch: { id: known.id, mtimeMs: st.mtimeMs } };
  }
  if (bytes.length === 0) return { kind: "fail", meta, reason: "empty file" };
  const original = store.sameContent(meta.sha256, path);
  if (original !== undefined) return { kind: "duplicate", meta, originalId: original };
  return { kind: "parse", meta, bytes };
}
