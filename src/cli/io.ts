/** Where the CLI's commands write: the one type every command module shares with main.ts. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** A terminal to draw progress on, or null. */
  tty: NodeJS.WriteStream | null;
}

/** The process's own streams; progress is drawn on stderr when it is a terminal. */
export function processIo(): Io {
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    tty: process.stderr.isTTY ? process.stderr : null,
  };
}
