/**
 * Route a file to the parser that claims its bytes, by content, not by extension:
 * parsers are tried by priority among those whose `accepts()` says yes, and a failure
 * names every parser tried and why it gave up.
 */
import type { CharterDocument } from "../model/schema.js";
import { csvParser } from "./csv.js";
import { docParser } from "./doc.js";
import { docxParser } from "./docx.js";
import { htmlParser } from "./html.js";
import { odtParser } from "./odt.js";
import { odsParser, xlsParser } from "./sheetjs.js";
import { signedParser } from "./p7m.js";
import { pdfParser } from "./pdf.js";
import { rtfParser } from "./rtf.js";
import { scrapedParser } from "./scraped.js";
import { tsvParser } from "./tsv.js";
import { ParseError, type Parser, type SourceFile } from "./types.js";
import { xlsxParser } from "./xlsx.js";

const registered: Parser[] = [xlsxParser, docxParser, odtParser, xlsParser, odsParser, htmlParser, tsvParser, csvParser, pdfParser, scrapedParser, docParser, rtfParser, signedParser((f) => parseSource(f))];

/** Add a parser at run time (tests, plug-ins). */
export function registerParser(p: Parser): void {
  if (!registered.some((r) => r.name === p.name)) registered.push(p);
}

export function parsers(): readonly Parser[] {
  return [...registered].sort((a, b) => a.priority - b.priority);
}

export interface ParseOutcome {
  document: CharterDocument;
  parser: Parser;
}

/** Why nothing could read a file; `tried` lists each parser's own reason. */
export class UnsupportedFileError extends Error {
  constructor(message: string, readonly tried: { parser: string; reason: string }[]) {
    super(message);
    this.name = "UnsupportedFileError";
  }
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
 * Parse a file with the first parser that accepts it and succeeds. The sniffs run in the
 * parsers' order as they are needed: once one parser has read the file, the later ones
 * are not asked (a text sniff over a PDF's bytes is not free).
 */
export async function parseSource(file: SourceFile): Promise<ParseOutcome> {
  const tried: { parser: string; reason: string }[] = [];
  let accepted = 0;
  for (const p of parsers()) {
    if (!claims(p, file)) continue;
    accepted++;
    if (p.maxBytes !== undefined && file.bytes.length > p.maxBytes) {
      tried.push({ parser: p.name, reason: `${mib(file.bytes.length)} is too large for a ${p.format} charter (at most ${mib(p.maxBytes)})` });
      continue;
    }
    try {
      return { document: await p.parse(file), parser: p };
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
