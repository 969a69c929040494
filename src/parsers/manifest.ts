/**
 * The one list of the formats read. Each entry names a parser and says what the rest of
 * the program needs to know of it without loading it: the format it stores, its version,
 * the order it is tried in, the extensions a folder walk picks up for it, what it reads,
 * and a lazy `load()` of its module (which holds the sniff and the parse, types.ts).
 * Everything else is derived from here: the registry (registry.ts), the model's FORMATS
 * and FORMAT_RANK (model/formats.ts), the walk's extensions (pipeline/import.ts), the
 * CLI's description, `--all-files` help and `formats` command, the database's docs of its
 * `format` column (db/docs.ts) and the formats table of the docs (formatsMarkdown).
 *
 * Adding a format: one entry here and its parser module (docs/architecture.md).
 *
 * This module imports nothing at load time, so that the CLI's help and the database side
 * can read it without the parsers.
 */

const MIB = 1024 * 1024;
/** A charter's text export is a few KiB; anything this large is not one. */
const MAX_TEXT_BYTES = 4 * MIB;
/** A web page holding one charter is well under this. */
const MAX_HTML_BYTES = 16 * MIB;
/** A charter in RTF is well under this (pictures included). */
const MAX_RTF_BYTES = 64 * MIB;
/** A charter's scan: 40 bilevel or JPEG pages are well under this (and under the import's MAX_FILE_BYTES). */
const MAX_IMAGE_BYTES = 64 * MIB;

interface FormatEntry {
  /** The parser's stable name, stored in provenance. */
  readonly name: string;
  /** The format stored with each document it reads (documents.format). */
  readonly format: string;
  /** How the format is named to people (the CLI's description, the docs). */
  readonly label: string;
  /** Bumped when the parser's output changes; stored in provenance, and a failed file is parsed again when it changes. */
  readonly version: string;
  /** Lower is tried first where several parsers accept the same bytes. */
  readonly priority: number;
  /** Where several files publish one charter, the lowest rank stands for it (a structured format reads its table exactly). */
  readonly rank: number;
  /** Picked up when walking a folder (files named explicitly are always tried, whatever their name). */
  readonly extensions: readonly string[];
  /** What it reads, in a few words. */
  readonly reads: string;
  /** An envelope around a file of the other formats (a signature), which is read as its own format inside it. */
  readonly envelope?: boolean;
  /** Largest file it will take on. */
  readonly maxBytes?: number;
  /** Its module's parser (accepts + parse), loaded on first use. */
  readonly load: () => Promise<unknown>;
}

/** In the order they are tried (by priority). */
export const MANIFEST = [
  {
    // before the PDF parser, which would take a signed PDF's bytes for a PDF's
    // its documents are stored as the format read inside it: its rank never counts
    name: "p7m", format: "p7m", label: "signed as .p7m", version: "1.0.0", priority: 5, rank: 13, extensions: [".p7m"], envelope: true,
    reads: "signed files (.p7m: CAdES, DER or base64, nested): the document inside read by its own format; signer, time and check recorded",
    load: async () => (await import("./p7m.js")).signedParser,
  },
  {
    name: "xlsx", format: "xlsx", label: "XLSX", version: "1.0.0", priority: 10, rank: 1, extensions: [".xlsx", ".xlsm"],
    reads: "Office Open XML workbooks (.xlsx, .xlsm)",
    load: async () => (await import("./xlsx.js")).xlsxParser,
  },
  {
    name: "docx", format: "docx", label: "DOCX", version: "1.0.0", priority: 12, rank: 4, extensions: [".docx"],
    reads: "Word documents (.docx): paragraphs, styles, tables with gridSpan/vMerge",
    load: async () => (await import("./docx.js")).docxParser,
  },
  {
    name: "odt", format: "odt", label: "ODT", version: "1.0.0", priority: 14, rank: 5, extensions: [".odt"],
    reads: "OpenDocument text (.odt): headings, paragraphs, tables with spanned/covered cells",
    load: async () => (await import("./odt.js")).odtParser,
  },
  {
    name: "doc", format: "doc", label: "DOC", version: "2.0.0", priority: 16, rank: 6, extensions: [".doc"],
    reads: "Word 97-2003 documents (.doc): paragraphs, heading styles, tables with merged cells",
    load: async () => (await import("./doc.js")).docParser,
  },
  {
    name: "rtf", format: "rtf", label: "RTF", version: "1.0.0", priority: 17, rank: 7, extensions: [".rtf"], maxBytes: MAX_RTF_BYTES,
    reads: "Rich Text Format (.rtf, also saved as .doc): paragraphs, styles, tables with merged cells",
    load: async () => (await import("./rtf.js")).rtfParser,
  },
  {
    name: "xls", format: "xls", label: "XLS", version: "1.0.0", priority: 20, rank: 3, extensions: [".xls"],
    reads: "Excel 97-2003 workbooks (BIFF8)",
    load: async () => (await import("./sheetjs.js")).xlsParser,
  },
  {
    name: "ods", format: "ods", label: "ODS", version: "1.0.0", priority: 20, rank: 2, extensions: [".ods"],
    reads: "OpenDocument spreadsheets (.ods)",
    load: async () => (await import("./sheetjs.js")).odsParser,
  },
  {
    name: "pdf", format: "pdf", label: "PDF", version: "1.1.0", priority: 20, rank: 11, extensions: [".pdf"],
    reads: "PDFs from spreadsheets, report generators, Word/Writer and browsers",
    load: async () => (await import("./pdf.js")).pdfParser,
  },
  {
    name: "html", format: "html", label: "HTML", version: "1.0.0", priority: 25, rank: 8, extensions: [".html", ".htm"], maxBytes: MAX_HTML_BYTES,
    reads: "web pages (HTML, any declared charset): headings, dl, tables with rowspan/colspan",
    load: async () => (await import("./html.js")).htmlParser,
  },
  {
    name: "tsv", format: "tsv", label: "TSV", version: "1.0.0", priority: 30, rank: 9, extensions: [".tsv", ".txt"], maxBytes: MAX_TEXT_BYTES,
    reads: "tab-separated exports scraped from Excel",
    load: async () => (await import("./tsv.js")).tsvParser,
  },
  {
    name: "csv", format: "csv", label: "CSV", version: "1.0.0", priority: 32, rank: 10, extensions: [".csv"], maxBytes: MAX_TEXT_BYTES,
    reads: "comma- or semicolon-separated exports, quoted multi-line fields",
    load: async () => (await import("./csv.js")).csvParser,
  },
  {
    // a scan is the last file that stands for a charter published in several formats
    name: "image", format: "image", label: "scanned images", version: "1.0.0", priority: 45, rank: 14, extensions: [".tif", ".tiff", ".png", ".jpg", ".jpeg"], maxBytes: MAX_IMAGE_BYTES,
    reads: "charters scanned to images (.tif of one page or many, CCITT G4 too; .png, .jpg): each page read by OCR into the PDF reader's rows",
    load: async () => (await import("./image.js")).imageParser,
  },
  {
    name: "scraped", format: "txt", label: "scraped text", version: "0.3.0", priority: 40, rank: 12, extensions: [".txt"], maxBytes: MAX_TEXT_BYTES,
    reads: "text scraped from published PDFs (pdftotext in any mode, pdf.js, legacy exports)",
    load: async () => (await import("./scraped.js")).scrapedParser,
  },
] as const satisfies readonly FormatEntry[];

export type ManifestEntry = (typeof MANIFEST)[number];

/** The entries in the order their parsers are tried: by priority, ties in the manifest's order. */
export function inTriedOrder(): ManifestEntry[] {
  return [...MANIFEST].sort((a, b) => a.priority - b.priority);
}

/** The formats read, as people name them, structured ones first, then the envelopes: "XLSX, ODS, ..., scraped text, and any of them signed as .p7m". */
export function formatLabels(): string {
  const byRank = [...MANIFEST].sort((a, b) => a.rank - b.rank);
  const formats = byRank.filter((e) => !("envelope" in e)).map((e) => e.label);
  const envelopes = byRank.filter((e) => "envelope" in e).map((e) => `, and any of them ${e.label}`);
  return formats.join(", ") + envelopes.join("");
}

/** The extensions a folder walk picks up (lower case, with the dot). */
export function walkedExtensions(): string[] {
  return [...new Set(MANIFEST.flatMap((e) => e.extensions))];
}

/** The `formats` command's lines: each parser, in the order they are tried, its format, version and what it reads. */
export function formatsText(): string {
  return inTriedOrder().map((e) => `${e.name.padEnd(8)} ${e.format.padEnd(5)} v${e.version.padEnd(6)} ${e.reads}\n`).join("");
}

/** The formats as a Markdown table, for the docs (generated, never edited by hand). */
export function formatsMarkdown(): string {
  const rows = inTriedOrder().map((e) => `| \`${e.name}\` | \`${e.format}\` | ${e.extensions.map((x) => `\`${x}\``).join(" ")} | ${e.priority} | ${e.reads} |`);
  return ["| parser | format | extensions walked | tried at | reads |", "| --- | --- | --- | --- | --- |", ...rows].join("\n") + "\n";
}
