// A comparable picture of what a run leaves in the warehouse: per table, its row count and a hash of
// its rows as a sorted multiset, without the columns that only say when a run wrote (loaded_at…) and
// without the overlap guard's lock tables (includes_src/overlap.ts), which only record claims.
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../runner/local/warehouse";

export const WHEN_WRITTEN = ["loaded_at", "logged_at", "claimed_at", "checked_at"];

export type WarehouseState = Map<string, { rows: number; hash: string }>;

export async function warehouseState(connection: DuckDBConnection, project: string, datasets: readonly string[]): Promise<WarehouseState> {
  const columns = (
    await connection.runAndReadAll(
      `SELECT c.table_schema, c.table_name, list(c.column_name ORDER BY c.ordinal_position) AS columns
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
       WHERE c.table_catalog = ${sqlString(project)} AND c.table_schema IN (${datasets.map(sqlString).join(", ")})
         AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE '%\\_run\\_lock' ESCAPE '\\'
       GROUP BY ALL ORDER BY 1, 2`,
    )
  ).getRowObjectsJson() as { table_schema: string; table_name: string; columns: string[] }[];
  const state: WarehouseState = new Map();
  for (const t of columns) {
    const kept = t.columns.filter((c) => !WHEN_WRITTEN.includes(c)).map((c) => `"${c}"`).join(", ");
    const [row] = (
      await connection.runAndReadAll(
        `SELECT count(*)::VARCHAR AS n, coalesce(md5(string_agg(r::VARCHAR, '\n' ORDER BY r::VARCHAR)), '') AS h
         FROM (SELECT ${kept} FROM "${project}"."${t.table_schema}"."${t.table_name}") AS r`,
      )
    ).getRowObjectsJson() as { n: string; h: string }[];
    state.set(`${t.table_schema}.${t.table_name}`, { rows: Number(row!.n), hash: row!.h });
  }
  return state;
}

/** The tables whose rows differ, with both row counts: empty when the states are the same. */
export function differences(actual: WarehouseState, expected: WarehouseState): string[] {
  const tables = [...new Set([...actual.keys(), ...expected.keys()])].sort();
  return tables
    .filter((t) => actual.get(t)?.hash !== expected.get(t)?.hash)
    .map((t) => `${t}: ${actual.get(t)?.rows ?? "missing"} rows, a clean run has ${expected.get(t)?.rows ?? "none"}`);
}
