/**
 * The charter's own rule, end to end through the real CLI: a charter and the same charter a
 * year later, each published in several formats, with two targets made worse (a percentage
 * lower, a number of days higher) and two made better.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, YEARS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const BIN = join(import.meta.dirname, "..", "bin", "charters.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000 });
const jsonl = (s: string) => s.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("target_worse_than_previous_year", () => {
  it("finds exactly the two targets made worse, each charter counted once", () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    const y2020 = ["charter.xlsx", "charter.pdf", "source.txt"].map((f) => join(CORPUS, "c03-cliclavoro-2020", f));
    const y2021 = ["charter.xlsx", "charter.xls", "charter.pdf", "charter.pdftotext.txt"].map((f) => join(YEARS, "c03-cliclavoro-2021", f));
    expect(cli("import", ...y2020, "--db", db, "--log-format", "json").status).toBe(0);
    expect(cli("import", ...y2021, "--db", db, "--log-format", "json").status).toBe(0);

    const r = cli("export", "--db", db, "--view", "v_checks", "--where", `"check" = 'target_worse_than_previous_year'`, "--format", "jsonl");
    expect(r.status).toBe(0);
    const rows = jsonl(r.stdout);
    expect(rows).toHaveLength(2);
    expect(rows.map((x) => x.value).sort()).toEqual(["5 giorni lavorativi", "90%"]);
    for (const x of rows) {
      expect(x).toMatchObject({ severity: "error", year: 2021, best: 1, scope: "corpus", field: "target_raw" });
      expect(String(x.source_path)).toContain("c03-cliclavoro-2021");
    }
    const pct = rows.find((x) => x.value === "90%")!;
    expect(pct.message).toMatch(/^the 2021 target "90%" of "Accesso on line .*" is worse than 2020's "95%" \(higher is better: unit:percent\)$/);
    const days = rows.find((x) => x.value === "5 giorni lavorativi")!;
    expect(days.message).toMatch(/worse than 2020's "3 giorni lavorativi" \(lower is better: unit:working_days\)$/);

    // Each one points at the earlier year's row it was compared with.
    const ids = rows.map((x) => x.related_indicator_id).join(",");
    const before = jsonl(cli("export", "--db", db, "--view", "v_indicators", "--where", `indicator_id IN (${ids})`, "--format", "jsonl").stdout);
    expect(before.map((x) => [x.year, x.best, x.target_raw]).sort()).toEqual([[2020, 1, "3 giorni lavorativi"], [2020, 1, "95%"]]);

    // Importing again changes nothing; the charters are two, with all their files.
    expect(cli("import", ...y2020, ...y2021, "--db", db, "--log-format", "json").status).toBe(0);
    const charters = jsonl(cli("export", "--db", db, "--view", "v_charters", "--format", "jsonl").stdout);
    expect(charters.map((c) => [c.year, c.files, c.best_format]).sort()).toEqual([[2020, 3, "xlsx"], [2021, 4, "xlsx"]]);
    expect(jsonl(cli("export", "--db", db, "--view", "v_checks", "--where", `"check" = 'target_worse_than_previous_year'`, "--format", "jsonl").stdout)).toHaveLength(2);
  });
});
