/**
 * The documentation of every public view and column: the one source of truth. It is
 * written into the database's `docs` table (so the database documents itself), read
 * back by `charters metadata` (Datasette) and `charters export --datapackage`
 * (Frictionless), and written into docs/views.md by `npm run docs` (test/docs.test.ts
 * fails when that page is out of date).
 */
import { ALL_CHECKS } from "../checks/index.js";
import { STORED_FORMATS, UNITS } from "../model/formats.js";
import { MEASURE_UNITS, type MeasureUnit } from "../normalize/measure.js";
import type { Unit } from "../model/schema.js";
import { REVIEW_THRESHOLD } from "../template/indicator.js";

/** Frictionless field types; `boolean` columns hold 0/1, `array` columns a JSON array as text. */
export type FieldType = "string" | "integer" | "number" | "boolean" | "array";

export interface ColumnDoc {
  name: string;
  type: FieldType;
  /** The unit of the values: a unit code, or "see <column>" where another column gives each row's unit. */
  unit?: string;
  description: string;
}

export interface ViewDoc {
  name: string;
  description: string;
  columns: readonly ColumnDoc[];
  /** Datasette facets suggested for the view. */
  facets: readonly string[];
  /** The full-text index that serves the view's search box, and the column its rowid is. */
  fts?: { table: string; pk: string };
  /** A stable order of the rows, for exports. */
  order: string;
}

/** What each unit code means, as printed in the charters. */
export const UNIT_DOCS: Readonly<Record<Unit, string>> = {
  percent: "percentuale (%)",
  days: "giorni (days)",
  working_days: "giorni lavorativi (working days)",
  hours: "ore (hours)",
  weekly_hours: "ore settimanali (hours a week)",
  minutes: "minuti (minutes)",
  months: "mesi (months)",
  realtime: "tempo reale (no number)",
  number: "a count or a number with no unit",
};

/** What each unit of the comparable measures means (src/normalize/measure.ts). */
export const MEASURE_UNIT_DOCS: Readonly<Record<MeasureUnit, string>> = {
  days: "a duration in calendar days: minutes / 1440, hours / 24, months × 30; tempo reale is 0",
  working_days: "a duration in working days, kept apart (× 1.4 for calendar days, not done)",
  fraction: "a share: a percentage / 100 (95% -> 0.95)",
  hours_per_week: "hours a week (ore settimanali)",
  euro: "money: a number printed with € or euro",
  count: "a count, or a number with no unit",
};

const c = (name: string, type: FieldType, description: string, unit?: string): ColumnDoc => ({ name, type, description, ...(unit ? { unit } : {}) });

const units = UNITS.join(", ");
const measureUnits = MEASURE_UNITS.join(", ");

const ISSUER_LABEL = c("issuer_label", "string", "The issuer's one display spelling: of the spellings its files print, one in upper and lower case before capitals only, then the most printed (issuer stays as printed).");

const DOCUMENT = [
  c("document_id", "integer", "Id of the imported file's current version (documents.id)."),
  c("service_id", "integer", "Id of the service (services.id): one per service block of a file."),
];
const KEYS = [
  c("issuer_key", "string", "The issuer's key: its name folded (case, accents, spacing), typos of a known spelling given that spelling's key; inferred from the services' names where the file prints no issuer."),
  c("service_key", "string", "The service's key: issuer key + the service name folded; the same service of the same issuer in other files and years has the same key."),
  c("charter_key", "string", "The charter's key: issuer key, year, kind and the set of its service keys. Files with the same key publish the same charter."),
  c("best", "boolean", "1 for the file chosen to stand for its charter (highest mean confidence, then success over partial, more indicators, a structured format), 0 for the others."),
];

export const SERVICE_COLUMNS: readonly ColumnDoc[] = [
  c("source_path", "string", "Absolute path of the imported file."),
  c("format", "string", `The parser's format: ${STORED_FORMATS.join(", ")} (a signed file's is the format read inside its envelope).`),
  c("kind", "string", "standards (a charter of targets) or results (targets and achieved values)."),
  c("issuer", "string", "The issuing body, as printed in the title block."),
  c("title", "string", "The document's title, as printed."),
  c("year", "integer", "The year the charter is for (\"ANNO 2020\"); null where none is printed.", "year"),
  c("office", "string", "The issuing office (Direzione Generale, Ufficio), as printed."),
  c("signatory", "string", "Who signed the document (results reports)."),
  c("service_name", "string", "The service's name (Denominazione del servizio)."),
  c("service_description", "string", "Principali caratteristiche del servizio."),
  c("delivery_mode", "string", "Modalità di erogazione."),
  c("users", "string", "Tipologia di utenza."),
  c("complaint_authority", "string", "Organo cui notificare la preventiva diffida."),
  c("urls", "array", "The service's web pages, a JSON array of strings."),
  ...DOCUMENT,
  ...KEYS,
  c("indicators", "integer", "How many indicator rows the service has."),
  ISSUER_LABEL,
];

export const INDICATOR_COLUMNS: readonly ColumnDoc[] = [
  c("source_path", "string", "Absolute path of the imported file."),
  c("service_name", "string", "The service's name, as in v_services."),
  c("dimension", "string", "Canonical dimension codes joined by ',' in printed order ('' where the label names none)."),
  c("dimension_raw", "string", "The dimension label as printed."),
  c("subdimension", "string", "Canonical sub-dimension code, or null."),
  c("subdimension_raw", "string", "The sub-dimension label as printed."),
  c("description", "string", "Descrizione indicatore, as printed (whitespace folded)."),
  c("formula", "string", "Formula indicatore, as printed (whitespace folded)."),
  c("target_raw", "string", "The target (valore programmato) as printed."),
  c("target_value", "number", "The target's number; null where the text states none (tempo reale, N.D.).", "see target_unit"),
  c("target_unit", "string", `The target's unit: ${units}.`),
  c("actual_raw", "string", "The achieved value as printed (results reports)."),
  c("actual_value", "number", "The achieved value's number.", "see actual_unit"),
  c("actual_unit", "string", `The achieved value's unit: ${units}.`),
  c("notes", "string", "Note column, where the layout has one."),
  c("activity", "string", "Servizio erogato / attività column of results reports."),
  c("explanation", "string", "Eventuale motivazione del mancato raggiungimento (results reports)."),
  c("placeholder", "boolean", "1 where the row still holds the template's example (\"Per esempio: ...\")."),
  c("confidence", "number", "0..1: how sure the parser is of the row.", "0..1"),
  c("needs_review", "boolean", `1 where a person should look at the row: its confidence is below the review threshold (${REVIEW_THRESHOLD}: a reading the measured confidence bands do not trust, a cell that failed a sanity check, a label no rule could place) and nobody has accepted it yet (charters review --rows); 0 where the tool stands behind the row.`),
  c("review_reason", "string", "Why the row's confidence was lowered: the doubts of its reading, separated by '; '; null where nothing lowered it."),
  c("reviewed_by", "string", "Who accepted the row after a look (charters review --rows --accept), or null."),
  c("reviewed_at", "string", "When it was accepted (ISO 8601), or null."),
  ...DOCUMENT,
  c("indicator_id", "integer", "Id of the indicator row (indicators.id)."),
  c("issuer", "string", "The document's issuer, as printed."),
  c("year", "integer", "The document's year.", "year"),
  c("kind", "string", "standards or results."),
  c("format", "string", "The parser's format of the file."),
  c("dimension_label", "string", "The canonical Italian names of the dimensions (\"Tempestività\"), joined by ', ' in printed order."),
  c("target_comparator", "string", "The comparator the target states: >=, <=, >, <, = (\"≥ 90%\", \"almeno\" -> >=; \"max 10 giorni\", \"entro 5 giorni\" -> <=); null where it states none."),
  c("actual_comparator", "string", "The same for the achieved value."),
  c("better", "string", "Which way is better for this indicator: higher or lower (from its comparator, words and unit; see docs/checks.md), null where undecided."),
  ...KEYS,
  c("target_norm", "number", "The target in comparable form (docs/checks.md, Comparable measures): durations in days (working days apart), shares as fractions, counts, money.", "see target_norm_unit"),
  c("target_norm_unit", "string", `The unit of target_norm: ${measureUnits}.`),
  c("actual_norm", "number", "The achieved value in comparable form.", "see actual_norm_unit"),
  c("actual_norm_unit", "string", `The unit of actual_norm: ${measureUnits}.`),
  c("met", "boolean", "Results rows: 1 where the achieved value met the target (in the better direction, in comparable units), 0 where it did not, null where they cannot be compared."),
  c("edited", "boolean", "1 where a person's correction (charters fix, table edits) stands on the row; the printed value is in the edit's before."),
  ISSUER_LABEL,
];

const INDICATOR_DIMENSION_COLUMNS: readonly ColumnDoc[] = [
  c("indicator_id", "integer", "Id of the indicator row (v_indicators.indicator_id)."),
  c("dimension", "string", "One canonical dimension code the row names; null for a row that names none (one row then)."),
  c("dimension_label", "string", "Its canonical Italian name (\"Tempestività\")."),
  c("dimension_position", "integer", "Its position among the dimensions the row names, as printed (1 first)."),
  c("document_id", "integer", "documents.id of the file."),
  c("service_id", "integer", "services.id of the service."),
  c("issuer", "string", "The document's issuer, as printed."),
  ISSUER_LABEL,
  c("issuer_key", "string", "The issuer's key."),
  c("year", "integer", "The document's year.", "year"),
  c("kind", "string", "standards or results."),
  c("format", "string", "The file's format."),
  c("service_name", "string", "The service's name."),
  c("description", "string", "The indicator's description, as printed."),
  c("target_raw", "string", "The target as printed."),
  c("target_norm", "number", "The target in comparable form.", "see target_norm_unit"),
  c("target_norm_unit", "string", `The unit of target_norm: ${measureUnits}.`),
  c("actual_raw", "string", "The achieved value as printed."),
  c("actual_norm", "number", "The achieved value in comparable form.", "see actual_norm_unit"),
  c("actual_norm_unit", "string", `The unit of actual_norm: ${measureUnits}.`),
  c("better", "string", "higher or lower: which way is better; null where undecided."),
  c("met", "boolean", "Results rows: whether the achieved value met the target (null where not comparable)."),
  c("service_key", "string", "The service's key."),
  c("charter_key", "string", "The charter's key."),
  c("best", "boolean", "1 for the rows of each charter's best file: filter on it to count each charter once."),
];

const VERSION_COLUMNS: readonly ColumnDoc[] = [
  c("charter_key", "string", "The charter's key, as its latest version has it (null for a retired one)."),
  c("issuer", "string", "The issuer as printed in this version."),
  ISSUER_LABEL,
  c("year", "integer", "The charter's year.", "year"),
  c("kind", "string", "standards or results."),
  c("title", "string", "The title as printed in this version."),
  c("version", "integer", "1 for the first version imported, 2 for the one that superseded it, ..."),
  c("versions", "integer", "How many versions the charter has (from this file and those its versions were superseded by)."),
  c("state", "string", "current (in the other views), superseded (by a later version: superseded_by) or retired (its file is gone: --prune)."),
  c("document_id", "integer", "documents.id of this version: its rows stay in the tables (indicators, services) with this document id."),
  c("source_path", "string", "The file it was read from."),
  c("format", "string", "Its format."),
  c("sha256", "string", "The file's content hash."),
  c("imported_at", "string", "When it was imported (ISO 8601)."),
  c("superseded_by", "integer", "documents.id of the version that superseded it."),
  c("superseded_at", "string", "When it was superseded."),
  c("retired_at", "string", "When --prune found its file gone."),
  c("previous_id", "integer", "documents.id of the version this one superseded."),
  c("rows_added", "integer", "Indicator rows this version has and the previous one had not (matched by service, dimension, description and formula)."),
  c("rows_removed", "integer", "Indicator rows the previous version had and this one has not."),
  c("values_changed", "integer", "Printed values changed in rows of both versions (sub-dimension, target, achieved value, notes, activity, explanation)."),
  c("changes", "array", "Each change: {change: added|removed|changed, service, description, field, before, after}, a JSON array."),
  c("indicators", "integer", "Indicator rows in this version."),
  c("latest_document_id", "integer", "documents.id of the charter's latest version (the current one, or the last retired)."),
];

const ACTION_COLUMNS: readonly ColumnDoc[] = [
  c("document_id", "integer", "documents.id of the results report."),
  c("position", "integer", "The action's position in the report (1 first)."),
  c("action", "string", "The improvement action (azione di miglioramento), as printed."),
  c("outcome", "string", "Its outcome or state, as printed."),
  c("source_path", "string", "The file."),
  c("issuer", "string", "The document's issuer, as printed."),
  ISSUER_LABEL,
  c("year", "integer", "The document's year.", "year"),
  c("kind", "string", "standards or results."),
  c("format", "string", "The file's format."),
  c("issuer_key", "string", "The issuer's key."),
  c("charter_key", "string", "The charter's key."),
  c("best", "boolean", "1 when the file is its charter's best one."),
];

const CHARTER_COLUMNS: readonly ColumnDoc[] = [
  c("charter_key", "string", "The charter's key (see v_indicators.charter_key)."),
  c("issuer_key", "string", "The issuer's key."),
  c("issuer", "string", "The issuer as printed in the best file."),
  c("year", "integer", "The charter's year.", "year"),
  c("kind", "string", "standards or results."),
  c("title", "string", "The title as printed in the best file."),
  c("services", "integer", "Services in the best file."),
  c("indicators", "integer", "Indicator rows in the best file."),
  c("files", "integer", "How many current files publish this charter."),
  c("formats", "string", "Their formats, distinct, joined by ','."),
  c("source_paths", "array", "Their paths, a JSON array."),
  c("best_document_id", "integer", "documents.id of the file chosen to stand for the charter."),
  c("best_source_path", "string", "Its path."),
  c("best_format", "string", "Its format."),
  c("best_confidence", "number", "Its mean indicator confidence.", "0..1"),
  c("findings", "integer", "Findings of the checks on the best file (v_checks)."),
  c("signed_files", "integer", "How many of its files came signed (.p7m, CAdES): their format is the format read inside the envelope, their source_path the .p7m file's."),
  c("signed_by", "string", "Who signed them: the signers' certificate subject common names (CN), distinct, joined by '; ' (every signer of every envelope, nested ones included); null where no file came signed."),
  c("signed_org", "string", "The signers' organisations (certificate subject O), distinct, joined by '; '."),
  c("signed_at", "string", "The latest signing time among them (ISO 8601, UTC): the signing-time attribute, else the time of a CAdES-T signature time-stamp (not verified)."),
  c("signature_check", "string", "How far the weakest of those signatures was checked, offline: signature (the content digest matches the signed one and the signature verifies with the certificate's public key), digest (the digest matches; the signature's algorithm is not one checked here), none. No certificate chain, revocation or validity check is made. A file whose digest or signature does not match is not imported (it fails with its reason)."),
  ISSUER_LABEL,
  c("source_url", "string", "The first web address the best file states (its services' pages), null where none: where the charter is published."),
];

const CHECK_COLUMNS: readonly ColumnDoc[] = [
  c("check_name", "string", `The rule that found it (see docs/checks.md): ${ALL_CHECKS.map((k) => k.name).join(", ")}.`),
  c("severity", "string", "error (the data contradicts itself or the charter's own rule), warning (something to look at), info."),
  c("document_id", "integer", "documents.id of the file."),
  c("service_id", "integer", "services.id, where the finding is about a service or an indicator."),
  c("indicator_id", "integer", "indicators.id, where the finding is about an indicator."),
  c("source_path", "string", "Absolute path of the file."),
  c("message", "string", "What was found, in a sentence."),
  c("finding_id", "integer", "Id of the finding (findings.id); findings are computed again when their document or the rules change."),
  c("scope", "string", "document (a rule on one file) or corpus (a rule across files, such as the year before)."),
  c("field", "string", "The indicator's field the finding is about (target_raw, actual_raw, formula, description)."),
  c("value", "string", "That field's value as printed."),
  c("related_indicator_id", "integer", "The other indicator involved: for target_worse_than_previous_year, the earlier year's."),
  c("issuer", "string", "The document's issuer."),
  c("year", "integer", "The document's year.", "year"),
  c("kind", "string", "standards or results."),
  c("format", "string", "The file's format."),
  c("service_name", "string", "The service's name."),
  c("indicator_description", "string", "The indicator's description."),
  c("charter_key", "string", "The charter's key."),
  c("service_key", "string", "The service's key."),
  c("best", "boolean", "1 when the file is its charter's best one: filter on it to count each charter once."),
  c("src_sheet", "string", "Where the row was read: sheet name."),
  c("src_page", "integer", "PDF page."),
  c("src_row", "integer", "Sheet row."),
  c("src_line", "integer", "Text line."),
  ISSUER_LABEL,
  c("check", "string", "The same as check_name, under its former name (a word SQL reserves: write \"check\"); kept for one release, to be removed."),
];

const INDICATOR_FTS = { table: "indicators_fts", pk: "indicator_id" };

export const VIEW_DOCS: readonly ViewDoc[] = [
  {
    name: "v_services",
    order: "document_id, service_id",
    description: "One row per service of every current, successfully imported file: the title block and the service block.",
    columns: SERVICE_COLUMNS,
    facets: ["issuer_label", "year", "kind", "format"],
    fts: { table: "services_fts", pk: "service_id" },
  },
  {
    name: "v_indicators",
    order: "document_id, service_id, indicator_id",
    description: "One row per indicator row of every current file's tables, with its ids, its document's issuer, year, kind and format, and its keys.",
    columns: INDICATOR_COLUMNS,
    facets: ["dimension", "issuer_label", "year", "target_unit"],
    fts: INDICATOR_FTS,
  },
  {
    name: "v_indicators_best",
    order: "document_id, service_id, indicator_id",
    description: "v_indicators with each charter counted once: only the rows of each charter's best file (best = 1). Use it for averages and counts.",
    columns: INDICATOR_COLUMNS,
    facets: ["dimension", "issuer_label", "year", "target_unit"],
    fts: INDICATOR_FTS,
  },
  {
    name: "v_indicator_dimensions",
    order: "indicator_id, dimension_position",
    description: "One row per indicator and dimension it names (one row with dimension null for a row that names none): the natural facet for counts by dimension.",
    columns: INDICATOR_DIMENSION_COLUMNS,
    facets: ["dimension", "issuer_label", "year", "target_norm_unit"],
  },
  {
    name: "v_charters",
    order: "charter_key",
    description: "One row per charter (charter_key): the files and formats that publish it, the one chosen as best, and who signed the files that came signed.",
    columns: CHARTER_COLUMNS,
    facets: ["issuer_label", "year", "kind"],
  },
  {
    name: "v_checks",
    order: "finding_id",
    description: "The checks' findings on current files: one row per finding, with the rule, its severity and where it is.",
    columns: CHECK_COLUMNS,
    facets: ["check_name", "severity", "issuer_label", "year"],
  },
  {
    name: "v_charter_versions",
    order: "latest_document_id, version",
    description: "One row per version of a charter read from a file: the current one and those it superseded (a corrected republish) or that were retired, with what changed from the previous version. Old versions' rows stay in the tables under their document_id.",
    columns: VERSION_COLUMNS,
    facets: ["state", "issuer_label", "year"],
  },
  {
    name: "v_actions",
    order: "document_id, position",
    description: "One row per improvement action (azioni di miglioramento) of every current results report.",
    columns: ACTION_COLUMNS,
    facets: ["issuer_label", "year"],
  },
];

export function viewDoc(name: string): ViewDoc | undefined {
  return VIEW_DOCS.find((v) => v.name === name);
}

/**
 * Write the documentation into the database's `docs` table (on every open, in the schema
 * transaction): one row per view (column_name ''), one per column, and the unit codes
 * (object 'units').
 */
export function seedDocs(db: import("better-sqlite3").Database): void {
  db.exec("DELETE FROM docs");
  const put = db.prepare("INSERT INTO docs (object, column_name, position, type, unit, description) VALUES (?, ?, ?, ?, ?, ?)");
  for (const v of VIEW_DOCS) {
    put.run(v.name, "", 0, null, null, v.description);
    v.columns.forEach((col, k) => put.run(v.name, col.name, k + 1, col.type, col.unit ?? null, col.description));
  }
  UNITS.forEach((u, k) => put.run("units", u, k + 1, null, u, UNIT_DOCS[u]));
  MEASURE_UNITS.forEach((u, k) => put.run("measure_units", u, k + 1, null, u, MEASURE_UNIT_DOCS[u]));
}
