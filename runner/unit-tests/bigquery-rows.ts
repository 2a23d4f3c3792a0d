// Rows exactly as Dataform's test runner sees them on BigQuery. Its BigQuery adapter runs each query as a
// job and reads it with the Node client's getQueryResultsStream (cli/api/dbadapters/bigquery.ts), which
// turns the REST rows into JavaScript values with BigQuery.mergeSchemaWithRows_ (@google-cloud/bigquery
// job.js: no wrapIntegers, no parseJSON, TIMESTAMP as int64 microseconds). So: local values are written
// in the REST wire format of the type BigQuery gives each column, then passed through that same function.
// INT64 and FLOAT64 become numbers, NUMERIC a Big, DATE/DATETIME/TIME/TIMESTAMP BigQuery* objects,
// BYTES a Buffer, NULL arrays [] (BigQuery returns a NULL array as empty).
import { BigQuery } from "@google-cloud/bigquery";
import type { Column } from "../../fidelity/catalog";
import type { ResultSet } from "../../fidelity/compare";
import type { TypeProto } from "../../fidelity/zetasql/protos";
import { formatType, parseType } from "../../fidelity/zetasql/types";
import { parseTimestamp, type SqlValue } from "../../fidelity/zetasql/values";

export type ClientRow = Record<string, unknown>;

/** A result that cannot be compared as Dataform would compare it on BigQuery; the test fails with this message. */
export class IncomparableError extends Error {
  override name = "IncomparableError";
}

/**
 * DuckDB's value as the type BigQuery gives the column, where the two differ only in representation:
 * DuckDB types a decimal literal (`1.5`) as DECIMAL where BigQuery types it FLOAT64, and an integer
 * may feed a FLOAT64 or NUMERIC column. Any other difference is refused by name.
 */
function coerce(value: SqlValue, from: TypeProto, to: TypeProto, column: string): SqlValue {
  if (value === null || formatType(from) === formatType(to)) return value;
  const fromKind = from.type_kind;
  switch (to.type_kind) {
    case "TYPE_DOUBLE":
      if (fromKind === "TYPE_INT64") return Number(value as bigint);
      if (fromKind === "TYPE_NUMERIC") return Number((value as { numeric: string }).numeric);
      break;
    case "TYPE_NUMERIC":
      if (fromKind === "TYPE_INT64") return { numeric: String(value) };
      break;
    case "TYPE_ARRAY":
      if (fromKind === "TYPE_ARRAY") return (value as SqlValue[]).map((v) => coerce(v, from.array_type!.element_type, to.array_type!.element_type, column));
      break;
    case "TYPE_STRUCT": {
      const fromFields = from.struct_type?.field ?? [];
      const toFields = to.struct_type?.field ?? [];
      if (fromKind !== "TYPE_STRUCT" || fromFields.length !== toFields.length) break;
      const values = Object.values(value as Record<string, SqlValue>);
      return Object.fromEntries(toFields.map((f, i) => [f.field_name, coerce(values[i] ?? null, fromFields[i]!.field_type, f.field_type, column)]));
    }
  }
  throw new IncomparableError(`column ${column}: DuckDB computes ${formatType(from)} where BigQuery computes ${formatType(to)}, so its values cannot be compared as Dataform compares them`);
}

/** The local result with BigQuery's column names and types (`columns`, from the GoogleSQL analyzer). */
export function asBigQueryResult(local: ResultSet, columns: Column[]): ResultSet {
  if (local.columns.length !== columns.length) {
    throw new IncomparableError(`DuckDB returns ${local.columns.length} columns where BigQuery returns ${columns.length}`);
  }
  const from = local.columns.map((c) => parseType(c.type));
  const to = columns.map((c) => parseType(c.type));
  return { columns, rows: local.rows.map((row) => row.map((v, i) => coerce(v, from[i]!, to[i]!, columns[i]!.name))) };
}

interface SchemaField {
  name: string;
  type: string;
  mode?: "REPEATED";
  fields?: SchemaField[];
}

function schemaField(name: string, type: TypeProto): SchemaField {
  if (type.type_kind === "TYPE_ARRAY") return { ...schemaField(name, type.array_type!.element_type), mode: "REPEATED" };
  if (type.type_kind === "TYPE_STRUCT") return { name, type: "RECORD", fields: (type.struct_type?.field ?? []).map((f) => schemaField(f.field_name, f.field_type)) };
  return { name, type: formatType(type) };
}

/** A value as BigQuery's REST API (jobs.getQueryResults) writes it. */
function wire(value: SqlValue, type: TypeProto, column: string): unknown {
  if (type.type_kind === "TYPE_ARRAY") return ((value ?? []) as SqlValue[]).map((v) => ({ v: wire(v, type.array_type!.element_type, column) }));
  if (value === null) return null;
  switch (type.type_kind) {
    case "TYPE_INT64":
    case "TYPE_DOUBLE":
    case "TYPE_BOOL":
    case "TYPE_STRING":
    case "TYPE_DATE":
    case "TYPE_TIME":
    case "TYPE_JSON":
      return String(value);
    case "TYPE_NUMERIC":
    case "TYPE_BIGNUMERIC":
      return (value as { numeric: string }).numeric;
    case "TYPE_BYTES":
      return (value as { bytes: string }).bytes;
    case "TYPE_DATETIME":
      return String(value).replace(" ", "T");
    case "TYPE_TIMESTAMP": {
      const { seconds, nanos } = parseTimestamp(String(value));
      return String(seconds * 1_000_000n + BigInt(Math.floor(nanos / 1000)));
    }
    case "TYPE_STRUCT": {
      const record = value as Record<string, SqlValue>;
      return { f: (type.struct_type?.field ?? []).map((f) => ({ v: wire(record[f.field_name] ?? null, f.field_type, column) })) };
    }
    default:
      throw new IncomparableError(`column ${column}: ${formatType(type)} values are not compared locally`);
  }
}

/** BigQuery names an unnamed column by its position (`f0_`), where the analyzer says `$col1`. */
const bigQueryName = (name: string) => name.replace(/^\$col(\d+)$/, (_m, n: string) => `f${Number(n) - 1}_`);

/** The rows Dataform's test runner would hold for this result on BigQuery. */
export function clientRows(result: ResultSet): ClientRow[] {
  const types = result.columns.map((c) => parseType(c.type));
  const schema = { fields: result.columns.map((c, i) => schemaField(bigQueryName(c.name), types[i]!)) };
  const rows = result.rows.map((row) => ({ f: row.map((v, i) => ({ v: wire(v, types[i]!, result.columns[i]!.name) })) }));
  // mergeSchemaWithRows_ is the client's own REST-to-JavaScript conversion; its types are the client's private ones.
  const merge = BigQuery.mergeSchemaWithRows_ as unknown as (schema: unknown, rows: unknown, options: { wrapIntegers: boolean; parseJSON: boolean }) => ClientRow[];
  return merge(schema, rows, { wrapIntegers: false, parseJSON: false });
}
