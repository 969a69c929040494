/**
 * Aliases: a person's decisions that a label the taxonomy does not know means one of its
 * codes ("Chiarezza informativa" is the dimension `trasparenza`). They extend the
 * vocabulary as data, never replace it: the built-in labels keep their meaning, and an
 * alias is only matched as the whole folded label or one of its phrases.
 *
 * The database keeps the decisions (table `aliases`); parsers never read it. The import
 * sends them to each parser worker with its task, which installs them here with
 * `useAliases` before parsing, so every normalizer call of that parse sees them.
 */
import { DIMENSIONS, HEADER_TITLES, SERVICE_LABELS, SUBDIMENSIONS } from "./taxonomy.js";
import { labelKey } from "./text.js";

export const ALIAS_KINDS = ["dimension", "subdimension", "header", "service-label"] as const;
export type AliasKind = (typeof ALIAS_KINDS)[number];

export interface Alias {
  kind: AliasKind;
  /** The label as printed (or as the person typed it). */
  label: string;
  /** The canonical code it stands for: a dimension or sub-dimension code, a column role, a service field. */
  code: string;
}

export interface AliasEntry {
  /** The label folded with labelKey. */
  key: string;
  words: string[];
  code: string;
}

export interface Vocabulary {
  readonly entries: Readonly<Record<AliasKind, readonly AliasEntry[]>>;
  /** Equal for equal alias sets: a worker keeps its compiled vocabulary while it does not change. */
  readonly fingerprint: string;
}

/** The codes an alias of each kind may stand for. */
export function aliasTargets(kind: AliasKind): readonly string[] {
  switch (kind) {
    case "dimension":
      return DIMENSIONS.map((d) => d.code);
    case "subdimension":
      return SUBDIMENSIONS.map((s) => s.code);
    case "header":
      return HEADER_TITLES.map((h) => h.role);
    case "service-label":
      return SERVICE_LABELS.map((s) => s.field);
  }
}

const splitWords = (key: string) => key.split(/[\s']+/).filter(Boolean);

/** Compile aliases for matching: per kind, longer phrases first. */
export function compileAliases(aliases: readonly Alias[]): Vocabulary {
  const entries = Object.fromEntries(ALIAS_KINDS.map((k) => [k, [] as AliasEntry[]])) as Record<AliasKind, AliasEntry[]>;
  for (const a of aliases) {
    const key = labelKey(a.label);
    if (key) entries[a.kind].push({ key, words: splitWords(key), code: a.code });
  }
  for (const k of ALIAS_KINDS) entries[k].sort((a, b) => b.words.length - a.words.length || a.key.localeCompare(b.key));
  const fingerprint = ALIAS_KINDS.map((k) => entries[k].map((e) => `${e.key}=${e.code}`).join(";")).join("|");
  return { entries, fingerprint };
}

export const NO_ALIASES: Vocabulary = compileAliases([]);

let active: Vocabulary = NO_ALIASES;

/** Install the aliases every later normalizer call of this thread uses by default. */
export function useAliases(aliases: readonly Alias[]): Vocabulary {
  const v = compileAliases(aliases);
  if (v.fingerprint !== active.fingerprint) active = v;
  return active;
}

/** The vocabulary installed in this thread (none until useAliases is called). */
export function activeAliases(): Vocabulary {
  return active;
}

/**
 * Run `read` with `extra` aliases installed beside this thread's own (a document's own
 * header titles, found by its structure, for that document's reading only), then put the
 * thread's own back.
 */
export function withAliases<T>(extra: readonly Alias[], read: () => T): T {
  if (!extra.length) return read();
  const own = active;
  const kept = ALIAS_KINDS.flatMap((kind) => own.entries[kind].map((e) => ({ kind, label: e.key, code: e.code })));
  active = compileAliases([...kept, ...extra]);
  try {
    return read();
  } finally {
    active = own;
  }
}

/** The alias whose words start at `words[i]` (the longest one), or null. */
export function aliasPhraseAt(entries: readonly AliasEntry[], words: readonly string[], i: number): AliasEntry | null {
  for (const e of entries) {
    if (e.words.length <= words.length - i && e.words.every((w, k) => words[i + k] === w)) return e;
  }
  return null;
}

/** The alias a folded label is, or begins with ("chiarezza informativa" in "chiarezza informativa del servizio"). */
export function aliasAtStart(kind: AliasKind, key: string, vocab: Vocabulary = active): AliasEntry | null {
  return vocab.entries[kind].find((e) => key === e.key || key.startsWith(e.key + " ")) ?? null;
}

/** True where a folded label holds an alias's words as a phrase. */
export function holdsPhrase(key: string, entry: Pick<AliasEntry, "words">): boolean {
  const words = splitWords(key);
  for (let i = 0; i + entry.words.length <= words.length; i++) if (entry.words.every((w, k) => words[i + k] === w)) return true;
  return false;
}
