/** Reading again the stored files a header or service-label alias reaches (charters alias, charters review accept). */
import type { FilesToReread } from "../review/reread.js";

/** Parse again the stored files an alias of how files are read reaches; what happened, as a line. */
export async function rereadFiles(db: string, files: FilesToReread): Promise<string> {
  const gone = files.unreachable > 0 ? `; ${files.unreachable} no longer at their path, not re-read` : "";
  if (files.paths.length === 0) return `no stored file to read again${gone}\n`;
  const { importPaths, ImportRunningError } = await import("../pipeline/import.js");
  let s;
  try {
    s = await importPaths(files.paths, { db, reread: "all" });
  } catch (e) {
    if (!(e instanceof ImportRunningError)) throw e;
    return `the ${files.paths.length} stored files that print it were not read again (${e.message}): once it is done, charters import --reread all on them\n`;
  }
  const failed = s.failed > 0 ? `, ${s.failed} failed (charters import shows why)` : "";
  return `${s.files} stored file${s.files === 1 ? "" : "s"} read again: ${s.reread} reading${s.reread === 1 ? "" : "s"} replaced, ${s.indicators} indicators${failed}${gone}\n`;
}

