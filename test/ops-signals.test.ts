/**
 * SIGTERM and SIGINT sent to a real import mid-run: it stops taking files, commits what is
 * parsed, records the run as interrupted, prints the summary and how to resume, and exits
 * 143 / 130. Starting the same command again completes the work.
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildArchive } from "./helpers/archive.js";
import { cli, cliChild, filesSeen } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

describe.each([
  ["SIGTERM", 143],
  ["SIGINT", 130],
] as const)("%s mid-run", (signal, code) => {
  it(`commits what is parsed, records the run as interrupted, says how to resume, exits ${code}`, async () => {
    const dir = tempDir();
    const archive = join(dir, "archive");
    const files = buildArchive(archive, 60);
    const db = join(dir, "c.sqlite");
    const run = cliChild(["import", archive, "--db", db, "--log-format", "json", "--concurrency", "1"]);
    await run.until((l) => filesSeen(l) >= 10);
    run.child.kill(signal);
    const r = await run.ended;
    expect(r.signal).toBeNull();
    expect(r.status).toBe(code);
    expect(r.summary).toMatchObject({ status: "interrupted", interrupted: signal });
    const done = filesSeen(r.lines);
    expect(done).toBeGreaterThanOrEqual(10);
    expect(done).toBeLessThan(files.length);
    expect(r.summary.notDone).toBe(files.length - done);
    expect(r.stderr).toMatch(new RegExp(`${signal}: stopping`));
    expect(r.stderr).toMatch(/run the same command again to resume/);

    const d = new Database(db, { readonly: true });
    expect(d.prepare("SELECT status, error FROM runs").all()).toEqual([{ status: "interrupted", error: `interrupted by ${signal}` }]);
    // Every file reported was committed, and nothing else.
    expect(d.prepare("SELECT count(*) n FROM documents WHERE current = 1").get()).toEqual({ n: done });
    d.close();

    const resumed = cli(["import", archive, "--db", db, "--log-format", "json"]);
    expect(resumed.status).toBe(0);
    expect(resumed.summary).toMatchObject({ unchanged: done, files: files.length, failed: 0 });
    const after = new Database(db, { readonly: true });
    expect(after.prepare("SELECT count(*) n FROM documents WHERE current = 1").get()).toEqual({ n: files.length });
    expect(after.pragma("integrity_check", { simple: true })).toBe("ok");
    after.close();
  }, 120_000);
});
