import type { DocumentCheck } from "./types.js";
import { indicatorsOf, nameOf } from "./util.js";

/** An indicator (not the template's example) with no target at all. */
export const targetMissing: DocumentCheck = {
  name: "target_missing",
  severity: "warning",
  version: 1,
  summary: "An indicator (other than the template's example) states no target (valore programmato) at all.",
  run(doc, report) {
    for (const { ind, service, indicator } of indicatorsOf(doc)) {
      if (ind.placeholder || ind.target_raw !== null) continue;
      report(`no target is stated for ${nameOf(ind)}`, { service, indicator, field: "target_raw", value: null });
    }
  },
};
