/**
 * Text from the data (labels, file names, failure reasons, anything read from a charter or a
 * folder) made safe to print on a terminal: a control character would be obeyed, not shown
 * (`ESC ] 0 ; ... BEL` retitles the window, `ESC [ 31 m` colours what follows, a carriage
 * return overwrites the line), so each is written as an escape, `\x1b`, `\u202e`. Line feeds
 * and tabs, which only lay text out, are kept. Every human-readable output goes through this;
 * JSON keeps the data exact.
 */

/** C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional overrides and isolates that reorder what is shown. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => {
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
};

export function terminalText(s: string): string {
  return s.replace(CONTROL, escape);
}
