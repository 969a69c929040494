/**
 * The indicator table's header: the titles offices give its columns (taxonomy.ts), read
 * into a role per column. A row is the header when at least three of its cells are
 * column titles, whatever the format printed it.
 */
import { activeAliases, aliasAtStart, type Vocabulary } from "../normalize/aliases.js";
import { HEADER_TITLES, type ColumnRole } from "../normalize/taxonomy.js";
import { labelKey } from "../normalize/text.js";

/** headerRole's answers under one vocabulary of aliases: every cell of every row is asked, most of them many times. */
const roles = new Map<string, ColumnRole | null>();
let rolesVocabulary: Vocabulary | null = null;

/** The role of a header cell, or null where it is not a known column title. */
export function headerRole(text: string): ColumnRole | null {
  const vocabulary = activeAliases();
  if (vocabulary !== rolesVocabulary || roles.size > 20_000) {
    roles.clear();
    rolesVocabulary = vocabulary;
  }
  let role = roles.get(text);
  if (role === undefined) {
    role = roleOf(text);
    if (text.length <= 400) roles.set(text, role);
  }
  return role;
}

function roleOf(text: string): ColumnRole | null {
  const key = labelKey(text);
  if (!key || key.length > 90) return null;
  for (const { role, titles } of HEADER_TITLES) {
    if (titles.some((t) => key === t || key.startsWith(t + " "))) return role;
  }
  // A person's header alias (normalize/aliases.ts), after the template's own titles.
  return (aliasAtStart("header", key)?.code as ColumnRole | undefined) ?? null;
}

export interface HeaderMap {
  roles: (ColumnRole | null)[];
  /** Columns whose title carries "%": a bare number there is a percentage. */
  percentCols: Set<number>;
  /** A target printed in alternative columns (one filled per row), each with its leaf title for the row's note. */
  alternatives?: Alternative[];
}

/** One of the columns a target is printed in, one per row ("Specifico | Generale"). */
export interface Alternative {
  column: number;
  leaf: string;
}

/** A row is the indicator table's header when at least three of its cells are column titles. */
export function detectHeader(row: { cells: { text: string | null }[] }): HeaderMap | null {
  const roles = row.cells.map((c) => (c.text ? headerRole(c.text) : null));
  const found = roles.filter((r): r is ColumnRole => r !== null);
  if (new Set(found).size < 3) return null;
  if (!found.includes("description") && !found.includes("dimension")) return null;
  // each role once: a second column with the same title keeps no role
  const seen = new Set<ColumnRole>();
  const unique = roles.map((r) => (r && !seen.has(r) ? (seen.add(r), r) : null));
  const percentCols = new Set<number>();
  row.cells.forEach((c, i) => {
    if (c.text && /%/.test(c.text) && unique[i] === "actual") percentCols.add(i);
  });
  return { roles: unique, percentCols };
}

/** The same columns in the same order: a header repeated over a table's next page. */
export function sameHeader(a: HeaderMap, b: HeaderMap): boolean {
  return a.roles.length === b.roles.length && a.roles.every((r, i) => r === b.roles[i]);
}
