import type { DocumentCheck } from "./types.js";
import { indicatorsOf, nameOf } from "./util.js";

/** A percentage below 0 or above 100, as a target or as an achieved value. */
export const percentOutOfRange: DocumentCheck = {
  name: "percent_out_of_range",
  severity: "error",
  version: 1,
  summary: "A target or achieved value in percent is below 0% or above 100%.",
  run(doc, report) {
    for (const { ind, service, indicator } of indicatorsOf(doc)) {
      for (const [field, raw, value, unit] of [
        ["target_raw", ind.target_raw, ind.target_value, ind.target_unit],
        ["actual_raw", ind.actual_raw, ind.actual_value, ind.actual_unit],
      ] as const) {
        if (unit !== "percent" || value === null || (value >= 0 && value <= 100)) continue;
        report(`${field === "target_raw" ? "the target" : "the achieved value"} "${raw}" of ${nameOf(ind)} is not a percentage between 0 and 100`, {
          service, indicator, field, value: raw,
        });
      }
    }
  },
};
