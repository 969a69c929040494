/**
 * npm run floors: measure every scraped-text fixture (a fresh import, the scorer's
 * figures) and print each file's figures beside its floor in test/floors.json. With
 * --write, raise the floors to what is measured (rounded down to two decimals) and add
 * the files that have none; a floor is never lowered here, and the test refuses a
 * floors file whose history lowers one.
 *
 * usage: floors [--write]
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FLOORS_FILE, METRICS, asFloor, measure, readFloors, scrapedFixtures, type Figures } from "./lib/floors.js";

const { values } = parseArgs({ options: { write: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } } });
if (values.help) {
  console.log("usage: npm run floors -- [--write]\n\nMeasures every scraped-text fixture and compares it with its floor in test/floors.json; --write raises floors to the figures measured (never lowers one).");
  process.exit(0);
}
const floors = readFloors();
const files = scrapedFixtures();
const got = await measure(files);
let below = 0;
for (const f of files) {
  const m = got.get(f);
  const fl = floors.files[f];
  if (!m) continue;
  const under = fl ? METRICS.filter((k) => m[k] < fl[k]) : [];
  if (under.length) below++;
  console.log(`${f.padEnd(72)} F1 ${m.f1.toFixed(3)} P ${m.precision.toFixed(3)} R ${m.recall.toFixed(3)} svc ${m.service_f1.toFixed(3)}${fl ? `   floor F1 ${fl.f1.toFixed(2)}` : "   (no floor)"}${under.length ? `   BELOW: ${under.join(", ")}` : ""}`);
  if (values.write) {
    const next = Object.fromEntries(METRICS.map((k) => [k, Math.max(fl?.[k] ?? 0, asFloor(m[k]))])) as Figures;
    floors.files[f] = next;
  }
}
if (values.write) {
  floors.files = Object.fromEntries(Object.entries(floors.files).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(FLOORS_FILE, JSON.stringify(floors, null, 1) + "\n");
  console.log(`\nwrote ${FLOORS_FILE}: ${Object.keys(floors.files).length} floors`);
}
if (below) process.exit(1);
