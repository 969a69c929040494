/**
 * Per-file accuracy floors of the scraped text (test/floors.json): every scrape under
 * fixtures/ imported into a real database and scored with the scorer's figures, each
 * file held to its floor. A floor may only go up: the floors file's git history (every
 * committed version, then the working copy) never lowers or drops one.
 */
import { describe, expect, it } from "vitest";
import { type FloorsFile, METRICS, committedVersions, lowered, measure, readFloors, scrapedFixtures } from "../scripts/lib/floors.js";

const floors = readFloors();
const files = scrapedFixtures();

describe("accuracy floors", () => {
  it("has a floor for every scraped-text fixture, and a fixture for every floor", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => !floors.files[f]), "fixtures without a floor (npm run floors -- --write)").toEqual([]);
    expect(Object.keys(floors.files).filter((f) => !files.includes(f)), "floors without a fixture").toEqual([]);
  });

  it("meets every file's floor", async () => {
    const got = await measure(files);
    const under: string[] = [];
    for (const f of files) {
      const m = got.get(f);
      const fl = floors.files[f];
      for (const k of METRICS) if (m && fl && m[k] + 1e-9 < fl[k]) under.push(`${f} ${k}: ${m[k].toFixed(3)} < floor ${fl[k]}`);
    }
    expect(under).toEqual([]);
  }, 300_000);

  it("never lowers a floor: each committed version of the file, then the working copy, keeps or raises the one before", () => {
    const versions: { commit: string; floors: FloorsFile }[] = [...committedVersions(), { commit: "working copy", floors }];
    const problems: string[] = [];
    for (let i = 1; i < versions.length; i++) {
      for (const p of lowered(versions[i - 1].floors, versions[i].floors)) problems.push(`${versions[i].commit.slice(0, 12)}: ${p}`);
    }
    expect(problems).toEqual([]);
  });

  it("tells a lowered or dropped floor from a raised one", () => {
    const a: FloorsFile = { about: "", files: { x: { f1: 0.9, precision: 0.9, recall: 0.9, service_f1: 1 }, y: { f1: 0.5, precision: 0.5, recall: 0.5, service_f1: 1 } } };
    const b: FloorsFile = { about: "", files: { x: { f1: 0.95, precision: 0.9, recall: 0.9, service_f1: 1 }, y: { f1: 0.5, precision: 0.5, recall: 0.5, service_f1: 1 } } };
    expect(lowered(a, b)).toEqual([]);
    expect(lowered(b, a)).toEqual(["x f1: 0.95 -> 0.9"]);
    expect(lowered(a, { about: "", files: { x: a.files.x } })).toEqual(["y: floor removed"]);
  });
});
