/**
 * A database of a given number of indicators for the report's benchmark, written through the
 * real store (src/db/store.ts) from the fixtures' own parsed charters: each copy under its
 * own path, issuer (one of a few hundred, in two spellings), year and values, so that the
 * report has many issuer-years, units and checks to build. Nothing is parsed per copy:
 * 80,000 indicators take seconds to write.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { refreshAnalysis } from "../../src/analysis/refresh.js";
import { Store } from "../../src/db/store.js";
import type { CharterDocument, Format } from "../../src/model/schema.js";
import { readCharter } from "../../src/read/charter.js";
import { ROOT } from "./child.js";

interface Base {
  doc: CharterDocument;
  format: Format;
  parser: { name: string; version: string };
  indicators: number;
}

/** The fixtures' spreadsheets, parsed once: the charters the copies are made of. */
async function bases(): Promise<Base[]> {
  const out: Base[] = [];
  for (const set of ["corpus", "quirks"]) {
    const dir = join(ROOT, "fixtures", set);
    for (const id of readdirSync(dir).sort()) {
      const path = join(dir, id, "charter.xlsx");
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        continue;
      }
      const { document, parser } = await readCharter({ path, bytes });
      const indicators = document.services.reduce((n, s) => n + s.indicators.length, 0);
      if (indicators > 0) out.push({ doc: document, format: parser.format, parser, indicators });
    }
  }
  return out;
}

/** Copy `k` of a charter: another issuer, year, path, and values scaled, so that units and checks vary. */
function copy(base: CharterDocument, k: number): CharterDocument {
  const issuer = `${k % 2 ? "COMUNE DI" : "Comune di"} Località ${Math.floor(k / 2) % 300}`;
  const scale = 1 + (k % 7) / 10;
  return {
    ...base,
    issuer,
    year: 2015 + (k % 8),
    services: base.services.map((s) => ({
      ...s,
      name: s.name ? `${s.name} ${k % 13}` : s.name,
      indicators: s.indicators.map((i) => ({
        ...i,
        target_value: i.target_value === null ? null : Math.round(i.target_value * scale * 100) / 100,
        actual_value: i.actual_value === null ? null : Math.round(i.actual_value * scale * 100) / 100,
      })),
    })),
  };
}

/** Write copies of the fixtures' charters into a new database at `path` until it holds at least `indicators`; the count written. */
export async function buildReportDb(path: string, indicators: number): Promise<number> {
  const all = await bases();
  const store = new Store(path);
  let written = 0;
  try {
    for (let k = 0; written < indicators; ) {
      store.batch(() => {
        for (let n = 0; n < 200 && written < indicators; n++, k++) {
          const b = all[k % all.length];
          const source = `/archive/${String(k % 97).padStart(2, "0")}/charter-${k}.xlsx`;
          const sha256 = createHash("sha256").update(source).digest("hex");
          store.writeDocument({ source: { text: source, bytes: null }, sha256, size: 10_000 + k, mtimeMs: 1_700_000_000_000 + k }, b.format, b.parser, copy(b.doc, k));
          written += b.indicators;
        }
      });
    }
    refreshAnalysis(store.db);
  } finally {
    store.close();
  }
  return written;
}
