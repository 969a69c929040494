/**
 * Headless Chromium driven over the DevTools protocol through a pipe
 * (--remote-debugging-pipe: JSON messages ended by NUL on file descriptors 3 and 4), so no
 * browser download and no npm package are needed: Debian's /usr/bin/chromium is enough.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/**
 * Why the browser test cannot run here, or null when it runs. On a machine without
 * Chromium (a newcomer's clean Node install) it is skipped, saying how to run it; under CI
 * (the CI variable set, as .ci/run does) it always runs, and fails where Chromium is missing.
 */
export function chromiumMissing(): string | null {
  if (process.env.CI || existsSync(CHROMIUM)) return null;
  return `no Chromium at ${CHROMIUM}: the report's browser test is skipped; run it with CHROMIUM=/path/to/chromium npm test, or apt-get install chromium (under CI=1 it runs, and fails without Chromium)`;
}

/** The flags every run uses: no network of the browser's own, a fresh profile. */
export const LAUNCH_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--hide-scrollbars",
  "--force-device-scale-factor=1",
];

type Params = Record<string, unknown>;
interface Message {
  id?: number;
  method?: string;
  params?: Params;
  result?: Params;
  error?: { message: string };
  sessionId?: string;
}

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Params) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: Message) => void)[] = [];
  private buffer = "";
  readonly stderr: string[] = [];

  private constructor(
    private readonly proc: ChildProcess,
    private readonly profile: string,
  ) {
    const input = proc.stdio[4] as Readable;
    input.setEncoding("utf8");
    input.on("data", (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf("\0")) >= 0) {
        const m = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        if (m.id !== undefined && this.pending.has(m.id)) {
          const p = this.pending.get(m.id)!;
          this.pending.delete(m.id);
          if (m.error) p.reject(new Error(m.error.message));
          else p.resolve(m.result ?? {});
        } else this.listeners.forEach((l) => l(m));
      }
    });
    proc.stderr?.on("data", (b: Buffer) => this.stderr.push(b.toString()));
  }

  static async launch(): Promise<Browser> {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium; .ci/run does it) or set CHROMIUM`);
    const profile = mkdtempSync(join(tmpdir(), "charters-chromium-"));
    const proc = spawn(CHROMIUM, [...LAUNCH_FLAGS, `--user-data-dir=${profile}`, "--remote-debugging-pipe", "about:blank"], {
      stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
    });
    const b = new Browser(proc, profile);
    await new Promise<void>((resolve, reject) => {
      proc.once("error", reject);
      proc.once("spawn", () => resolve());
    });
    await b.send("Browser.getVersion");
    return b;
  }

  send(method: string, params: Params = {}, sessionId?: string): Promise<Params> {
    const id = this.nextId++;
    const msg = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.proc.stdio[3] as Writable).write(msg + "\0");
    });
  }

  on(listener: (m: Message) => void): void {
    this.listeners.push(listener);
  }

  /** Wait for an event of a session. */
  waitFor(method: string, sessionId: string, timeoutMs = 30_000): Promise<Params> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      this.on((m) => {
        if (m.method === method && m.sessionId === sessionId) {
          clearTimeout(timer);
          resolve(m.params ?? {});
        }
      });
    });
  }

  /** A new page (tab) with its own session. */
  async newPage(): Promise<Page> {
    const { targetId } = (await this.send("Target.createTarget", { url: "about:blank" })) as { targetId: string };
    const { sessionId } = (await this.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    return new Page(this, sessionId);
  }

  /** Close the browser, wait for its process to end (it writes its profile until then), remove the profile. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) resolve();
      else this.proc.once("exit", () => resolve());
    });
    this.send("Browser.close").catch(() => undefined); // the pipe closes as the browser exits
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

export class Page {
  /** Console errors, uncaught exceptions and error log entries, as text. */
  readonly errors: string[] = [];
  /** Every URL the page asked for. */
  readonly requests: string[] = [];

  constructor(
    private readonly browser: Browser,
    readonly sessionId: string,
  ) {
    browser.on((m) => {
      if (m.sessionId !== sessionId || !m.params) return;
      const p = m.params as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (m.method === "Runtime.consoleAPICalled" && (p.type === "error" || p.type === "assert")) this.errors.push(`console.${p.type}: ${JSON.stringify(p.args)}`);
      if (m.method === "Runtime.exceptionThrown") this.errors.push(`exception: ${p.exceptionDetails?.exception?.description ?? p.exceptionDetails?.text}`);
      if (m.method === "Log.entryAdded" && p.entry?.level === "error") this.errors.push(`log: ${p.entry.text} ${p.entry.url ?? ""}`);
      if (m.method === "Network.requestWillBeSent") this.requests.push(p.request.url);
    });
  }

  send(method: string, params: Params = {}): Promise<Params> {
    return this.browser.send(method, params, this.sessionId);
  }

  async open(url: string, width = 1280, height = 900): Promise<void> {
    for (const d of ["Runtime", "Log", "Network", "Page"]) await this.send(`${d}.enable`);
    await this.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });
    const loaded = this.browser.waitFor("Page.loadEventFired", this.sessionId);
    const nav = (await this.send("Page.navigate", { url })) as { errorText?: string };
    if (nav.errorText) throw new Error(`cannot open ${url}: ${nav.errorText}`);
    await loaded;
  }

  /** Evaluate an expression in the page and return its value (JSON-serialisable). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** A PNG of the page: the whole page, or its top `maxHeight` pixels. */
  async screenshot(maxHeight?: number): Promise<Buffer> {
    const m = (await this.send("Page.getLayoutMetrics")) as { cssContentSize: { width: number; height: number } };
    const height = Math.ceil(maxHeight ? Math.min(maxHeight, m.cssContentSize.height) : m.cssContentSize.height);
    const width = Math.ceil(m.cssContentSize.width);
    const r = (await this.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true, clip: { x: 0, y: 0, width, height, scale: 1 } })) as { data: string };
    return Buffer.from(r.data, "base64");
  }
}
