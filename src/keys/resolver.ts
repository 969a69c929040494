/**
 * Assigns issuer and service keys from folded names, remembering every spelling met
 * (the database keeps them in `key_variants`): a spelling seen before gets its key back;
 * a new spelling that is the same name as a known one within its scope (`sameName`:
 * spacing, typos) gets that one's key; any other spelling starts a key of its own, made
 * from it. Keys therefore never change once given, and a person can map a spelling to
 * a key by hand (how = 'manual'), which wins like any known spelling.
 */
import { sameName, slug } from "./keys.js";

export type VariantKind = "issuer" | "service";

export interface Variant {
  kind: VariantKind;
  /** For a service, the key of its issuer ('' when the issuer is unknown); '' for an issuer. */
  scope: string;
  /** The folded spelling (foldName). */
  fold: string;
  key: string;
  /** first: the spelling that made the key; typo: matched to it by sameName; manual: set by a person. */
  how: "first" | "typo" | "manual";
}

export class KeyResolver {
  private readonly exact = new Map<string, Variant>();
  private readonly byScope = new Map<string, Variant[]>();
  private readonly keys = new Set<string>();
  private readonly fresh: Variant[] = [];

  constructor(known: Iterable<Variant>) {
    for (const v of known) this.remember(v);
  }

  private id(kind: VariantKind, scope: string, fold: string): string {
    return `${kind}\u0000${scope}\u0000${fold}`;
  }

  private remember(v: Variant): void {
    this.exact.set(this.id(v.kind, v.scope, v.fold), v);
    const s = `${v.kind}\u0000${v.scope}`;
    const list = this.byScope.get(s);
    if (list) list.push(v);
    else this.byScope.set(s, [v]);
    this.keys.add(`${v.kind}\u0000${v.key}`);
  }

  /** The key of a spelling in a scope, giving it one if it is new. `prefix` is put before a new key. */
  resolve(kind: VariantKind, scope: string, fold: string, prefix = ""): string {
    const known = this.exact.get(this.id(kind, scope, fold));
    if (known) return known.key;
    const like = this.byScope.get(`${kind}\u0000${scope}`)?.find((v) => v.how !== "typo" && sameName(fold, v.fold));
    let v: Variant;
    if (like) v = { kind, scope, fold, key: like.key, how: "typo" };
    else {
      let key = prefix + slug(fold);
      for (let n = 2; this.keys.has(`${kind}\u0000${key}`); n++) key = `${prefix}${slug(fold)}-${n}`;
      v = { kind, scope, fold, key, how: "first" };
    }
    this.remember(v);
    this.fresh.push(v);
    return v.key;
  }

  /** The scopes (issuer keys) where a spelling is known as a service, exactly or by sameName, without adding it. */
  scopesOf(kind: VariantKind, fold: string): Set<string> {
    const out = new Set<string>();
    for (const [s, list] of this.byScope) {
      const [k, scope] = s.split("\u0000");
      if (k !== kind || scope === "") continue;
      if (list.some((v) => v.fold === fold || sameName(fold, v.fold))) out.add(scope);
    }
    return out;
  }

  /** Spellings met for the first time since construction, to be stored. */
  added(): readonly Variant[] {
    return this.fresh;
  }
}
