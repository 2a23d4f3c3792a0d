// One landed line -> one bronze row as a JSON string (or null for a CSV header line).
// Shared by every source; what differs per source is its contract (and POS's total check).
import { DQ_CODES, type DqCode } from "../contracts/dq";
import type { SourceContract } from "../contracts/types";
import { currentContext, ingestionInstant, stripLineEnd, type ResolvedContext } from "./context";
import { parseCsvRecord } from "./csv";
import { canonicalRecordHash, sha256Hex } from "./sha256";
import { formatInstant, localDate } from "./time";
import { emptyRecord, flag, isPlainObject, typeRecord, type TypingEnv } from "./typing";

// CSV: control characters other than tab/LF/CR, and the replacement character of a bad decode.
const GARBAGE_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/;

export function transformLine(source: SourceContract, line: string): string | null {
  const ctx = currentContext();
  const text = stripLineEnd(String(line));
  const now = ingestionInstant(ctx);
  const env: TypingEnv = {
    offsetMinutes: ctx.offsetMinutes,
    nowSeconds: now.seconds,
    today: ctx.today || localDate(now, ctx.offsetMinutes === null ? 0 : ctx.offsetMinutes),
    codes: [],
    instants: {},
  };
  let record: { [key: string]: unknown } | null = null;
  let extra: string | null = null;
  if (source.format === "jsonl") {
    // JSON.parse refuses blank lines and raw control characters by itself.
    const parsed = parseJson(text);
    if (isPlainObject(parsed)) record = typeRecord(source.fields, parsed, env, true);
    else flag(env, "UNPARSEABLE");
  } else if (text.trim() === "" || GARBAGE_RE.test(text)) {
    flag(env, "UNPARSEABLE");
  } else {
    if (ctx.header !== null && text === ctx.header) return null;
    const values = parseCsvRecord(text);
    if (values === null) flag(env, "UNPARSEABLE");
    else {
      const mapped = mapCsv(source, values, ctx, env);
      record = typeRecord(source.fields, mapped.obj, env, true);
      extra = mapped.extra;
    }
  }
  if (record !== null && source.totalTolerance !== undefined) checkTotal(record, source.totalTolerance, env);

  // The row: the typed contract fields, then derived partition dates and extra attributes.
  const json = JSON.stringify(record === null ? emptyRecord(source.fields) : record);
  let members = json.substring(0, json.length - 1);
  for (let i = 0; i < source.derived.length; i++) {
    const d = source.derived[i]!;
    const instant = env.instants[d.fromTimestamp];
    members += ',"' + d.name + '":' + (instant && ctx.offsetMinutes !== null ? '"' + localDate(instant, ctx.offsetMinutes) + '"' : "null");
  }
  const extraJson = source.keepExtraAttributes ? JSON.stringify(extra) : null;
  if (extraJson !== null) members += ',"raw_extra_attributes":' + extraJson;
  const hash = record === null ? sha256Hex(text) : canonicalRecordHash(json, extraJson);
  const status = dqStatus(env.codes);
  // A VALID row is fully represented by its typed columns and record_hash; only rows that need
  // inspection keep the line (bronze storage roughly halves).
  return (
    members +
    ',"raw_payload":' + (status === "VALID" ? "null" : JSON.stringify(text)) +
    ',"record_hash":"' + hash +
    '","dq_status":"' + status +
    '","dq_errors":' + (env.codes.length === 0 ? "[]" : JSON.stringify(env.codes)) +
    ',"source_file":' + ctx.sourceFileJson +
    ',"ingestion_ts":"' + (ctx.ingestionText || formatInstant(now)) + '"}'
  );
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
  if (names === null) {
    for (let i = 0; i < source.fields.length; i++) indexOf.push(i);
  } else {
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
  layoutSource = source;
  layoutHeader = header;
  layoutCache = { indexOf, unknown, width: names === null ? source.fields.length : names.length, duplicate, fromHeader: names !== null };
  return layoutCache;
}

function mapCsv(source: SourceContract, values: string[], ctx: ResolvedContext, env: TypingEnv): { obj: { [key: string]: unknown }; extra: string | null } {
  const layout = csvLayout(source, ctx.header);
  if (!layout.fromHeader) flag(env, "NO_HEADER");
  if (layout.duplicate) flag(env, "DUPLICATE_COLUMN");
  if (values.length !== layout.width) flag(env, "COLUMN_COUNT_MISMATCH");
  const obj: { [key: string]: unknown } = {};
  for (let i = 0; i < source.fields.length; i++) {
    const at = layout.indexOf[i]!;
    obj[source.fields[i]!.name] = at >= 0 && at < values.length ? values[at] : null;
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

