// One landed line -> one bronze row as a JSON string (or null for a CSV header line).
// Shared by every source; what differs per source is its contract (and POS's total check).
import { DQ_CODES, type DqCode } from "../contracts/dq";
import type { SourceContract } from "../contracts/types";
import { currentContext, ingestionInstant, stripLineEnd } from "./context";
import { parseCsvRecord } from "./csv";
import { hasDuplicateKey, looksTruncated } from "./json-scan";
import { canonicalRecordHash, sha256Hex } from "./sha256";
import { BIGQUERY_RANGES } from "../contracts/bigquery-ranges";
import { formatInstant, localDate, type Instant } from "./time";
import { emptyRecord, flag, isPlainObject, typeRecord, type TypingEnv } from "./typing";

// CSV: control characters other than tab/LF/CR.
const GARBAGE_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
// A JSON member is a name followed by a colon; with space before the colon the quick count is off.
const SPACED_COLON_RE = /"\s+:/;

export function transformLine(source: SourceContract, line: string): string | null {
  const ctx = currentContext();
  const landed = String(line);
  const text = stripLineEnd(landed);
  const json = source.format === "jsonl";
  const now = ingestionInstant(ctx);
  const env: TypingEnv = {
    offsetMinutes: ctx.offsetMinutes,
    nowSeconds: now.seconds,
    today: ctx.today || localDate(now, ctx.offsetMinutes === null ? 0 : ctx.offsetMinutes),
    codes: [],
    instants: {},
    absent: [],
    json,
    members: 0,
    // Bad text shows in the line as U+FFFD or (JSON) as a \u escape; only then is each string checked.
    suspectText: text.indexOf("\uFFFD") >= 0 || (json && text.indexOf("\\u") >= 0),
  };
  let record: { [key: string]: unknown } | null = null;
  let extra: string | null = null;
  if (env.suspectText && text.indexOf("\uFFFD") >= 0) flag(env, "INVALID_UTF8");
  if (json) {
    if (landed.charCodeAt(0) === 0xfeff) flag(env, "BYTE_ORDER_MARK");
    // JSON.parse refuses blank lines and raw control characters by itself.
    const parsed = parseJson(text);
    if (isPlainObject(parsed)) {
      record = typeRecord(source.fields, parsed, env);
      if (hasDuplicates(text, env.members)) flag(env, "DUPLICATE_KEY");
    } else flag(env, parsed === undefined && looksTruncated(text) ? "TRUNCATED_RECORD" : "UNPARSEABLE");
  } else if (text.trim() === "" || GARBAGE_RE.test(text)) {
    flag(env, "UNPARSEABLE");
  } else {
    const layout = csvLayout(source, ctx.header);
    if (layout.fromHeader && text === ctx.header) return null;
    if (landed.charCodeAt(0) === 0xfeff) flag(env, "BYTE_ORDER_MARK");
    const values = parseCsvRecord(text);
    if (values === null) flag(env, "UNPARSEABLE");
    else {
      const mapped = mapCsv(source, layout, values, env);
      record = typeRecord(source.fields, mapped.obj, env);
      extra = mapped.extra;
    }
  }
  if (record !== null && source.totalTolerance !== undefined) checkTotal(record, source.totalTolerance, env);

  // The row: the typed contract fields, then derived partition dates and extra attributes.
  const row = JSON.stringify(record === null ? emptyRecord(source.fields) : record);
  let members = row.substring(0, row.length - 1);
  for (let i = 0; i < source.derived.length; i++) {
    const d = source.derived[i]!;
    const instant = env.instants[d.fromTimestamp];
    members += ',"' + d.name + '":' + derivedDate(instant, ctx.offsetMinutes, env);
  }
  const extraJson = source.keepExtraAttributes ? JSON.stringify(extra) : null;
  if (extraJson !== null) members += ',"raw_extra_attributes":' + extraJson;
  const absentJson = env.absent.length === 0 ? "[]" : JSON.stringify(env.absent);
  // A field not sent hashes differently from one sent empty: they are not the same record.
  const hashTail = env.absent.length === 0 ? extraJson : (extraJson === null ? "" : extraJson + ",") + absentJson;
  const hash = record === null ? sha256Hex(text) : canonicalRecordHash(row, hashTail);
  const status = dqStatus(env.codes);
  // A VALID row is fully represented by its typed columns and record_hash; only rows that need
  // inspection keep the line (bronze storage roughly halves).
  return (
    members +
    ',"raw_payload":' + (status === "VALID" ? "null" : JSON.stringify(text)) +
    ',"record_hash":"' + hash +
    '","dq_status":"' + status +
    '","dq_errors":' + (env.codes.length === 0 ? "[]" : JSON.stringify(env.codes)) +
    ',"absent_fields":' + absentJson +
    ',"source_file":' + ctx.sourceFileJson +
    ',"ingestion_ts":"' + (ctx.ingestionText || formatInstant(now)) + '"}'
  );
}

/** The local date of a timestamp, as JSON; null (and INVALID) when BigQuery's DATE cannot hold it. */
function derivedDate(instant: Instant | undefined, offsetMinutes: number | null, env: TypingEnv): string {
  if (!instant || offsetMinutes === null) return "null";
  const date = localDate(instant, offsetMinutes);
  // Years 0000 and 10000 are the only ones a TIMESTAMP in range can shift into.
  if (date.length !== 10 || date < BIGQUERY_RANGES.date.min) {
    flag(env, "DATE_OUT_OF_RANGE");
    return "null";
  }
  return '"' + date + '"';
}

/**
 * Whether a JSON object repeats a member name. Fast path: when the text's name-colon pairs equal
 * the members typed, no name repeats (a repeat makes the members fewer; a '":' inside a string or
 * an unknown nested object makes the pairs more); otherwise an exact scan decides.
 */
function hasDuplicates(text: string, members: number): boolean {
  let pairs = 0;
  for (let i = text.indexOf('":'); i >= 0; i = text.indexOf('":', i + 2)) pairs++;
  if (pairs === members && !SPACED_COLON_RE.test(text)) return false;
  return hasDuplicateKey(text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    return undefined;
  }
}

function dqStatus(codes: readonly DqCode[]): "VALID" | "WARN" | "INVALID" {
  let status: "VALID" | "WARN" | "INVALID" = "VALID";
  for (let i = 0; i < codes.length; i++) {
    if (DQ_CODES[codes[i]!] === "INVALID") return "INVALID";
    status = "WARN";
  }
  return status;
}

interface CsvLayout {
  /** Per contract field, its column index (-1 when the header lacks it). */
  readonly indexOf: number[];
  readonly unknown: { readonly index: number; readonly name: string }[];
  readonly width: number;
  readonly duplicate: boolean;
  /** The header lacks a contract column. */
  readonly missing: boolean;
  readonly fromHeader: boolean;
}

let layoutSource: SourceContract | null = null;
let layoutHeader: string | null = null;
let layoutCache: CsvLayout | null = null;

function csvLayout(source: SourceContract, header: string | null): CsvLayout {
  if (layoutCache !== null && layoutSource === source && layoutHeader === header) return layoutCache;
  const names = header === null ? null : parseCsvRecord(header);
  const indexOf: number[] = [];
  const unknown: { index: number; name: string }[] = [];
  let duplicate = false;
  if (names !== null) {
    const seen: { [name: string]: number } = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!.replace(/^\s+|\s+$/g, "");
      const key = name.toLowerCase();
      if (Object.prototype.hasOwnProperty.call(seen, key)) duplicate = true;
      else seen[key] = i;
    }
    for (let i = 0; i < source.fields.length; i++) {
      const key = source.fields[i]!.name;
      indexOf.push(Object.prototype.hasOwnProperty.call(seen, key) ? seen[key]! : -1);
    }
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!.replace(/^\s+|\s+$/g, "");
      if (seen[name.toLowerCase()] === i && indexOf.indexOf(i) < 0) unknown.push({ index: i, name });
    }
  }
  // A first line naming no contract column is data, not a header: fields map in contract order.
  const fromHeader = names !== null && indexOf.length > 0 && Math.max.apply(Math, indexOf) >= 0;
  if (!fromHeader) {
    indexOf.length = 0;
    unknown.length = 0;
    for (let i = 0; i < source.fields.length; i++) indexOf.push(i);
  }
  layoutSource = source;
  layoutHeader = header;
  layoutCache = { indexOf, unknown, width: fromHeader ? names!.length : source.fields.length, duplicate: fromHeader && duplicate, missing: indexOf.indexOf(-1) >= 0, fromHeader };
  return layoutCache;
}

/** The record as an object of the columns it has: a column not sent stays undefined (absent). */
function mapCsv(source: SourceContract, layout: CsvLayout, values: string[], env: TypingEnv): { obj: { [key: string]: unknown }; extra: string | null } {
  if (!layout.fromHeader) flag(env, "NO_HEADER");
  if (layout.duplicate) flag(env, "DUPLICATE_COLUMN");
  if (layout.missing) flag(env, "MISSING_COLUMN");
  if (values.length < layout.width) flag(env, "TRUNCATED_RECORD");
  else if (values.length > layout.width) flag(env, "COLUMN_COUNT_MISMATCH");
  const obj: { [key: string]: unknown } = {};
  for (let i = 0; i < source.fields.length; i++) {
    const at = layout.indexOf[i]!;
    if (at >= 0 && at < values.length) obj[source.fields[i]!.name] = values[at];
  }
  let extra: string | null = null;
  if (layout.unknown.length > 0) {
    if (!source.keepExtraAttributes) flag(env, "UNKNOWN_COLUMN");
    const attrs: { [name: string]: string | null } = {};
    for (let i = 0; i < layout.unknown.length; i++) {
      const u = layout.unknown[i]!;
      attrs[u.name] = u.index < values.length ? values[u.index]! : null;
    }
    extra = JSON.stringify(attrs);
  }
  return { obj, extra };
}

/** POS: total_amount must equal sum(quantity * unit_price - discount) within the tolerance. */
function checkTotal(record: { [key: string]: unknown }, tolerance: number, env: TypingEnv): void {
  const total = record.total_amount;
  const lines = record.lines as { [key: string]: unknown }[];
  if (typeof total !== "number" || lines.length === 0) return;
  let sum = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (typeof l.quantity !== "number" || typeof l.unit_price !== "number" || typeof l.discount !== "number") return;
    sum += l.quantity * l.unit_price - l.discount;
  }
  // Compare in cents: binary floating point must not turn 0.01 into 0.010000000002.
  if (Math.abs(Math.round(sum * 100) - Math.round(total * 100)) > Math.round(tolerance * 100)) flag(env, "TOTAL_MISMATCH");
}

