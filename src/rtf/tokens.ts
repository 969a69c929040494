/**
 * RTF's tokens (RTF 1.9.1 specification, "Conventions of an RTF Reader"): groups, control
 * words with their optional signed parameter (the space that ends one is eaten), control
 * symbols, \'hh bytes and runs of text bytes (line ends are not text). \binN's N raw
 * bytes are passed over. The bytes are read as they are: text is decoded later, in the
 * code page in force where it stands.
 */

export type Token =
  | { type: "open" }
  | { type: "close" }
  | { type: "word"; name: string; param: number | null }
  | { type: "symbol"; ch: string }
  | { type: "byte"; value: number }
  | { type: "text"; bytes: Buffer };

const isLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const HEX = /^[0-9a-fA-F]{2}$/;

/** A control word or symbol at `i` (just past its backslash): the token and where the next one starts. */
function control(b: Buffer, i: number): { token: Token | null; next: number } {
  const c = b[i];
  if (c === undefined) return { token: null, next: i };
  if (!isLetter(c)) {
    if (c === 0x27) {
      const hex = b.toString("latin1", i + 1, i + 3);
      return HEX.test(hex) ? { token: { type: "byte", value: parseInt(hex, 16) }, next: i + 3 } : { token: null, next: i + 1 };
    }
    // a backslash before a line end is a paragraph mark
    if (c === 0x0a || c === 0x0d) return { token: { type: "word", name: "par", param: null }, next: i + 1 };
    return { token: { type: "symbol", ch: String.fromCharCode(c) }, next: i + 1 };
  }
  let j = i;
  while (j < b.length && j - i < 32 && isLetter(b[j])) j++;
  const name = b.toString("latin1", i, j);
  let k = j;
  if (b[k] === 0x2d && isDigit(b[k + 1])) k++;
  while (k < b.length && k - j < 11 && isDigit(b[k])) k++;
  const param = k > j ? Number(b.toString("latin1", j, k)) : null;
  if (b[k] === 0x20) k++;
  return { token: { type: "word", name, param }, next: k };
}

export function* tokens(b: Buffer): Generator<Token> {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c === 0x7b) {
      i++;
      yield { type: "open" };
    } else if (c === 0x7d) {
      i++;
      yield { type: "close" };
    } else if (c === 0x5c) {
      const { token, next } = control(b, i + 1);
      i = next;
      if (!token) continue;
      if (token.type === "word" && token.name === "bin" && token.param !== null && token.param > 0) {
        i += token.param;
        continue;
      }
      yield token;
    } else if (c === 0x0a || c === 0x0d) {
      i++;
    } else {
      let j = i;
      while (j < b.length && b[j] !== 0x7b && b[j] !== 0x7d && b[j] !== 0x5c && b[j] !== 0x0a && b[j] !== 0x0d) j++;
      yield { type: "text", bytes: b.subarray(i, j) };
      i = j;
    }
  }
}
