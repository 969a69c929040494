/** Comparing a parsed document with a corpus gold.json, field by field, the way the scorer folds text. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { normText } from "../../src/eval/score.js";
import type { CharterDocument } from "../../src/model/schema.js";

export const CORPUS = join(import.meta.dirname, "..", "..", "fixtures", "corpus");
/** Charters rendered for the quirks the issues name (several services, other headers, typos...). */
export const QUIRKS = join(import.meta.dirname, "..", "..", "fixtures", "quirks");
/** A corpus charter published again a year later with targets changed (fixtures/years/). */
export const YEARS = join(import.meta.dirname, "..", "..", "fixtures", "years");
/** Corpus and quirk charters saved as legacy Word (.doc) and RTF (fixtures/legacy/). */
export const LEGACY = join(import.meta.dirname, "..", "..", "fixtures", "legacy");
/** Corpus and quirk charters in signed envelopes (.p7m, fixtures/signed/). */
export const SIGNED = join(import.meta.dirname, "..", "..", "fixtures", "signed");
/** Charters written to trip each document check (fixtures/checks/). */
export const CHECKS = join(import.meta.dirname, "..", "..", "fixtures", "checks");

export interface GoldIndicator {
  dimension: string[];
  dimension_raw: string | null;
  subdimension: string | null;
  subdimension_raw: string | null;
  description: string | null;
  formula: string | null;
  target_raw: string | null;
  target_value: number | null;
  target_unit: string | null;
  actual_raw: string | null;
  actual_value: number | null;
  actual_unit: string | null;
  notes: string | null;
  activity?: string | null;
  explanation?: string | null;
  placeholder: boolean;
  optional: boolean;
}
export interface Gold {
  id: string;
  kind: string;
  issuer: string | null;
  year: number | null;
  office: string | null;
  services: { name: string; description: string | null; delivery_mode: string | null; users: string | null; complaint_authority: string | null; urls: string[]; indicators: GoldIndicator[] }[];
}

/** The gold.json of the charter folder a fixture path lies in. */
export function loadGold(fixture: string): Gold {
  return JSON.parse(readFileSync(join(dirname(fixture), "gold.json"), "utf8")) as Gold;
}

/** The scorer's text folding (NFKC, quotes unified, case and whitespace folded): the scorer port's own. */
export const fold = (v: unknown): string | null => normText(v);

const URL_FOLD = (u: string) => (fold(u) ?? "").replace(/\/+$/, "");

/** Every difference between a document and its gold, as readable lines; [] when they agree. */
export function diffWithGold(doc: CharterDocument, gold: Gold): string[] {
  const diffs: string[] = [];
  const eq = (where: string, g: unknown, p: unknown) => {
    const a = typeof g === "number" || typeof p === "number" ? g : fold(g);
    const b = typeof g === "number" || typeof p === "number" ? p : fold(p);
    if (a !== b) diffs.push(`${where}: gold=${JSON.stringify(g)} got=${JSON.stringify(p)}`);
  };
  eq("kind", gold.kind, doc.kind);
  eq("issuer", gold.issuer, doc.issuer);
  eq("year", gold.year, doc.year);
  eq("office", gold.office, doc.office);
  if (doc.services.length !== gold.services.length) diffs.push(`services: gold=${gold.services.length} got=${doc.services.length}`);
  gold.services.forEach((gs, si) => {
    const ps = doc.services[si];
    if (!ps) return;
    const w = `service ${si + 1}`;
    eq(`${w} name`, gs.name, ps.name);
    eq(`${w} description`, gs.description, ps.description);
    eq(`${w} delivery_mode`, gs.delivery_mode, ps.delivery_mode);
    eq(`${w} users`, gs.users, ps.users);
    eq(`${w} complaint_authority`, gs.complaint_authority, ps.complaint_authority);
    eq(`${w} urls`, gs.urls.map(URL_FOLD).join(" "), ps.urls.map(URL_FOLD).join(" "));
    const required = gs.indicators.filter((g) => !g.optional).length;
    const got = ps.indicators.length;
    if (got < required || got > gs.indicators.length) diffs.push(`${w} indicators: gold=${gs.indicators.length} (${required} required) got=${got}`);
    let k = 0;
    for (const g of gs.indicators) {
      const p = ps.indicators[k];
      if (!p) break;
      // an optional gold row may be absent: skip it when the next row already matches the next gold row
      if (g.optional && got < gs.indicators.length) continue;
      k++;
      if (g.optional) continue;
      const r = `${w} row ${k}`;
      eq(`${r} dimension`, g.dimension.join(","), p.dimension.join(","));
      for (const f of ["dimension_raw", "subdimension", "subdimension_raw", "description", "formula", "target_raw", "target_value", "target_unit", "actual_raw", "actual_value", "actual_unit", "notes", "activity", "explanation"] as const) {
        eq(`${r} ${f}`, g[f] ?? null, p[f] ?? null);
      }
      if (g.placeholder !== p.placeholder) diffs.push(`${r} placeholder: gold=${g.placeholder} got=${p.placeholder}`);
    }
  });
  return diffs;
}
