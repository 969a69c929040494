/** The CLI as a user runs it: a real child process of bin/charters.js. */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const BIN = join(import.meta.dirname, "..", "bin", "charters.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });

describe("charters CLI", () => {
  it.each([[[]], [["import"]], [["inspect"]], [["formats"]], [["review"]], [["alias"]], [["report"]], [["search"]], [["export"]], [["metadata"]]])("has help text for %j", (cmd) => {
    const r = cli(...cmd, "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: charters/);
    expect(r.stdout.length).toBeGreaterThan(100);
  });

  it("documents every import option and exit code in its help (docs/operations.md: test/docs.test.ts)", () => {
    const help = cli("import", "--help").stdout;
    const opts = ["--db", "--all-files", "--concurrency", "--file-timeout", "--busy-timeout", "--wait", "--retry-failed", "--reread", "--prune", "--prune-force", "--allow-empty", "--no-ocr", "--no-follow", "--log-format", "--quiet", "--debug"];
    for (const opt of opts) expect(help).toContain(opt);
    const inHelp = new Set(help.slice(help.indexOf("Options:"), help.indexOf("Exit codes")).match(/--[a-z][a-z-]+/g));
    expect([...inHelp].filter((o) => o !== "--help").sort()).toEqual([...opts].sort());
    expect(help).toMatch(/Exit codes:\n  0 .*\n  1 .*\n  2 .*\n  3 [^]*\n  4 .*\n  5 .*\n  130 .*143/);
  });

  it("exits 2 on bad usage, naming the problem in one line and where to look", () => {
    const none = cli("import", CORPUS);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/import needs --db FILE, or the environment variable CHARTERS_DB/);
    const unknown = cli("import", CORPUS, "--db", "x.sqlite", "--frobnicate", "--log-format", "text");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toEqual(["error: unknown option '--frobnicate'", "charters: see `charters import --help`"]);
    expect(cli("import").status).toBe(2);
    expect(cli("import", CORPUS, "--log-format", "xml").status).toBe(2);
    expect(cli("import", CORPUS, "--concurrency", "0").stderr).toMatch(/--concurrency must be a whole number/);
    expect(cli("import", CORPUS, "--file-timeout", "soon").status).toBe(2);
    expect(cli("frobnicate").status).toBe(2);
  });

  it("exits 0 when every file is imported and prints a summary", () => {
    const dir = tempDir();
    const db = join(dir, "out", "c.sqlite");
    const r = cli("import", join(CORPUS, "c02-servizi-lavoro-2021", "charter.xlsx"), "--db", db, "--log-format", "text");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1 files in .*: 1 new, 0 updated, 0 unchanged, 0 duplicate, 0 failed; 8 indicators written/);
  });

  it("inspects one file without a database", () => {
    const r = cli("inspect", join(CORPUS, "c03-cliclavoro-2020", "charter.xls"));
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { parser: string; services: { indicators: unknown[] }[] };
    expect(doc.parser).toBe("xls");
    expect(doc.services[0].indicators).toHaveLength(17);
    const t = cli("inspect", "--table", join(CORPUS, "c05-genova-urp-2020", "source.txt"));
    expect(t.stdout).toMatch(/trasparenza,accessibilita,tempestivita/);
    const bad = cli("inspect", join(import.meta.dirname, "..", "fixtures", "bad", "scanned.pdf"));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no text layer/);
  });

  it("writes JSON lines when its output is not a terminal", () => {
    const dir = tempDir();
    const r = cli("import", join(CORPUS, "c05-genova-urp-2020", "charter.xlsx"), "--db", join(dir, "c.sqlite"));
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { event: string });
    expect(events.map((e) => e.event)).toEqual(["start", "file", "summary"]);
  });

  it("exits 1 when a file fails, and still imports the others (JSON log lines)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "noise.xlsx"), "not a workbook at all\n");
    const r = cli("import", join(dir, "noise.xlsx"), join(CORPUS, "c05-genova-urp-2020", "charter.xls"), "--db", join(dir, "c.sqlite"), "--log-format", "json");
    expect(r.status).toBe(1);
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = events.at(-1)!;
    expect(summary).toMatchObject({ event: "summary", new: 1, failed: 1 });
    expect((summary.failures as { reason: string }[])[0].reason).toMatch(/unsupported/);
  });
});
