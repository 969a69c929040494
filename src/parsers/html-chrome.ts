/**
 * A web page's chrome, told from its content by structure alone: what a content-management
 * system (WordPress-, Drupal-, Joomla-like themes, Designers Italia / Bootstrap Italia
 * templates) prints around the article. Landmarks (nav, aside, the page's own header and
 * footer, ARIA banner/navigation/complementary/contentinfo/search roles), dialogs (cookie
 * banners), hidden elements, and link lists (menus, breadcrumbs, share bars, page indexes,
 * sidebars' widgets: a block whose text is mostly the text of its links) are not the
 * charter; a table is always the charter's, wherever the theme wraps it. No class name of
 * any theme is looked at.
 */
import type { DefaultTreeAdapterMap } from "parse5";

export type Node = DefaultTreeAdapterMap["node"];
export type Element = DefaultTreeAdapterMap["element"];

export const isElement = (n: Node): n is Element => "tagName" in n;
export const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

const SKIP = new Set(["head", "script", "style", "noscript", "template", "nav", "aside", "dialog", "iframe", "svg", "math", "form", "button", "select", "textarea", "object", "canvas", "video", "audio", "img"]);
const CHROME_ROLES = new Set(["navigation", "banner", "complementary", "contentinfo", "search", "dialog", "alertdialog", "menu", "menubar", "toolbar"]);
/** Containers a link list can be: a menu, a sidebar's widget, a share bar. */
const CONTAINERS = new Set(["div", "ul", "ol", "section", "header", "footer", "menu", "dl", "span"]);
/** Elements that put their page's header or footer inside the content: a header there is the content's own. */
const SECTIONING = new Set(["article", "main", "section", "aside", "nav"]);
/** Share of a block's text that is its links' text, from which the block is a link list. */
export const LINK_SHARE = 0.5;

const URL_TEXT = /^\s*(?:https?:\/\/|www\.)\S+\s*$/i;

/** The text of a subtree, and the part of it inside links (links whose text is a URL are content: a service's page). */
function linkText(n: Node, inLink = false): { all: number; link: number; links: number; table: boolean } {
  if (n.nodeName === "#text") {
    const len = (n as DefaultTreeAdapterMap["textNode"]).value.replace(/\s+/g, "").length;
    return { all: len, link: inLink ? len : 0, links: 0, table: false };
  }
  if (!("childNodes" in n)) return { all: 0, link: 0, links: 0, table: false };
  const el = isElement(n) ? n : null;
  const isLink = el?.tagName === "a" && !URL_TEXT.test(textContent(el));
  const out = { all: 0, link: 0, links: isLink ? 1 : 0, table: el?.tagName === "table" };
  for (const c of n.childNodes) {
    const t = linkText(c, inLink || isLink);
    out.all += t.all;
    out.link += t.link;
    out.links += t.links;
    out.table ||= t.table;
  }
  return out;
}

function textContent(n: Node): string {
  if (n.nodeName === "#text") return (n as DefaultTreeAdapterMap["textNode"]).value;
  return "childNodes" in n ? n.childNodes.map(textContent).join("") : "";
}

/** A block that is a list of links (a menu, breadcrumb, share bar, page index, widget): two links or more, most of its text theirs, no table. */
export function isLinkList(el: Element): boolean {
  if (!CONTAINERS.has(el.tagName)) return false;
  const t = linkText(el);
  return t.links >= 2 && !t.table && t.link >= LINK_SHARE * t.all;
}

function hasHeading(el: Element): boolean {
  return el.childNodes.some((c) => isElement(c) && (/^h[1-3]$/.test(c.tagName) || hasHeading(c)));
}

/** The page's own header or footer (not one inside an article or section): the page's, unless it holds the page's headings. */
function isPageLandmark(el: Element, inSection: boolean): boolean {
  if (inSection) return false;
  if (el.tagName === "footer") return true;
  return el.tagName === "header" && !hasHeading(el);
}

/** Elements that are never text, not even inside a table cell: by tag, role or state (hidden, a dialog). */
export function isNotText(el: Element): boolean {
  if (SKIP.has(el.tagName)) return true;
  if (attr(el, "hidden") !== undefined || attr(el, "aria-hidden") === "true" || attr(el, "aria-modal") === "true") return true;
  if (CHROME_ROLES.has(attr(el, "role") ?? "")) return true;
  return /(^|\s)(sr-only|visually-hidden)(\s|$)/i.test(attr(el, "class") ?? "");
}

/** Elements that are not content: those never text, the page's own header and footer, link lists. */
export function isChrome(el: Element, inSection: boolean): boolean {
  return isNotText(el) || isPageLandmark(el, inSection) || isLinkList(el);
}

/** Whether an element is a sectioning element (its header and footer are its own, not the page's). */
export const isSectioning = (el: Element) => SECTIONING.has(el.tagName) || attr(el, "role") === "main" || attr(el, "role") === "article";
