/**
 * The XML parts of Word and OpenDocument files as a light element tree, parsed with
 * saxes (a strict, well-kept SAX parser; exceljs reads its workbooks with it too).
 * Names keep their prefixes ("w:p", "table:table-cell"): both formats fix them.
 */
import { createRequire } from "node:module";
import type { SaxesParser as Saxes } from "saxes";

/** saxes (CommonJS), required on the first XML part: a batch without Word or OpenDocument files has no use for it. */
let SaxesParser: typeof Saxes | undefined;
const saxes = (): typeof Saxes => (SaxesParser ??= (createRequire(import.meta.url)("saxes") as { SaxesParser: typeof Saxes }).SaxesParser);

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

export function parseXml(text: string): XmlElement {
  const parser = new (saxes())({ xmlns: false });
  const root: XmlElement = { name: "#document", attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  parser.on("opentag", (tag) => {
    const el: XmlElement = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [] };
    stack[stack.length - 1].children.push(el);
    if (!tag.isSelfClosing) stack.push(el);
  });
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on("text", (t) => stack[stack.length - 1].children.push(t));
  parser.on("cdata", (t) => stack[stack.length - 1].children.push(t));
  parser.write(text).close();
  return root;
}

export const elements = (el: XmlElement, name?: string): XmlElement[] =>
  el.children.filter((c): c is XmlElement => typeof c !== "string" && (name === undefined || c.name === name));

export const child = (el: XmlElement, name: string): XmlElement | undefined => elements(el, name)[0];

/** The first descendant with this name, depth first. */
export function find(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of elements(el)) {
    if (c.name === name) return c;
    const f = find(c, name);
    if (f) return f;
  }
  return undefined;
}
