/**
 * The import as a library call: files and folders in, a database updated, a summary
 * out. The CLI is a thin layer over `importPaths`. Every file ends with a status; a file
 * that fails is recorded with its reason and the batch goes on.
 */
import { createHash } from "node:crypto";
import { readFile, readdir, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { Store, type FileMeta, type WriteResult } from "../db/store.js";
import { parseSource } from "../parsers/registry.js";

/** Extensions picked up when walking a folder; files named explicitly are always tried. */
export const CHARTER_EXTENSIONS = new Set([".xlsx", ".xlsm", ".xls", ".ods", ".pdf", ".txt", ".tsv", ".csv"]);

/** Files larger than this are refused without being read. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type FileOutcome = WriteResult | "failed";

export interface FileReport {
  path: string;
  outcome: FileOutcome;
  parser?: string;
  services?: number;
  indicators?: number;
  reason?: string;
}

export interface ImportSummary {
  files: number;
  new: number;
  updated: number;
  unchanged: number;
  failed: number;
  indicators: number;
  failures: { path: string; reason: string }[];
  seconds: number;
}

export interface ImportOptions {
  db: string;
  /** Walk folders for every file, not only the charter extensions. */
  allFiles?: boolean;
  onFile?: (report: FileReport, done: number, total: number) => void;
}

/** Expand files and folders (recursively) to a sorted list of absolute file paths. */
export async function collectFiles(paths: string[], allFiles = false): Promise<string[]> {
  const out = new Set<string>();
  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      st = await stat(abs);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    if (st.isDirectory()) {
      const entries = await readdir(abs, { recursive: true, withFileTypes: true });
      for (const e of entries) {
        if (!e.isFile()) continue;
        const full = join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
        if (e.name.startsWith(".")) continue;
        if (allFiles || CHARTER_EXTENSIONS.has(extname(e.name).toLowerCase())) out.add(full);
      }
    } else {
      out.add(abs);
    }
  }
  return [...out].sort();
}

/** A mistake in how the import was asked for (exit code 2), not in a file. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Import one file into an open store; never throws for a bad file. */
export async function importFile(store: Store, path: string): Promise<FileReport> {
  let meta: FileMeta | undefined;
  try {
    const st = await stat(path);
    if (st.size > MAX_FILE_BYTES) {
      meta = { path, sha256: `size:${st.size}:${st.mtimeMs}`, size: st.size, mtimeMs: st.mtimeMs };
      throw new Error(`refused: ${Math.round(st.size / 1048576)} MiB is over the ${MAX_FILE_BYTES / 1048576} MiB limit for one charter`);
    }
    const known = store.known(path);
    if (known && known.size === st.size && known.mtime_ms === Math.trunc(st.mtimeMs) && known.status !== "failure") {
      return { path, outcome: "unchanged" };
    }
    const bytes = await readFile(path);
    meta = { path, sha256: sha256(bytes), size: st.size, mtimeMs: st.mtimeMs };
    if (known && known.sha256 === meta.sha256 && known.status !== "failure") {
      store.touch(known.id, st.mtimeMs);
      return { path, outcome: "unchanged" };
    }
    if (bytes.length === 0) throw new Error("empty file");
    const { document, parser } = await parseSource({ path, bytes });
    const outcome = store.writeDocument(meta, parser.format, parser, document);
    return {
      path,
      outcome,
      parser: parser.name,
      services: document.services.length,
      indicators: document.services.reduce((n, s) => n + s.indicators.length, 0),
    };
  } catch (e) {
    const reason = (e as Error)?.message ?? String(e);
    if (!meta) {
      const st = await stat(path).catch(() => null);
      meta = { path, sha256: `unreadable:${st?.size ?? 0}:${st?.mtimeMs ?? 0}`, size: st?.size ?? 0, mtimeMs: st?.mtimeMs ?? 0 };
    }
    store.writeFailure(meta, reason);
    return { path, outcome: "failed", reason };
  }
}

/** Import files and folders into the database at `opts.db`. */
export async function importPaths(paths: string[], opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const files = await collectFiles(paths, opts.allFiles);
  const store = new Store(opts.db);
  const summary: ImportSummary = { files: files.length, new: 0, updated: 0, unchanged: 0, failed: 0, indicators: 0, failures: [], seconds: 0 };
  try {
    let done = 0;
    for (const f of files) {
      const r = await importFile(store, f);
      done++;
      summary[r.outcome === "failed" ? "failed" : r.outcome]++;
      summary.indicators += r.indicators ?? 0;
      if (r.outcome === "failed") summary.failures.push({ path: f, reason: r.reason ?? "unknown" });
      opts.onFile?.(r, done, files.length);
    }
  } finally {
    store.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
