/**
 * Which way is better for an indicator, as data: read by src/normalize/direction.ts.
 *
 * The rule every charter prints ("il valore programmato non può essere peggiorativo")
 * needs to know, for each indicator, whether a higher or a lower value is better. It is
 * decided from the indicator's own text and unit, in this order:
 *
 *  1. the comparator the target states: "max 10 giorni", "entro 5 giorni", "≤ 1%" say
 *     lower is better; "almeno 90%", "≥ 95%" say higher is better;
 *  2. the words of what is counted (for a ratio "A / B", the numerator A; otherwise the
 *     formula and the description): OUTCOME_CUES name a good outcome ("reclami risolti",
 *     "entro il tempo previsto"): higher is better, and they win over PROBLEM_CUES, which
 *     name things a service should have few of (complaints, reports, interruptions,
 *     errors, days of disruption): lower is better; a NEGATION just before a cue turns it
 *     round ("non risolti", "senza errori"); for a duration only AVAILABILITY_CUES (hours
 *     of opening) count, and say higher is better;
 *  3. the unit: a time (days, working days, hours, minutes, months) is better shorter; a
 *     share (percent: requests served, days of availability) and weekly opening hours are
 *     better higher; a bare number says nothing (null: such indicators are not compared).
 *
 * Cues are matched on folded text (lower case, no accents) at the start of a word.
 */
import type { Unit } from "../model/schema.js";

export type Better = "higher" | "lower";

/** Words naming what a service should have few of. */
export const PROBLEM_CUES: readonly string[] = [
  "reclam", "segnalazion", "lamentel", "contestazion", "contestat",
  "interruzion", "sospension", "disservizi", "guast", "soppress",
  "error", "errat", "anomali", "non conform", "difform", "irregolar", "rettific",
  "ritard", "disagi", "arretrat", "giacen", "abbandon", "perdit", "perse",
  "non accolt", "non ammissibil", "respint", "rigettat", "inevas",
  "chiusur", "indisponibil",
];

/**
 * Words naming a good outcome of what is counted; they win over PROBLEM_CUES ("reclami
 * risolti", "segnalazioni chiuse con esito", "pratiche chiuse entro 30 giorni"). "chiuse",
 * "chiusi" (closed: dealt with) are whole forms, so that "chiusura" (an office closed)
 * stays a problem.
 */
export const OUTCOME_CUES: readonly string[] = [
  "risolt", "evas", "gestit", "riscontrat", "soddisf", "accolt",
  "chiuse", "chiusi", "chiusa", "chiuso", "con esito", "conclus", "definit",
  "entro", "nei tempi", "nei termini",
];

/** Words before a cue that turn it round: "non risolti" is a problem, "senza errori" an outcome. */
export const NEGATIONS: readonly string[] = ["non", "senza", "privi di", "prive di", "assenza di"];

/** Words that make a duration better longer: hours or days of opening and availability, notice given before a planned interruption. */
export const AVAILABILITY_CUES: readonly string[] = ["apertura", "aperto", "disponibilit", "accessibilit", "erogazione continua", "preavvis"];

/** Comparators printed before a target's number, and what they say of the better way. */
export const COMPARATOR_BETTER: Readonly<Record<string, Better>> = {
  "<=": "lower",
  "<": "lower",
  ">=": "higher",
  ">": "higher",
};

/** The better way for a unit when the text says nothing (null: not decided). */
export const UNIT_BETTER: Readonly<Record<Unit, Better | null>> = {
  days: "lower",
  working_days: "lower",
  hours: "lower",
  minutes: "lower",
  months: "lower",
  weekly_hours: "higher",
  percent: "higher",
  realtime: null,
  number: null,
};

/** Units that measure a duration (the AVAILABILITY_CUES apply to them). */
export const DURATION_UNITS: ReadonlySet<Unit> = new Set(["days", "working_days", "hours", "minutes", "months", "weekly_hours"]);
