/**
 * Text hygiene shared by every parser: what a cell or a line looks like once the
 * format's noise is gone. Spelling is kept as printed; only noise is removed.
 */

/** Latin-1 characters that UTF-8 bytes turn into when decoded the wrong way. */
const MOJIBAKE = /[ÃÂâ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc ]/;

/** Undo UTF-8 read as Windows-1252/Latin-1 ("TempestivitÃ " -> "Tempestività"), when it round-trips. */
export function fixMojibake(s: string): string {
  if (!MOJIBAKE.test(s)) return s;
  const cp1252: Record<string, number> = {
    "€": 0x80, "‚": 0x82, "ƒ": 0x83, "„": 0x84, "…": 0x85, "†": 0x86, "‡": 0x87, "ˆ": 0x88, "‰": 0x89,
    "Š": 0x8a, "‹": 0x8b, "Œ": 0x8c, "Ž": 0x8e, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95,
    "–": 0x96, "—": 0x97, "˜": 0x98, "™": 0x99, "š": 0x9a, "›": 0x9b, "œ": 0x9c, "ž": 0x9e, "Ÿ": 0x9f,
  };
  // Work on runs so that correctly encoded characters elsewhere in the string survive.
  // A lead byte decides the sequence's length: C2-C5 two bytes, E2 three bytes.
  const cont = "[\\u0080-\\u00bf\\u0152-\\u0178\\u02c6\\u02dc\\u2013-\\u2122 ]";
  const runs = new RegExp(`[ÂÃÄÅ]${cont}|â${cont}{2}`, "g");
  return s.replace(runs, (run) => {
    const bytes: number[] = [];
    for (const ch of run) {
      const code = ch.codePointAt(0)!;
      if (code <= 0xff) bytes.push(code);
      else if (cp1252[ch] !== undefined) bytes.push(cp1252[ch]);
      else return run;
    }
    // "Ã " is "à" whose second byte 0xA0 became a plain space on the way.
    if (bytes.length === 2 && bytes[1] === 0x20) bytes[1] = 0xa0;
    try {
      const decoded = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
      return decoded.length === 1 ? decoded : run;
    } catch {
      return run;
    }
  });
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Remove HTML remnants of exports: tags go, entities are decoded, an anchor keeps its text. */
export function stripHtml(s: string): string {
  if (!/[<&]/.test(s)) return s;
  return s
    // An anchor whose text is its own address without the scheme keeps the full address.
    .replace(/<a\b[^>]*\bhref\s*=\s*["']([^"']+)["'][^>]*>([^<]*)<\/a>/gi, (m, href: string, label: string) =>
      href.replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, "") === label.trim().replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, "") ? href : label,
    )
    .replace(/<\/?(?:a|b|i|u|em|strong|span|font|p|div|br)\b[^>]*>/gi, " ")
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

/**
 * Characters that are never data: private-use glyphs (Wingdings bullets U+F0xx), soft
 * hyphens, zero-width marks, the replacement character.
 */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff\ufffd\ue000-\uf8ff]/g;
const LIGATURES: Record<string, string> = { "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st" };

/** Fold whitespace (a cell's line breaks become spaces) and drop invisible glyphs. */
export function foldSpace(s: string): string {
  return s
    .replace(INVISIBLE, "")
    .replace(/[ﬀ-ﬆ]/g, (c) => LIGATURES[c] ?? c)
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
}

/** Undo markdown escapes found in exports: `(\*)` -> `(*)`. */
export function unescapeMarkdown(s: string): string {
  return s.replace(/\\([*_&#[\]()])/g, "$1");
}

/** The full cleaning of a cell's text; null where nothing is left. */
export function cleanCell(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const out = foldSpace(unescapeMarkdown(stripHtml(fixMojibake(String(s)))));
  return out === "" ? null : out;
}

/**
 * The cleaning of text from a structured source (Word, OpenDocument, a parsed web page):
 * whitespace folded and encoding accidents undone, with no export remnants to strip;
 * null where nothing is left.
 */
export function cleanText(s: string): string | null {
  const out = foldSpace(fixMojibake(s));
  return out === "" ? null : out;
}

/** labelKey's results: parsers fold the same template labels and lines over and over. */
const keyCache = new Map<string, string>();

/** Lower case, no accents, apostrophe-accents folded, punctuation to spaces: for matching labels. */
export function labelKey(s: string): string {
  const cached = keyCache.get(s);
  if (cached !== undefined) return cached;
  const key = foldLabel(s);
  if (s.length <= 400) {
    if (keyCache.size > 20_000) keyCache.clear();
    keyCache.set(s, key);
  }
  return key;
}

function foldLabel(s: string): string {
  return fixMojibake(s)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[’'`´]/g, "'")
    .replace(/([a-z])'(?=\s|$|[^a-z])/g, "$1") // TEMPESTIVITA' -> tempestivita
    .replace(/\(\s*[*&§°]+\s*\)|\\\*/g, " ") // (*) and (&) markers
    .replace(/[^a-z0-9']+/g, " ")
    .trim();
}

/** True when a cell reads as a template's footnote rather than data. */
export function isFootnote(s: string): boolean {
  return /^\s*(?:\(\s*[*&]\s*\)|\\?\(\\?\*\\?\))\s*[-–:]?\s*\S/.test(s) || /^\s*\(&\)/.test(s);
}

const INCOMPLETE_WORDS = new Set(
  "di del della delle dei degli dello dell a al alla alle ai agli allo da dal dalla dalle dai dagli in nel nella nelle nei negli con su sul sulla sulle sui per tra fra e ed o od il lo la i gli le un una uno che cui come non se anche".split(" "),
);

/** True when a line stops mid-phrase (an article, a preposition, a comma, a slash). */
export function endsIncomplete(s: string): boolean {
  const t = s.trim();
  if (/[,(/\-–:]$/.test(t)) return true;
  // an elision ("dell'", "un'") ends open; an accent typed as an apostrophe after a vowel ("QUALITA'") ends its word
  if (/['’]$/.test(t) && !/[aeiouAEIOU]['’]$/.test(t)) return true;
  const words = t.split(/\s+/);
  const last = words[words.length - 1] ?? "";
  // a capital letter after a word in lower case names something ("classe A"), it is no preposition
  if (/^\p{Lu}$/u.test(last) && words.length > 1 && /\p{Ll}/u.test(words[words.length - 2])) return false;
  return INCOMPLETE_WORDS.has(last.toLowerCase());
}
