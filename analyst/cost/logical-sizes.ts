// What BigQuery bills for one value of each type: its logical size, not the compressed bytes it stores.
import type { TypeKind, TypeProto } from "../../fidelity/zetasql/protos";
import { parseType } from "../../fidelity/zetasql/types";

export const LOGICAL_SIZES_SOURCE = {
  url: "https://cloud.google.com/bigquery/pricing#data_size_calculation",
  also: "https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types#data_type_sizes",
  checked: "2026-12-01",
};

/** Fixed logical bytes per non-NULL value; a NULL of any type is 0 bytes. */
export const FIXED_SIZES: Partial<Record<TypeKind, number>> = {
  TYPE_INT64: 8,
  TYPE_DOUBLE: 8,
  TYPE_DATE: 8,
  TYPE_DATETIME: 8,
  TYPE_TIME: 8,
  TYPE_TIMESTAMP: 8,
  TYPE_BOOL: 1,
  TYPE_NUMERIC: 16,
  TYPE_BIGNUMERIC: 32,
  TYPE_INTERVAL: 16,
};

/** STRING and BYTES: this many bytes plus the UTF-8 (or raw) length; JSON: the length of its text. */
export const STRING_OVERHEAD = 2;

/** On-demand billing: each table referenced and each query count at least this much, rounded up to whole MB. */
export const MIN_BYTES_PER_TABLE = 10 * 1024 * 1024;
export const BILLING_ROUND_BYTES = 1024 * 1024;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * A DuckDB expression for the logical bytes of one value of `expr` (a column as the local warehouse
 * holds it): STRUCT is the sum of its fields, ARRAY the sum of its elements, NULL nothing.
 */
export function logicalSizeSql(expr: string, type: TypeProto | string): string {
  const t = typeof type === "string" ? parseType(type) : type;
  const fixed = FIXED_SIZES[t.type_kind];
  if (fixed !== undefined) return `(CASE WHEN ${expr} IS NULL THEN 0 ELSE ${fixed} END)`;
  switch (t.type_kind) {
    case "TYPE_STRING":
      return `coalesce(${STRING_OVERHEAD} + strlen(${expr}), 0)`;
    case "TYPE_BYTES":
      return `coalesce(${STRING_OVERHEAD} + octet_length(${expr}), 0)`;
    case "TYPE_JSON":
      return `coalesce(strlen(CAST(${expr} AS VARCHAR)), 0)`;
    case "TYPE_STRUCT": {
      const fields = t.struct_type?.field ?? [];
      if (fields.length === 0) return "0";
      return `(${fields.map((f) => logicalSizeSql(`(${expr}).${quote(f.field_name)}`, f.field_type)).join(" + ")})`;
    }
    case "TYPE_ARRAY":
      return `coalesce(list_sum(list_transform(${expr}, x -> ${logicalSizeSql("x", t.array_type!.element_type)})), 0)`;
    default:
      throw new Error(`no documented logical size for ${t.type_kind} (${LOGICAL_SIZES_SOURCE.url})`);
  }
}
