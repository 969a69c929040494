/** `charters report` as a library call: read the database, write one self-contained HTML file. */
import type Database from "better-sqlite3";
import { writeFileSync } from "node:fs";
import { makeFolders } from "../pipeline/paths.js";
import { dirname, resolve } from "node:path";
import { readReportData, type ReportData } from "./data.js";
import { renderReport } from "./page.js";

export interface ReportResult {
  out: string;
  bytes: number;
  data: ReportData;
}

/** The report's HTML for an open database. */
export function reportHtml(db: Database.Database, dbPath: string, now = new Date(), out: string | null = null): { html: string; data: ReportData } {
  const data = readReportData(db, resolve(dbPath), now);
  return { html: renderReport(data, out === null ? null : dirname(resolve(out))), data };
}

/** Write the report to `out`: its links to the charters' files are relative to its folder. */
export function writeReport(db: Database.Database, dbPath: string, out: string, now = new Date()): ReportResult {
  const { html, data } = reportHtml(db, dbPath, now, out);
  makeFolders(dirname(resolve(out)));
  writeFileSync(out, html);
  return { out, bytes: Buffer.byteLength(html), data };
}
