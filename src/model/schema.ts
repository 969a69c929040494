/**
 * The canonical charter model: the one source of truth for types and validation.
 * Every parser produces a CharterDocument; the database stores nothing else.
 * Field names follow the corpus gold (snake_case) so that a document can be compared
 * with its gold.json field by field.
 */
import { z } from "zod";
import { FORMATS, UNITS } from "./formats.js";

/** The model's units and formats (formats.ts keeps them free of zod for the database side). */
export { FORMATS, UNITS };

export const Unit = z.enum(UNITS);
export type Unit = z.infer<typeof Unit>;

export const Format = z.enum(FORMATS);
export type Format = z.infer<typeof Format>;

/** Where a piece of data was read: enough to find it again in the source file. */
export const Provenance = z.object({
  file: z.string(),
  parser: z.string(),
  parser_version: z.string(),
  sheet: z.string().nullable().default(null),
  page: z.number().int().positive().nullable().default(null),
  row: z.number().int().positive().nullable().default(null),
  line: z.number().int().positive().nullable().default(null),
  /** [x0, y0, x1, y1] in PDF user space, top-left origin, for PDF rows. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().default(null),
  /** Set where the text was read by OCR from a scanned page: the mean confidence of its words, 0..1. */
  ocr: z.number().min(0).max(1).optional(),
});
export type Provenance = z.infer<typeof Provenance>;

const text = z.string().min(1).nullable();

export const Indicator = z.object({
  /** Canonical dimension codes, in the order printed; [] where the label names none. */
  dimension: z.array(z.string()),
  dimension_raw: text,
  subdimension: z.string().nullable(),
  subdimension_raw: text,
  description: text,
  formula: text,
  target_raw: text,
  target_value: z.number().nullable(),
  target_unit: Unit.nullable(),
  actual_raw: text,
  actual_value: z.number().nullable(),
  actual_unit: Unit.nullable(),
  notes: text,
  activity: text,
  explanation: text,
  /** The row still holds the template's example text ("Per esempio: ..."). */
  placeholder: z.boolean(),
  /** 0..1: how sure the parser is of this row's assembly and labels. */
  confidence: z.number().min(0).max(1),
  /** Why the row's confidence was lowered (its reading's doubts, "; " between them); null or absent where nothing lowered it. */
  review_reason: z.string().nullable().optional(),
  provenance: Provenance,
});
export type Indicator = z.infer<typeof Indicator>;

export const Service = z.object({
  name: text,
  description: text,
  delivery_mode: text,
  users: text,
  complaint_authority: text,
  urls: z.array(z.string()),
  indicators: z.array(Indicator),
  provenance: Provenance,
});
export type Service = z.infer<typeof Service>;

export const Action = z.object({ action: z.string().min(1), outcome: text });
export type Action = z.infer<typeof Action>;

/** A label the normalizer could not place, kept for a person to look at. */
export const ReviewItem = z.object({
  kind: z.enum(["dimension", "subdimension", "value", "row", "header", "service"]),
  label: z.string(),
  reason: z.string(),
  provenance: Provenance,
});
export type ReviewItem = z.infer<typeof ReviewItem>;

/** A digital signature over the file a document was read from (a .p7m envelope's signer). */
export const Signature = z.object({
  /** 1 for the file's own envelope, 2 for an envelope inside it (a .p7m.p7m), ... */
  layer: z.number().int().positive(),
  /** The signer's certificate subject: common name (CN) and organisation (O). */
  signer: text,
  organization: text,
  /** ISO 8601: the signing-time attribute, else the time of a CAdES-T signature time-stamp. */
  signing_time: z.string().nullable(),
  time_source: z.enum(["signing-time", "timestamp"]).nullable(),
  /** How far it was checked, offline: the signature verified with the certificate's key, the content digest alone, or nothing. */
  check: z.enum(["signature", "digest", "none"]),
});
export type Signature = z.infer<typeof Signature>;

/** A document taken out of a signed envelope: what it was read as, and who signed it. */
export const Signed = z.object({
  envelope: z.enum(["p7m"]),
  /** The format of the signed content, as read. */
  format: Format,
  signatures: z.array(Signature).min(1),
});
export type Signed = z.infer<typeof Signed>;

export const CharterDocument = z.object({
  kind: z.enum(["standards", "results"]),
  issuer: text,
  title: text,
  year: z.number().int().min(1990).max(2100).nullable(),
  office: text,
  signatory: text,
  actions: z.array(Action),
  services: z.array(Service),
  review: z.array(ReviewItem),
  /** Set where the file was a signed envelope. */
  signed: Signed.optional(),
});
export type CharterDocument = z.infer<typeof CharterDocument>;

/** The outcome for one file: docling-style status instead of exceptions crossing the batch. */
export type DocumentStatus = "success" | "partial" | "failure";
