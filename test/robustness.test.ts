/**
 * Runs that must survive the real world: bad files in the batch, a kill -9 in the middle,
 * an analyst reading while the import writes, and hundreds of mutated fixtures. Each
 * uses the real CLI in a child process and a real SQLite file.
 */
import Database from "better-sqlite3";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync, crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildArchive, fixtureFiles } from "./helpers/archive.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const BIN = join(import.meta.dirname, "..", "bin", "charters.js");
const BAD = join(import.meta.dirname, "..", "fixtures", "bad");

function cli(args: string[], timeout = 240_000) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout, maxBuffer: 64 * 1024 * 1024 });
  const lines = r.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, lines, summary: lines.at(-1) as Record<string, unknown> & { failures: { path: string; reason: string }[] }, stderr: r.stderr };
}

/** A zip whose one entry inflates from a few hundred KiB to 300 MiB. */
function zipBomb(): Buffer {
  const name = Buffer.from("xl/worksheets/sheet1.xml");
  const raw = Buffer.alloc(300 * 1024 * 1024, 0x20);
  const data = deflateRawSync(raw, { level: 9 });
  const crc = crc32(raw);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(raw.length, 22); local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(raw.length, 24); central.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12); end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

function readViews(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    // Row ids (document_id, service_id, indicator_id) depend on the order files were written in.
    const strip = (rows: Record<string, unknown>[]) =>
      rows.map(({ document_id: _d, service_id: _s, indicator_id: _i, ...r }) => ({ ...r, source_path: String(r.source_path).split("/").slice(-2).join("/") }));
    return {
      services: strip(db.prepare("SELECT * FROM v_services ORDER BY source_path, service_name").all() as Record<string, unknown>[]),
      indicators: strip(db.prepare("SELECT * FROM v_indicators ORDER BY source_path, service_name, description, formula, target_raw").all() as Record<string, unknown>[]),
      current: db.prepare("SELECT count(*) n, count(DISTINCT source_path) d FROM documents WHERE current = 1").get(),
      integrity: db.pragma("integrity_check", { simple: true }),
      foreignKeys: db.pragma("foreign_key_check"),
    };
  } finally {
    db.close();
  }
}

describe("bad files do not stop the batch", () => {
  it("records each bad file with a clear reason and imports the rest", () => {
    const dir = tempDir();
    const pdf = join(CORPUS, "c03-cliclavoro-2020", "charter.pdf");
    writeFileSync(join(dir, "empty.xlsx"), "");
    writeFileSync(join(dir, "truncated.pdf"), readFileSync(pdf).subarray(0, 9000));
    copyFileSync(join(BAD, "encrypted.pdf"), join(dir, "encrypted.pdf"));
    writeFileSync(join(dir, "random.pdf"), Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 2654435761) % 251)));
    copyFileSync(pdf, join(dir, "printed.xlsx")); // a PDF named .xlsx: read as the PDF it is
    writeFileSync(join(dir, "bomb.xlsx"), zipBomb());
    writeFileSync(join(dir, "huge.txt"), Buffer.alloc(50 * 1024 * 1024, "Dimensioni\tSottodimensioni\tDescrizione indicatore\tFormula\n"));
    copyFileSync(join(BAD, "scanned.pdf"), join(dir, "scanned.pdf"));
    copyFileSync(join(BAD, "not-a-charter.pdf"), join(dir, "not-a-charter.pdf"));
    copyFileSync(join(CORPUS, "c05-genova-urp-2020", "charter.xlsx"), join(dir, "good.xlsx"));
    const db = join(dir, "c.sqlite");
    const r = cli(["import", dir, "--db", db, "--log-format", "json"]);
    expect(r.status).toBe(1);
    const reasons = Object.fromEntries(r.summary.failures.map((f) => [f.path.split("/").pop(), f.reason]));
    expect(reasons["empty.xlsx"]).toMatch(/empty file/);
    expect(reasons["truncated.pdf"]).toMatch(/corrupt|truncated/);
    expect(reasons["encrypted.pdf"]).toMatch(/encrypted/);
    expect(reasons["random.pdf"]).toMatch(/corrupt|unsupported|no parser/);
    expect(reasons["bomb.xlsx"]).toMatch(/zip bomb|expands/);
    expect(reasons["huge.txt"]).toMatch(/too large/);
    expect(reasons["scanned.pdf"]).toMatch(/no text layer/);
    expect(reasons["not-a-charter.pdf"]).toMatch(/no charter table/);
    expect(Object.keys(reasons).sort()).toEqual(["bomb.xlsx", "empty.xlsx", "encrypted.pdf", "huge.txt", "not-a-charter.pdf", "random.pdf", "scanned.pdf", "truncated.pdf"]);
    expect(r.summary).toMatchObject({ files: 10, new: 2, failed: 8 });
    const v = readViews(db);
    expect(v.services.map((s) => String(s.source_path).split("/").pop()).sort()).toEqual(["good.xlsx", "printed.xlsx"]);
    expect(v.integrity).toBe("ok");
    const d = new Database(db, { readonly: true });
    const run = d.prepare("SELECT status, files, new, failed FROM runs").get();
    expect(run).toEqual({ status: "completed", files: 10, new: 2, failed: 8 });
    expect(d.prepare("SELECT count(*) n FROM run_failures").get()).toEqual({ n: 8 });
    d.close();
  });

  it("recognises the same content under a second path as a duplicate, not a second import", () => {
    const dir = tempDir();
    const src = join(CORPUS, "c02-servizi-lavoro-2021", "charter.xlsx");
    copyFileSync(src, join(dir, "a.xlsx"));
    copyFileSync(src, join(dir, "b.xlsx"));
    const db = join(dir, "c.sqlite");
    const first = cli(["import", dir, "--db", db, "--log-format", "json"]);
    expect(first.summary).toMatchObject({ new: 1, duplicate: 1 });
    const again = cli(["import", dir, "--db", db, "--log-format", "json"]);
    expect(again.summary).toMatchObject({ new: 0, duplicate: 0, unchanged: 2 });
    expect(readViews(db).services).toHaveLength(1);
  });

  it("imports a duplicate on its own once its original's file changes, in the same run or a later one", () => {
    const first = join(CORPUS, "c02-servizi-lavoro-2021", "charter.xlsx");
    const second = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");
    const services = (db: string) => readViews(db).services.map((s) => `${String(s.source_path).split("/").pop()} ${(s as Record<string, unknown>).service_name}`).sort();
    /** Which of the two paths holds the import and which is the duplicate (workers finish in either order). */
    const roles = (db: string) => {
      const d = new Database(db, { readonly: true });
      const rows = d.prepare("SELECT source_path, status FROM documents WHERE current = 1").all() as { source_path: string; status: string }[];
      d.close();
      return { original: rows.find((r) => r.status === "success")!.source_path, duplicate: rows.find((r) => r.status === "duplicate")!.source_path };
    };
    const rewrite = (path: string) => {
      copyFileSync(second, path);
      utimesSync(path, new Date(), new Date(Date.now() + 5000));
    };

    // In one run: the original's file changes; the duplicate's content must stay in the dataset, under its own path.
    const dir = tempDir();
    copyFileSync(first, join(dir, "a.xlsx"));
    copyFileSync(first, join(dir, "b.xlsx"));
    const db = join(dir, "c.sqlite");
    expect(cli(["import", dir, "--db", db, "--log-format", "json"]).summary).toMatchObject({ new: 1, duplicate: 1 });
    const { original, duplicate } = roles(db);
    const name = (p: string) => p.split("/").pop()!;
    const content = services(db).map((s) => s.slice(s.indexOf(" ") + 1));
    expect(content).toHaveLength(1);
    rewrite(original);
    const run = cli(["import", dir, "--db", db, "--log-format", "json"]);
    expect(run.summary).toMatchObject({ files: 2, updated: 2, unchanged: 0, duplicate: 0, failed: 0 });
    const after = services(db);
    expect(after.filter((s) => s.startsWith(`${name(duplicate)} `))).toEqual(content.map((c) => `${name(duplicate)} ${c}`));
    expect(after.filter((s) => s.startsWith(`${name(original)} `)).length).toBeGreaterThan(0);
    expect(cli(["import", dir, "--db", db, "--log-format", "json"]).summary).toMatchObject({ unchanged: 2 });

    // Over two runs: the original changes in a run that leaves the duplicate out; the next
    // run that includes the duplicate imports it, though its size and mtime did not move.
    const dir2 = tempDir();
    mkdirSync(join(dir2, "x"));
    copyFileSync(first, join(dir2, "x", "a.xlsx"));
    const db2 = join(dir2, "c.sqlite");
    expect(cli(["import", join(dir2, "x"), "--db", db2, "--log-format", "json"]).summary).toMatchObject({ new: 1 });
    mkdirSync(join(dir2, "y"));
    copyFileSync(first, join(dir2, "y", "b.xlsx"));
    expect(cli(["import", join(dir2, "y"), "--db", db2, "--log-format", "json"]).summary).toMatchObject({ duplicate: 1 });
    rewrite(join(dir2, "x", "a.xlsx"));
    expect(cli(["import", join(dir2, "x"), "--db", db2, "--log-format", "json"]).summary).toMatchObject({ files: 1, updated: 1 });
    expect(services(db2).filter((s) => s.startsWith("b.xlsx "))).toEqual([]);
    expect(cli(["import", join(dir2, "y"), "--db", db2, "--log-format", "json"]).summary).toMatchObject({ files: 1, updated: 1, unchanged: 0 });
    expect(services(db2).filter((s) => s.startsWith("b.xlsx "))).toEqual(content.map((c) => `b.xlsx ${c}`));
  });
});

describe("a killed run", () => {
  it("ends, when started again, with the same database as one clean run", async () => {
    const dir = tempDir();
    const archive = join(dir, "archive");
    const files = buildArchive(archive, 160);
    const killed = join(dir, "killed.sqlite");
    const clean = join(dir, "clean.sqlite");

    // Start an import and kill -9 it once a good part of the files is committed.
    const child = spawn(process.execPath, [BIN, "import", archive, "--db", killed, "--log-format", "json"], { stdio: ["ignore", "pipe", "pipe"] });
    let seen = 0;
    let buffer = "";
    const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        seen += (chunk.toString().match(/"event":"file"/g) ?? []).length;
        if (seen >= files.length * 0.3 && !child.killed) child.kill("SIGKILL");
      });
      child.on("exit", (code, signal) => resolve({ code, signal }));
    });
    expect(outcome.signal).toBe("SIGKILL");
    expect(seen).toBeLessThan(files.length);

    const resumed = cli(["import", archive, "--db", killed, "--log-format", "json"]);
    expect(resumed.status).toBe(0);
    expect(Number(resumed.summary.unchanged)).toBeGreaterThan(0);
    expect(cli(["import", archive, "--db", clean, "--log-format", "json"]).status).toBe(0);

    const a = readViews(killed);
    const b = readViews(clean);
    expect(a.integrity).toBe("ok");
    expect(a.foreignKeys).toEqual([]);
    expect(a.current).toEqual(b.current);
    expect(a.services).toEqual(b.services);
    expect(a.indicators).toEqual(b.indicators);
    const runs = new Database(killed, { readonly: true }).prepare("SELECT status FROM runs ORDER BY id").all();
    expect(runs).toEqual([{ status: "interrupted" }, { status: "completed" }]);
  }, 180_000); // three imports of 160 files, on a loaded 2-core machine
});

describe("an analyst reading during an import", () => {
  it("sees consistent data: a stable snapshot inside a read, never half a document", async () => {
    const dir = tempDir();
    const archive = join(dir, "archive");
    buildArchive(archive, 120);
    const dbPath = join(dir, "c.sqlite");
    expect(cli(["import", join(CORPUS, "c05-genova-urp-2020", "charter.xlsx"), "--db", dbPath, "--log-format", "json"]).status).toBe(0);

    const reader = new Database(dbPath, { readonly: true });
    const count = reader.prepare("SELECT count(*) n FROM v_indicators");
    const orphans = reader.prepare(`SELECT count(*) n FROM documents d WHERE d.current = 1 AND d.status IN ('success', 'partial')
      AND NOT EXISTS (SELECT 1 FROM services s WHERE s.document_id = d.id)`);
    const child = spawn(process.execPath, [BIN, "import", archive, "--db", dbPath, "--log-format", "json"], { stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));

    // One read transaction held open while the writer commits: its snapshot does not move.
    reader.exec("BEGIN");
    const before = (count.get() as { n: number }).n;
    let running = true;
    void exited.then(() => (running = false));
    let checks = 0;
    while (running) {
      expect((count.get() as { n: number }).n).toBe(before);
      await new Promise((r) => setTimeout(r, 25));
      checks++;
    }
    reader.exec("COMMIT");
    expect(await exited).toBe(0);
    expect(checks).toBeGreaterThan(3);

    // Fresh reads while a second import writes: every document visible is whole.
    const child2 = spawn(process.execPath, [BIN, "import", archive, join(CORPUS), "--db", dbPath, "--log-format", "json"], { stdio: "ignore" });
    const exited2 = new Promise<number | null>((resolve) => child2.on("exit", resolve));
    let done = false;
    void exited2.then(() => (done = true));
    while (!done) {
      expect((orphans.get() as { n: number }).n).toBe(0);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((count.get() as { n: number }).n).toBeGreaterThan(before);
    reader.close();
  });
});

describe("fuzz", () => {
  it("imports 500 mutated fixtures without crashing or corrupting the database", () => {
    const dir = tempDir();
    const sources = fixtureFiles();
    let seed = 20261122;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 500; i++) {
      const src = readFileSync(sources[i % sources.length]);
      const b = Buffer.from(src);
      const mode = i % 5;
      let out: Buffer;
      if (mode === 0) {
        for (let k = 0; k < 1 + Math.floor(rand() * 20); k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
        out = b;
      } else if (mode === 1) out = b.subarray(0, Math.floor(rand() * b.length));
      else if (mode === 2) {
        const at = Math.floor(rand() * b.length);
        out = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256))), b.subarray(at)]);
      } else if (mode === 3) {
        const at = Math.floor(rand() * b.length);
        b.fill(0, at, Math.min(b.length, at + 1 + Math.floor(rand() * 4096)));
        out = b;
      } else {
        const at = Math.floor(rand() * b.length);
        const len = Math.floor(rand() * 2048);
        out = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + len))]);
      }
      writeFileSync(join(dir, `m${String(i).padStart(3, "0")}${sources[i % sources.length].slice(sources[i % sources.length].lastIndexOf("."))}`), out);
    }
    const db = join(dir, "fuzz.sqlite");
    const r = cli(["import", dir, "--db", db, "--log-format", "json", "--file-timeout", "20"], 400_000);
    expect([0, 1]).toContain(r.status);
    expect(r.stderr).toBe("");
    const s = r.summary;
    expect(s.files).toBe(500);
    expect(Number(s.new) + Number(s.duplicate) + Number(s.failed) + Number(s.unchanged) + Number(s.updated)).toBe(500);
    expect(s.failures.every((f) => f.reason.length > 5)).toBe(true);
    const v = readViews(db);
    expect(v.integrity).toBe("ok");
    expect(v.foreignKeys).toEqual([]);
    const d = new Database(db, { readonly: true });
    expect(d.prepare("SELECT count(*) n FROM documents WHERE current = 1").get()).toEqual({ n: 500 });
    d.close();
  }, 420_000);
});
