import type { DocumentCheck } from "./types.js";
import { indicatorsOf, nameOf } from "./util.js";

/** The template's example formula ("Per esempio: ...") left in place of the office's own. */
export const placeholderLeft: DocumentCheck = {
  name: "placeholder_left",
  severity: "warning",
  version: 1,
  summary: "The row still holds the template's example formula (\"Per esempio: ...\") instead of the office's own indicator.",
  run(doc, report) {
    for (const { ind, service, indicator } of indicatorsOf(doc)) {
      if (!ind.placeholder) continue;
      report(`the template's example is left in place of an indicator for ${ind.dimension_raw ?? "this dimension"}: ${nameOf({ description: ind.formula, formula: null })}`, {
        service, indicator, field: "formula", value: ind.formula,
      });
    }
  },
};
