import type { DuckDBConnection } from "@duckdb/node-api";
import type { Column } from "../../fidelity/catalog";
import { googleSqlType } from "../../fidelity/duckdb-values";
import { duckdbTable, sqlString } from "./warehouse";

/** A warehouse table or view as BigQuery would describe it: GoogleSQL types, partitioning and clustering. */
export interface WarehouseTable {
  project: string;
  dataset: string;
  name: string;
  view: boolean;
  columns: (Column & { nullable: boolean })[];
  partitionBy?: string;
  partitionColumn?: string;
  clusterBy?: string[];
}

/** Every table and view of a project's catalog; `_gigamart` (our own bookkeeping) is not BigQuery's and is left out. */
export async function warehouseTables(connection: DuckDBConnection, project: string): Promise<WarehouseTable[]> {
  const hasOptions =
    (
      await connection.runAndReadAll(
        `SELECT 1 FROM information_schema.tables WHERE table_catalog = ${sqlString(project)} AND table_schema = '_gigamart' AND table_name = 'table_options'`,
      )
    ).currentRowCount > 0;
  const options = hasOptions
    ? `LEFT JOIN ${duckdbTable({ database: project, schema: "_gigamart", name: "table_options" })} o USING (table_schema, table_name)`
    : "";
  const tables = (
    await connection.runAndReadAll(
      `SELECT t.table_schema, t.table_name, t.table_type, ${hasOptions ? "o.partition_by, o.partition_column, o.cluster_by" : "NULL AS partition_by, NULL AS partition_column, NULL AS cluster_by"},
              list(c.is_nullable = 'YES' ORDER BY c.ordinal_position) AS nullable
       FROM information_schema.tables t JOIN information_schema.columns c USING (table_catalog, table_schema, table_name) ${options}
       WHERE t.table_catalog = ${sqlString(project)} AND t.table_schema <> '_gigamart'
       GROUP BY ALL ORDER BY t.table_schema, t.table_name`,
    )
  ).getRowObjectsJson();
  const result: WarehouseTable[] = [];
  for (const t of tables) {
    const target = { database: project, schema: String(t.table_schema), name: String(t.table_name) };
    // DuckDB's own type objects, not its type names: googleSqlType maps them as the fidelity check does.
    const shape = await connection.stream(`SELECT * FROM ${duckdbTable(target)} LIMIT 0`);
    const nullable = t.nullable as boolean[];
    result.push({
      project,
      dataset: target.schema,
      name: target.name,
      view: t.table_type === "VIEW",
      columns: shape.columnNames().map((name, i) => ({ name, type: googleSqlType(shape.columnType(i)), nullable: nullable[i] ?? true })),
      ...(t.partition_by !== null && { partitionBy: String(t.partition_by), partitionColumn: String(t.partition_column) }),
      ...(Array.isArray(t.cluster_by) && { clusterBy: t.cluster_by.map(String) }),
    });
  }
  return result;
}
