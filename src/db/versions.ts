/**
 * Versions of a path's documents (migration 009_versions): which current documents at a
 * path a new one supersedes, and taking a document out of the current set without losing
 * its data (its rows stay in the tables, leave the views and the full-text index).
 *
 * A charter, for versions, is (issuer, year, kind): new content at a path that publishes
 * the same charter (a corrected republish, the same charter in another format) supersedes
 * the earlier version; new content of another charter (the next year's) leaves the earlier
 * one current for its year. An issuer the file does not print matches any (the line was
 * missed, the charter is the same); printed ones match when they are one name (src/keys/).
 */
import type Database from "better-sqlite3";
import { foldName, sameName } from "../keys/keys.js";
import type { SourcePath } from "../pipeline/paths.js";

export interface CharterIdentity {
  issuer: string | null;
  year: number | null;
  kind: string | null;
}

/**
 * What a new document at a known path was: a new version of the charter it held, another
 * charter, or a new reading of the same content (import --reread; no version is added).
 */
export type UpdateKind = "version" | "charter" | "reading";

/** Whether two documents publish the same charter, for versions. */
export function sameCharter(a: CharterIdentity, b: CharterIdentity): boolean {
  if (a.year !== b.year || a.kind !== b.kind) return false;
  const x = foldName(a.issuer);
  const y = foldName(b.issuer);
  return x === null || y === null || sameName(x, y);
}

export class Versions {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      currentAt: db.prepare(`SELECT id, issuer, year, kind FROM documents
        WHERE source_path = ? AND source_path_bytes IS ? AND current = 1 AND status IN ('success', 'partial')`),
      identity: db.prepare("SELECT issuer, year, kind FROM documents WHERE id = ?"),
      supersede: db.prepare("UPDATE documents SET current = 0, head = 0, superseded_by = ?, superseded_at = ? WHERE id = ?"),
      unindexIndicators: db.prepare("DELETE FROM indicators_fts WHERE rowid IN (SELECT i.id FROM indicators i JOIN services s ON s.id = i.service_id WHERE s.document_id = ?)"),
      unindexServices: db.prepare("DELETE FROM services_fts WHERE rowid IN (SELECT id FROM services WHERE document_id = ?)"),
    };
  }

  /** The charter a stored document publishes. */
  identityOf(id: number): CharterIdentity | undefined {
    return this.stmts.identity.get(id) as CharterIdentity | undefined;
  }

  /** The current documents read from a path (success or partial), with their charter. */
  currentAt(path: SourcePath): (CharterIdentity & { id: number })[] {
    return this.stmts.currentAt.all(path.text, path.bytes) as (CharterIdentity & { id: number })[];
  }

  /**
   * Supersede the current documents at `path` that publish the same charter as `identity`
   * (all but `by`): they leave the views, their data stays. Returns how many.
   */
  supersedeAt(path: SourcePath, identity: CharterIdentity, by: number, now: string): number {
    let n = 0;
    for (const d of this.currentAt(path)) {
      if (d.id === by || !sameCharter(d, identity)) continue;
      this.stmts.supersede.run(by, now, d.id);
      this.unindex(d.id);
      n++;
    }
    return n;
  }

  /** A document out of the current set: its rows leave the full-text index (search reads the views' rows only). */
  unindex(id: number): void {
    this.stmts.unindexIndicators.run(id);
    this.stmts.unindexServices.run(id);
  }
}
