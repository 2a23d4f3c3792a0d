// Contract-driven typing: turns one landed value into its bronze value and records DQ codes.
// Never throws; a value that cannot be typed becomes null (raw_payload keeps the original).
import type { DqCode } from "../contracts/dq";
import type { FieldContract } from "../contracts/types";
import { normalizeEmail, normalizePhoneIndia, titleCase } from "./text";
import { formatInstant, parseDate, parseTimestamp, type Instant } from "./time";

/** Clock skew tolerated before a timestamp counts as in the future. */
const FUTURE_SKEW_SECONDS = 300;
const NUMERIC_LIMIT = 1e29;
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
}

export function flag(env: TypingEnv, code: DqCode): void {
  if (env.codes.indexOf(code) < 0) env.codes.push(code);
}

export function isPlainObject(v: unknown): v is { [key: string]: unknown } {
  return typeof v === "object" && v !== null && !(v instanceof Array);
}


const patterns: { [source: string]: RegExp } = {};

function pattern(source: string): RegExp {
  return patterns[source] || (patterns[source] = new RegExp(source));
}

/**
 * The canonical form hashed into record_hash: the typed values in contract order, nested records
 * as arrays too. Without key names it is about half the bytes of the row, and hashing is the
 * UDF's biggest cost.
 */
export function canonicalValues(fields: readonly FieldContract[], record: { [key: string]: unknown }): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const v = record[f.name];
    if (f.type !== "RECORD" || v === null) out.push(v);
    else if (f.repeated) {
      const items = v as { [key: string]: unknown }[];
      const list: unknown[] = [];
      for (let k = 0; k < items.length; k++) list.push(canonicalValues(f.fields!, items[k]!));
      out.push(list);
    } else out.push(canonicalValues(f.fields!, v as { [key: string]: unknown }));
  }
  return out;
}

export function typeRecord(fields: readonly FieldContract[], obj: { [key: string]: unknown }, env: TypingEnv, top: boolean): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    out[f.name] = typeField(f, obj[f.name], env, top);
  }
  return out;
}

/** An all-null record (repeated fields empty): the typed part of an unparseable row. */
export function emptyRecord(fields: readonly FieldContract[]): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (let i = 0; i < fields.length; i++) out[fields[i]!.name] = fields[i]!.repeated ? [] : null;
  return out;
}

export function typeField(f: FieldContract, raw: unknown, env: TypingEnv, top: boolean): unknown {
  // Strings are trimmed once here; typeScalar gets them trimmed.
  const v = typeof raw === "string" ? raw.trim() : raw;
  if (v === undefined || v === null || v === "") {
    if (f.defaultValue !== undefined) return f.defaultValue;
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
      const el = f.type === "RECORD" ? (isPlainObject(v[i]) ? typeRecord(f.fields!, v[i] as { [key: string]: unknown }, env, false) : null) : typeScalar(f, typeof v[i] === "string" ? (v[i] as string).trim() : v[i], env, false);
      if (el === null) flag(env, "BAD_TYPE");
      else out.push(el);
    }
    return out;
  }
  if (f.type === "RECORD") {
    if (isPlainObject(v)) return typeRecord(f.fields!, v, env, false);
    flag(env, "BAD_TYPE");
    return null;
  }
  return typeScalar(f, v, env, top);
}

function typeScalar(f: FieldContract, v: unknown, env: TypingEnv, top: boolean): unknown {
  const text = typeof v === "string" ? v : null;
  switch (f.type) {
    case "STRING": {
      if (text === null && !(typeof v === "number" && isFinite(v))) return bad(env);
      return typeString(f, text === null ? String(v) : text, env);
    }
    case "INT64": {
      const n = typeof v === "number" ? v : text !== null && INTEGER_RE.test(text) ? Number(text) : NaN;
      if (!isFinite(n) || Math.floor(n) !== n || Math.abs(n) > 9007199254740991) return bad(env);
      return checkBounds(f, n, env);
    }
    case "NUMERIC":
    case "FLOAT64": {
      let n = typeof v === "number" ? v : text !== null && DECIMAL_RE.test(text) ? Number(text) : NaN;
      if (!isFinite(n) || (f.type === "NUMERIC" && Math.abs(n) >= NUMERIC_LIMIT)) return bad(env);
      // NUMERIC keeps 9 decimals; more would be refused by BigQuery.
      if (f.type === "NUMERIC" && n !== Math.round(n * 1e9) / 1e9) n = Number(n.toFixed(9));
      return checkBounds(f, n, env);
    }
    case "BOOL": {
      if (typeof v === "boolean") return v;
      const key = text !== null ? text.toLowerCase() : typeof v === "number" ? String(v) : "";
      return Object.prototype.hasOwnProperty.call(BOOLEANS, key) ? BOOLEANS[key] : bad(env);
    }
    case "DATE": {
      const date = text === null ? null : parseDate(text);
      if (date === null) return bad(env);
      if (f.notInFuture && date > env.today) flag(env, "FUTURE_TIMESTAMP");
      return date;
    }
    case "TIMESTAMP": {
      const instant = text === null ? null : parseTimestamp(text, env.offsetMinutes === null ? NaN : env.offsetMinutes);
      if (instant === null || !isFinite(instant.seconds)) return bad(env);
      if (f.notInFuture && instant.seconds > env.nowSeconds + FUTURE_SKEW_SECONDS) flag(env, "FUTURE_TIMESTAMP");
      if (top) env.instants[f.name] = instant;
      return formatInstant(instant);
    }
    default:
      return bad(env);
  }
}

function bad(env: TypingEnv): null {
  flag(env, "BAD_TYPE");
  return null;
}

function typeString(f: FieldContract, text: string, env: TypingEnv): string | null {
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
  if (f.pattern && !pattern(f.pattern).test(value)) return bad(env);
  if (f.enumValues && f.enumValues.indexOf(value) < 0) flag(env, "UNKNOWN_ENUM");
  return value;
}

function checkBounds(f: FieldContract, n: number, env: TypingEnv): number {
  if (f.min !== undefined && (n < f.min || (f.exclusiveMin && n === f.min))) {
    flag(env, f.negativeIsPrice ? "NEGATIVE_PRICE" : "OUT_OF_RANGE");
  }
  return n;
}
