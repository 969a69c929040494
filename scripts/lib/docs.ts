/**
 * The generated parts of the manual in docs/: written from the code that is their one
 * source of truth, between markers (`<!-- generated:NAME -->` ... `<!-- /generated:NAME -->`),
 * as sqlite-utils does with cog. `npm run docs` writes them; test/docs.test.ts fails when
 * one is out of date. The text around the markers is written by hand.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { ALL_CHECKS } from "../../src/checks/index.js";
import { buildProgram } from "../../src/cli/main.js";
import { UNIT_DOCS, VIEW_DOCS, type ColumnDoc } from "../../src/db/docs.js";
import { UNITS } from "../../src/model/formats.js";
import { DIMENSIONS, SUBDIMENSIONS } from "../../src/normalize/taxonomy.js";
import { formatsMarkdown } from "../../src/parsers/manifest.js";
import { ROOT } from "./root.js";

export { ROOT };

export interface GeneratedBlock {
  /** The page, relative to the project's root. */
  file: string;
  /** The marker's name: `<!-- generated:NAME -->`. */
  name: string;
  /** What the code says: Markdown, without the markers. */
  render: () => string;
}

/** A Markdown table cell: pipes escaped, line breaks folded. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

const columnRow = (c: ColumnDoc) => [`\`${c.name}\``, c.unit ? `${c.type} (${c.unit})` : c.type, c.description];

/** Every view (src/db/docs.ts): its description and a table of its columns, in order. */
export function viewsMarkdown(): string {
  return VIEW_DOCS.map((v) => {
    const same = VIEW_DOCS.find((o) => o !== v && o.columns === v.columns && VIEW_DOCS.indexOf(o) < VIEW_DOCS.indexOf(v));
    const columns = same ? `The columns of \`${same.name}\`, in the same order.` : table(["column", "type", "meaning"], v.columns.map(columnRow));
    return `### \`${v.name}\`\n\n${v.description}\n\n${columns}`;
  }).join("\n\n");
}

/** The canonical codes the views hold: dimensions and sub-dimensions (src/normalize/taxonomy.ts), units (src/db/docs.ts). */
export function codesMarkdown(): string {
  const dimensions = table(
    ["dimension", "as printed", "sub-dimensions"],
    DIMENSIONS.map((d) => [`\`${d.code}\``, d.label, d.additional ? "none (an additional dimension)" : SUBDIMENSIONS.filter((s) => s.dimension === d.code).map((s) => `\`${s.code}\``).join(", ") || "none"]),
  );
  const subdimensions = table(["sub-dimension", "as printed"], SUBDIMENSIONS.map((s) => [`\`${s.code}\``, s.label]));
  const units = table(["unit", "meaning"], UNITS.map((u) => [`\`${u}\``, UNIT_DOCS[u]]));
  return `${dimensions}\n\n${subdimensions}\n\n${units}`;
}

/** Every rule of src/checks/: its name, severity and what it finds. */
export function checksMarkdown(): string {
  return table(["check", "severity", "finds"], ALL_CHECKS.map((c) => [`\`${c.name}\``, c.severity, c.summary]));
}

/** The program's own help, command by command, as `charters COMMAND --help` prints it on an 80-column terminal. */
export function cliMarkdown(): string {
  let text = "";
  const program = buildProgram({ out: (s) => void (text += s), err: (s) => void (text += s), tty: null });
  const commands: Command[] = [program, ...program.commands];
  const cores = availableParallelism();
  for (const c of commands) {
    c.configureOutput({ getOutHelpWidth: () => 80, getOutHasColors: () => false });
    // The one default that depends on the machine the help is printed on.
    for (const o of c.options) if (o.long === "--concurrency" && o.defaultValue === cores) o.defaultValueDescription = "one per core";
  }
  return commands
    .map((c) => {
      text = "";
      c.outputHelp();
      const name = c === program ? "charters" : `charters ${c.name()}`;
      return `### \`${name}\`\n\n\`\`\`text\n${text.trimEnd()}\n\`\`\``;
    })
    .join("\n\n");
}

export const GENERATED: readonly GeneratedBlock[] = [
  { file: "docs/views.md", name: "codes", render: codesMarkdown },
  { file: "docs/views.md", name: "views", render: viewsMarkdown },
  { file: "docs/checks.md", name: "checks", render: checksMarkdown },
  { file: "docs/formats.md", name: "formats", render: () => formatsMarkdown().trimEnd() },
  { file: "docs/cli.md", name: "cli", render: cliMarkdown },
];

const open = (name: string) => `<!-- generated:${name} -->`;
const close = (name: string) => `<!-- /generated:${name} -->`;

/** The text between a block's markers (without the blank lines next to them), or an error naming what is missing. */
export function blockOf(text: string, name: string): string {
  const start = text.indexOf(open(name));
  const end = text.indexOf(close(name));
  if (start < 0 || end < start || text.indexOf(open(name), start + 1) >= 0) throw new Error(`expected one ${open(name)} ... ${close(name)} pair`);
  return text.slice(start + open(name).length, end).replace(/^\n+|\n+$/g, "");
}

/** The page with the block's content replaced by `content`; the rest unchanged. */
export function withBlock(text: string, name: string, content: string): string {
  blockOf(text, name); // the markers are there, once
  const start = text.indexOf(open(name)) + open(name).length;
  const end = text.indexOf(close(name));
  return `${text.slice(0, start)}\n\n${content}\n\n${text.slice(end)}`;
}

/** A page's text with every generated block left out: what is written by hand. */
export function handWritten(text: string): string {
  return text.replace(/<!-- generated:([a-z-]+) -->[^]*?<!-- \/generated:\1 -->/g, "");
}

/** Each page that has generated blocks, as it should be. */
export function regenerate(root = ROOT): Map<string, { before: string; after: string }> {
  const pages = new Map<string, { before: string; after: string }>();
  for (const b of GENERATED) {
    const page = pages.get(b.file) ?? { before: readFileSync(join(root, b.file), "utf8"), after: "" };
    page.after = withBlock(page.after || page.before, b.name, b.render());
    pages.set(b.file, page);
  }
  return pages;
}
