// Contract-driven typing: turns one landed value into its bronze value and records DQ codes.
// Never throws; a value that cannot be typed becomes null (raw_payload keeps the original).
import { BIGQUERY_RANGES } from "../contracts/bigquery-ranges";
import type { DqCode } from "../contracts/dq";
import type { FieldContract } from "../contracts/types";
import { normalizeEmail, normalizePhoneIndia, titleCase } from "./text";
import { formatInstant, parseDate, parseTimestamp, type Instant } from "./time";

/** Clock skew tolerated before a timestamp counts as in the future. */
const FUTURE_SKEW_SECONDS = 300;
// Parsed, not Math.pow: V8's Math.pow(10, 29) is one ulp above 1e29, Rhino's is not.
const NUMERIC_LIMIT = Number("1e" + BIGQUERY_RANGES.numeric.integerDigits);
const NUMERIC_SCALE = Number("1e" + BIGQUERY_RANGES.numeric.scale);
const MIN_SECONDS = parseTimestamp(BIGQUERY_RANGES.timestamp.min, 0)!.seconds;
const MAX_SECONDS = parseTimestamp(BIGQUERY_RANGES.timestamp.max, 0)!.seconds;
// A well-formed date whose year BigQuery cannot hold (0000, or five digits and more).
const YEAR_OUT_OF_RANGE_RE = /^(0000|\d{5,})-\d{2}-\d{2}/;
// A lone surrogate (from a \ud800 escape) or U+FFFD (what a decoder puts for bytes that were not UTF-8).
const BAD_TEXT_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/;
const INTEGER_RE = /^[+-]?\d+(\.0*)?$/;
const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEANS: { [text: string]: boolean } = { true: true, t: true, yes: true, y: true, "1": true, false: false, f: false, no: false, n: false, "0": false };

export interface TypingEnv {
  /** Source zone offset; null when the zone is unsupported (offset-less timestamps become BAD_TYPE). */
  readonly offsetMinutes: number | null;
  readonly nowSeconds: number;
  /** Today in the source zone, for DATE fields. */
  readonly today: string;
  /** Codes found so far, in order, without repeats. */
  readonly codes: DqCode[];
  /** Instants of top-level TIMESTAMP fields, for derived partition dates. */
  readonly instants: { [field: string]: Instant };
  /** Contract fields the source did not send, as paths ("email", "shipping.city"). */
  readonly absent: string[];
  /** JSON: count every member of the objects typed, so unknown members and duplicates show. */
  readonly json: boolean;
  members: number;
  /** The line may hold text that is not valid Unicode: check each string (rare, so not by default). */
  readonly suspectText: boolean;
}

export function flag(env: TypingEnv, code: DqCode): void {
  if (env.codes.indexOf(code) < 0) env.codes.push(code);
}

export function isPlainObject(v: unknown): v is { [key: string]: unknown } {
  return typeof v === "object" && v !== null && !(v instanceof Array);
}

/**
 * A contract field with every property present, in one order. Contract literals differ in which
 * optional properties they set, so reading them per value goes through megamorphic lookups; these
 * all share one hidden class.
 */
interface TypingField {
  readonly name: string;
  readonly type: FieldContract["type"];
  readonly required: boolean;
  readonly repeated: boolean;
  readonly normalize: FieldContract["normalize"] | null;
  readonly enumValues: readonly string[] | null;
  readonly hasDefault: boolean;
  readonly defaultValue: number;
  readonly hasMin: boolean;
  readonly min: number;
  readonly exclusiveMin: boolean;
  readonly negativeIsPrice: boolean;
  readonly notInFuture: boolean;
  readonly pattern: RegExp | null;
  readonly fields: TypingField[];
}

function typingField(f: FieldContract): TypingField {
  return {
    name: f.name,
    type: f.type,
    required: f.required === true,
    repeated: f.repeated === true,
    normalize: f.normalize || null,
    enumValues: f.enumValues || null,
    hasDefault: f.defaultValue !== undefined,
    defaultValue: f.defaultValue === undefined ? 0 : f.defaultValue,
    hasMin: f.min !== undefined,
    min: f.min === undefined ? 0 : f.min,
    exclusiveMin: f.exclusiveMin === true,
    negativeIsPrice: f.negativeIsPrice === true,
    notInFuture: f.notInFuture === true,
    pattern: f.pattern ? new RegExp(f.pattern) : null,
    fields: f.fields ? typingFields(f.fields) : [],
  };
}

// Contracts are few and fixed: a linear search by identity finds a field list's typing form.
const typingForms: { contract: readonly FieldContract[]; fields: TypingField[] }[] = [];

function typingFields(contract: readonly FieldContract[]): TypingField[] {
  for (let i = 0; i < typingForms.length; i++) if (typingForms[i]!.contract === contract) return typingForms[i]!.fields;
  const fields: TypingField[] = [];
  for (let i = 0; i < contract.length; i++) fields.push(typingField(contract[i]!));
  typingForms.push({ contract, fields });
  return fields;
}

export function typeRecord(contract: readonly FieldContract[], obj: { [key: string]: unknown }, env: TypingEnv): { [key: string]: unknown } {
  return typeFields(typingFields(contract), obj, env, true, "");
}

/** `path` prefixes absent field names; null inside arrays, whose elements' absences are not listed. */
function typeFields(fields: readonly TypingField[], obj: { [key: string]: unknown }, env: TypingEnv, top: boolean, path: string | null): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  let sent = 0;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const raw = obj[f.name];
    if (raw !== undefined) sent++;
    else if (path !== null) env.absent.push(path + f.name);
    out[f.name] = typeField(f, raw, env, top, path);
  }
  if (env.json) {
    let members = 0;
    for (const _key in obj) members++;
    env.members += members;
    if (members > sent) flag(env, "UNKNOWN_COLUMN");
  }
  return out;
}

/** An all-null record (repeated fields empty): the typed part of an unparseable row. */
export function emptyRecord(fields: readonly FieldContract[]): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (let i = 0; i < fields.length; i++) out[fields[i]!.name] = fields[i]!.repeated ? [] : null;
  return out;
}

function typeField(f: TypingField, raw: unknown, env: TypingEnv, top: boolean, path: string | null): unknown {
  // Strings are trimmed once here; typeScalar gets them trimmed.
  const v = typeof raw === "string" ? raw.trim() : raw;
  if (v === undefined || v === null || v === "") {
    if (f.hasDefault) return f.defaultValue;
    if (f.required) flag(env, "MISSING_REQUIRED_FIELD");
    return f.repeated ? [] : null;
  }
  if (f.repeated) {
    if (!(v instanceof Array)) {
      flag(env, "BAD_TYPE");
      return [];
    }
    if (v.length === 0 && f.required) flag(env, "MISSING_REQUIRED_FIELD");
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      // BigQuery arrays cannot hold NULL: an element that cannot be typed is left out and flagged.
      const el = f.type === "RECORD" ? (isPlainObject(v[i]) ? typeFields(f.fields, v[i] as { [key: string]: unknown }, env, false, null) : null) : typeScalar(f, typeof v[i] === "string" ? (v[i] as string).trim() : v[i], env, false);
      if (el === null) flag(env, "BAD_TYPE");
      else out.push(el);
    }
    return out;
  }
  if (f.type === "RECORD") {
    if (isPlainObject(v)) return typeFields(f.fields, v, env, false, path === null ? null : path + f.name + ".");
    flag(env, "BAD_TYPE");
    return null;
  }
  return typeScalar(f, v, env, top);
}

function typeScalar(f: TypingField, v: unknown, env: TypingEnv, top: boolean): unknown {
  const text = typeof v === "string" ? v : null;
  switch (f.type) {
    case "STRING": {
      if (text === null && !(typeof v === "number" && isFinite(v))) return bad(env);
      return typeString(f, text === null ? String(v) : text, env);
    }
    case "INT64": {
      const n = typeof v === "number" ? v : text !== null && INTEGER_RE.test(text) ? Number(text) : NaN;
      if (!isFinite(n) || Math.floor(n) !== n) return bad(env);
      if (n < BIGQUERY_RANGES.int64.min || n > BIGQUERY_RANGES.int64.max) return invalid(env, "INT64_OUT_OF_RANGE");
      return checkBounds(f, n, env);
    }
    case "NUMERIC":
    case "FLOAT64": {
      let n = typeof v === "number" ? v : text !== null && DECIMAL_RE.test(text) ? Number(text) : NaN;
      if (!isFinite(n)) return bad(env);
      if (f.type === "NUMERIC") {
        if (Math.abs(n) >= NUMERIC_LIMIT) return invalid(env, "NUMERIC_OUT_OF_RANGE");
        // NUMERIC keeps 9 decimals. The first test is a fast filter; the digit count decides, since
        // above 2^53 / 1e9 the scaled value is no longer exact.
        if (n !== Math.round(n * NUMERIC_SCALE) / NUMERIC_SCALE && decimals(n) > BIGQUERY_RANGES.numeric.scale) {
          flag(env, "NUMERIC_ROUNDED");
          n = Number(n.toFixed(BIGQUERY_RANGES.numeric.scale));
        }
      }
      return checkBounds(f, n, env);
    }
    case "BOOL": {
      if (typeof v === "boolean") return v;
      const key = text !== null ? text.toLowerCase() : typeof v === "number" ? String(v) : "";
      return Object.prototype.hasOwnProperty.call(BOOLEANS, key) ? BOOLEANS[key] : bad(env);
    }
    case "DATE": {
      const date = text === null ? null : parseDate(text);
      if (date === null) return outOfRange(text) ? invalid(env, "DATE_OUT_OF_RANGE") : bad(env);
      if (f.notInFuture && date > env.today) flag(env, "FUTURE_TIMESTAMP");
      return date;
    }
    case "TIMESTAMP": {
      const instant = text === null ? null : parseTimestamp(text, env.offsetMinutes === null ? NaN : env.offsetMinutes);
      if (instant === null || !isFinite(instant.seconds)) return outOfRange(text) ? invalid(env, "DATE_OUT_OF_RANGE") : bad(env);
      if (instant.seconds < MIN_SECONDS || instant.seconds > MAX_SECONDS) return invalid(env, "DATE_OUT_OF_RANGE");
      if (f.notInFuture && instant.seconds > env.nowSeconds + FUTURE_SKEW_SECONDS) flag(env, "FUTURE_TIMESTAMP");
      if (top) env.instants[f.name] = instant;
      return formatInstant(instant);
    }
    default:
      return bad(env);
  }
}

function bad(env: TypingEnv): null {
  return invalid(env, "BAD_TYPE");
}

/** A value that cannot land: null, and the code that says why. */
function invalid(env: TypingEnv, code: DqCode): null {
  flag(env, code);
  return null;
}

function outOfRange(text: string | null): boolean {
  return text !== null && YEAR_OUT_OF_RANGE_RE.test(text);
}

/** Decimal places of a number as JavaScript spells it shortest ("1e-10" has 10). */
function decimals(n: number): number {
  const s = String(n);
  const e = s.indexOf("e");
  const mantissa = e < 0 ? s : s.substring(0, e);
  const dot = mantissa.indexOf(".");
  const places = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, places - (e < 0 ? 0 : Number(s.substring(e + 1))));
}

function typeString(f: TypingField, text: string, env: TypingEnv): string | null {
  if (env.suspectText && BAD_TEXT_RE.test(text)) return invalid(env, "INVALID_UTF8");
  let value = text;
  switch (f.normalize) {
    case "code":
      value = text.toUpperCase();
      break;
    case "name":
      value = titleCase(text);
      break;
    case "email":
    case "phone_in": {
      const r = f.normalize === "email" ? normalizeEmail(text) : normalizePhoneIndia(text);
      if (!r.ok) flag(env, "BAD_FORMAT");
      value = r.value;
      break;
    }
    default:
      break;
  }
  if (f.pattern !== null && !f.pattern.test(value)) return bad(env);
  if (f.enumValues !== null && f.enumValues.indexOf(value) < 0) flag(env, "UNKNOWN_ENUM");
  return value;
}

function checkBounds(f: TypingField, n: number, env: TypingEnv): number {
  if (f.hasMin && (n < f.min || (f.exclusiveMin && n === f.min))) {
    flag(env, f.negativeIsPrice ? "NEGATIVE_PRICE" : "OUT_OF_RANGE");
  }
  return n;
}
