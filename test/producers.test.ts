/**
 * Per-producer floors of the producers fixtures (fixtures/producers/floors.json): every
 * file of fixtures/producers/dev imported into one real database and scored, each producer
 * held to its floor (indicator F1, service F1, files read). A floor may only go up: the
 * floors file's git history never lowers or drops one.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { measureProducers, PRODUCERS, producerFiles, type ProducerFloors, readProducerFloors } from "../scripts/lib/producers.js";
import { ROOT } from "../scripts/lib/root.js";

const DEV = join(PRODUCERS, "dev");
const floors = readProducerFloors();

function lowered(before: ProducerFloors, after: ProducerFloors): string[] {
  const out: string[] = [];
  for (const [p, f] of Object.entries(before.producers)) {
    const now = after.producers[p];
    if (!now) out.push(`${p}: floor removed`);
    else for (const k of ["f1", "service_f1", "read"] as const) if (now[k] < f[k]) out.push(`${p} ${k}: ${f[k]} -> ${now[k]}`);
  }
  return out;
}

describe("producers floors", () => {
  it("has a floor for every producer of the dev set, and a producer for every floor", () => {
    const names = [...producerFiles(DEV).keys()];
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((p) => !floors.producers[p])).toEqual([]);
    expect(Object.keys(floors.producers).filter((p) => !names.includes(p))).toEqual([]);
  });

  it("meets every producer's floor", async () => {
    const got = await measureProducers(DEV);
    const under: string[] = [];
    for (const [p, m] of got) {
      const fl = floors.producers[p];
      if (!fl) continue;
      if (m.f1 + 1e-9 < fl.f1) under.push(`${p} F1 ${m.f1.toFixed(3)} < ${fl.f1}`);
      if (m.service_f1 + 1e-9 < fl.service_f1) under.push(`${p} service F1 ${m.service_f1.toFixed(3)} < ${fl.service_f1}`);
      if (m.read < fl.read) under.push(`${p} read ${m.read} < ${fl.read}`);
    }
    expect(under).toEqual([]);
  }, 600_000);

  it("never lowers a floor: each committed version of the file, then the working copy, keeps or raises the one before", () => {
    const rel = "fixtures/producers/floors.json";
    const git = (...args: string[]) => execFileSync("git", ["-C", ROOT, ...args], { encoding: "utf8" });
    const versions = git("log", "--format=%H", "--", rel).split("\n").filter(Boolean).reverse().map((c) => JSON.parse(git("show", `${c}:${rel}`)) as ProducerFloors);
    versions.push(floors);
    const problems = versions.slice(1).flatMap((v, i) => lowered(versions[i], v));
    expect(problems).toEqual([]);
    expect(lowered({ about: "", producers: { x: { f1: 0.9, service_f1: 0.9, read: 9 } } }, { about: "", producers: { x: { f1: 0.8, service_f1: 0.9, read: 9 } } })).toEqual(["x f1: 0.9 -> 0.8"]);
  });
});
