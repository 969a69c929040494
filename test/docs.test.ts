/**
 * The manual in docs/ and the README: the generated parts up to date with the code (as
 * sqlite-utils checks its docs with cog), every view column, check, command and option
 * documented where a reader looks for it, the README a short front door.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_CHECKS } from "../src/checks/index.js";
import { buildProgram } from "../src/cli/main.js";
import { EXIT } from "../src/cli/summary.js";
import { VIEW_DOCS } from "../src/db/docs.js";
import { blockOf, GENERATED, handWritten, withBlock } from "../scripts/lib/docs.js";

const ROOT = join(import.meta.dirname, "..");
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const PAGES = readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md"));

/** A page's text from a heading naming `title` to the next heading of the same or a higher level (code blocks hold no headings). */
function section(text: string, title: string): string {
  const lines = text.split("\n");
  let fenced = false;
  const level = lines.map((l) => {
    if (l.startsWith("```")) fenced = !fenced;
    return !fenced && /^#{1,6} /.test(l) ? l.match(/^#+/)![0].length : 0;
  });
  const start = lines.findIndex((l, k) => level[k] > 0 && l.includes(title));
  if (start < 0) return "";
  const end = lines.findIndex((_, k) => k > start && level[k] > 0 && level[k] <= level[start]);
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

describe("the generated parts of docs/", () => {
  it.each(GENERATED.map((b) => [b.file, b.name, b] as const))("%s %s is what the code says (npm run docs writes it)", (file, name, b) => {
    expect(blockOf(read(file), name), `${file} <!-- generated:${name} --> is out of date: run npm run docs`).toBe(b.render());
  });

  it("are replaced between their markers only, and a page without its markers is refused", () => {
    const page = "# Title\n\nby hand\n\n<!-- generated:x -->\n\nold\n\n<!-- /generated:x -->\n\nafter, by hand\n";
    const next = withBlock(page, "x", "new\ntext");
    expect(next).toBe("# Title\n\nby hand\n\n<!-- generated:x -->\n\nnew\ntext\n\n<!-- /generated:x -->\n\nafter, by hand\n");
    expect(blockOf(next, "x")).toBe("new\ntext");
    expect(withBlock(next, "x", "new\ntext")).toBe(next);
    expect(handWritten(next)).toBe("# Title\n\nby hand\n\n\n\nafter, by hand\n");
    expect(() => withBlock("# no markers\n", "x", "new")).toThrow(/generated:x/);
    expect(() => blockOf(page + page, "x")).toThrow(/generated:x/);
  });
});

describe("the manual", () => {
  it("documents every column of every view in the view's own section (docs/views.md)", () => {
    const views = read("docs/views.md");
    for (const v of VIEW_DOCS) {
      let text = section(views, `\`${v.name}\``);
      expect(text, `docs/views.md section for ${v.name}`).not.toBe("");
      // A view with another view's columns may say so and be documented there.
      const same = VIEW_DOCS.find((o) => o !== v && o.columns === v.columns && text.includes(`The columns of \`${o.name}\``));
      if (same) text = section(views, `\`${same.name}\``);
      for (const c of v.columns) expect(text, `${v.name}.${c.name}`).toMatch(new RegExp("`" + c.name + "`"));
    }
  });

  it("documents every check (docs/checks.md)", () => {
    const text = section(read("docs/checks.md"), "The rules");
    for (const c of ALL_CHECKS) expect(text, c.name).toContain(`\`${c.name}\``);
  });

  it("names every command in the README, and every command's options in the text written by hand (as sqlite-utils does)", () => {
    const readme = read("README.md");
    const byHand = [readme, ...PAGES.map((p) => handWritten(read(`docs/${p}`)))].join("\n");
    const program = buildProgram({ out: () => {}, err: () => {}, tty: null });
    expect(program.commands.length).toBeGreaterThan(4);
    for (const cmd of program.commands) {
      expect(readme, `charters ${cmd.name()} in the README's table`).toMatch(new RegExp(`\\| \`charters ${cmd.name()}\\b`));
      for (const o of cmd.options) expect(byHand, `charters ${cmd.name()} ${o.long}`).toContain(o.long!);
    }
  });

  it("documents every import option and every exit code in docs/operations.md", () => {
    const text = section(read("docs/operations.md"), "The import command");
    const program = buildProgram({ out: () => {}, err: () => {}, tty: null });
    const options = program.commands.find((c) => c.name() === "import")!.options.map((o) => o.long!);
    expect(options).toContain("--retry-failed");
    for (const o of options) expect(text, o).toContain(o);
    const rows = section(text, "Exit codes").split("\n").filter((l) => /^\| *\d/.test(l));
    const codes = rows.flatMap((r) => r.split("|")[1].match(/\d+/g)!.map(Number));
    expect(codes.sort((a, b) => a - b)).toEqual([...new Set(Object.values(EXIT))].sort((a, b) => a - b));
  });

  it("keeps the README a front door of at most 200 lines, linking every page of docs/ through the index", () => {
    const readme = read("README.md");
    expect(readme.split("\n").length).toBeLessThanOrEqual(200);
    expect(readme).toContain("](docs/README.md)");
    const index = read("docs/README.md");
    for (const p of PAGES.filter((p) => p !== "README.md")) expect(index, `docs/README.md links ${p}`).toContain(`](${p})`);
  });
});
