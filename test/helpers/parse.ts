import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSource } from "../../src/parsers/registry.js";
import { CORPUS } from "./gold.js";

export async function parseFixture(rel: string) {
  const path = join(CORPUS, rel);
  return parseSource({ path, bytes: readFileSync(path) });
}
