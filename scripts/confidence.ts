/**
 * npm run confidence -- DIR...: whether the confidence of a row predicts that it is
 * right. Imports each folder of charters (`<id>/gold.json` beside its files) into a fresh
 * database, pairs every indicator row read with its gold row the way the scorer does,
 * and counts a row right when every scored field agrees (an unpaired row is wrong). Then
 * prints the precision of the rows at or above the threshold (default 0.8) and below it,
 * and a finer table by confidence band.
 *
 * With --penalties it prints the scraped readers' table of confidence penalties instead
 * (src/scraped/common/penalties.ts): each one's cap and the reason a row records.
 *
 * usage: confidence DIR... [--threshold 0.8] [--db FILE] | confidence --penalties
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { IND_FIELDS, cellsAgree, loadGoldCorpus, matchRows, sim } from "../src/eval/score.js";
import { importPaths } from "../src/pipeline/import.js";
import { formatPenalties } from "../src/scraped/common/penalties.js";

type Row = Record<string, unknown>;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { threshold: { type: "string", default: "0.8" }, db: { type: "string" }, penalties: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } } });
if (values.penalties) {
  console.log(formatPenalties());
  process.exit(0);
}
if (values.help || positionals.length === 0) {
  console.log("usage: npm run confidence -- DIR... [--threshold 0.8] [--db FILE]\n       npm run confidence -- --penalties\n\nPrecision of the rows read at or above the confidence threshold and below it, against each folder's gold.json files;\nwith --penalties, the scraped readers' confidence penalties (src/scraped/common/penalties.ts).");
  process.exit(values.help ? 0 : 2);
}
const threshold = Number(values.threshold);
const tmp = values.db ? null : mkdtempSync(join(tmpdir(), "confidence-"));
const db = values.db ?? join(tmp!, "c.sqlite");

/** One predicted row: its confidence and whether every scored field matches its gold row. */
const judged: { confidence: number; right: boolean }[] = [];
try {
  for (const dir of positionals.map((d) => resolve(d))) {
    await importPaths([dir], { db });
    const gold = loadGoldCorpus(dir);
    const conn = new Database(db, { readonly: true });
    const services = conn.prepare("SELECT * FROM v_services WHERE source_path LIKE ?").all(`${dir}/%`) as Row[];
    const rows = conn.prepare("SELECT * FROM v_indicators WHERE source_path LIKE ?").all(`${dir}/%`) as Row[];
    conn.close();
    const files = [...new Set(services.map((s) => s.source_path as string))];
    for (const file of files) {
      const cid = file.slice(dir.length + 1).split("/")[0];
      const g = gold.get(cid);
      if (!g) continue;
      const gsv = g.services as Row[];
      const psv = services.filter((s) => s.source_path === file);
      const used = new Set<number>();
      const claimed = new Set<unknown>();
      for (const gs of gsv) {
        // the service read under the most similar name (the scorer's pairing)
        let best = -1;
        let bestSim = 0;
        psv.forEach((ps, j) => {
          const v = sim(gs.name, ps.service_name);
          if (!used.has(j) && (v > bestSim || (v === bestSim && best >= 0))) [best, bestSim] = [j, v];
        });
        if (best < 0 || !(bestSim >= 0.5 || (gsv.length === 1 && psv.length === 1))) continue;
        used.add(best);
        claimed.add(psv[best].service_name);
        const pred = rows.filter((r) => r.source_path === file && r.service_name === psv[best].service_name);
        const gi = gs.indicators as Row[];
        const pairs = new Map(matchRows(gi, pred).map(([i, j]) => [j, i]));
        pred.forEach((p, j) => {
          const i = pairs.get(j);
          const right = i !== undefined && IND_FIELDS.every((f) => cellsAgree(f, gi[i][f], p[f]));
          judged.push({ confidence: Number(p.confidence), right });
        });
      }
      for (const p of rows.filter((r) => r.source_path === file && !claimed.has(r.service_name))) judged.push({ confidence: Number(p.confidence), right: false });
    }
  }
} finally {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}

const line = (label: string, list: typeof judged) => {
  const right = list.filter((x) => x.right).length;
  return `${label.padEnd(22)} rows ${String(list.length).padStart(4)}   right ${String(right).padStart(4)}   precision ${list.length ? (right / list.length).toFixed(3) : "  -  "}`;
};
console.log(line(`confidence >= ${threshold}`, judged.filter((x) => x.confidence >= threshold)));
console.log(line(`confidence <  ${threshold}`, judged.filter((x) => x.confidence < threshold)));
console.log(line("all rows", judged));
console.log("\nby band:");
for (const [lo, hi] of [[0, 0.6], [0.6, 0.7], [0.7, 0.8], [0.8, 0.9], [0.9, 1.0001]]) console.log(line(`  [${lo.toFixed(1)}, ${Math.min(hi, 1).toFixed(1)}${hi > 1 ? "]" : ")"}`, judged.filter((x) => x.confidence >= lo && x.confidence < hi)));
