import type { TypeProto, ValueProto } from "./protos";

/**
 * GoogleSQL values in one engine-neutral form, so results of the reference engine and of DuckDB can be
 * compared: INT64 as bigint; FLOAT64 as number; NUMERIC/BIGNUMERIC as `{ numeric: "<decimal>" }` (no
 * trailing zeros); DATE "YYYY-MM-DD"; DATETIME "YYYY-MM-DD HH:MM:SS[.ffffff]"; TIMESTAMP the same in
 * UTC plus "+00"; TIME "HH:MM:SS[.ffffff]"; BYTES `{ bytes: "<base64>" }`; JSON as compact text;
 * ARRAY as an array; STRUCT as an object in field order; NULL as null.
 */
export type SqlValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | { numeric: string }
  | { bytes: string }
  | SqlValue[]
  | { [field: string]: SqlValue };

export class ValueError extends Error {
  override name = "ValueError";
}

const NUMERIC_SCALE = { TYPE_NUMERIC: 9, TYPE_BIGNUMERIC: 38 } as const;
const pad = (n: number | bigint, width = 2) => String(n).padStart(width, "0");

/** `123.450` -> `123.45`, `-0.0` -> `0`: one spelling per decimal value. */
export function normalizeDecimal(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new ValueError(`not a decimal: ${text}`);
  const whole = match[2].replace(/^0+(?=\d)/, "") || "0";
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  const zero = /^0*$/.test(whole + fraction);
  return `${match[1] === "-" && !zero ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** A scaled integer (value × 10^scale) as a decimal string. */
function scaledToDecimal(scaled: bigint, scale: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, "0");
  return normalizeDecimal(`${negative ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

function decimalToScaled(decimal: string, scale: number): bigint {
  const [whole, fraction = ""] = normalizeDecimal(decimal).replace("-", "").split(".");
  if (fraction.length > scale) throw new ValueError(`${decimal} has more than ${scale} decimal places`);
  const scaled = BigInt(whole + fraction.padEnd(scale, "0"));
  return decimal.trim().startsWith("-") ? -scaled : scaled;
}

/** ZetaSQL's NumericValue::SerializeAsProtoBytes: minimal little-endian two's complement of value × 10^scale. */
export function encodeScaled(value: bigint): Buffer {
  const bytes: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(rest & 0xffn);
    bytes.push(byte);
    rest >>= 8n;
    // Stop once the remaining bits are all sign bits and the last byte's top bit carries that sign.
    if ((rest === 0n && (byte & 0x80) === 0) || (rest === -1n && (byte & 0x80) !== 0)) break;
  }
  return Buffer.from(bytes);
}

export function decodeScaled(bytes: Buffer): bigint {
  if (bytes.length === 0) return 0n;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  return bytes[bytes.length - 1] & 0x80 ? value - (1n << BigInt(8 * bytes.length)) : value;
}

export const encodeNumeric = (decimal: string, scale = 9): Buffer => encodeScaled(decimalToScaled(decimal, scale));
export const decodeNumeric = (bytes: Buffer, scale = 9): string => scaledToDecimal(decodeScaled(bytes), scale);

function fractionText(nanos: number): string {
  if (!nanos) return "";
  return `.${pad(nanos, 9).replace(/0+$/, "")}`;
}

export function formatDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

export function dateToDays(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new ValueError(`not a date: ${date}`);
  return Math.round(ms / 86_400_000);
}

/** Seconds since the epoch and nanos -> "YYYY-MM-DD HH:MM:SS[.fffffffff]+00". */
export function formatTimestamp(seconds: bigint, nanos: number): string {
  const ms = Number(seconds) * 1000;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fractionText(nanos)}+00`;
}

/** Reads "YYYY-MM-DD[ T]HH:MM:SS[.f][Z|+HH[:MM]]" (no zone = UTC) into seconds and nanos. */
export function parseTimestamp(text: string): { seconds: bigint; nanos: number } {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!match) throw new ValueError(`not a timestamp: ${text}`);
  let zone = match[4] ?? "Z";
  if (zone === "UTC") zone = "Z";
  else if (/^[+-]\d{2}$/.test(zone)) zone += ":00";
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${match[1]}T${match[2]}${zone}`);
  if (Number.isNaN(ms)) throw new ValueError(`not a timestamp: ${text}`);
  return { seconds: BigInt(ms / 1000), nanos: Number((match[3] ?? "").padEnd(9, "0")) };
}

// civil_time.h: DATETIME packs |year 14|month 4|day 5|hour 5|minute 6|second 6| bits; TIME |hour 5|minute 6|second 6|nanos 30|.
function decodeDatetime(bits: bigint, nanos: number): string {
  const field = (shift: bigint, width: bigint) => Number((bits >> shift) & ((1n << width) - 1n));
  return `${pad(field(26n, 14n), 4)}-${pad(field(22n, 4n))}-${pad(field(17n, 5n))} ${pad(field(12n, 5n))}:${pad(field(6n, 6n))}:${pad(field(0n, 6n))}${fractionText(nanos)}`;
}

function encodeDatetime(text: string): { bit_field_datetime_seconds: string; nanos: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!match) throw new ValueError(`not a datetime: ${text}`);
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map((p) => BigInt(p));
  const bits = (y << 26n) | (mo << 22n) | (d << 17n) | (h << 12n) | (mi << 6n) | s;
  return { bit_field_datetime_seconds: bits.toString(), nanos: Number((match[7] ?? "").padEnd(9, "0")) };
}

function decodeTime(bits: bigint): string {
  const field = (shift: bigint, width: bigint) => Number((bits >> shift) & ((1n << width) - 1n));
  return `${pad(field(42n, 5n))}:${pad(field(36n, 6n))}:${pad(field(30n, 6n))}${fractionText(field(0n, 30n))}`;
}

function encodeTime(text: string): string {
  const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!match) throw new ValueError(`not a time: ${text}`);
  const [h, mi, s] = match.slice(1, 4).map((p) => BigInt(p));
  return ((h << 42n) | (mi << 36n) | (s << 30n) | BigInt((match[4] ?? "").padEnd(9, "0"))).toString();
}

function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** A value the reference engine returned, read with the column's type. */
export function fromValueProto(value: ValueProto, type: TypeProto): SqlValue {
  // NULL is a ValueProto with no member of its oneof set.
  if (!value.value && !Object.keys(value).some((k) => k.endsWith("_value"))) return null;
  switch (type.type_kind) {
    case "TYPE_INT64":
      return BigInt(value.int64_value!);
    case "TYPE_DOUBLE":
      return Number(value.double_value);
    case "TYPE_NUMERIC":
    case "TYPE_BIGNUMERIC":
      return { numeric: decodeNumeric(value.numeric_value ?? value.bignumeric_value!, NUMERIC_SCALE[type.type_kind]) };
    case "TYPE_BOOL":
      return value.bool_value!;
    case "TYPE_STRING":
      return value.string_value!;
    case "TYPE_BYTES":
      return { bytes: Buffer.from(value.bytes_value!).toString("base64") };
    case "TYPE_DATE":
      return formatDate(value.date_value ?? 0);
    case "TYPE_TIMESTAMP":
      return formatTimestamp(BigInt(value.timestamp_value?.seconds ?? 0), value.timestamp_value?.nanos ?? 0);
    case "TYPE_DATETIME":
      return decodeDatetime(BigInt(value.datetime_value?.bit_field_datetime_seconds ?? 0), value.datetime_value?.nanos ?? 0);
    case "TYPE_TIME":
      return decodeTime(BigInt(value.time_value ?? 0));
    case "TYPE_JSON":
      return compactJson(value.json_value!);
    case "TYPE_ARRAY":
      return (value.array_value?.element ?? []).map((e) => fromValueProto(e, type.array_type!.element_type));
    case "TYPE_STRUCT": {
      const fields = type.struct_type?.field ?? [];
      const values = value.struct_value?.field ?? [];
      return Object.fromEntries(fields.map((f, i) => [f.field_name || `_field_${i + 1}`, fromValueProto(values[i] ?? {}, f.field_type)]));
    }
    default:
      throw new ValueError(`cannot read a ${type.type_kind} value`);
  }
}

/** A value for the reference engine's table contents, written with the column's type. */
export function toValueProto(value: SqlValue, type: TypeProto): ValueProto {
  if (value === null) return {};
  const text = () => (typeof value === "object" && value && "numeric" in value ? (value.numeric as string) : String(value));
  switch (type.type_kind) {
    case "TYPE_INT64":
      return { int64_value: BigInt(value as bigint | number | string).toString() };
    case "TYPE_DOUBLE":
      return { double_value: Number(value) };
    case "TYPE_NUMERIC":
      return { numeric_value: encodeNumeric(text(), 9) };
    case "TYPE_BIGNUMERIC":
      return { bignumeric_value: encodeNumeric(text(), 38) };
    case "TYPE_BOOL":
      return { bool_value: Boolean(value) };
    case "TYPE_STRING":
      return { string_value: String(value) };
    case "TYPE_BYTES":
      return { bytes_value: Buffer.from((value as { bytes: string }).bytes, "base64") };
    case "TYPE_DATE":
      return { date_value: dateToDays(String(value)) };
    case "TYPE_TIMESTAMP": {
      const { seconds, nanos } = parseTimestamp(String(value));
      return { timestamp_value: { seconds: seconds.toString(), nanos } };
    }
    case "TYPE_DATETIME":
      return { datetime_value: encodeDatetime(String(value)) };
    case "TYPE_TIME":
      return { time_value: encodeTime(String(value)) };
    case "TYPE_JSON":
      return { json_value: String(value) };
    case "TYPE_ARRAY":
      return { array_value: { element: (value as SqlValue[]).map((e) => toValueProto(e, type.array_type!.element_type)) } };
    case "TYPE_STRUCT": {
      const record = value as { [field: string]: SqlValue };
      return { struct_value: { field: (type.struct_type?.field ?? []).map((f) => toValueProto(record[f.field_name] ?? null, f.field_type)) } };
    }
    default:
      throw new ValueError(`cannot write a ${type.type_kind} value`);
  }
}
