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

export function typeRecord(contract: readonly FieldContract[], obj: { [key: string]: unknown }, env: TypingEnv, top: boolean): { [key: string]: unknown } {
  return typeFields(typingFields(contract), obj, env, top);
}

function typeFields(fields: readonly TypingField[], obj: { [key: string]: unknown }, env: TypingEnv, top: boolean): { [key: string]: unknown } {
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

function typeField(f: TypingField, raw: unknown, env: TypingEnv, top: boolean): unknown {
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
      const el = f.type === "RECORD" ? (isPlainObject(v[i]) ? typeFields(f.fields, v[i] as { [key: string]: unknown }, env, false) : null) : typeScalar(f, typeof v[i] === "string" ? (v[i] as string).trim() : v[i], env, false);
      if (el === null) flag(env, "BAD_TYPE");
      else out.push(el);
    }
    return out;
  }
  if (f.type === "RECORD") {
    if (isPlainObject(v)) return typeFields(f.fields, v, env, false);
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

function typeString(f: TypingField, text: string, env: TypingEnv): string | null {
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
