/** The real CLI as a child process (bin/charters.js on the build in dist/), for the operations tests. */
import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const BIN = join(import.meta.dirname, "..", "..", "bin", "charters.js");

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout's JSON lines (when --log-format json). */
  lines: Record<string, unknown>[];
  summary: Record<string, unknown> & { failures: { path: string; reason: string; known: boolean; folder?: boolean }[] };
}

function parseLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function result(status: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string): CliResult {
  const lines = parseLines(stdout);
  return { status, signal, stdout, stderr, lines, summary: lines.find((l) => l.event === "summary") as CliResult["summary"] };
}

/** Run the CLI to its end. */
export function cli(args: string[], opts: { timeout?: number; command?: string[] } = {}): CliResult {
  const [cmd, ...pre] = opts.command ?? [process.execPath];
  const r = spawnSync(cmd, [...pre, ...(opts.command ? [process.execPath] : []), BIN, ...args], { encoding: "utf8", timeout: opts.timeout ?? 240_000, maxBuffer: 64 * 1024 * 1024 });
  return result(r.status, r.signal, r.stdout ?? "", r.stderr ?? "");
}

/** A CLI run in the background: its JSON lines as they come, and its end. */
export function cliChild(args: string[], opts: SpawnOptions = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], ...opts });
  let stdout = "";
  let stderr = "";
  const watchers: { test: (lines: Record<string, unknown>[]) => boolean; resolve: () => void }[] = [];
  child.stdout!.on("data", (d: Buffer) => {
    stdout += d.toString();
    const lines = parseLines(stdout.slice(0, stdout.lastIndexOf("\n") + 1));
    for (const w of watchers.splice(0)) (w.test(lines) ? w.resolve() : watchers.push(w));
  });
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const ended = new Promise<CliResult>((resolve) => child.on("close", (code, signal) => resolve(result(code, signal, stdout, stderr))));
  return {
    child,
    ended,
    stderr: () => stderr,
    /** Resolves once stdout's lines pass the test (or the child ends). */
    until: (test: (lines: Record<string, unknown>[]) => boolean) =>
      Promise.race([new Promise<void>((resolve) => watchers.push({ test, resolve })), ended.then(() => undefined)]),
  };
}

/** How many `file` events the lines hold. */
export const filesSeen = (lines: Record<string, unknown>[]) => lines.filter((l) => l.event === "file").length;

export interface WatchedResult extends CliResult {
  /** The child's peak resident memory in MiB (VmHWM: the kernel's high-water mark, worker threads included). */
  peakMb: number;
  seconds: number;
  /** Why the watchdog killed it ("memory", "time"), or null. */
  killed: "memory" | "time" | null;
}

/** VmHWM of a process in KiB (0 where /proc cannot say). */
function peakKb(pid: number): number {
  try {
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Run the CLI under a watchdog: its memory's high-water mark sampled from /proc every 50 ms,
 * and the child killed past `maxMb` or `timeoutMs`, so that a regression fails the test
 * instead of hanging CI or taking the machine.
 */
export function cliWatched(args: string[], opts: { maxMb: number; timeoutMs: number; cwd?: string }): Promise<WatchedResult> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], cwd: opts.cwd });
  let stdout = "";
  let stderr = "";
  let peak = 0;
  let killed: WatchedResult["killed"] = null;
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const stop = (why: "memory" | "time") => {
    killed ??= why;
    child.kill("SIGKILL");
  };
  const sampler = setInterval(() => {
    peak = Math.max(peak, peakKb(child.pid!));
    if (peak > opts.maxMb * 1024) stop("memory");
  }, 50);
  const timer = setTimeout(() => stop("time"), opts.timeoutMs);
  return new Promise((resolve) =>
    child.on("close", (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timer);
      resolve({ ...result(code, signal, stdout, stderr), peakMb: Math.round(peak / 1024), seconds: (performance.now() - started) / 1000, killed });
    }),
  );
}
