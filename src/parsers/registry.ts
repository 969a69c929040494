/**
 * Route a file to the parser that claims its bytes, by content, not by extension:
 * parsers are tried by priority among those whose `accepts()` says yes, and a failure
 * names every parser tried and why it gave up (src/read/charter.ts reads through it).
 * The parsers are the manifest's (manifest.ts); each module is loaded when first needed.
 */
import { ParseError, UnsupportedFileError } from "../model/errors.js";
import { inTriedOrder, MANIFEST, type ManifestEntry } from "./manifest.js";
import type { Parser, SourceFile } from "./types.js";

/** The parsers' manifest entries, in the order they are tried; nothing loaded. */
export function parsers(): readonly ManifestEntry[] {
  return inTriedOrder();
}

const loaded = new Map<string, Promise<Parser>>();

/** A parser's module loaded, with its manifest entry. */
export function loadParser(entry: ManifestEntry): Promise<Parser> {
  let p = loaded.get(entry.name);
  if (!p) {
    const { name, version, format, priority, reads } = entry;
    const maxBytes = "maxBytes" in entry ? entry.maxBytes : undefined;
    p = entry.load().then(({ accepts, parse }): Parser => ({ name, version, format, priority, reads, maxBytes, accepts, parse }));
    loaded.set(entry.name, p);
  }
  return p;
}

/** Every parser loaded, in the order they are tried. */
export function loadParsers(): Promise<Parser[]> {
  return Promise.all(parsers().map(loadParser));
}

/** The parser of that name, loaded. */
export function parserNamed(name: ManifestEntry["name"]): Promise<Parser> {
  return loadParser(MANIFEST.find((e) => e.name === name)!);
}

function describeContent(b: Buffer): string {
  if (b.length === 0) return "the file is empty";
  return "no parser recognises its content";
}

const mib = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(0)} MiB` : `${(n / 1024).toFixed(0)} KiB`);

/** Whether a parser claims the bytes (a sniff that throws does not). */
function claims(p: Parser, file: SourceFile): boolean {
  try {
    return p.accepts(file);
  } catch {
    return false;
  }
}

/**
 * The first parser that accepts the file and whose `attempt` (its reading of the file)
 * succeeds, with what the attempt gave. The sniffs run in the parsers' order as they are
 * needed: once one parser has read the file, the later ones are not asked (a text sniff
 * over a PDF's bytes is not free). An attempt's ParseError is that parser's reason; any
 * other error is an internal one.
 */
export async function routeSource<T>(file: SourceFile, attempt: (parser: Parser) => Promise<T>): Promise<{ value: T; parser: Parser }> {
  const tried: { parser: string; reason: string }[] = [];
  let accepted = 0;
  for (const entry of parsers()) {
    const p = await loadParser(entry);
    if (!claims(p, file)) continue;
    accepted++;
    if (p.maxBytes !== undefined && file.bytes.length > p.maxBytes) {
      tried.push({ parser: p.name, reason: `${mib(file.bytes.length)} is too large for a ${p.format} charter (at most ${mib(p.maxBytes)})` });
      continue;
    }
    try {
      return { value: await attempt(p), parser: p };
    } catch (e) {
      tried.push({ parser: p.name, reason: e instanceof ParseError ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}` });
    }
  }
  if (accepted === 0) {
    throw new UnsupportedFileError(
      `unsupported: ${describeContent(file.bytes)} (known formats: ${parsers().map((p) => p.format).join(", ")})`,
      [],
    );
  }
  const reasons = tried.map((t) => (tried.length > 1 ? `${t.parser}: ${t.reason}` : t.reason)).join("; ");
  throw new UnsupportedFileError(tried.length > 1 ? `no parser could read it (${reasons})` : `${tried[0].parser}: ${reasons}`, tried);
}
