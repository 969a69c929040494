/**
 * What the read side writes, attacked: a charter whose cells are formulas (=HYPERLINK, +, -,
 * @) exported as CSV and opened in LibreOffice; labels and file names carrying terminal
 * escapes (ESC ] 0 ; ... BEL, ESC [ 31 m, CSI) printed by every human-readable output; and
 * the exit codes of what users get wrong (query syntax, --where, outputs that cannot be
 * written, a full disk). Through the real CLI.
 */
import { spawnSync } from "node:child_process";
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csvCells, ESCAPE_LABEL, ESCAPES, FORMULAS, hostileCharterCsv, libreOfficeFormulas, liveFormulas, terminalControls } from "../scripts/lib/hostile.js";
import { csvLines } from "../src/analysis/writers.js";
import { BIN, cli } from "./helpers/cli.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const CSV_CHARTER = join(CORPUS, "c05-genova-urp-2020", "charter.csv");
const XLSX = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");

/** The c05 fixture's CSV charter with formulas in its cells and escapes in its labels (scripts/lib/hostile.ts). */
function evilCharter(dir: string): string {
  const path = join(dir, "evil.csv");
  writeFileSync(path, hostileCharterCsv(readFileSync(CSV_CHARTER, "utf8")));
  return path;
}

describe("CSV exports that cannot attack", () => {
  it("write text cells that begin like a formula with a leading ' (export, data package, search), numbers as numbers", async (ctx) => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    expect(cli(["import", evilCharter(dir), "--db", db]).status).toBe(0);
    const exported = join(dir, "export.csv");
    expect(cli(["export", "--format", "csv", "--out", exported, "--db", db]).status).toBe(0);
    expect(cli(["export", "--datapackage", join(dir, "pkg"), "--db", db]).status).toBe(0);
    const searched = cli(["search", "clic", "--format", "csv", "--db", db]);
    expect(searched.status).toBe(0);
    const texts = {
      export: readFileSync(exported, "utf8"),
      datapackage: readFileSync(join(dir, "pkg", "v_indicators.csv"), "utf8"),
      search: searched.stdout,
    };
    for (const [name, text] of Object.entries(texts)) {
      const cells = csvCells(text);
      expect(liveFormulas(cells), name).toEqual([]);
      // Every formula of the charter is there, as text.
      for (const f of FORMULAS.slice(0, name === "search" ? 1 : FORMULAS.length)) expect(cells, `${name}: ${f}`).toContain(`'${f}`);
    }
    // JSON lines keep the text exact.
    const jsonl = cli(["export", "--format", "jsonl", "--db", db]).stdout;
    expect(jsonl.split("\n").filter(Boolean).map((l) => JSON.parse(l).description)).toContain(FORMULAS[0]);

    // LibreOffice opens the export with no live formula; the same file without the ' has them.
    const unsafe = join(dir, "unsafe.csv");
    writeFileSync(unsafe, texts.export.replace(/(^|,)("?)'(?=[=+\-@\t])/gm, "$1$2"));
    expect(liveFormulas(csvCells(readFileSync(unsafe, "utf8"))).length).toBeGreaterThanOrEqual(FORMULAS.length);
    const found = libreOfficeFormulas([exported, unsafe], dir);
    if (!found) return ctx.skip("LibreOffice (soffice) is not installed: the bytes were checked, not a spreadsheet's reading of them");
    expect(found["unsafe.csv"]).toBeGreaterThan(0);
    expect(found["export.csv"]).toBe(0);
  }, 180_000);

  it("leave numbers unquoted and unprefixed, negative ones too; only text is neutralized", () => {
    const rows = [
      { n: -5, s: "-5", t: "=1+1" },
      { n: 2.5, s: "@x", t: "ok" },
      { n: null, s: "\t=1", t: "\r=1" },
    ];
    expect([...csvLines(["n", "s", "t"], rows, { bom: false })]).toEqual(["n,s,t\r\n", "-5,'-5,'=1+1\r\n", "2.5,'@x,ok\r\n", ',\'\t=1,"\'\r=1"\r\n']);
  });
});


describe("terminals", () => {
  it("get no control character from the data: the import's text log and summary, review, alias, search, inspect, errors", () => {
    const dir = tempDir();
    const root = join(dir, "in");
    mkdirSync(root);
    const charter = evilCharter(dir);
    copyFileSync(charter, join(root, "evil.csv"));
    copyFileSync(XLSX, join(root, `carta-${ESCAPES.title}.xlsx`));
    writeFileSync(join(root, `rotto-${ESCAPES.red}.pdf`), "%PDF-1.4 not really");
    const db = join(dir, "c.sqlite");
    const outputs: Record<string, { stdout: string; stderr: string }> = {
      import: cli(["import", root, "--db", db, "--log-format", "text"]),
      review: cli(["review", "--db", db]),
      reviewJson: cli(["review", "--db", db, "--format", "jsonl"]),
      alias: cli(["alias", "dimension", ESCAPE_LABEL, "equita", "--db", db]),
      aliasList: cli(["alias", "--list", "--db", db]),
      aliasError: cli(["alias", "--remove", "dimension", `${ESCAPES.title}Altro`, "--db", db]),
      search: cli(["search", "reclami", "--db", db]),
      inspect: cli(["inspect", charter, "--table"]),
      inspectError: cli(["inspect", join(root, `rotto-${ESCAPES.red}.pdf`)]),
    };
    expect(outputs.import.stdout).toContain("carta-\\x1b]0;pwned\\x07.xlsx: new");
    expect(outputs.import.stdout).toContain("rotto-\\x1b[31m.pdf: FAILED");
    expect(outputs.review.stdout).toContain("\\x1b]0;pwned\\x07Qualità \\x1b[31mrossa\\x1b[0m");
    expect(outputs.aliasList.stdout).toContain("\\x1b]0;pwned\\x07Qualità");
    expect(outputs.aliasError.stderr).toContain("\\x1b]0;pwned\\x07Altro");
    expect(outputs.search.stdout).toContain("\\x1b[31mrossi\\x1b[0m\\x9b"); // the cell is cut at 40 characters
    for (const [name, o] of Object.entries(outputs).filter(([n]) => n !== "reviewJson")) {
      expect(terminalControls(o.stdout), `${name} stdout`).toEqual([]);
      expect(terminalControls(o.stderr), `${name} stderr`).toEqual([]);
    }
    // JSON keeps the data exact.
    const jsonl = outputs.reviewJson.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(jsonl.filter((l) => l.type === "label").map((l) => l.label)).toContain(ESCAPE_LABEL);
    const list = cli(["alias", "--list", "--format", "jsonl", "--db", db]).stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l).label);
    expect(list).toEqual([ESCAPE_LABEL]);
  });
});

describe("exit codes of what users get wrong", () => {
  it("a search query FTS5 cannot read, a --where SQLite refuses while running: exit 2, one line", () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    expect(cli(["import", XLSX, "--db", db]).status).toBe(0);
    for (const q of ['"', "*", "nosuchcol:x", "AND"]) {
      const r = cli(["search", "--raw", q, "--db", db]);
      expect(r.status, q).toBe(2);
      expect(r.stderr, q).toMatch(/^charters: bad search query .*\n$/);
    }
    // The help's own --raw example is a query FTS5 reads; a limit of 0 is a usage error.
    const example = /charters search (--raw '[^']+')/.exec(cli(["search", "--help"]).stdout)!;
    expect(cli(["search", "--raw", example[1].slice(7, -1), "--db", db]).status, example[1]).toBeLessThan(2);
    const zero = cli(["search", "reclami", "--limit", "0", "--db", db]);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/--limit must be a whole number of at least 1/);
    for (const where of ["load_extension('/tmp/x')", "abs(-9223372036854775808) > 0"]) {
      const r = cli(["export", "--format", "csv", "--where", where, "--db", db]);
      expect(r.status, where).toBe(2);
      expect(r.stderr, where).toMatch(/^charters: bad --where .*(not authorized|integer overflow)\n$/);
    }
  });

  it("an output that cannot be written: exit 2 for the path, 3 for a full disk, one line, no stack", (ctx) => {
    if (!existsSync("/dev/full")) return ctx.skip("no /dev/full on this system");
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    expect(cli(["import", XLSX, "--db", db]).status).toBe(0);
    const aFile = join(dir, "a-file");
    writeFileSync(aFile, "");
    const cases: [string[], number, RegExp][] = [
      [["export", "--format", "csv", "--out", join(dir, "nowhere", "x.csv")], 2, /cannot write .*x\.csv: no such file or directory \(ENOENT\)/],
      [["export", "--format", "csv", "--out", "/dev/full"], 3, /cannot write \/dev\/full: no space left on device \(ENOSPC\)/],
      [["export", "--format", "xlsx", "--out", "/dev/full"], 3, /cannot write \/dev\/full: no space left on device \(ENOSPC\)/],
      [["export", "--datapackage", join(aFile, "pkg")], 2, /cannot write .*a-file\/pkg.*\(ENOTDIR\)/],
      [["report", "--out", "/dev/full"], 3, /cannot write \/dev\/full: no space left on device \(ENOSPC\)/],
      [["report", "--out", join(aFile, "r.html")], 2, /cannot write .*r\.html: .*\(ENOTDIR\)/],
      [["alias", "--export", "/dev/full"], 3, /cannot write \/dev\/full: no space left on device \(ENOSPC\)/],
    ];
    for (const [args, status, message] of cases) {
      const r = cli([...args, "--db", db]);
      expect(r.status, args.join(" ")).toBe(status);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    // Standard output on a full disk.
    const full = openSync("/dev/full", "w");
    try {
      for (const args of [["export", "--format", "csv"], ["search", "reclami"], ["review"]]) {
        const r = spawnSync(process.execPath, [BIN, ...args, "--db", db], { stdio: ["ignore", full, "pipe"], encoding: "utf8" });
        expect(r.status, args.join(" ")).toBe(3);
        expect(r.stderr, args.join(" ")).toBe("charters: cannot write standard output: no space left on device (ENOSPC)\n");
      }
    } finally {
      closeSync(full);
    }
  });

  it("an alias whose label has no letter is refused (exit 2)", () => {
    const dir = tempDir();
    const db = join(dir, "c.sqlite");
    expect(cli(["import", XLSX, "--db", db]).status).toBe(0);
    for (const label of ["%", "_", "12 %"]) {
      const r = cli(["alias", "dimension", label, "equita", "--db", db]);
      expect(r.status, label).toBe(2);
      expect(r.stderr, label).toMatch(/has no letter/);
    }
    expect(cli(["alias", "--list", "--format", "jsonl", "--db", db]).stdout).toBe("");
  });
});
