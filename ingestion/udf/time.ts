// RFC 3339 timestamps and calendar dates without Intl or Date.parse (absent or loose in Nashorn).
// Source zones are fixed-offset: Asia/Kolkata has had no daylight saving since 1945.

const ZONE_OFFSET_MINUTES: { [zone: string]: number } = {
  "Asia/Kolkata": 330,
  "Asia/Calcutta": 330,
  UTC: 0,
  "Etc/UTC": 0,
  GMT: 0,
};

/** Offset east of UTC in minutes for a supported zone name or "+HH:MM"; null when unsupported. */
export function zoneOffsetMinutes(zone: string): number | null {
  if (Object.prototype.hasOwnProperty.call(ZONE_OFFSET_MINUTES, zone)) return ZONE_OFFSET_MINUTES[zone]!;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null;
}

/** An instant: whole seconds since the epoch plus six fraction digits. */
export interface Instant {
  readonly seconds: number;
  readonly micros: string;
}

const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|[+-]\d{2}:?\d{2})?$/;

function validCivil(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC maps years 0-99 to 1900-1999.
  if (y < 100) t.setUTCFullYear(y);
  return t.getUTCDate() === d && t.getUTCMonth() === mo - 1;
}

function civilSeconds(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const t = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  t.setUTCFullYear(y);
  return t.getTime() / 1000;
}

/** Parses an RFC 3339 timestamp (or date); without an offset it is read in `offsetMinutes`. */
export function parseTimestamp(text: string, offsetMinutes: number): Instant | null {
  const m = TIMESTAMP_RE.exec(text);
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const h = m[4] ? Number(m[4]) : 0, mi = m[5] ? Number(m[5]) : 0, s = m[6] ? Number(m[6]) : 0;
  if (!validCivil(y, mo, d, h, mi, s)) return null;
  let offset = offsetMinutes;
  const zone = m[8];
  if (zone) offset = zone === "Z" || zone === "z" || zone === "UTC" ? 0 : zoneOffsetMinutes(zone)!;
  const fraction = ((m[7] || "") + "000000").substring(0, 6);
  return { seconds: civilSeconds(y, mo, d, h, mi, s) - offset * 60, micros: fraction };
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date "YYYY-MM-DD", checked for existence; null when not one. */
export function parseDate(text: string): string | null {
  const m = DATE_RE.exec(text);
  if (!m || !validCivil(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0)) return null;
  return text;
}

function pad(n: number, width: number): string {
  let s = String(n);
  while (s.length < width) s = "0" + s;
  return s;
}

function civilDate(seconds: number): string {
  const t = new Date(seconds * 1000);
  return pad(t.getUTCFullYear(), 4) + "-" + pad(t.getUTCMonth() + 1, 2) + "-" + pad(t.getUTCDate(), 2);
}

/** Canonical bronze form: "YYYY-MM-DDTHH:MM:SS.ffffffZ" (BigQuery and DuckDB both read it). */
export function formatInstant(i: Instant): string {
  const t = new Date(i.seconds * 1000);
  return (
    civilDate(i.seconds) + "T" + pad(t.getUTCHours(), 2) + ":" + pad(t.getUTCMinutes(), 2) + ":" +
    pad(t.getUTCSeconds(), 2) + "." + i.micros + "Z"
  );
}

/** The local calendar date of an instant at a fixed offset. */
export function localDate(i: Instant, offsetMinutes: number): string {
  return civilDate(i.seconds + offsetMinutes * 60);
}

export function instantFromMillis(ms: number): Instant {
  const seconds = Math.floor(ms / 1000);
  return { seconds, micros: pad((ms - seconds * 1000) * 1000, 6) };
}
