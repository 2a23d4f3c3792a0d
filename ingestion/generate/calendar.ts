// Generated activity happens between 08:00 and 22:00 India time, which is 02:30–16:30 UTC: the
// same calendar date in Asia/Kolkata and in UTC. So a business date never depends on whether a
// reader takes DATE(ts) or DATE(ts, 'Asia/Kolkata') — the ground truth holds under either.
export const SOURCE_TIME_ZONE = "Asia/Kolkata";
const IST_OFFSET_SECONDS = 5.5 * 3600;
export const OPENING_SECOND = 8 * 3600;
export const CLOSING_SECOND = 22 * 3600 - 1;

export type TimestampStyle = "offset" | "utc" | "local";

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDate(date: string): number {
  const m = DATE_RE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new Error(`not a calendar date (YYYY-MM-DD): '${date}'`);
  }
  return ms;
}

export function addDays(date: string, days: number): string {
  return new Date(parseDate(date) + days * 86400000).toISOString().slice(0, 10);
}

/** `2026-11-01` → `20261101`. */
export function compactDate(date: string): string {
  return date.replace(/-/g, "");
}

/** `2026-11-01` → `2026/11/01`, the bucket's dated folder. */
export function datePath(date: string): string {
  return date.replace(/-/g, "/");
}

function clock(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
}

/**
 * One instant — `secondOfDay` seconds after local midnight of `date` in Asia/Kolkata — written the
 * three ways real feeds write it: with the +05:30 offset, in UTC with `Z`, or with no offset at all
 * (to be read in the source's time zone).
 */
export function formatTimestamp(date: string, secondOfDay: number, style: TimestampStyle): string {
  if (style === "local") return `${date}T${clock(secondOfDay)}`;
  if (style === "offset") return `${date}T${clock(secondOfDay)}+05:30`;
  const utc = new Date(parseDate(date) + (secondOfDay - IST_OFFSET_SECONDS) * 1000);
  return utc.toISOString().replace(/\.000Z$/, "Z");
}
