// RFC 3339 timestamps and calendar dates without Intl or Date.parse (absent or loose in Nashorn),
// by integer calendar arithmetic (it also runs once per field per record, so it avoids Date objects).
// Source zones are fixed-offset: Asia/Kolkata has had no daylight saving since 1945.

const ZONE_OFFSET_MINUTES: { [zone: string]: number } = {
  "Asia/Kolkata": 330,
  "Asia/Calcutta": 330,
  UTC: 0,
  "Etc/UTC": 0,
  GMT: 0,
};

const OFFSET_RE = /^([+-])(\d{2}):?(\d{2})$/;

/** Offset east of UTC in minutes for a supported zone name or "+HH:MM"; null when unsupported. */
export function zoneOffsetMinutes(zone: string): number | null {
  if (Object.prototype.hasOwnProperty.call(ZONE_OFFSET_MINUTES, zone)) return ZONE_OFFSET_MINUTES[zone]!;
  const m = OFFSET_RE.exec(zone);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null;
}

/** An instant: whole seconds since the epoch plus six fraction digits. */
export interface Instant {
  readonly seconds: number;
  readonly micros: string;
}

const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([Zz]|UTC)|([+-])(\d{2}):?(\d{2}))?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, mo: number, d: number): boolean {
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS_IN_MONTH[mo - 1]! + (leap ? 1 : 0);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

let lastDays = NaN;
let lastCivil = "";

/** "YYYY-MM-DD" of a day count since the epoch (civil_from_days); feeds mostly repeat one day. */
function civilFromDays(days: number): string {
  if (days === lastDays) return lastCivil;
  lastDays = days;
  lastCivil = computeCivil(days);
  return lastCivil;
}

function computeCivil(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return pad4(y) + "-" + pad2(m) + "-" + pad2(d);
}

/** Parses an RFC 3339 timestamp (or date); without an offset it is read in `offsetMinutes`. */
export function parseTimestamp(text: string, offsetMinutes: number): Instant | null {
  const fast = parseCommonTimestamp(text);
  if (fast !== null) return fast;
  const m = TIMESTAMP_RE.exec(text);
  if (!m) return null;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
  const h = m[4] ? +m[4] : 0, mi = m[5] ? +m[5] : 0, s = m[6] ? +m[6] : 0;
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  let offset = offsetMinutes;
  if (m[8]) offset = 0;
  else if (m[9]) offset = (m[9] === "-" ? -1 : 1) * (+m[10]! * 60 + +m[11]!);
  const fraction = m[7] ? (m[7] + "00000").substring(0, 6) : "000000";
  return { seconds: daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset * 60, micros: fraction };
}

function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const ZERO_MICROS = "000000";

/**
 * The form feeds send nearly always, "YYYY-MM-DDTHH:MM:SS" then "Z" or "+HH:MM", read without the
 * regular expression (it runs once per record); null for anything else, which parseTimestamp reads
 * the general way.
 */
function parseCommonTimestamp(text: string): Instant | null {
  const n = text.length;
  if ((n !== 20 && n !== 25) || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  const y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
  const h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || !validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  let offset = 0;
  const sign = text.charCodeAt(19);
  if (n === 20) {
    if (sign !== 90) return null;
  } else {
    const oh = digits(text, 20, 2), om = digits(text, 23, 2);
    if ((sign !== 43 && sign !== 45) || text.charCodeAt(22) !== 58 || oh < 0 || om < 0) return null;
    offset = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  }
  return { seconds: daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset * 60, micros: ZERO_MICROS };
}

/** A calendar date "YYYY-MM-DD", checked for existence; null when not one. */
export function parseDate(text: string): string | null {
  const m = DATE_RE.exec(text);
  return m && validDate(+m[1]!, +m[2]!, +m[3]!) ? text : null;
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : "" + n;
}

function pad4(n: number): string {
  return n < 10 ? "000" + n : n < 100 ? "00" + n : n < 1000 ? "0" + n : "" + n;
}

/** Canonical bronze form: "YYYY-MM-DDTHH:MM:SS.ffffffZ" (BigQuery and DuckDB both read it). */
export function formatInstant(i: Instant): string {
  const days = Math.floor(i.seconds / 86400);
  const rest = i.seconds - days * 86400;
  const h = Math.floor(rest / 3600);
  const mi = Math.floor((rest - h * 3600) / 60);
  return civilFromDays(days) + "T" + pad2(h) + ":" + pad2(mi) + ":" + pad2(rest - h * 3600 - mi * 60) + "." + i.micros + "Z";
}

/** The local calendar date of an instant at a fixed offset. */
export function localDate(i: Instant, offsetMinutes: number): string {
  return civilFromDays(Math.floor((i.seconds + offsetMinutes * 60) / 86400));
}

export function instantFromMillis(ms: number): Instant {
  const seconds = Math.floor(ms / 1000);
  const micros = (ms - seconds * 1000) * 1000;
  return { seconds, micros: ("00000" + micros).substring(("00000" + micros).length - 6) };
}
