/**
 * Child processes for the benchmarks: the real CLI's import, or any command, timed by
 * wall clock and by CPU time, optionally pinned to one core with `taskset`.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ImportSummary } from "../../src/pipeline/import.js";

/** The repository root: the nearest folder above this script with a package.json. */
function repoRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, "package.json"))) {
    const up = dirname(d);
    if (up === d) throw new Error("bench: cannot find the repository root");
    d = up;
  }
  return d;
}
export const ROOT = repoRoot();
export const CLI = join(ROOT, "bin", "charters.js");

/** The full path of a program on PATH, or null. */
export function which(program: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const p = join(dir, program);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

/** `taskset -c CORE` where taskset exists (util-linux), else nothing: what pins a child to one core. */
export function pinning(core: number | undefined): string[] {
  if (core === undefined) return [];
  const taskset = which("taskset");
  return taskset ? [taskset, "-c", String(core)] : [];
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Busy CPU seconds of the whole machine so far (/proc/stat), or NaN where there is none. */
export function machineBusyS(): number {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: everything but idle and iowait
    return (f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0)) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds of this process's finished children and all they waited for (cutime +
 * cstime of /proc/self/stat), or NaN where there is none: a child's CPU time is the
 * difference across its run, whatever it is (node, xargs and its pdftotext processes).
 */
export function childrenCpuS(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields after the command: state(3) ... cutime(16) cstime(17), counted from 3
    return (Number(f[13]) + Number(f[14])) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}

/** VmHWM (peak RSS so far) of a live process, in bytes, or 0 where /proc is not there. */
function vmHwm(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  wallS: number;
  /** CPU seconds of the child and its descendants (NaN where unknown). */
  cpuS: number;
  /** Busy CPU seconds of everything else on the machine meanwhile (NaN where unknown). */
  otherCpuS: number;
  /** Peak resident set of the child (polled, and as it reports it when it does), bytes. */
  peakRss: number;
  /** Why the watchdog killed the child, if it did. */
  killed: "memory" | "time" | null;
}

/** Kill the child past this peak resident set (bytes) or this wall time (ms): a regression fails instead of hanging or taking the machine. */
export interface Watchdog {
  maxRss: number;
  timeoutMs: number;
}

/** Run a command to its end, pinned to `core` where taskset exists. */
export function runCommand(cmd: string, args: string[], { pin, input, watchdog }: { pin?: number; input?: string; watchdog?: Watchdog } = {}): Promise<CommandResult> {
  const prefix = pinning(pin);
  const [file, ...rest] = prefix.length ? [...prefix, cmd, ...args] : [cmd, ...args];
  return new Promise((resolvePromise, reject) => {
    const busy0 = machineBusyS();
    const cpu0 = childrenCpuS();
    const t0 = performance.now();
    const child = spawn(file, rest, { cwd: ROOT, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    const { stdout, stderr } = child as unknown as { stdout: NodeJS.ReadableStream; stderr: NodeJS.ReadableStream };
    if (input !== undefined) child.stdin!.end(input);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on("data", (b: Buffer) => out.push(b));
    stderr.on("data", (b: Buffer) => err.push(b));
    let peakRss = 0;
    let killed: CommandResult["killed"] = null;
    const kill = (why: "memory" | "time") => {
      killed ??= why;
      child.kill("SIGKILL");
    };
    const poll = setInterval(() => {
      if (child.pid) peakRss = Math.max(peakRss, vmHwm(child.pid));
      if (watchdog && peakRss > watchdog.maxRss) kill("memory");
    }, 50);
    const timer = watchdog ? setTimeout(() => kill("time"), watchdog.timeoutMs) : undefined;
    child.on("error", (e) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      const wallS = (performance.now() - t0) / 1000;
      const cpuS = childrenCpuS() - cpu0;
      resolvePromise({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        wallS,
        cpuS,
        otherCpuS: Math.max(0, machineBusyS() - busy0 - cpuS),
        peakRss,
        killed,
      });
    });
  });
}

/** One `file` line of the CLI's JSON log. */
export interface FileEvent {
  event: "file";
  path: string;
  outcome: string;
  parser?: string;
  services?: number;
  indicators?: number;
  pages?: number;
  reason?: string;
}

export interface ImportRun extends CommandResult {
  /** The CLI's JSON summary line (`--log-format json`): the library's summary. */
  summary: ImportSummary;
  events: FileEvent[];
}

/**
 * Preloaded into a node child: at exit it reports its own peak RSS (worker threads
 * included), as `MARK<maxRSS kB>` on stderr (the poll can miss a short peak).
 */
const MARK = "__charters_bench_rss=";
const PRELOAD = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n${MARK}'+process.resourceUsage().maxRSS+'\\n'))`;

/** A node script as a child (pinned where asked), with its own peak RSS. */
export async function runNode(args: string[], opts: { pin?: number; input?: string; watchdog?: Watchdog } = {}): Promise<CommandResult> {
  const r = await runCommand(process.execPath, ["--import", PRELOAD, ...args], opts);
  const mark = r.stderr.lastIndexOf(MARK);
  if (mark >= 0) {
    r.peakRss = Math.max(r.peakRss, Number.parseInt(r.stderr.slice(mark + MARK.length), 10) * 1024 || 0);
    r.stderr = r.stderr.slice(0, mark).trimEnd();
  }
  return r;
}

/** `charters import DIR --db DB --log-format json ...extra` as a child process. */
export async function runImport(dir: string, db: string, extra: string[] = [], { pin, watchdog }: { pin?: number; watchdog?: Watchdog } = {}): Promise<ImportRun> {
  const r = await runNode([CLI, "import", dir, "--db", db, "--log-format", "json", ...extra], { pin, watchdog });
  let summary: ImportSummary | undefined;
  const events: FileEvent[] = [];
  for (const l of r.stdout.split("\n")) {
    if (!l.trim()) continue;
    try {
      const o = JSON.parse(l) as { event?: string };
      if (o.event === "summary") summary = o as unknown as ImportSummary;
      else if (o.event === "file") events.push(o as FileEvent);
    } catch {
      /* not a JSON line */
    }
  }
  if (!summary) throw new Error(`the import printed no summary (exit code ${r.code})${r.stderr.trim() ? `:\n${r.stderr.trim().slice(-2000)}` : ""}`);
  return { ...r, summary, events };
}
