/**
 * npm run producers: measure each producer of a producers set (default fixtures/producers/dev)
 * and print its indicator F1 and service F1 beside its floor in fixtures/producers/floors.json.
 * With --write (dev set only), raise the floors to what is measured (rounded down to two
 * decimals) and add producers that have none; a floor is never lowered here.
 *
 * usage: producers [SET_DIR] [--write]
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { asFloor } from "./lib/floors.js";
import { measureProducers, PRODUCER_FLOORS, PRODUCERS, readProducerFloors } from "./lib/producers.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { write: { type: "boolean", default: false } } });
const set = positionals[0] ?? `${PRODUCERS}/dev`;
const floors = readProducerFloors();
const got = await measureProducers(set);
let below = 0;
for (const [p, m] of [...got].sort(([a], [b]) => a.localeCompare(b))) {
  const fl = floors.producers[p];
  const under = fl && (m.f1 + 1e-9 < fl.f1 || m.service_f1 + 1e-9 < fl.service_f1 || m.read < fl.read);
  if (under) below++;
  console.log(`${p.padEnd(32)} F1 ${m.f1.toFixed(3)} svc ${m.service_f1.toFixed(3)}  read ${m.read}/${m.files}${fl ? `   floor ${fl.f1.toFixed(2)} / ${fl.service_f1.toFixed(2)}` : "   (no floor)"}${under ? "   BELOW" : ""}`);
  if (values.write) floors.producers[p] = { f1: Math.max(fl?.f1 ?? 0, asFloor(m.f1)), service_f1: Math.max(fl?.service_f1 ?? 0, asFloor(m.service_f1)), read: Math.max(fl?.read ?? 0, m.read) };
}
if (values.write) {
  floors.producers = Object.fromEntries(Object.entries(floors.producers).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(PRODUCER_FLOORS, JSON.stringify(floors, null, 1) + "\n");
  console.log(`\nwrote ${PRODUCER_FLOORS}`);
}
if (below) process.exit(1);
