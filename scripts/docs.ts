/**
 * npm run docs: write the generated parts of docs/ (the views' columns and the codes, the
 * checks, the command reference) from the code, between their markers; the rest of each
 * page is left as it is. With --check, write nothing and exit 1 when a part is out of date
 * (test/docs.test.ts does the same check).
 *
 * usage: docs [--check]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, regenerate } from "./lib/docs.js";

const { values } = parseArgs({ options: { check: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } } });
if (values.help) {
  console.log("usage: npm run docs -- [--check]\n\nWrites the generated parts of docs/ (between <!-- generated:NAME --> markers) from the code; --check only says which are out of date (exit 1).");
  process.exit(0);
}
let stale = 0;
for (const [file, { before, after }] of regenerate()) {
  if (before === after) {
    console.log(`${file}: up to date`);
    continue;
  }
  stale++;
  if (values.check) console.log(`${file}: out of date (npm run docs writes it)`);
  else {
    writeFileSync(join(ROOT, file), after);
    console.log(`${file}: written`);
  }
}
if (values.check && stale > 0) process.exit(1);
