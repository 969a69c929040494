import type { DocumentCheck } from "./types.js";
import { indicatorsOf, nameOf } from "./util.js";

/** A target printed without a number ("N.D.", "-", a sentence), other than "tempo reale". */
export const targetNotNumeric: DocumentCheck = {
  name: "target_not_numeric",
  severity: "warning",
  version: 1,
  summary: "The target is printed but states no number (\"N.D.\", \"-\", a sentence without a figure); \"tempo reale\" is a target and is not flagged.",
  run(doc, report) {
    for (const { ind, service, indicator } of indicatorsOf(doc)) {
      if (ind.placeholder || ind.target_raw === null || ind.target_value !== null || ind.target_unit === "realtime") continue;
      report(`the target "${ind.target_raw}" of ${nameOf(ind)} states no number`, { service, indicator, field: "target_raw", value: ind.target_raw });
    }
  },
};
