/**
 * Gives every current document its issuer and charter keys and every service its key
 * (src/keys/), and chooses each charter's best file. Recomputed from all current
 * documents after each import, so that a file imported later can complete an earlier one
 * (a file that prints no issuer takes it from a service name known under one issuer);
 * the spellings met are remembered in key_variants, so keys never change once given.
 */
import type Database from "better-sqlite3";
import { charterKey, foldName, shortHash } from "../keys/keys.js";
import { KeyResolver, type Variant } from "../keys/resolver.js";
import { FORMAT_RANK } from "../model/formats.js";

/** Two services with no name are one when this share of their indicators' texts is the same. */
const SAME_INDICATORS = 0.8;

interface DocRow {
  id: number;
  issuer: string | null;
  year: number | null;
  kind: string;
  format: string | null;
  status: string;
  source_path: string;
  confidence: number | null;
  indicators: number;
}

interface ServiceRow {
  id: number;
  document_id: number;
  name: string | null;
}

export interface KeysSummary {
  documents: number;
  charters: number;
  services: number;
}

/**
 * Documents are keyed in an order that lets each learn from the ones before: those with an
 * issuer and named services first, then those without an issuer (which look their services'
 * names up), then those with a nameless service (which look for a service with the same
 * indicators); within each, in import order.
 */
export function refreshKeys(db: Database.Database): KeysSummary {
  const docs = db
    .prepare(`SELECT d.id, d.issuer, d.year, d.kind, d.format, d.status, d.source_path,
        (SELECT avg(i.confidence) FROM indicators i JOIN services s ON s.id = i.service_id WHERE s.document_id = d.id) AS confidence,
        (SELECT count(*) FROM indicators i JOIN services s ON s.id = i.service_id WHERE s.document_id = d.id) AS indicators
      FROM documents d WHERE d.current = 1 AND d.status IN ('success', 'partial')
      ORDER BY (d.issuer IS NULL), EXISTS (SELECT 1 FROM services s WHERE s.document_id = d.id AND s.name IS NULL), d.id`)
    .all() as DocRow[];
  const services = db.prepare("SELECT s.id, s.document_id, s.name FROM services s JOIN documents d ON d.id = s.document_id WHERE d.current = 1 ORDER BY s.document_id, s.position").all() as ServiceRow[];
  const byDoc = new Map<number, ServiceRow[]>();
  for (const s of services) {
    const list = byDoc.get(s.document_id);
    if (list) list.push(s);
    else byDoc.set(s.document_id, [s]);
  }
  const resolver = new KeyResolver(db.prepare("SELECT kind, scope, fold, key, how FROM key_variants").all() as Variant[]);
  const texts = db.prepare("SELECT description, formula FROM indicators WHERE service_id = ?");
  const signature = (serviceId: number) =>
    new Set((texts.all(serviceId) as { description: string | null; formula: string | null }[]).map((r) => `${foldName(r.description) ?? ""}|${foldName(r.formula) ?? ""}`));
  /** Named services keyed so far: where a nameless one looks for its match. */
  const named: { issuerKey: string | null; year: number | null; key: string; serviceId: number; sig?: Set<string> }[] = [];

  const docKeys: { id: number; issuerKey: string | null; inferred: boolean; charter: string; doc: DocRow }[] = [];
  const serviceKeys: { id: number; key: string; by: "name" | "indicators" | "none" }[] = [];
  for (const d of docs) {
    const own = byDoc.get(d.id) ?? [];
    const folds = own.map((s) => foldName(s.name));
    let issuerKey: string | null = null;
    let inferred = false;
    const issuerFold = foldName(d.issuer);
    if (issuerFold) issuerKey = resolver.resolve("issuer", "", issuerFold);
    else {
      // No issuer printed: the one issuer under which all its named services are known.
      const known = folds.filter((f): f is string => f !== null).map((f) => resolver.scopesOf("service", f));
      const common = known.length ? [...known[0]].filter((x) => known.every((k) => k.has(x))) : [];
      if (common.length === 1) [issuerKey, inferred] = [common[0], true];
    }
    const scope = issuerKey ?? "";
    const prefix = `${issuerKey ?? "senza-ente"}/`;
    const keys: string[] = [];
    own.forEach((s, k) => {
      const fold = folds[k];
      let key: string;
      let by: "name" | "indicators" | "none" = "name";
      if (fold) {
        key = resolver.resolve("service", scope, fold, prefix);
        named.push({ issuerKey, year: d.year, key, serviceId: s.id });
      } else {
        const match = matchByIndicators(signature(s.id), named.filter((n) => n.year === d.year && (issuerKey === null || n.issuerKey === issuerKey)), signature);
        if (match) {
          key = match.key;
          by = "indicators";
          if (issuerKey === null && match.issuerKey !== null) [issuerKey, inferred] = [match.issuerKey, true];
        } else {
          key = `${prefix}senza-nome-${shortHash([...signature(s.id)].sort().join("\n"))}`;
          by = "none";
        }
      }
      keys.push(key);
      serviceKeys.push({ id: s.id, key, by });
    });
    docKeys.push({ id: d.id, issuerKey, inferred, charter: charterKey({ issuerKey, year: d.year, kind: d.kind, serviceKeys: keys }), doc: d });
  }

  const best = chooseBest(docKeys);
  const now = new Date().toISOString();
  const addVariant = db.prepare("INSERT OR IGNORE INTO key_variants (kind, scope, fold, key, how, seen_at) VALUES (?, ?, ?, ?, ?, ?)");
  for (const v of resolver.added()) addVariant.run(v.kind, v.scope, v.fold, v.key, v.how, now);
  db.exec("DELETE FROM document_keys; DELETE FROM service_keys;");
  const insDoc = db.prepare("INSERT INTO document_keys (document_id, issuer_key, issuer_inferred, charter_key, best, confidence) VALUES (?, ?, ?, ?, ?, ?)");
  for (const k of docKeys) insDoc.run(k.id, k.issuerKey, k.inferred ? 1 : 0, k.charter, best.has(k.id) ? 1 : 0, k.doc.confidence);
  const insSvc = db.prepare("INSERT INTO service_keys (service_id, service_key, matched_by) VALUES (?, ?, ?)");
  for (const s of serviceKeys) insSvc.run(s.id, s.key, s.by);
  db.exec("DELETE FROM issuer_labels");
  const insLabel = db.prepare("INSERT INTO issuer_labels (issuer_key, label) VALUES (?, ?)");
  for (const [key, label] of issuerLabels(docKeys.map((k) => ({ key: k.issuerKey, issuer: k.doc.issuer })))) insLabel.run(key, label);
  return { documents: docKeys.length, charters: best.size, services: serviceKeys.length };
}

/** Capitals only ("COMUNE DI ESEMPIO"): a spelling shown only where no other is printed. */
const allCaps = (s: string) => s === s.toUpperCase() && s !== s.toLowerCase();

/**
 * One display spelling per issuer key, among the spellings its files print (spaces
 * folded): one in upper and lower case before one in capitals only, then the most
 * printed, then the first in alphabetical order. Pure.
 */
export function issuerLabels(docs: readonly { key: string | null; issuer: string | null }[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const d of docs) {
    const name = d.issuer?.replace(/\s+/g, " ").trim();
    if (!d.key || !name) continue;
    const m = counts.get(d.key) ?? new Map<string, number>();
    m.set(name, (m.get(name) ?? 0) + 1);
    counts.set(d.key, m);
  }
  const out = new Map<string, string>();
  for (const [key, m] of counts) {
    const ranked = [...m].sort((a, b) => Number(allCaps(a[0])) - Number(allCaps(b[0])) || b[1] - a[1] || a[0].localeCompare(b[0]));
    out.set(key, ranked[0][0]);
  }
  return out;
}

/**
 * The named service whose indicators' texts are mostly (SAME_INDICATORS) the same as
 * these: the key with the closest match, then the one most services carry; none on a tie.
 */
function matchByIndicators<T extends { serviceId: number; key: string; sig?: Set<string> }>(sig: Set<string>, candidates: T[], signature: (id: number) => Set<string>): T | undefined {
  if (sig.size === 0) return undefined;
  const byKey = new Map<string, { hit: T; score: number; count: number }>();
  for (const c of candidates) {
    c.sig ??= signature(c.serviceId);
    const shared = [...sig].filter((x) => c.sig!.has(x)).length;
    const score = shared / new Set([...sig, ...c.sig]).size;
    if (score < SAME_INDICATORS) continue;
    const k = byKey.get(c.key);
    if (!k) byKey.set(c.key, { hit: c, score, count: 1 });
    else [k.score, k.count] = [Math.max(k.score, score), k.count + 1];
  }
  const ranked = [...byKey.values()].sort((a, b) => b.score - a.score || b.count - a.count);
  if (ranked.length > 1 && ranked[0].score === ranked[1].score && ranked[0].count === ranked[1].count) return undefined;
  return ranked[0]?.hit;
}

/**
 * The best file of each charter: the higher mean confidence, then more indicators, success
 * over partial, a structured format, then the path (not the import order, which workers
 * and resumed runs change: two equal files must give the same choice in every run).
 */
function chooseBest(docs: { id: number; charter: string; doc: DocRow }[]): Set<number> {
  const rank = (f: string | null) => {
    const r = FORMAT_RANK.indexOf(f ?? "");
    return r < 0 ? FORMAT_RANK.length : r;
  };
  const order = [...docs].sort(
    (a, b) =>
      (b.doc.confidence ?? 0) - (a.doc.confidence ?? 0) ||
      b.doc.indicators - a.doc.indicators ||
      (a.doc.status === "success" ? 0 : 1) - (b.doc.status === "success" ? 0 : 1) ||
      rank(a.doc.format) - rank(b.doc.format) ||
      (a.doc.source_path < b.doc.source_path ? -1 : a.doc.source_path > b.doc.source_path ? 1 : 0) ||
      a.id - b.id,
  );
  const seen = new Set<string>();
  const best = new Set<number>();
  for (const d of order) {
    if (seen.has(d.charter)) continue;
    seen.add(d.charter);
    best.add(d.id);
  }
  return best;
}
