/**
 * An indicator table known by what it holds, not by a list of titles: a header row of
 * short titles over rows with a description-like text cell and value-like cells. Each
 * column's role is weighed from its title's words, its cells' shapes and its place
 * (normalize/column-roles.ts); the template's own titles and a person's aliases stand
 * where they are printed, and the other columns take the roles left.
 */
import { assignRoles, cellShape, type ColumnCell, type RoleDecision } from "../normalize/column-roles.js";
import type { ColumnRole } from "../normalize/taxonomy.js";
import { type Alternative, detectHeader, headerRole, type HeaderMap } from "./header.js";

interface RowLike {
  cells: readonly ColumnCell[];
}

/** A header printed on two rows, read as one: each column's group title (its column) and leaf title. */
export interface JoinedHeader extends RowLike {
  groups: (number | null)[];
  leaves: (string | null)[];
}

/** The header's roles with the evidence each was decided on (null where the title was the template's own). */
export interface InferredHeader extends HeaderMap {
  decisions: (RoleDecision | null)[];
}

/** Longest text a column title may have. */
const MAX_TITLE = 80;

/**
 * A row spanning the table: one text, the other cells covered from the left or empty,
 * in a table of three columns or more (a section or group label, a service's name).
 */
export function spanningText(row: RowLike, width: number, firstColumn = 0): string | null {
  if (width < 3) return null;
  const filled = row.cells.filter((c) => c.covered !== "left" && c.covered !== "up" && c.text && c.text.trim());
  const at = row.cells.findIndex((c) => c.text && c.text.trim());
  if (filled.length !== 1 || at < 0 || at > Math.max(0, firstColumn)) return null;
  const spans = row.cells.length > at + 1 && row.cells.slice(at + 1).every((c) => c.covered === "left");
  const t = row.cells[at].text!;
  if (!spans && (t.length > 90 || cellShape(t) === "value")) return null;
  return t;
}

/** A row that can be a header: three or more short titles, none of them a value. */
function titleRow(row: RowLike): boolean {
  const titles = row.cells.filter((c) => c.covered !== "left" && c.text && c.text.trim());
  if (titles.length < 3) return false;
  // a bare year is a title too ("2023 | 2024" over the values of two years)
  return titles.every((c) => isTitle(c.text!));
}

/**
 * The header of an indicator table from the header row and the rows below it (the same
 * table's), or null where the rows are not indicators: no description-like column, or no
 * column of values. The template's header (header.ts detectHeader) keeps its titles' roles.
 */
export function inferHeader(row: RowLike | JoinedHeader, below: readonly RowLike[]): InferredHeader | null {
  const template = detectHeader({ cells: row.cells.map((c) => ({ text: c.text })) });
  if (!template && !titleRow(row)) return null;
  const width = row.cells.length;
  const data = ownRows(below).filter((r) => !spanningText(r, width) && !titleRow(r));
  if (!data.length) return template ? { ...template, decisions: template.roles.map(() => null) } : null;
  const fixed = template ? template.roles : row.cells.map((c) => (c.text ? headerRole(c.text) : null));
  const columns = row.cells.map((c, i) => ({ title: c.covered === "left" ? null : c.text, cells: data.map((r) => r.cells[i] ?? { text: null }) }));
  const decisions = assignRoles(columns, fixed);
  const roles = decisions.map((d) => d.role);
  if (!template && !isIndicatorTable(roles, decisions)) return null;
  const alternatives = "groups" in row ? alternativeTargets(roles, row, data) : undefined;
  if ("groups" in row && !alternatives) referenceBesideTarget(roles, decisions, row, data);
  const percentCols = new Set<number>();
  row.cells.forEach((c, i) => {
    if (c.text && /%/.test(c.text) && (roles[i] === "actual" || roles[i] === "target")) percentCols.add(i);
  });
  return { roles, percentCols, decisions: decisions.map((d, i) => (fixed[i] ? null : d)), ...(alternatives ? { alternatives } : {}) };
}

/**
 * The rows of the header's own table: those below it up to the first empty row after its
 * data (a sheet that prints a service's block, its table, then the next service's block and
 * table is one grid; the next tables' rows are not this one's). The same header printed
 * again does not end it: its roles are read from every table under that header (a page of
 * several services' tables, where the first may hold too few rows to tell its columns).
 */
export function ownRows<R extends RowLike>(below: readonly R[]): R[] {
  const out: R[] = [];
  for (const r of below) {
    const empty = r.cells.every((c) => c.covered || !c.text?.trim());
    if (out.length && empty) break;
    if (!empty) out.push(r);
  }
  return out;
}

/** What makes the rows indicators: a description column and a column of values. */
function isIndicatorTable(roles: (ColumnRole | null)[], decisions: RoleDecision[]): boolean {
  if (!roles.includes("description")) return false;
  return decisions.some((d) => (d.role === "target" || d.role === "actual") && d.evidence.some((e) => e.basis === "cells" && e.role === d.role && e.weight >= 0.4));
}

/** A text a header may hold: short, and not shaped as a value ("95%", "Numero / Numero", a URL). */
export function isTitle(text: string): boolean {
  return text.length <= MAX_TITLE && (/^(?:19|20)\d{2}$/.test(text.trim()) || !["value", "url", "ratio"].includes(cellShape(text)));
}

/**
 * A header printed on two rows: the first holds group titles merged across the columns they
 * head ("Tempo massimo" over "Valore | Unità", "Livello 2023" over "Previsto | Raggiunto")
 * beside titles merged down both rows; the second holds the leaf titles under the group
 * titles and nothing else (cells covered from above or empty). Read as one row whose
 * column titles are the group title and the leaf title together; null where `next` is not
 * such a second row. Known by the merges only: a sheet or page that lost them is not read so.
 */
export function twoRowHeader(row: RowLike, next: RowLike | undefined): JoinedHeader | null {
  if (!next || next.cells.length === 0) return null;
  const width = Math.max(row.cells.length, next.cells.length);
  // the first row's group title heading each column (the cell a merge across continues)
  const parent: (number | null)[] = [];
  let spans = false;
  for (let i = 0; i < width; i++) {
    const c = row.cells[i];
    if (c?.covered === "left") {
      parent[i] = i > 0 ? parent[i - 1] : null;
      spans = true;
    } else parent[i] = row.cells[i + 1]?.covered === "left" ? i : null;
  }
  // the first row holds two titles or more (a row spanning the table is a section, not a header)
  const tops = row.cells.filter((c) => c.covered !== "left" && c.covered !== "up" && c.text?.trim());
  if (!spans || tops.length < 2 || !tops.every((c) => isTitle(c.text!))) return null;
  // leaf titles under group titles only, and some group title over two of them or more (rows
  // of "Label | value" cells merged alike, a service block, are no header)
  const under = new Map<number, number>();
  for (let i = 0; i < width; i++) {
    const c = next.cells[i];
    const text = c && c.covered !== "left" && c.covered !== "up" ? c.text?.trim() : "";
    if (!text) continue;
    const p = parent[i];
    if (p === null || !isTitle(text)) return null;
    under.set(p, (under.get(p) ?? 0) + 1);
  }
  if (![...under.values()].some((n) => n >= 2)) return null;
  const cells = Array.from({ length: width }, (_, i) => {
    const leaf = next.cells[i]?.covered ? null : next.cells[i]?.text?.trim() || null;
    const p = parent[i];
    const top = p === null ? row.cells[i]?.text?.trim() || null : row.cells[p]?.text?.trim() || null;
    return { text: [top, leaf].filter(Boolean).join(" ") || null };
  });
  const leavesOf = Array.from({ length: width }, (_, i) => (next.cells[i]?.covered ? null : next.cells[i]?.text?.trim() || null));
  return { cells, groups: parent, leaves: leavesOf };
}

/**
 * Two value columns under one group title ("Livello di qualità" over "del gestore |
 * fissato dall'ente"), neither titled as an achieved value: one level in two versions, the
 * office's own (the left) and the one set by someone else beside it, a reference for the
 * rows' notes, not an achieved value. Roles are changed in place.
 */
function referenceBesideTarget(roles: (ColumnRole | null)[], decisions: readonly RoleDecision[], joined: JoinedHeader, data: readonly RowLike[]): void {
  const achievedTitle = (i: number) => decisions[i].evidence.some((e) => e.role === "actual" && (e.basis === "title words" || e.basis === "template title" || e.basis === "alias"));
  for (const g of new Set(joined.groups.filter((p): p is number => p !== null))) {
    // the group's columns of values, whatever role their titles' words won them ("Livello di servizio ...")
    const cols = roles.map((_, i) => i).filter((i) => joined.groups[i] === g && valueColumn(data, i));
    if (cols.length !== 2 || roles.some((r, i) => (r === "notes" || r === "target" || r === "actual") && !cols.includes(i)) || cols.some(achievedTitle)) continue;
    roles[cols[0]] = "target";
    roles[cols[1]] = "notes";
    return;
  }
}

/** Whether a column's filled cells are all values, and some are filled. */
function valueColumn(data: readonly RowLike[], i: number): boolean {
  const cells = data.map((r) => r.cells[i]).filter((c) => c && !c.covered && c.text?.trim());
  return cells.length > 0 && cells.every((c) => cellShape(c!.text) === "value");
}

/**
 * Value columns under one group title that no row fills together ("Standard" over
 * "Specifico | Generale": each row's standard is of one type or the other) are one target
 * printed in alternative columns: the role goes to the first, and each row's target is the
 * one it fills, its leaf title the row's note. Roles are changed in place.
 */
function alternativeTargets(roles: (ColumnRole | null)[], joined: JoinedHeader, data: readonly RowLike[]): Alternative[] | undefined {
  const filled = (r: RowLike, i: number) => !!r.cells[i]?.text?.trim() && !r.cells[i]?.covered;
  for (const g of new Set(joined.groups.filter((p): p is number => p !== null))) {
    // the group's columns whose cells are values (whatever role their titles won them)
    const values = (i: number) => data.every((r) => !filled(r, i) || cellShape(r.cells[i].text) === "value");
    const cols = roles.map((r, i) => i).filter((i) => joined.groups[i] === g && (roles[i] === "target" || roles[i] === "actual" || values(i)));
    if (cols.length < 2 || !cols.some((i) => roles[i] === "target" || roles[i] === "actual") || cols.some((i) => !joined.leaves[i] || !data.some((r) => filled(r, i)))) continue;
    if (data.some((r) => cols.filter((i) => filled(r, i)).length > 1)) continue;
    if (roles.some((r, i) => r === "target" && !cols.includes(i))) continue;
    cols.forEach((i, k) => (roles[i] = k === 0 ? "target" : null));
    return cols.map((i) => ({ column: i, leaf: joined.leaves[i]! }));
  }
  return undefined;
}
