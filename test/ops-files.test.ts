/**
 * The file system as nightly runs meet it: names that are not UTF-8, folders and files that
 * cannot be read, symbolic links and their loops, files left out. Each through the real CLI.
 */
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cli } from "./helpers/cli.js";
import { CORPUS } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const XLSX_A = join(CORPUS, "c05-genova-urp-2020", "charter.xlsx");
const XLSX_B = join(CORPUS, "c03-cliclavoro-2020", "charter.xlsx");
const XLSX_C = join(CORPUS, "c02-servizi-lavoro-2021", "charter.xlsx");

/** How to run the import where permissions apply: as this user, or as nobody when this is root (root reads any folder). */
function unprivileged(dir: string): { command?: string[]; skip?: string } {
  if (process.getuid?.() !== 0) return {};
  const prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
  const probe = spawnSync(prefix[0], [...prefix.slice(1), process.execPath, "-e", `require("fs").accessSync(${JSON.stringify(BIN)}); require("fs").accessSync(${JSON.stringify(dir)}, 5)`]);
  if (probe.error) return { skip: "running as root, which reads every folder, and setpriv is not installed to run the import as another user" };
  if (probe.status !== 0) return { skip: "running as root, which reads every folder, and user nobody cannot read the build or the temporary folder" };
  return { command: prefix };
}

describe("file names that are not UTF-8", () => {
  it("imports two charters whose ISO-8859-1 names differ in one byte, each under its own path, which opens again", () => {
    const dir = tempDir();
    const folder = join(dir, "archivio");
    mkdirSync(folder);
    const nameA = Buffer.concat([Buffer.from(`${folder}/carta-`), Buffer.of(0xe0), Buffer.from(".xlsx")]); // "à" in ISO-8859-1
    const nameB = Buffer.concat([Buffer.from(`${folder}/carta-`), Buffer.of(0xe8), Buffer.from(".xlsx")]); // "è"
    writeFileSync(nameA, readFileSync(XLSX_A));
    writeFileSync(nameB, readFileSync(XLSX_B));
    const db = join(dir, "c.sqlite");
    const r = cli(["import", folder, "--db", db, "--log-format", "json"]);
    expect(r.status).toBe(0);
    expect(r.summary).toMatchObject({ files: 2, new: 2, failed: 0 });
    const events = r.lines.filter((l) => l.event === "file");
    expect(events.map((e) => e.pathHex).sort()).toEqual([nameA.toString("hex"), nameB.toString("hex")]);
    const d = new Database(db, { readonly: true });
    const rows = d.prepare("SELECT source_path, source_path_bytes FROM documents WHERE current = 1 ORDER BY source_path").all() as { source_path: string; source_path_bytes: Buffer }[];
    d.close();
    expect(rows.map((x) => x.source_path)).toEqual([`${folder}/carta-\\xe0.xlsx`, `${folder}/carta-\\xe8.xlsx`]);
    // The stored bytes open the very file again.
    expect(readFileSync(rows[0].source_path_bytes)).toEqual(readFileSync(XLSX_A));
    expect(readFileSync(rows[1].source_path_bytes)).toEqual(readFileSync(XLSX_B));
    // And a second run settles both as unchanged.
    expect(cli(["import", folder, "--db", db, "--log-format", "json"]).summary).toMatchObject({ unchanged: 2, new: 0 });
  });
});

describe("what cannot be read", () => {
  it("fails an unreadable folder and an unreadable file alone, with their reasons, and imports the rest (exit 1)", (ctx) => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const how = unprivileged(dir);
    if (how.skip) return ctx.skip(how.skip);
    const root = join(dir, "in");
    mkdirSync(join(root, "ok"), { recursive: true });
    mkdirSync(join(root, "locked"));
    copyFileSync(XLSX_A, join(root, "ok", "a.xlsx"));
    copyFileSync(XLSX_B, join(root, "locked", "b.xlsx"));
    copyFileSync(XLSX_C, join(root, "ok", "secret.xlsx"));
    chmodSync(join(root, "locked"), 0o000);
    chmodSync(join(root, "ok", "secret.xlsx"), 0o000);
    const out = join(dir, "out");
    mkdirSync(out, { mode: 0o777 });
    chmodSync(out, 0o777);
    try {
      const r = cli(["import", root, "--db", join(out, "c.sqlite"), "--log-format", "json"], { command: how.command });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(1);
      expect(r.summary).toMatchObject({ new: 1, failed: 2 });
      const byName = Object.fromEntries(r.summary.failures.map((f) => [f.path.split("/").pop(), f]));
      expect(byName.locked).toMatchObject({ folder: true, known: false });
      expect(byName.locked.reason).toMatch(/cannot read the folder: permission denied \(EACCES\)/);
      expect(byName["secret.xlsx"].reason).toMatch(/cannot read the file: permission denied \(EACCES\)/);
    } finally {
      chmodSync(join(root, "locked"), 0o755);
    }
  });

  it("never opens a FIFO found in a folder, and counts it", () => {
    const dir = tempDir();
    copyFileSync(XLSX_A, join(dir, "a.xlsx"));
    const made = spawnSync("mkfifo", [join(dir, "pipe.pdf")]);
    expect(made.status).toBe(0);
    const r = cli(["import", dir, "--db", join(tempDir(), "c.sqlite"), "--log-format", "json"], { timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.summary).toMatchObject({ files: 1, new: 1, skipped: { "not a regular file": 1 } });
  });
});

describe("symbolic links", () => {
  function tree() {
    const dir = tempDir();
    const root = join(dir, "in");
    mkdirSync(join(root, "sub"), { recursive: true });
    mkdirSync(join(dir, "elsewhere"));
    mkdirSync(join(dir, "shared"));
    copyFileSync(XLSX_A, join(root, "sub", "a.xlsx"));
    copyFileSync(XLSX_B, join(dir, "elsewhere", "b.xlsx"));
    copyFileSync(XLSX_C, join(dir, "shared", "c.xlsx"));
    symlinkSync(join(dir, "elsewhere", "b.xlsx"), join(root, "linked.xlsx")); // a link to a file
    symlinkSync(join(dir, "shared"), join(root, "shared")); // a link to a folder
    symlinkSync("..", join(root, "sub", "up")); // a loop
    symlinkSync(join(dir, "nowhere.xlsx"), join(root, "broken.xlsx"));
    return { dir, root };
  }

  it("are followed once: files and folders through links are imported, a loop and a broken link are reported", () => {
    const { dir, root } = tree();
    const r = cli(["import", root, "--db", join(dir, "c.sqlite"), "--log-format", "json"]);
    expect(r.status).toBe(0);
    expect(r.summary).toMatchObject({ files: 3, new: 3, failed: 0, symlinks: 2 });
    const paths = r.lines.filter((l) => l.event === "file").map((l) => String(l.path).slice(root.length + 1)).sort();
    expect(paths).toEqual(["linked.xlsx", "shared/c.xlsx", "sub/a.xlsx"]);
    const warnings = r.lines.filter((l) => l.event === "warning").map((l) => String(l.message));
    expect(warnings.find((w) => w.includes("sub/up"))).toMatch(/symbolic link loop/);
    expect(warnings.find((w) => w.includes("broken.xlsx"))).toMatch(/broken symbolic link/);
  });

  it("are left out, and counted, with --no-follow", () => {
    const { dir, root } = tree();
    const r = cli(["import", root, "--db", join(dir, "c.sqlite"), "--log-format", "json", "--no-follow"]);
    expect(r.status).toBe(0);
    expect(r.summary).toMatchObject({ files: 1, new: 1, symlinks: 0, skipped: { "symbolic link": 4 } });
  });
});

describe("files left out and empty runs", () => {
  it("counts the files skipped for their extension, and fails a folder where no file is found (a warning with --allow-empty)", () => {
    const dir = tempDir();
    const root = join(dir, "in");
    mkdirSync(root);
    // .jpg, .png and .tif are read (scans, by OCR); other images are skipped
    writeFileSync(join(root, "photo.gif"), "x");
    writeFileSync(join(root, "scan.GIF"), "x");
    writeFileSync(join(root, "bundle.zip"), "x");
    writeFileSync(join(root, ".hidden.xlsx"), "x");
    const text = spawnSync(process.execPath, [BIN, "import", root, "--db", join(dir, "c.sqlite"), "--log-format", "text"], { encoding: "utf8" });
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/skipped 4 files: \.gif 2, \.zip 1, hidden 1/);
    expect(text.stdout).toMatch(/failed: .*in \(folder\): no charter file in this folder/);
    const allowed = spawnSync(process.execPath, [BIN, "import", root, "--db", join(dir, "c.sqlite"), "--log-format", "text", "--allow-empty"], { encoding: "utf8" });
    expect(allowed.status).toBe(0);
    expect(allowed.stderr).toMatch(/warning: .*in: no charter file in this folder/);
    const json = cli(["import", root, "--db", join(dir, "c.sqlite"), "--log-format", "json", "--allow-empty"]);
    expect(json.status).toBe(0);
    expect(json.lines.find((l) => l.event === "warning")?.message).toMatch(/no charter file in this folder/);
    expect(json.summary).toMatchObject({ files: 0, skipped: { ".gif": 2, ".zip": 1, hidden: 1 } });
  });
});
