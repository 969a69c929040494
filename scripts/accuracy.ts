/**
 * npm run accuracy: import the bundled fixtures (unchanged files are skipped) and print
 * cell-level precision, recall and F1 per file and per format against their gold.json,
 * the same figures as the shared scorer (eval/score.py) gives for the same database.
 *
 * usage: accuracy [--db FILE] [--corpus DIR] [--no-import] [--verbose] [--min-f1 X]
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatReport, scoreDatabase } from "../src/eval/score.js";
import { importPaths } from "../src/pipeline/import.js";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "output/charters.sqlite" },
    corpus: { type: "string", default: "fixtures/corpus" },
    "no-import": { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    "min-f1": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log("usage: npm run accuracy -- [--db FILE] [--corpus DIR] [--no-import] [--verbose] [--min-f1 X]\n\nImports the corpus into the database (skipping unchanged files), then scores v_services and v_indicators against every gold.json.");
  process.exit(0);
}
if (!existsSync(values.corpus)) {
  console.error(`accuracy: no corpus at ${values.corpus}`);
  process.exit(2);
}
if (!values["no-import"]) {
  const s = await importPaths([values.corpus], { db: values.db });
  console.log(`imported ${values.corpus} into ${values.db}: ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.failed} failed\n`);
}
const report = scoreDatabase(values.db, values.corpus);
console.log(formatReport(report, values.verbose));
const [, , f1] = report.indicators.prf();
if (values["min-f1"] !== undefined && f1 < Number(values["min-f1"])) process.exit(1);
