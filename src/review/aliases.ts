/**
 * `charters alias`: record, remove, list, export and import people's label decisions.
 * Making or removing a dimension or sub-dimension alias re-normalizes the stored rows at
 * once (renormalize.ts); header and service-label aliases change how tables and service
 * blocks are read, so they apply to the files imported from then on.
 */
import type Database from "better-sqlite3";
import { hostname, userInfo } from "node:os";
import { z } from "zod";
import { deleteAlias, findAlias, readAliases, writeAlias, type StoredAlias } from "../db/aliases.js";
import { headerRole } from "../template/header.js";
import { matchServiceLabel } from "../template/service.js";
import { ALIAS_KINDS, NO_ALIASES, aliasTargets, compileAliases, type Alias, type AliasKind } from "../normalize/aliases.js";
import { normalizeDimension, normalizeSubdimension } from "../normalize/dimension.js";
import { jaroWinkler } from "../normalize/fuzzy.js";
import { SUBDIMENSIONS } from "../normalize/taxonomy.js";
import { cleanCell, labelKey } from "../normalize/text.js";
import { forgetDecision, itemId } from "./decisions.js";
import { renormalize, type RenormalizeResult } from "./renormalize.js";

/** A decision that cannot be recorded as asked (exit code 2). */
export class AliasError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AliasError";
  }
}

/** An alias that would change no stored row though rows carry its label (exit 1): it is not recorded, and the message says why. */
export class AliasNoChangeError extends AliasError {
  constructor(message: string) {
    super(message);
    this.name = "AliasNoChangeError";
  }
}

/** The review item a label of an alias kind is (charters review). */
export const reviewItemOf = (kind: AliasKind, label: string) => itemId(kind === "service-label" ? "service" : kind, labelKey(label) || label);

/**
 * Why a dimension or sub-dimension alias changed none of the stored rows that print its
 * label, or null where no current row prints it (the alias waits for later imports).
 */
export function whyNoChange(db: Database.Database, a: Alias): string | null {
  const column = a.kind === "dimension" ? "dimension_raw" : "subdimension_raw";
  const rows = db
    .prepare(`SELECT i.${column} AS label, (SELECT group_concat(code, ',') FROM indicator_dimensions x WHERE x.indicator_id = i.id) AS dims
      FROM indicators i JOIN services s ON s.id = i.service_id JOIN documents d ON d.id = s.document_id
      WHERE d.current = 1 AND i.${column} IS NOT NULL`)
    .all() as { label: string; dims: string | null }[];
  const key = labelKey(a.label);
  const carriers = rows.filter((r) => labelKey(r.label) === key);
  if (carriers.length === 0) return null;
  const one = carriers.length === 1;
  const n = `the ${one ? "stored row that prints" : `${carriers.length} stored rows that print`} "${a.label}"`;
  if (a.kind === "subdimension") {
    const own = SUBDIMENSIONS.find((x) => x.code === a.code)!.dimension;
    const dims = [...new Set(carriers.flatMap((r) => (r.dims ? r.dims.split(",") : [])))];
    if (!dims.includes(own)) {
      return `${n} ${one ? "is" : "are"} under ${dims.length ? dims.join(", ") : "no dimension"}, and ${a.code} is a sub-dimension of ${own}: a sub-dimension alias applies under its own dimension (charters review dismiss, or fix the rows' dimension with charters fix)`;
    }
    return `${n} ${one ? "has" : "have"} a sub-dimension placed another way (by the template's order or their words), which an alias does not change`;
  }
  return `${n} ${one ? "has its dimensions" : "have dimensions"} placed another way (by the template's order or their words), which an alias does not change`;
}

/** Who is making a decision, for the record: the user and machine unless told (--by). */
export function currentUser(): string {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? "unknown";
  }
  return `${name}@${hostname()}`;
}

export function parseKind(kind: string): AliasKind {
  if ((ALIAS_KINDS as readonly string[]).includes(kind)) return kind as AliasKind;
  throw new AliasError(`unknown alias kind "${kind}": use one of ${ALIAS_KINDS.join(", ")}`);
}

/** What the built-in vocabulary places a label as, exactly (null where it does not): an alias may not redefine it. */
export function builtInMeaning(kind: AliasKind, label: string): string | null {
  switch (kind) {
    case "dimension": {
      const d = normalizeDimension(label, NO_ALIASES);
      return d.value.length && d.confidence === 1 ? d.value.join(",") : null;
    }
    case "subdimension": {
      const s = normalizeSubdimension(label, [], NO_ALIASES);
      return s.confidence === 1 ? s.value : null;
    }
    case "header":
      return headerRole(label);
    case "service-label":
      return matchServiceLabel(label)?.field ?? null;
  }
}

/** Check a decision before it is recorded: a known code, a label the taxonomy does not already place. */
export function validateAlias(input: { kind: string; label: string; code: string }): Alias {
  const kind = parseKind(input.kind);
  const label = cleanCell(input.label);
  if (!label) throw new AliasError("the label is empty");
  // A label is read by its letters (folded for matching): one of only punctuation, digits or
  // symbols (`%`, `_`) folds to nothing, would stand for every such label, and could not be told apart.
  if (!/\p{L}/u.test(label)) throw new AliasError(`"${label}" has no letter: a label is matched by its words, and one without would stand for any label of punctuation or digits`);
  const targets = aliasTargets(kind);
  if (!targets.includes(input.code)) {
    const near = [...targets].sort((a, b) => jaroWinkler(input.code, b) - jaroWinkler(input.code, a))[0];
    throw new AliasError(`"${input.code}" is not a ${kind} code (did you mean ${near}?); the ${kind} codes are: ${targets.join(", ")}`);
  }
  const meaning = builtInMeaning(kind, label);
  if (meaning !== null) {
    throw new AliasError(`"${label}" already means ${meaning} in the taxonomy: aliases extend the vocabulary and cannot redefine it`);
  }
  return { kind, label, code: input.code };
}

export interface AliasChange {
  alias: StoredAlias;
  /** The decision this one replaced, if the label had one. */
  replaced: StoredAlias | null;
  /** Stored rows re-normalized (dimension and sub-dimension aliases). */
  applied: RenormalizeResult;
}

/** Apply a change of the aliases table to the stored rows, in the same transaction. */
function changing<T>(db: Database.Database, change: () => T, check?: (applied: RenormalizeResult) => void): { value: T; applied: RenormalizeResult } {
  return db
    .transaction(() => {
      const before = compileAliases(readAliases(db));
      const value = change();
      const applied = renormalize(db, before, compileAliases(readAliases(db)));
      check?.(applied);
      return { value, applied };
    })
    .immediate();
}

/**
 * Record an alias and re-normalize the stored rows. With `requireChange`, a dimension or
 * sub-dimension alias that changes none of the rows that print its label is refused
 * (AliasNoChangeError, saying why) and nothing is recorded.
 */
export function addAlias(db: Database.Database, input: { kind: string; label: string; code: string }, by = currentUser(), at = new Date(), opts: { requireChange?: boolean } = {}): AliasChange {
  const a = validateAlias(input);
  const stored: StoredAlias = { ...a, created_by: by, created_at: at.toISOString() };
  const check = (applied: RenormalizeResult) => {
    if (!opts.requireChange || applied.rows > 0 || (a.kind !== "dimension" && a.kind !== "subdimension")) return;
    const why = whyNoChange(db, a);
    if (why) throw new AliasNoChangeError(`${a.kind} "${a.label}" -> ${a.code} would change nothing: ${why}; not recorded`);
  };
  const { value: replaced, applied } = changing(
    db,
    () => {
      const old = findAlias(db, a.kind, a.label) ?? null;
      writeAlias(db, stored);
      return old;
    },
    check,
  );
  return { alias: stored, replaced, applied };
}

export function removeAlias(db: Database.Database, kind: string, label: string): { removed: StoredAlias; applied: RenormalizeResult } {
  const k = parseKind(kind);
  const { value: removed, applied } = changing(db, () => {
    const old = findAlias(db, k, label);
    if (!old || !deleteAlias(db, k, label)) throw new AliasError(`no ${k} alias for "${label}" (charters alias --list shows them)`);
    forgetDecision(db, reviewItemOf(k, old.label)); // an item accepted with this alias is in the queue again
    return old;
  });
  return { removed, applied };
}

/** The JSON file that moves decisions between databases. */
export const AliasFile = z.object({
  format: z.literal("charters-aliases"),
  version: z.literal(1),
  exported_at: z.string(),
  aliases: z.array(
    z.object({
      kind: z.enum(ALIAS_KINDS),
      label: z.string().min(1),
      code: z.string().min(1),
      created_by: z.string().min(1),
      created_at: z.string().min(1),
    }),
  ),
});
export type AliasFile = z.infer<typeof AliasFile>;

export function exportAliases(db: Database.Database, at = new Date()): AliasFile {
  return { format: "charters-aliases", version: 1, exported_at: at.toISOString(), aliases: readAliases(db) };
}

export interface ImportResult {
  added: number;
  /** Already recorded with the same code. */
  unchanged: number;
  applied: RenormalizeResult;
}

/**
 * Record the decisions of an exported file, keeping who made them and when. All or
 * nothing: a file with an invalid decision, or one that contradicts a decision already
 * recorded here, changes nothing.
 */
export function importAliases(db: Database.Database, data: unknown): ImportResult {
  const parsed = AliasFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AliasError(`not an alias file written by charters alias --export: ${issue.path.join(".") || "(top)"}: ${issue.message}`);
  }
  const { value, applied } = changing(db, () => {
    let added = 0;
    let unchanged = 0;
    for (const entry of parsed.data.aliases) {
      const a = validateAlias(entry);
      const old = findAlias(db, a.kind, a.label);
      if (old && old.code === a.code) {
        unchanged++;
        continue;
      }
      if (old) throw new AliasError(`"${a.label}" is a ${a.kind} alias for ${old.code} here (${old.created_by}, ${old.created_at}) and for ${a.code} in the file: remove one first`);
      writeAlias(db, { ...a, created_by: entry.created_by, created_at: entry.created_at });
      added++;
    }
    return { added, unchanged };
  });
  return { ...value, applied };
}
