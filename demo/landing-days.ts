// Feeds a generated landing folder to the warehouse one business day at a time, as the daily ingestion
// schedule would: day D's files land in the landing folder and are ingested the next morning
// (02:30 in Asia/Kolkata), so ingestion_ts, lateness and watermarks behave as in production.
import * as fs from "node:fs";
import * as path from "node:path";
import { ingestLanding, type IngestReport } from "../ingestion/load";

const DAY_MS = 86_400_000;

/** Source folders as the generator writes them: <source>/<yyyy>/<mm>/<dd>/… */
export function dayFolders(generated: string, date: string): string[] {
  const [y, m, d] = date.split("-");
  return fs
    .readdirSync(generated, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(e.name, y!, m!, d!))
    .filter((rel) => fs.existsSync(path.join(generated, rel)));
}

/** The morning after a business day, 02:30 Asia/Kolkata (21:00 UTC on the day). */
export function morningAfter(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - 3 * 3_600_000);
}

/** Today's date in a time zone (the business date), as yyyy-mm-dd. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Copies a day's files into the landing folder and ingests them (files seen before are skipped by checksum). */
export async function landAndIngest(
  generated: string,
  landing: string,
  date: string,
  warehouseFile: string,
  project: string,
  now: Date = morningAfter(date),
): Promise<IngestReport> {
  for (const rel of dayFolders(generated, date)) fs.cpSync(path.join(generated, rel), path.join(landing, rel), { recursive: true });
  fs.mkdirSync(landing, { recursive: true });
  return ingestLanding({ landingDir: landing, warehouseFile, project, now, progress: false });
}
