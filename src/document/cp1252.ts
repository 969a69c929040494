/**
 * Windows-1252 decoded as the WHATWG Encoding Standard says: Latin-1 with 0x80-0x9F mapped
 * to the typographic characters (euro sign, curly quotes, dashes...). Node's own
 * TextDecoder("windows-1252") decodes those 32 bytes as C1 control characters in the
 * releases this project runs on (nodejs/node#56542, #60888): an Italian apostrophe "’"
 * (0x92) would come out as U+0092.
 */

const HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

export function decodeCp1252(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? HIGH.charCodeAt(b - 0x80) : b)));
  }
  return out;
}
