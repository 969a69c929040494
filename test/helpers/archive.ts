/**
 * Build archives of unique, still valid charter files from the fixtures, for tests that
 * need many files (kill, reader, fuzz). Each copy's content differs (the importer
 * skips same-content duplicates) in a way its format ignores.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { extname, join } from "node:path";
import { CORPUS, QUIRKS } from "./gold.js";

/** Every fixture charter file (xlsx, xls, ods, pdf, txt), sorted. */
export function fixtureFiles(): string[] {
  const out: string[] = [];
  for (const root of [CORPUS, QUIRKS]) {
    for (const id of readdirSync(root)) {
      const dir = join(root, id);
      if (!existsSync(join(dir, "gold.json"))) continue;
      for (const f of readdirSync(dir)) if (/\.(xlsx|xls|ods|pdf|txt)$/.test(f)) out.push(join(dir, f));
    }
  }
  return out.sort();
}

/** Set a zip's archive comment (end-of-central-directory record): same entries, other bytes. */
export function withZipComment(b: Buffer, comment: string): Buffer {
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65557); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      const head = Buffer.from(b.subarray(0, i + 22));
      const c = Buffer.from(comment, "latin1");
      head.writeUInt16LE(c.length, i + 20);
      return Buffer.concat([head, c]);
    }
  }
  throw new Error("not a zip");
}

/** A copy of a charter file whose bytes differ by `n`, still valid in its format. */
export function variant(path: string, n: number): Buffer {
  const b = readFileSync(path);
  switch (extname(path)) {
    case ".xlsx":
    case ".ods":
      return withZipComment(b, `variant ${n}`);
    case ".pdf":
      return Buffer.concat([b, Buffer.from(`\n%variant ${n}\n`)]);
    case ".xls":
      return Buffer.concat([b, Buffer.alloc(512 * (1 + (n % 4)), n % 251)]);
    default:
      return Buffer.concat([b, Buffer.from("\n" + " ".repeat(1 + n))]);
  }
}

/** Write `count` unique files into nested folders under `dir`, cycling over the fixtures. */
export function buildArchive(dir: string, count: number, filter: (p: string) => boolean = () => true): string[] {
  const sources = fixtureFiles().filter(filter);
  const written: string[] = [];
  for (let i = 0; i < count; i++) {
    const src = sources[i % sources.length];
    const sub = join(dir, `batch-${String(Math.floor(i / 50)).padStart(3, "0")}`);
    mkdirSync(sub, { recursive: true });
    const target = join(sub, `${String(i).padStart(5, "0")}-${src.split("/").slice(-2).join("-")}`);
    if (i < sources.length) copyFileSync(src, target);
    else writeFileSync(target, variant(src, i));
    written.push(target);
  }
  return written;
}
