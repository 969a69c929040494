/** Readings for tests that start from text rather than from a file's bytes. */
import type { CharterDocument } from "../../src/model/schema.js";
import { MANIFEST } from "../../src/parsers/manifest.js";
import { scrapedSource } from "../../src/parsers/scraped.js";
import { documentOf, sourceBase } from "../../src/read/charter.js";

/** Scraped text as the scraped parser reads a file holding it, up to the assembled document. */
export function parseScraped(text: string, file: string): CharterDocument {
  const base = sourceBase(MANIFEST.find((e) => e.name === "scraped")!, { path: file, bytes: Buffer.alloc(0) });
  return documentOf(scrapedSource(text, base), base);
}
