import { DuckDBTypeId, type DuckDBConnection, type DuckDBType, type Json } from "@duckdb/node-api";
import type { Column } from "./catalog";
import type { TypeProto } from "./zetasql/protos";
import { formatType } from "./zetasql/types";
import { normalizeDecimal, parseTimestamp, formatTimestamp, ValueError, type SqlValue } from "./zetasql/values";

/**
 * DuckDB types and values seen as GoogleSQL ones, so DuckDB results compare with the reference engine's.
 * Integer widths fold into INT64 and every DECIMAL into NUMERIC: BigQuery has one type for each, and a
 * wrong scale shows up in the values (NUMERIC is compared to its 9th decimal).
 */
export function googleSqlType(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return "BOOL";
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return "INT64";
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return "FLOAT64";
    case DuckDBTypeId.DECIMAL:
      return "NUMERIC";
    case DuckDBTypeId.VARCHAR:
      return type.alias === "JSON" ? "JSON" : "STRING";
    case DuckDBTypeId.BLOB:
      return "BYTES";
    case DuckDBTypeId.DATE:
      return "DATE";
    case DuckDBTypeId.TIME:
      return "TIME";
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return "DATETIME";
    case DuckDBTypeId.TIMESTAMP_TZ:
      return "TIMESTAMP";
    case DuckDBTypeId.INTERVAL:
      return "INTERVAL";
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return `ARRAY<${googleSqlType(type.valueType)}>`;
    case DuckDBTypeId.STRUCT:
      return `STRUCT<${type.entryNames.map((name, i) => `${name} ${googleSqlType(type.entryTypes[i])}`).join(", ")}>`;
    case DuckDBTypeId.SQLNULL:
      return "INT64"; // an untyped NULL; BigQuery types a bare NULL as INT64
    default:
      return `DuckDB ${type.toString()}`;
  }
}

/** A DuckDB table's or view's columns with their GoogleSQL types; `relation` is its quoted DuckDB path. */
export async function googleSqlColumns(connection: DuckDBConnection, relation: string): Promise<Column[]> {
  const shape = await connection.stream(`SELECT * FROM ${relation} LIMIT 0`);
  return shape.columnNames().map((name, i) => ({ name, type: googleSqlType(shape.columnType(i)) }));
}

/** The DuckDB column type that holds a GoogleSQL type faithfully (NUMERIC is DECIMAL(38,9), not DuckDB's default). */
export function duckDbType(type: TypeProto): string {
  switch (type.type_kind) {
    case "TYPE_INT64":
      return "BIGINT";
    case "TYPE_DOUBLE":
      return "DOUBLE";
    case "TYPE_NUMERIC":
      return "DECIMAL(38,9)";
    case "TYPE_BOOL":
      return "BOOLEAN";
    case "TYPE_STRING":
      return "VARCHAR";
    case "TYPE_BYTES":
      return "BLOB";
    case "TYPE_DATE":
      return "DATE";
    case "TYPE_DATETIME":
      return "TIMESTAMP";
    case "TYPE_TIMESTAMP":
      return "TIMESTAMPTZ";
    case "TYPE_TIME":
      return "TIME";
    case "TYPE_JSON":
      return "JSON";
    case "TYPE_ARRAY":
      return `${duckDbType(type.array_type!.element_type)}[]`;
    case "TYPE_STRUCT":
      return `STRUCT(${(type.struct_type?.field ?? []).map((f) => `"${f.field_name}" ${duckDbType(f.field_type)}`).join(", ")})`;
    default:
      throw new ValueError(`no faithful DuckDB type for ${formatType(type)}`);
  }
}

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * A DuckDB literal of a value, cast to the column's DuckDB type. `inColumn`: the literal goes straight
 * into a column of that type, whose insert casts a scalar's text itself (several times faster to parse).
 */
export function duckDbLiteral(value: SqlValue, type: TypeProto, inColumn = false): string {
  if (inColumn && type.type_kind !== "TYPE_ARRAY" && type.type_kind !== "TYPE_STRUCT" && type.type_kind !== "TYPE_BYTES") {
    if (value === null) return "NULL";
    if (type.type_kind === "TYPE_BOOL") return value ? "TRUE" : "FALSE";
    return sqlString(type.type_kind === "TYPE_NUMERIC" ? (value as { numeric: string }).numeric : String(value));
  }
  if (value === null) return `CAST(NULL AS ${duckDbType(type)})`;
  switch (type.type_kind) {
    case "TYPE_ARRAY": {
      const items = (value as SqlValue[]).map((v) => duckDbLiteral(v, type.array_type!.element_type));
      return `CAST([${items.join(", ")}] AS ${duckDbType(type)})`;
    }
    case "TYPE_STRUCT": {
      const record = value as Record<string, SqlValue>;
      const fields = (type.struct_type?.field ?? []).map((f) => `${sqlString(f.field_name)}: ${duckDbLiteral(record[f.field_name] ?? null, f.field_type)}`);
      return `CAST({${fields.join(", ")}} AS ${duckDbType(type)})`;
    }
    case "TYPE_NUMERIC":
      return `CAST(${sqlString((value as { numeric: string }).numeric)} AS DECIMAL(38,9))`;
    case "TYPE_BYTES":
      return `from_base64(${sqlString((value as { bytes: string }).bytes)})`;
    case "TYPE_BOOL":
      return value ? "TRUE" : "FALSE";
    default:
      return `CAST(${sqlString(String(value))} AS ${duckDbType(type)})`;
  }
}

function fraction(text: string): string {
  return text.replace(/\.(\d*?)0*$/, (_m, digits: string) => (digits ? `.${digits}` : ""));
}

/** A value from DuckDB's JSON rows, read as the GoogleSQL type DuckDB's own column type maps to. */
export function fromDuckDbJson(value: Json, type: TypeProto): SqlValue {
  if (value === null || value === undefined) return null;
  switch (type.type_kind) {
    case "TYPE_INT64":
      return BigInt(value as string | number);
    case "TYPE_DOUBLE":
      return Number(value);
    case "TYPE_NUMERIC":
      return { numeric: normalizeDecimal(String(value)) };
    case "TYPE_BOOL":
      return Boolean(value);
    case "TYPE_STRING":
    case "TYPE_DATE":
      return String(value);
    case "TYPE_JSON":
      try {
        return JSON.stringify(JSON.parse(String(value)));
      } catch {
        return String(value);
      }
    case "TYPE_BYTES":
      // DuckDB writes a blob as text with \xNN escapes for bytes that are not printable ASCII.
      return {
        bytes: Buffer.from(
          String(value).replace(/\\x([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          "latin1",
        ).toString("base64"),
      };
    case "TYPE_TIMESTAMP": {
      const { seconds, nanos } = parseTimestamp(String(value));
      return formatTimestamp(seconds, nanos);
    }
    case "TYPE_DATETIME":
    case "TYPE_TIME":
      return fraction(String(value).replace("T", " "));
    case "TYPE_ARRAY":
      return (value as Json[]).map((v) => fromDuckDbJson(v, type.array_type!.element_type));
    case "TYPE_STRUCT": {
      const record = value as Record<string, Json>;
      return Object.fromEntries((type.struct_type?.field ?? []).map((f) => [f.field_name, fromDuckDbJson(record[f.field_name] ?? null, f.field_type)]));
    }
    default:
      return String(value);
  }
}
