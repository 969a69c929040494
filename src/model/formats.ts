/**
 * The model's closed vocabularies as plain constants, without zod: what the database side
 * needs (units of the views, formats) without loading the validation library. The formats
 * are the manifest's (parsers/manifest.ts, which loads no parser).
 */
import { MANIFEST, type ManifestEntry } from "../parsers/manifest.js";

export const UNITS = ["percent", "days", "working_days", "hours", "weekly_hours", "minutes", "months", "realtime", "number"] as const;

/** The formats stored with documents: one per parser, in the order the parsers are listed. */
export const FORMATS = MANIFEST.map((e) => e.format) as [ManifestEntry["format"], ...ManifestEntry["format"][]];

/** The formats a document is stored with: an envelope's (a signature's) documents take the format read inside it. */
export const STORED_FORMATS: readonly string[] = MANIFEST.filter((e) => !("envelope" in e)).map((e) => e.format);

/** The formats from the one that stands first for a charter published in several (the best file) to the last. */
export const FORMAT_RANK: readonly string[] = [...MANIFEST].sort((a, b) => a.rank - b.rank).map((e) => e.format);
