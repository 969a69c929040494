/**
 * Build archives of unique, still valid charter files from the fixtures, for tests that
 * need many files (kill, reader, fuzz). Each copy's content differs (the importer
 * skips same-content duplicates) in a way its format ignores.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { kindOf, vary } from "../../scripts/lib/variants.js";
import { CORPUS, QUIRKS } from "./gold.js";

/** Every fixture charter file (xlsx, xls, ods, pdf, txt), sorted. */
export function fixtureFiles(): string[] {
  const out: string[] = [];
  for (const root of [CORPUS, QUIRKS]) {
    for (const id of readdirSync(root)) {
      const dir = join(root, id);
      if (!existsSync(join(dir, "gold.json"))) continue;
      // the spreadsheets, their PDFs and text exports; the documents' prints (Chromium, Writer)
      // are read by the PDF and contract tests, and would make these archives slower, not wider
      for (const f of readdirSync(dir)) if (/\.(xlsx|xls|ods|pdf|txt)$/.test(f) && !/(chromium|writer)[^/]*\.pdf$/.test(f)) out.push(join(dir, f));
    }
  }
  return out.sort();
}

/** A copy of a charter file whose bytes differ by `n`, still valid in its format. */
export function variant(path: string, n: number): Buffer {
  const kind = kindOf(path);
  if (!kind) throw new Error(`no variant strategy for ${path}`);
  return vary(readFileSync(path), kind, n);
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
