/**
 * The model's closed vocabularies as plain constants, without zod: what the database side
 * needs (units of the views, formats) without loading the validation library.
 */
export const UNITS = ["percent", "days", "working_days", "hours", "weekly_hours", "minutes", "months", "realtime", "number"] as const;

export const FORMATS = ["xlsx", "xls", "ods", "tsv", "pdf", "txt", "html", "docx", "odt", "csv", "doc", "rtf", "p7m"] as const;
