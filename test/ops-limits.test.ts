/**
 * Inputs that never end or never stop growing, each through the real CLI under a watchdog
 * (memory high-water mark from /proc, a time limit) so that a regression fails instead of
 * hanging CI: a link to /proc/self/pagemap (size 0, endless), FIFOs and devices, a PDF stream
 * that inflates to 4 GiB, zip entries that hold more than they declare, --concurrency 100000.
 */
import { appendFileSync, copyFileSync, mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pdfBomb, zipBombLying } from "../scripts/lib/hostile.js";
import { readUserFile, readUserFileSync, RefusedFile } from "../src/pipeline/read-file.js";
import { MAX_FILE_BYTES } from "../src/pipeline/limits.js";
import { cli, cliWatched } from "./helpers/cli.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const XLSX = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");
const GiB = 1024 * 1024 * 1024;
const reasonOf = (failures: { path: string; reason: string }[], end: string) => failures.find((f) => f.path.endsWith(end))?.reason;

describe("files that never end", () => {
  it("refuses a link to /proc/self/pagemap, the file itself, a FIFO and /dev/zero, each failed alone with a reason, nothing read", async () => {
    const dir = tempDir();
    const root = join(dir, "in");
    mkdirSync(root);
    copyFileSync(XLSX, join(root, "good.xlsx"));
    symlinkSync("/proc/self/pagemap", join(root, "pagemap.pdf"));
    const fifo = join(dir, "named.pdf");
    execFileSync("mkfifo", [fifo]);
    const db = join(dir, "c.sqlite");
    const r = await cliWatched(["import", root, "/proc/self/pagemap", fifo, "/dev/zero", "--db", db, "--log-format", "json"], { maxMb: 2048, timeoutMs: 120_000 });
    expect(r.killed).toBeNull();
    expect(r.status).toBe(1);
    expect(r.summary).toMatchObject({ files: 5, new: 1, failed: 4, status: "completed" });
    const f = r.summary.failures;
    expect(reasonOf(f, "in/pagemap.pdf")).toMatch(/kernel's proc file system.*not read/);
    expect(reasonOf(f, "/proc/self/pagemap")).toMatch(/kernel's proc file system.*not read/);
    expect(reasonOf(f, "named.pdf")).toMatch(/not a regular file.*not read/);
    expect(reasonOf(f, "/dev/zero")).toMatch(/not a regular file.*not read/);
    expect(r.peakMb).toBeLessThan(2048);
    // Refused again on the next run (a read error, not a settled failure), as quickly.
    const again = await cliWatched(["import", root, "--db", db, "--log-format", "json"], { maxMb: 2048, timeoutMs: 120_000 });
    expect(again.killed).toBeNull();
    expect(again.summary).toMatchObject({ unchanged: 1, failed: 1 });
  });

  it("inspect and alias --import refuse a FIFO, a device and /proc/self/pagemap in one line (exit 2) instead of hanging", async () => {
    const dir = tempDir();
    const fifo = join(dir, "fifo.json");
    execFileSync("mkfifo", [fifo]);
    const db = join(dir, "c.sqlite");
    expect(cli(["import", XLSX, "--db", db]).status).toBe(0);
    const runs = [
      ["inspect", fifo],
      ["inspect", "/dev/zero"],
      ["inspect", "/proc/self/pagemap"],
      ["alias", "--import", "/dev/zero", "--db", db],
      ["alias", "--import", fifo, "--db", db],
      ["alias", "--import", "/proc/self/pagemap", "--db", db],
    ];
    for (const args of runs) {
      const r = await cliWatched(args, { maxMb: 1024, timeoutMs: 30_000 });
      expect(r.killed, args.join(" ")).toBeNull();
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr).toMatch(/not a regular file|kernel's proc file system/);
    }
  });

  it("checks the limit against the bytes actually read, not the size stat gave", async () => {
    const dir = tempDir();
    const path = join(dir, "growing.txt");
    writeFileSync(path, Buffer.alloc(1000, 0x41));
    const before = statSync(path);
    appendFileSync(path, Buffer.alloc(5000, 0x41)); // it grew after the stat the caller took
    expect(() => readUserFileSync(path, 2000, before)).toThrow(RefusedFile);
    expect(() => readUserFileSync(path, 2000, before)).toThrow(/more than 2000 bytes/);
    await expect(readUserFile(path, 2000, before)).rejects.toThrow(/more than 2000 bytes/);
    // Within the limit, every byte is read (not only the size stat gave), into a buffer that owns its memory.
    const all = readUserFileSync(path, MAX_FILE_BYTES, before);
    expect(all.length).toBe(6000);
    expect((await readUserFile(path, MAX_FILE_BYTES)).length).toBe(6000);
    const exact = readUserFileSync(path, MAX_FILE_BYTES);
    expect(exact.byteLength).toBe(exact.buffer.byteLength);
  });
});

describe("decompression bombs", () => {
  it("fails a PDF whose content stream inflates to 4 GiB alone, with a reason, the process under 1.5 GB", async () => {
    const dir = tempDir();
    const bomb = pdfBomb(4 * GiB);
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024); // about 4 MB on disk
    writeFileSync(join(dir, "bomb.pdf"), bomb);
    copyFileSync(XLSX, join(dir, "good.xlsx"));
    const r = await cliWatched(["import", dir, "--db", join(dir, "c.sqlite"), "--log-format", "json", "--concurrency", "2"], { maxMb: 1536, timeoutMs: 120_000 });
    expect(r.killed).toBeNull();
    expect(r.status).toBe(1);
    expect(r.summary).toMatchObject({ new: 1, failed: 1 });
    expect(reasonOf(r.summary.failures, "bomb.pdf")).toMatch(/more than 256 MiB of memory outside the heap.*decompression bomb/);
    expect(r.peakMb).toBeLessThan(1536);
  });

  it("inspect holds the same bound (exit 1, the reason)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bomb.pdf"), pdfBomb(4 * GiB));
    const r = await cliWatched(["inspect", join(dir, "bomb.pdf")], { maxMb: 1536, timeoutMs: 120_000 });
    expect(r.killed).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^charters: .*bomb\.pdf: refused: parsing it needs more than 256 MiB .*decompression bomb\?\)$/); // one line, no stack
    expect(r.peakMb).toBeLessThan(1536);
  });

  it("fails Word and Excel files whose zip entry inflates past what it declares, before any library inflates it", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bomb.docx"), zipBombLying("word/document.xml", 4 * GiB));
    writeFileSync(join(dir, "bomb.xlsx"), zipBombLying("xl/workbook.xml", 4 * GiB));
    const r = await cliWatched(["import", dir, "--db", join(dir, "c.sqlite"), "--log-format", "json"], { maxMb: 1536, timeoutMs: 120_000 });
    expect(r.killed).toBeNull();
    expect(r.summary).toMatchObject({ failed: 2 });
    expect(reasonOf(r.summary.failures, "bomb.docx")).toMatch(/zip entry holds more than the 1000 bytes it declares/);
    expect(reasonOf(r.summary.failures, "bomb.xlsx")).toMatch(/zip entry holds more than the 1000 bytes it declares/);
  });
});

describe("--concurrency", () => {
  it("is refused past four threads per core, in one line (exit 2), before any thread starts", () => {
    const dir = tempDir();
    const r = cli(["import", XLSX, "--db", join(dir, "c.sqlite"), "--concurrency", "100000"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--concurrency must be at most \d+ \(4 per core/);
  });
});
