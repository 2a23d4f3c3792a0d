// A comparable picture of what a run leaves in the warehouse: per table, its row count and a hash of
// its rows as a multiset, without the columns that only say when a run wrote (loaded_at…) and
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
  if (columns.length === 0) return new Map();
  // An order-free multiset hash (sum of row hashes), all tables in one query.
  const perTable = columns.map((t) => {
    const kept = t.columns.filter((c) => !WHEN_WRITTEN.includes(c)).map((c) => `"${c}"`).join(", ");
    return `SELECT ${sqlString(`${t.table_schema}.${t.table_name}`)} AS t, count(*)::VARCHAR AS n, coalesce(sum(hash(r)), 0)::VARCHAR AS h
      FROM (SELECT ${kept} FROM "${project}"."${t.table_schema}"."${t.table_name}") AS r`;
  });
  const rows = (await connection.runAndReadAll(perTable.join("\nUNION ALL\n"))).getRowObjectsJson() as { t: string; n: string; h: string }[];
  return new Map(rows.map((r) => [r.t, { rows: Number(r.n), hash: r.h }]));
}

/** The tables whose rows differ, with both row counts: empty when the states are the same. */
export function differences(actual: WarehouseState, expected: WarehouseState): string[] {
  const tables = [...new Set([...actual.keys(), ...expected.keys()])].sort();
  return tables
    .filter((t) => actual.get(t)?.hash !== expected.get(t)?.hash)
    .map((t) => `${t}: ${actual.get(t)?.rows ?? "missing"} rows, a clean run has ${expected.get(t)?.rows ?? "none"}`);
}

/**
 * The tables of `datasets` whose rows differ between two warehouse files (attached read-only side by
 * side), compared row for row as multisets without the when-written columns: per table, the rows only
 * in one file and up to `examples` of them. Empty when both hold the same rows.
 */
export async function rowDifferences(
  connection: DuckDBConnection,
  files: { actual: string; expected: string },
  datasets: readonly string[],
  options: { examples?: number; skip?: readonly string[] } = {},
): Promise<string[]> {
  const examples = options.examples ?? 3;
  await connection.run(`ATTACH ${sqlString(files.actual)} AS actual (READ_ONLY)`);
  await connection.run(`ATTACH ${sqlString(files.expected)} AS expected (READ_ONLY)`);
  const tablesOf = async (catalog: string) =>
    (
      await connection.runAndReadAll(
        `SELECT c.table_schema || '.' || c.table_name AS t, list(c.column_name ORDER BY c.ordinal_position) AS columns
         FROM information_schema.columns c JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
         WHERE c.table_catalog = ${sqlString(catalog)} AND c.table_schema IN (${datasets.map(sqlString).join(", ")})
           AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE '%\\_run\\_lock' ESCAPE '\\'
         GROUP BY ALL ORDER BY 1`,
      )
    ).getRowObjectsJson() as { t: string; columns: string[] }[];
  const actual = new Map((await tablesOf("actual")).map((r) => [r.t, r.columns]));
  const expected = new Map((await tablesOf("expected")).map((r) => [r.t, r.columns]));
  const out: string[] = [];
  for (const table of [...new Set([...actual.keys(), ...expected.keys()])].filter((t) => !options.skip?.includes(t)).sort()) {
    const a = actual.get(table);
    const e = expected.get(table);
    if (!a || !e || a.join() !== e.join()) {
      out.push(`${table}: columns ${a?.join(", ") ?? "missing"}, expected ${e?.join(", ") ?? "no table"}`);
      continue;
    }
    const kept = a.filter((c) => !WHEN_WRITTEN.includes(c)).map((c) => `"${c}"`).join(", ");
    const [schema, name] = table.split(".");
    const from = (catalog: string) => `SELECT ${kept} FROM ${catalog}."${schema}"."${name}"`;
    const only = async (x: string, y: string) =>
      (await connection.runAndReadAll(`SELECT * FROM (${from(x)} EXCEPT ALL ${from(y)})`)).getRowObjectsJson();
    const [onlyActual, onlyExpected] = [await only("actual", "expected"), await only("expected", "actual")];
    if (onlyActual.length + onlyExpected.length > 0) {
      const show = (rows: unknown[]) => rows.slice(0, examples).map((r) => JSON.stringify(r)).join("; ");
      out.push(`${table}: ${onlyActual.length} rows only in actual (${show(onlyActual)}), ${onlyExpected.length} only in expected (${show(onlyExpected)})`);
    }
  }
  return out;
}
