/**
 * Progress on a terminal: one line redrawn in place (files done of total, rate, ETA,
 * failures so far), on stderr so that stdout stays for the summary.
 */
export class ProgressBar {
  private started = performance.now();
  private last = 0;
  private total = 0;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(total: number): void {
    this.total = total;
    this.started = performance.now();
  }

  update(done: number, failed: number, force = false): void {
    const now = performance.now();
    if (!force && now - this.last < 100 && done < this.total) return;
    this.last = now;
    const secs = (now - this.started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 ? (this.total - done) / rate : 0;
    const width = 24;
    const filled = this.total ? Math.round((done / this.total) * width) : width;
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    const line = `[${bar}] ${done}/${this.total} files  ${rate.toFixed(1)} files/s  ETA ${formatDuration(eta)}  failed ${failed}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns || 100) - 1)}\x1b[K`);
  }

  /** Print a line above the bar (a failure) without breaking it. */
  note(text: string): void {
    this.stream.write(`\r\x1b[K${text}\n`);
  }

  end(): void {
    this.stream.write("\r\x1b[K");
  }
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return "?";
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
