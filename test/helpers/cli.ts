/** The real CLI as a child process (bin/charters.js on the build in dist/), for the operations tests. */
import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { join } from "node:path";
import { runNode } from "../../scripts/lib/child.js";

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

/**
 * Run the CLI under a watchdog (scripts/lib/child.ts): its memory's high-water mark sampled
 * from /proc every 50 ms (and its own maxRSS, which it reports at exit), the child killed
 * past `maxMb` or `timeoutMs`, so that a regression fails the test instead of hanging CI or
 * taking the machine.
 */
export async function cliWatched(args: string[], opts: { maxMb: number; timeoutMs: number }): Promise<WatchedResult> {
  const r = await runNode([BIN, ...args], { watchdog: { maxRss: opts.maxMb * 1024 * 1024, timeoutMs: opts.timeoutMs } });
  return { ...result(r.code, null, r.stdout, r.stderr), peakMb: Math.round(r.peakRss / 1048576), seconds: r.wallS, killed: r.killed };
}
