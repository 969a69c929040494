/**
 * Per-producer accuracy of the producers fixtures (fixtures/producers/<set>/<id>/charter.<producer>.<ext>):
 * every file of a set imported into one fresh database and scored with the scorer's port
 * (src/eval/score.ts), the figures summed per producer (indicator cells and services, as
 * scripts/fixtures/producers/score.sh prints them with the shared scorer). The floors of
 * the dev set are fixtures/producers/floors.json.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scoreDatabase, Tally } from "../../src/eval/score.js";
import { importPaths } from "../../src/pipeline/import.js";
import { ROOT } from "./root.js";

export const PRODUCERS = join(ROOT, "fixtures", "producers");
export const PRODUCER_FLOORS = join(PRODUCERS, "floors.json");

export interface ProducerFigures {
  f1: number;
  service_f1: number;
  /** Files of the producer in the set, and how many were read into the database. */
  files: number;
  read: number;
}

/** The producer a fixture file is: "charter.cms-drupal.pdf" -> "cms-drupal.pdf". */
export const producerOf = (file: string) => file.replace(/^charter\./, "");

/** Every producer file of a set, by producer: absolute paths. */
export function producerFiles(set: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of readdirSync(set).sort()) {
    if (!existsSync(join(set, id, "gold.json"))) continue;
    for (const f of readdirSync(join(set, id)).sort()) {
      if (!f.startsWith("charter.") || f.endsWith(".md") || f.endsWith(".json")) continue;
      const p = producerOf(f);
      if (!out.has(p)) out.set(p, []);
      out.get(p)!.push(join(set, id, f));
    }
  }
  return out;
}

/** Import a set's files and score them: figures per producer. */
export async function measureProducers(set: string): Promise<Map<string, ProducerFigures>> {
  const files = producerFiles(set);
  const dir = mkdtempSync(join(tmpdir(), "producers-"));
  const db = join(dir, "producers.sqlite");
  try {
    await importPaths([...files.values()].flat(), { db });
    const report = scoreDatabase(db, set);
    const out = new Map<string, ProducerFigures>();
    for (const [p, list] of files) {
      const ind = new Tally();
      const svc = new Tally();
      let read = 0;
      for (const f of report.files) {
        if (producerOf(f.file.split("/").pop()!) !== p) continue;
        ind.add(f.indicators);
        svc.add(f.services);
        read++;
      }
      out.set(p, { f1: read ? ind.prf()[2] : 0, service_f1: read ? svc.prf()[2] : 0, files: list.length, read });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ProducerFloors {
  about: string;
  /** Floors of the figures over the files read, and of how many files are read (a file that fails or leaves no service is not). */
  producers: Record<string, { f1: number; service_f1: number; read: number }>;
}

export const readProducerFloors = (): ProducerFloors => JSON.parse(readFileSync(PRODUCER_FLOORS, "utf8")) as ProducerFloors;
