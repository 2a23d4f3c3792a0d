import { bronzeTables, DQ_STATUSES, sourceContract, type FieldContract } from "../ingestion/contracts";
import type { Column } from "./catalog";
import type { ResultSet } from "./compare";
import type { TypeProto } from "./zetasql/protos";
import { parseType } from "./zetasql/types";
import type { SqlValue } from "./zetasql/values";

/**
 * Small, deterministic source tables for the semantic comparison, generated from the contracts' types
 * and allowed values, with the awkward cases on purpose: NULLs, empty arrays, negative quantities,
 * timestamps either side of midnight in Asia/Kolkata, leap days, and every key sent twice.
 */
export const FIXTURE_ROWS = 10;

const DAY_MS = 86_400_000;
/** Days relative to the day fixtures are made, for models that read only recent partitions. */
const dayFromToday = (offset: number) => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + offset * DAY_MS).toISOString().slice(0, 10);
const TIMESTAMPS = [
  "2024-02-29 18:45:00+00", // already 1 March in Asia/Kolkata
  `${dayFromToday(-1)} 18:45:00+00`, // today in Asia/Kolkata, yesterday in UTC
  "2024-02-28 23:59:59.999999+00",
  `${dayFromToday(0)} 00:00:00+00`,
  "2023-12-31 20:00:00+00", // New Year in India, still 2023 in UTC
  null,
  `${dayFromToday(-2)} 05:30:00+00`,
];
const DATES = ["2024-02-29", dayFromToday(0), "2023-12-31", null, dayFromToday(-1), "2024-03-01"];
const INTEGERS = [1n, 2n, -1n, 0n, null, 3n, -5n];
const NUMERICS = ["10.5", "0", "-2.25", "0.000000001", null, "99.99", "1234567.891"].map((n) => (n === null ? null : { numeric: n }));
const FLOATS = [1.5, -0.25, 0, null, 1e-7];
const STRINGS = ["alpha", "", " padded ", "Ünïcode ₹", null, "O'Brien"];

/** Allowed values a column takes, from the contract (enums) or the bronze conventions. */
function allowedValues(tableName: string): Map<string, readonly string[]> {
  const hints = new Map<string, readonly string[]>([["dq_status", DQ_STATUSES]]);
  const table = bronzeTables.find((t) => t.name === tableName);
  const visit = (fields: readonly FieldContract[]) => {
    for (const f of fields) {
      if (f.enumValues) hints.set(f.name, f.enumValues);
      if (f.fields) visit(f.fields);
    }
  };
  if (table?.source) visit(sourceContract(table.source).fields);
  return hints;
}

/** Picks from a list so that columns vary independently of each other across rows. */
function pick<T>(list: readonly T[], row: number, name: string): T {
  let salt = 0;
  for (const ch of name) salt = (salt * 31 + ch.charCodeAt(0)) % 997;
  return list[(row + salt) % list.length];
}

function value(type: TypeProto, name: string, row: number, hints: Map<string, readonly string[]>): SqlValue {
  switch (type.type_kind) {
    case "TYPE_STRING": {
      // Keys repeat in pairs (rows 0-1, 2-3, ...) and come from a small pool so joins across tables match.
      if (/_id$/.test(name)) return row === FIXTURE_ROWS - 1 ? null : `${name.replace(/_id$/, "").toUpperCase()}-${Math.floor(row / 2) % 3}`;
      const allowed = hints.get(name);
      if (allowed) return row === FIXTURE_ROWS - 1 ? "UNKNOWN_VALUE" : pick([...allowed, null], row, name);
      return pick(STRINGS, row, name);
    }
    case "TYPE_INT64":
      return pick(INTEGERS, row, name);
    case "TYPE_NUMERIC":
    case "TYPE_BIGNUMERIC":
      return pick(NUMERICS, row, name);
    case "TYPE_DOUBLE":
      return pick(FLOATS, row, name);
    case "TYPE_BOOL":
      return pick([true, false, null], row, name);
    case "TYPE_DATE":
      return pick(DATES, row, name);
    case "TYPE_TIMESTAMP":
      return pick(TIMESTAMPS, row, name);
    case "TYPE_DATETIME":
      return pick(TIMESTAMPS, row, name)?.toString().replace(/\+00$/, "") ?? null;
    case "TYPE_JSON":
      return pick(['{"a":1}', "[]", null], row, name);
    case "TYPE_ARRAY": {
      // Arrays are never NULL in BigQuery tables; some are empty.
      const length = (row + name.length) % 3;
      return Array.from({ length }, (_, i) => value(type.array_type!.element_type, name, row * 3 + i, hints));
    }
    case "TYPE_STRUCT":
      return Object.fromEntries((type.struct_type?.field ?? []).map((f, i) => [f.field_name, value(f.field_type, f.field_name, row + i, hints)]));
    default:
      return null;
  }
}

/**
 * A source table's fixture rows. A later batch (`batch` ≥ 1) has other values but keys from the same pool,
 * so it re-sends and updates earlier records, and its `ingestion_ts` is `ingestedAt`: newer than any
 * earlier row, as an incremental model's watermark expects.
 */
export function sourceFixture(tableName: string, columns: Column[], later?: { batch: number; ingestedAt: string }): ResultSet {
  const hints = allowedValues(tableName);
  const types = columns.map((c) => parseType(c.type));
  const first = (later?.batch ?? 0) * FIXTURE_ROWS;
  return {
    columns,
    rows: Array.from({ length: FIXTURE_ROWS }, (_, row) =>
      columns.map((c, i) => (later && c.name === "ingestion_ts" ? later.ingestedAt : value(types[i], c.name, first + row, hints))),
    ),
  };
}
