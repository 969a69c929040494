/**
 * An indicator table known by what it holds, not by a list of titles: a header row of
 * short titles over rows with a description-like text cell and value-like cells. Each
 * column's role is weighed from its title's words, its cells' shapes and its place
 * (normalize/column-roles.ts); the template's own titles and a person's aliases stand
 * where they are printed, and the other columns take the roles left.
 */
import { assignRoles, cellShape, type ColumnCell, type RoleDecision } from "../normalize/column-roles.js";
import type { ColumnRole } from "../normalize/taxonomy.js";
import { detectHeader, headerRole, type HeaderMap } from "./header.js";

interface RowLike {
  cells: readonly ColumnCell[];
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
  return titles.every((c) => c.text!.length <= MAX_TITLE && (/^(?:19|20)\d{2}$/.test(c.text!.trim()) || !["value", "url", "ratio"].includes(cellShape(c.text))));
}

/**
 * The header of an indicator table from the header row and the rows below it (the same
 * table's), or null where the rows are not indicators: no description-like column, or no
 * column of values. The template's header (header.ts detectHeader) keeps its titles' roles.
 */
export function inferHeader(row: RowLike, below: readonly RowLike[]): InferredHeader | null {
  const template = detectHeader({ cells: row.cells.map((c) => ({ text: c.text })) });
  if (!template && !titleRow(row)) return null;
  const width = row.cells.length;
  const data = below.filter((r) => !spanningText(r, width) && !titleRow(r));
  if (!data.length) return template ? { ...template, decisions: template.roles.map(() => null) } : null;
  const fixed = template ? template.roles : row.cells.map((c) => (c.text ? headerRole(c.text) : null));
  const columns = row.cells.map((c, i) => ({ title: c.covered === "left" ? null : c.text, cells: data.map((r) => r.cells[i] ?? { text: null }) }));
  const decisions = assignRoles(columns, fixed);
  const roles = decisions.map((d) => d.role);
  if (!template && !isIndicatorTable(roles, decisions)) return null;
  const percentCols = new Set<number>();
  row.cells.forEach((c, i) => {
    if (c.text && /%/.test(c.text) && (roles[i] === "actual" || roles[i] === "target")) percentCols.add(i);
  });
  return { roles, percentCols, decisions: decisions.map((d, i) => (fixed[i] ? null : d)) };
}

/** What makes the rows indicators: a description column and a column of values. */
function isIndicatorTable(roles: (ColumnRole | null)[], decisions: RoleDecision[]): boolean {
  if (!roles.includes("description")) return false;
  return decisions.some((d) => (d.role === "target" || d.role === "actual") && d.evidence.some((e) => e.basis === "cells" && e.role === d.role && e.weight >= 0.4));
}
