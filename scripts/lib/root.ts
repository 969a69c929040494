import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The repository: the nearest folder up with a package.json (scripts run from scripts/lib or dist/scripts/lib). */
export const ROOT = (() => {
  let d = import.meta.dirname;
  while (!existsSync(join(d, "package.json")) && dirname(d) !== d) d = dirname(d);
  return d;
})();
