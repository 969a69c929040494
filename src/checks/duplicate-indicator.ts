import { foldName } from "../keys/keys.js";
import type { DocumentCheck } from "./types.js";
import { nameOf } from "./util.js";

/** The same indicator (dimension, description and formula, folded) twice in one service. */
export const duplicateIndicator: DocumentCheck = {
  name: "duplicate_indicator",
  severity: "warning",
  version: 1,
  summary: "The same indicator (same dimension, description and formula once case, accents and spacing are folded) appears twice in one service; the later rows are flagged.",
  run(doc, report) {
    doc.services.forEach((svc, service) => {
      const seen = new Map<string, number>();
      svc.indicators.forEach((ind, indicator) => {
        if (!ind.description && !ind.formula) return;
        const key = [ind.dimension.join(","), foldName(ind.description) ?? "", foldName(ind.formula) ?? ""].join("\n");
        const first = seen.get(key);
        if (first === undefined) return void seen.set(key, indicator);
        const targets = svc.indicators[first].target_raw === ind.target_raw ? "" : ` (targets "${svc.indicators[first].target_raw ?? ""}" and "${ind.target_raw ?? ""}")`;
        report(`${nameOf(ind)} repeats indicator ${first + 1} of the same service${targets}`, {
          service, indicator, field: "description", value: ind.description,
        });
      });
    });
  },
};
