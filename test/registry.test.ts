/** Routing by content, and clear failures for files nothing can read. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../src/cli/main.js";
import { FORMAT_RANK, FORMATS } from "../src/model/formats.js";
import { UnsupportedFileError } from "../src/model/errors.js";
import { formatLabels, formatsMarkdown, MANIFEST, walkedExtensions } from "../src/parsers/manifest.js";
import { loadParsers, parsers } from "../src/parsers/registry.js";
import { CHARTER_EXTENSIONS } from "../src/pipeline/import.js";
import { readCharter } from "../src/read/charter.js";
import { CORPUS } from "./helpers/gold.js";

const bytesOf = (rel: string) => readFileSync(join(CORPUS, rel));

describe("registry", () => {
  it("routes by content, not by extension", async () => {
    const asPdf = await readCharter({ path: "misnamed.pdf", bytes: bytesOf("c03-cliclavoro-2020/charter.xlsx") });
    expect(asPdf.parser.name).toBe("xlsx");
    const asXlsx = await readCharter({ path: "misnamed.xlsx", bytes: bytesOf("c03-cliclavoro-2020/charter.xls") });
    expect(asXlsx.parser.name).toBe("xls");
    const asCsv = await readCharter({ path: "export.csv", bytes: bytesOf("c03-cliclavoro-2020/source.txt") });
    expect(asCsv.parser.name).toBe("tsv");
  });

  it("lists parsers by priority", () => {
    const ps = parsers();
    expect(ps.map((p) => p.priority)).toEqual([...ps.map((p) => p.priority)].sort((a, b) => a - b));
    expect(ps.map((p) => p.name)).toEqual(expect.arrayContaining(["xlsx", "xls", "ods", "tsv"]));
  });

  it("loads every parser of the manifest, and derives the formats, the walk and the help from it", async () => {
    const loaded = await loadParsers();
    expect(loaded.map((p) => p.name)).toEqual(parsers().map((e) => e.name));
    for (const p of loaded) {
      expect(typeof p.accepts).toBe("function");
      expect(typeof p.parse).toBe("function");
    }
    expect(new Set(MANIFEST.map((e) => e.name)).size).toBe(MANIFEST.length);
    expect([...FORMATS].sort()).toEqual([...new Set(MANIFEST.map((e) => e.format))].sort());
    expect([...FORMAT_RANK].sort()).toEqual([...FORMATS].sort());
    for (const e of MANIFEST) for (const x of e.extensions) expect(CHARTER_EXTENSIONS.has(x), x).toBe(true);
    expect(CHARTER_EXTENSIONS.size).toBe(walkedExtensions().length);
    const program = buildProgram({ out: () => {}, err: () => {}, tty: null });
    expect(program.description()).toContain(`(${formatLabels()})`);
    const allFiles = program.commands.find((c) => c.name() === "import")!.options.find((o) => o.long === "--all-files")!;
    for (const x of walkedExtensions()) expect(allFiles.description.split(" "), x).toContain(x);
    expect(formatsMarkdown().trim().split("\n")).toHaveLength(MANIFEST.length + 2);
  });

  it("names every format read in the package's description, as the CLI does", () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8")) as { description: string };
    for (const e of MANIFEST) expect(pkg.description, e.label).toContain(e.label);
    expect(pkg.description).toContain(`(${formatLabels()})`);
  });

  const fail = async (bytes: Buffer, path = "bad.bin") => {
    try {
      await readCharter({ path, bytes });
    } catch (e) {
      expect(e).toBeInstanceOf(UnsupportedFileError);
      return (e as Error).message;
    }
    throw new Error("expected a failure");
  };

  it("names an empty file", async () => {
    expect(await fail(Buffer.alloc(0), "empty.xlsx")).toMatch(/empty/);
  });
  it("names a truncated workbook", async () => {
    const full = bytesOf("c01-registro-associazioni-2020/charter.xlsx");
    expect(await fail(full.subarray(0, Math.floor(full.length / 2)), "cut.xlsx")).toMatch(/xlsx: .*(truncated|corrupt|unreadable)/);
  });
  it("names random bytes as unsupported", async () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(await fail(random, "random.xlsx")).toMatch(/unsupported: no parser recognises its content/);
  });
  it("names a legacy workbook whose body is damaged", async () => {
    const full = bytesOf("c01-registro-associazioni-2020/charter.xls");
    const damaged = Buffer.concat([full.subarray(0, 512), Buffer.alloc(full.length - 512, 0x41)]);
    expect(await fail(damaged, "damaged.xls")).toMatch(/^xls: /);
  });
  it("says when a readable file holds no charter", async () => {
    const text = Buffer.from("Dimensioni\tSottodimensioni\tDescrizione indicatore\tFormula indicatore\n\n\tqualcosa\n");
    expect(await fail(text, "notes.txt")).toMatch(/no (charter|indicator) table/);
  });
});
