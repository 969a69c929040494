/**
 * The parsers of this build as one string ("xlsx@1.0.0,xls@1.0.0,..."), stored with each
 * failure a parser gave: a failed file is parsed again when this string changes (a parser
 * was added or got a new version). Read from the manifest: no parser is loaded.
 */
import { parsers } from "../parsers/registry.js";

export function parsersId(): string {
  return parsers()
    .map((p) => `${p.name}@${p.version}`)
    .join(",");
}
