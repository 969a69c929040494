/** Routing by content, and clear failures for files nothing can read. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UnsupportedFileError } from "../src/model/errors.js";
import { parsers } from "../src/parsers/registry.js";
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
