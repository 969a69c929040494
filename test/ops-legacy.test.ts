/**
 * A folder of legacy Word, RTF and signed files as a nightly run meets it, through the real
 * CLI: picked up without --all-files, imported with exit 0, their formats and signatures in
 * the database; a signed file whose content was changed then fails alone, with its reason.
 */
import Database from "better-sqlite3";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers/cli.js";
import { LEGACY, SIGNED } from "./helpers/gold.js";
import { tempDir } from "./helpers/tmp.js";

const FILES: [from: string, to: string][] = [
  [join(LEGACY, "c01-registro-associazioni-2020", "charter.doc"), "registro/carta.doc"],
  [join(LEGACY, "c05-genova-urp-2020", "charter.rtf"), "genova/carta.rtf"],
  [join(LEGACY, "c04-comunicazioni-obbligatorie", "charter.abiword-rtf.doc"), "comunicazioni/carta.doc"],
  [join(SIGNED, "c05-genova-urp-2020", "charter.pdf.p7m"), "genova/carta.pdf.p7m"],
  [join(SIGNED, "c04-comunicazioni-obbligatorie", "charter.pdf.p7m.p7m"), "comunicazioni/carta.pdf.p7m.p7m"],
];

describe("a folder of .doc, .rtf and .p7m files", () => {
  it("is imported without --all-files (exit 0); a signed file whose content was changed then fails alone (exit 1)", () => {
    const dir = tempDir();
    const folder = join(dir, "archivio");
    for (const [from, to] of FILES) {
      mkdirSync(join(folder, to, ".."), { recursive: true });
      copyFileSync(from, join(folder, to));
    }
    const db = join(dir, "c.sqlite");
    const first = cli(["import", folder, "--db", db, "--log-format", "json"]);
    expect(first.status).toBe(0);
    expect(first.summary).toMatchObject({ files: FILES.length, new: FILES.length, failed: 0 });

    const d = new Database(db, { readonly: true });
    const docs = d.prepare("SELECT source_path, format, parser, signatures FROM documents WHERE current = 1 ORDER BY source_path").all() as { source_path: string; format: string; parser: string; signatures: string | null }[];
    expect(docs.map((r) => [r.source_path.slice(folder.length + 1), r.format, r.parser])).toEqual([
      ["comunicazioni/carta.doc", "rtf", "rtf"],
      ["comunicazioni/carta.pdf.p7m.p7m", "pdf", "p7m"],
      ["genova/carta.pdf.p7m", "pdf", "p7m"],
      ["genova/carta.rtf", "rtf", "rtf"],
      ["registro/carta.doc", "doc", "doc"],
    ]);
    const nested = JSON.parse(docs[1].signatures!) as { layer: number; signer: string; check: string }[];
    expect(nested.map((s) => [s.layer, s.signer, s.check])).toEqual([[1, "Giuseppe Verdi", "signature"], [2, "Maria Bianchi", "signature"]]);
    expect(docs.filter((r) => r.parser !== "p7m").every((r) => r.signatures === null)).toBe(true);
    // the charter published as .rtf and as a signed .pdf: who signed it, in v_charters
    const genova = d.prepare("SELECT files, formats, signed_files, signed_by, signed_org, signed_at, signature_check FROM v_charters WHERE source_paths LIKE '%genova%'").get() as Record<string, unknown>;
    expect(genova).toMatchObject({ files: 2, formats: "pdf,rtf", signed_files: 1, signed_by: "Maria Bianchi", signed_org: "Comune di Borgo Esempio", signature_check: "signature" });
    expect(Date.parse(genova.signed_at as string)).toBeGreaterThan(Date.parse("2020-01-01"));
    d.close();

    copyFileSync(join(SIGNED, "bad", "tampered-content.pdf.p7m"), join(folder, "genova", "risultati.pdf.p7m"));
    const second = cli(["import", folder, "--db", db, "--log-format", "json"]);
    expect(second.status).toBe(1);
    expect(second.summary).toMatchObject({ files: FILES.length + 1, unchanged: FILES.length, failed: 1 });
    expect(second.summary.failures).toEqual([
      { path: join(folder, "genova", "risultati.pdf.p7m"), reason: expect.stringMatching(/^p7m: signature of Maria Bianchi: the content's digest does not match the one signed/), known: false },
    ]);
  });
  it("the formats command and --help name them", () => {
    const formats = cli(["formats"]).stdout;
    for (const f of ["doc", "rtf", "p7m"]) expect(formats).toMatch(new RegExp(`^${f} +${f} `, "m"));
    const help = cli(["import", "--help"]).stdout;
    for (const x of ["doc", "rtf", "p7m"]) expect(help).toMatch(new RegExp(`\\.${x}\\b`));
  });
});
