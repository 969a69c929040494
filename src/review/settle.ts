/**
 * Working the review queue to the end: accept, dismiss or reopen an item by its id
 * (charters review accept|dismiss|reopen). Every kind of item can be decided: a label an
 * alias settles is accepted by making the alias (with the guess, or the code given); the
 * others (rows read with low confidence, values with no row, the template's own labels
 * printed astray, failed and partial files) are accepted as read or dismissed.
 */
import type Database from "better-sqlite3";
import { AliasError, addAlias, type AliasChange } from "./aliases.js";
import { forgetDecision, readDecisions, recordDecision, type Decision, type StoredDecision } from "./decisions.js";
import { reviewQueue, type ProblemFile, type ReviewGroup } from "./queue.js";
import { rowItemRows } from "./row-items.js";
import { acceptRows, unacceptRows } from "./rows.js";

type Item = { id: string; kind: string; label: string; group?: ReviewGroup };

/** Every item of the queue, decided or not, by id. */
function findItem(db: Database.Database, id: string): Item {
  const q = reviewQueue(db, { all: true });
  const want = id.trim().toLowerCase();
  const g = q.groups.find((x) => x.id === want);
  if (g) return { id: g.id, kind: g.kind, label: g.label, group: g };
  for (const [kind, list] of [["failed", q.failed], ["partial", q.partial]] as [string, ProblemFile[]][]) {
    const f = list.find((x) => x.id === want);
    if (f) return { id: f.id, kind, label: f.source_path };
  }
  throw new AliasError(`no item ${JSON.stringify(id)} in the review queue (charters review --all lists every item with its id)`);
}

export interface Settled {
  decision: StoredDecision;
  /** The alias that accepting a label made. */
  alias?: AliasChange;
}

/**
 * Accept an item: for a label an alias settles, record the alias (the code given, else the
 * guess) and re-normalize the rows it names; for any other item, record that the data as
 * read is right. The item leaves the queue.
 */
export function acceptItem(db: Database.Database, id: string, opts: { code?: string; why?: string; by: string; at?: Date }): Settled {
  const item = findItem(db, id);
  const g = item.group;
  const at = (opts.at ?? new Date()).toISOString();
  if (g?.alias_kind) {
    const code = opts.code ?? g.guess?.code;
    if (!code) throw new AliasError(`item ${item.id} (${g.kind} "${g.label}") has no guess: accept it with the code it stands for`);
    return db
      .transaction(() => {
        const alias = addAlias(db, { kind: g.alias_kind!, label: g.label, code }, opts.by, new Date(at), { requireChange: true });
        const decision = decide(db, item, "accepted", code, opts.why, opts.by, at);
        return { decision, alias };
      })
      .immediate();
  }
  if (opts.code) throw new AliasError(`item ${item.id} (${item.kind} "${item.label}") takes no code: accepting it records that the data as read is right`);
  if (item.kind !== "row") return { decision: decide(db, item, "accepted", null, opts.why, opts.by, at) };
  // a row read with low confidence: accepting the item accepts its rows, as charters review --rows --accept does
  const rows = (rowItemRows(db).get(item.id) ?? []).filter((r) => !r.reviewed).map((r) => r.indicator_id);
  return db.transaction(() => {
    acceptRows(db, rows, opts.by, new Date(at));
    return { decision: decide(db, item, "accepted", null, opts.why, opts.by, at) };
  })();
}

/** Dismiss an item: nothing to do about it; it leaves the queue. */
export function dismissItem(db: Database.Database, id: string, opts: { why?: string; by: string; at?: Date }): Settled {
  const item = findItem(db, id);
  return { decision: decide(db, item, "dismissed", null, opts.why, opts.by, (opts.at ?? new Date()).toISOString()) };
}

/** Put a decided item back in the queue (an alias made by accepting it stays: charters alias --remove takes it back). */
export function reopenItem(db: Database.Database, id: string): StoredDecision {
  const want = id.trim().toLowerCase();
  const d = readDecisions(db).get(want);
  const rows = (rowItemRows(db).get(want) ?? []).filter((r) => r.reviewed).map((r) => r.indicator_id);
  if (!d && rows.length === 0) throw new AliasError(`item ${JSON.stringify(id)} has no decision to take back`);
  // a row item's rows accepted (here or with --rows --accept) need review again
  const who = rows.length ? (db.prepare("SELECT reviewed_by, reviewed_at FROM indicators WHERE id = ?").get(rows[0]) as { reviewed_by: string | null; reviewed_at: string | null }) : undefined;
  return db.transaction(() => {
    unacceptRows(db, rows);
    if (d) forgetDecision(db, d.item);
    if (d) return d;
    return { item: want, kind: "row", label: findItem(db, want).label, decision: "accepted" as Decision, code: null, why: null, created_by: who?.reviewed_by ?? "", created_at: who?.reviewed_at ?? "" };
  })();
}

function decide(db: Database.Database, item: Item, decision: Decision, code: string | null, why: string | undefined, by: string, at: string): StoredDecision {
  const d: StoredDecision = { item: item.id, kind: item.kind, label: item.label, decision, code, why: why ?? null, created_by: by, created_at: at };
  recordDecision(db, d);
  return d;
}
