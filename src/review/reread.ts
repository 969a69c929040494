/**
 * The stored files an alias of how files are read (a column title, a service label) may read
 * differently: those whose current reading left a review item for a label the alias matches
 * (the label itself or one it starts, as aliases match). The CLI parses them again
 * (import --reread all), so that such an alias reaches stored data, not only later imports.
 */
import type Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { labelKey } from "../normalize/text.js";

export interface FilesToReread {
  /** Paths of the files to parse again, found on disk. */
  paths: string[];
  /** Files that carry the label but are no longer at their path (or whose path is not UTF-8): not re-read. */
  unreachable: number;
}

/** The current documents whose review items of `kind` name `label` (folded, or a label it starts), by their files. */
export function filesToReread(db: Database.Database, kind: "header" | "service-label", label: string): FilesToReread {
  const key = labelKey(label);
  const rows = db
    .prepare(
      `SELECT DISTINCT d.source_path, d.source_path_bytes IS NOT NULL AS bytes, r.label FROM review r JOIN documents d ON d.id = r.document_id
       WHERE d.head = 1 AND d.current = 1 AND r.kind = ?`,
    )
    .all(kind === "service-label" ? "service" : kind) as { source_path: string; bytes: number; label: string }[];
  const files = new Map<string, boolean>();
  for (const r of rows) {
    if (key !== "" && labelKey(r.label).startsWith(key)) files.set(r.source_path, r.bytes === 0 && existsSync(r.source_path));
  }
  const paths = [...files].filter(([, ok]) => ok).map(([p]) => p);
  return { paths: paths.sort(), unreachable: files.size - paths.length };
}
