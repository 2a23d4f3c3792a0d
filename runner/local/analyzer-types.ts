/**
 * A query's columns in the types the GoogleSQL analyzer resolved. Where DuckDB's binder types a column
 * otherwise — a FLOAT64 literal read as DECIMAL, a string literal in a UNION with a DATE column, a NULL
 * of a cast DuckDB folds away — the result is cast to BigQuery's type, so what a local query returns has
 * the schema BigQuery would give it. A sum DuckDB leaves in HUGEINT (one the translator could not type, such as a
 * PIVOT's SUM of values without a known column name) is cast back to BIGINT, raising BigQuery's overflow.
 */
import { DuckDBTypeId, type DuckDBConnection, type DuckDBType } from "@duckdb/node-api";
import type { Column } from "../../fidelity/catalog";
import { duckDbType, googleSqlType } from "../../fidelity/duckdb-values";
import { parseType } from "../../fidelity/zetasql/types";

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Integers wider than INT64 (DuckDB sums BIGINT into HUGEINT; BigQuery's SUM stays INT64): cast back, which raises on overflow as BigQuery does. */
const WIDER_THAN_INT64 = new Set([DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT, DuckDBTypeId.UBIGINT]);
const typedAs = (type: DuckDBType, column: Column) => googleSqlType(type) === column.type && !WIDER_THAN_INT64.has(type.typeId);

/** `sql` as is when DuckDB already types every column as the analyzer did, else wrapped in the casts that make it so. */
export async function withAnalyzerTypes(connection: DuckDBConnection, sql: string, columns: Column[]): Promise<string> {
  // Binding only: a statement DuckDB cannot prepare fails the same way when it runs, with DuckDB's own message.
  const prepared = await connection.prepare(sql).catch(() => undefined);
  if (!prepared) return sql;
  let names: string[], casts: (string | undefined)[];
  try {
    if (prepared.columnCount !== columns.length) return sql;
    names = columns.map((_, i) => prepared.columnName(i));
    casts = columns.map((column, i) => (typedAs(prepared.columnType(i), column) ? undefined : duckDbType(parseType(column.type))));
  } finally {
    prepared.destroySync();
  }
  // Columns are addressed by name: a query with two columns of one name is left as DuckDB types it.
  if (casts.every((cast) => cast === undefined) || new Set(names).size !== names.length) return sql;
  const list = names.map((name, i) => (casts[i] ? `CAST(${quote(name)} AS ${casts[i]}) AS ${quote(name)}` : quote(name)));
  return `SELECT ${list.join(", ")} FROM (${sql}) AS analyzer_typed`;
}
