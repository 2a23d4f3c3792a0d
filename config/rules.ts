// What Google Cloud and our UDF accept for config values, checked at load so a value that cannot
// work is refused by name instead of failing (or silently misreading data) in the cloud.
import { CronExpressionParser } from "cron-parser";
import { zoneOffsetMinutes } from "../ingestion/udf/time";
import locations from "./service-locations.json";

/** A tz database name the runtime's ICU knows (BigQuery, Cloud Scheduler and Dataform take these names). */
function isTzName(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Cloud Scheduler's and Dataform's schedule time zone: "a time zone name from the tz database"
 * (https://docs.cloud.google.com/scheduler/docs/configuring/cron-job-schedules, checked 2026-12-01).
 */
export function scheduleTimeZoneProblem(zone: string): string | undefined {
  return isTzName(zone) ? undefined : `'${zone}' is not a tz database time zone name (Cloud Scheduler and Dataform need one, e.g. Asia/Kolkata)`;
}

/**
 * The source time zone is read by the UDF (its own zone table or a fixed offset: Nashorn has no Intl)
 * and by BigQuery SQL (a tz database name or an offset), so it must be one both read the same way.
 * GoogleSQL's reference engine takes offsets up to ±14:00 (tests/config/time-zones.test.ts).
 */
export function sourceTimeZoneProblem(zone: string): string | undefined {
  const offset = /^[+-](\d{2}):?(\d{2})$/.exec(zone);
  const bigQuery = offset ? Number(offset[2]) < 60 && Number(offset[1]) * 60 + Number(offset[2]) <= 14 * 60 : isTzName(zone);
  if (zoneOffsetMinutes(zone) === null) return `'${zone}' is not a zone the UDF can convert (Asia/Kolkata, Asia/Calcutta, UTC, Etc/UTC, GMT or a fixed +HH:MM offset)`;
  if (!bigQuery) return `'${zone}' is not a time zone BigQuery reads (a tz database name or an offset up to ±14:00)`;
  return undefined;
}

const NAMES: Record<number, readonly string[]> = {
  3: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  4: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
};

/**
 * unix-cron as Cloud Scheduler documents it (and Dataform's release and workflow configurations
 * take): five fields, numbers, *, ranges, lists, steps and month/day names; no L, W, # or ?
 * (https://docs.cloud.google.com/scheduler/docs/configuring/cron-job-schedules, checked 2026-12-01).
 * cron-parser checks each value's range.
 */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `'${expression}' has ${fields.length} fields; unix-cron has five (minute hour day-of-month month day-of-week)`;
  for (const [i, field] of fields.entries()) {
    const bare = (NAMES[i] ?? []).reduce((f, name) => f.replaceAll(name, "0"), field);
    if (!/^[\d*,/-]+$/.test(bare)) return `'${expression}': field ${i + 1} '${field}' uses syntax unix-cron does not have`;
  }
  try {
    CronExpressionParser.parse(expression);
    return undefined;
  } catch (e) {
    return `'${expression}' does not parse: ${(e as Error).message}`;
  }
}

/**
 * A Git remote URL that could carry a secret is refused without repeating it: the token belongs in
 * Secret Manager (dataform.git_token_secret_version), and config is printed by deploy's plan.
 */
export function credentialFreeUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "expected a URL";
  }
  if (!["https:", "ssh:"].includes(url.protocol)) return `expected an https:// or ssh:// URL, got ${url.protocol}//`;
  // ssh://git@host/… names the SSH user, which is no secret; any other userinfo can be one.
  if (url.password || (url.username && !(url.protocol === "ssh:" && url.username === "git"))) return "carries credentials (user, password or token); put the token in Secret Manager (dataform.git_token_secret_version) and the URL without it here";
  if (url.search || url.hash) return "has a query or fragment, which can carry a token; a Git remote URL needs neither";
  return undefined;
}

/** The services whose documented locations (config/service-locations.json) lack the region. */
export function servicesWithoutRegion(region: string): string[] {
  return Object.entries(locations.services)
    .filter(([, s]) => s.regions !== "any" && !(s.regions as readonly string[]).includes(region))
    .map(([name]) => name);
}

export const LOCATIONS_CHECKED = locations.checked;
