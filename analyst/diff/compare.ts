import type { DuckDBConnection, Json } from "@duckdb/node-api";
import type { Column } from "../../fidelity/catalog";
import { googleSqlColumns } from "../../fidelity/duckdb-values";
import { schemaChange, type SchemaChange } from "../plan/classify";

/** How one column moved: values changed in rows matched by key, and the sum (numbers) or distinct count on each side. */
export interface ColumnDiff {
  name: string;
  type: string;
  /** values that differ in rows present on both sides (null without a key) */
  changed: number | null;
  measure: "sum" | "distinct";
  before: string | null;
  after: string | null;
}

export type Row = Record<string, Json>;

export interface RowSamples {
  /** per changed row: its key and, for each column that differs, both values */
  changed: { key: Row; columns: Record<string, { before: Json; after: Json }> }[];
  added: Row[];
  removed: Row[];
}

/** The comparison of the current table with the one the change builds. */
export interface TableComparison {
  schema: SchemaChange;
  rows: { before: number; after: number };
  /** the columns rows were matched by; null: compared as whole rows (no key, or a key that is not unique) */
  key: string[] | null;
  added: number;
  removed: number;
  /** rows present on both sides with some other value changed; null without a key */
  changed: number | null;
  columns: ColumnDiff[];
  sample: RowSamples;
  notes: string[];
}

const NUMERIC = new Set(["INT64", "FLOAT64", "NUMERIC", "BIGNUMERIC"]);
const q = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
const ROW_MARK = "__gigamart_diff_row";

async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
}

const count = (value: Json | undefined) => Number(value ?? 0);
const text = (value: Json | undefined) => (value === null || value === undefined ? null : String(value));

/** Per column on one side: the sum of a number, the distinct count of anything else, as text (exact). */
async function measures(connection: DuckDBConnection, relation: string, columns: Column[]): Promise<Row> {
  if (columns.length === 0) return {};
  const list = columns.map((c, i) => (NUMERIC.has(c.type) ? `CAST(sum(${q(c.name)}) AS VARCHAR) AS m${i}` : `CAST(count(DISTINCT ${q(c.name)}) AS VARCHAR) AS m${i}`));
  return (await rows(connection, `SELECT ${list.join(", ")} FROM ${relation}`))[0] ?? {};
}

async function duplicateKeys(connection: DuckDBConnection, relation: string, key: string[]): Promise<number> {
  const [row] = await rows(connection, `SELECT count(*) - count(DISTINCT struct_pack(${key.map((k) => `${q(k)} := ${q(k)}`).join(", ")})) AS n FROM ${relation}`);
  return count(row?.n);
}

/**
 * Compares two relations of one connection (quoted DuckDB paths). With a key (every key column on both
 * sides, unique on both), rows are matched by it (NULL matches NULL): added, removed, and changed when
 * another common column differs. Without one, rows compare whole, as multisets of the common columns.
 */
export async function compareTables(connection: DuckDBConnection, before: string, after: string, options: { key?: string[]; sampleSize?: number } = {}): Promise<TableComparison> {
  const sampleSize = options.sampleSize ?? 5;
  const [beforeColumns, afterColumns] = [await googleSqlColumns(connection, before), await googleSqlColumns(connection, after)];
  const schema = schemaChange(beforeColumns, afterColumns);
  const afterNames = new Set(afterColumns.map((c) => c.name.toLowerCase()));
  const common = beforeColumns.filter((c) => afterNames.has(c.name.toLowerCase()));
  const notes: string[] = [];
  const [counts] = await rows(connection, `SELECT (SELECT count(*) FROM ${before}) AS b, (SELECT count(*) FROM ${after}) AS a`);

  let key: string[] | null = null;
  if (options.key?.length) {
    const names = new Set(common.map((c) => c.name.toLowerCase()));
    const missing = options.key.filter((k) => !names.has(k.toLowerCase()));
    if (missing.length > 0) notes.push(`key column ${missing.join(", ")} not on both sides: rows compared whole`);
    else {
      const [dupBefore, dupAfter] = [await duplicateKeys(connection, before, options.key), await duplicateKeys(connection, after, options.key)];
      if (dupBefore + dupAfter > 0) notes.push(`key ${options.key.join(", ")} is not unique (${dupBefore} duplicate rows before, ${dupAfter} after): rows compared whole`);
      else key = options.key;
    }
  }

  const [measuredBefore, measuredAfter] = [await measures(connection, before, common), await measures(connection, after, common)];
  const columnDiff = (c: Column, i: number, changed: number | null): ColumnDiff => ({
    name: c.name,
    type: c.type,
    changed,
    measure: NUMERIC.has(c.type) ? "sum" : "distinct",
    before: text(measuredBefore[`m${i}`]),
    after: text(measuredAfter[`m${i}`]),
  });
  const rowsOf = { before: count(counts?.b), after: count(counts?.a) };

  if (!key) {
    const list = common.map((c) => q(c.name)).join(", ");
    const only = (from: string, other: string) => `SELECT ${list} FROM ${from} EXCEPT ALL SELECT ${list} FROM ${other}`;
    const [n] = await rows(connection, `SELECT (SELECT count(*) FROM (${only(after, before)})) AS added, (SELECT count(*) FROM (${only(before, after)})) AS removed`);
    return {
      schema,
      rows: rowsOf,
      key,
      added: count(n?.added),
      removed: count(n?.removed),
      changed: null,
      columns: common.map((c, i) => columnDiff(c, i, null)),
      sample: { changed: [], added: await rows(connection, `${only(after, before)} LIMIT ${sampleSize}`), removed: await rows(connection, `${only(before, after)} LIMIT ${sampleSize}`) },
      notes,
    };
  }

  const keySet = new Set(key.map((k) => k.toLowerCase()));
  const values = common.filter((c) => !keySet.has(c.name.toLowerCase()));
  const on = key.map((k) => `b.${q(k)} IS NOT DISTINCT FROM a.${q(k)}`).join(" AND ");
  const differs = (c: Column) => `b.${q(c.name)} IS DISTINCT FROM a.${q(c.name)}`;
  const anyDiffers = values.length > 0 ? values.map(differs).join(" OR ") : "false";
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE diff_pairs AS SELECT b.${ROW_MARK} IS NOT NULL AS in_before, a.${ROW_MARK} IS NOT NULL AS in_after, ` +
      [...key.map((k) => `coalesce(a.${q(k)}, b.${q(k)}) AS ${q(`k.${k}`)}`), ...values.flatMap((c, i) => [`b.${q(c.name)} AS b${i}`, `a.${q(c.name)} AS a${i}`, `(${differs(c)}) AS d${i}`])].join(", ") +
      `, (${anyDiffers}) AS any_changed FROM (SELECT *, true AS ${ROW_MARK} FROM ${before}) AS b FULL JOIN (SELECT *, true AS ${ROW_MARK} FROM ${after}) AS a ON ${on}`,
  );
  try {
    const both = "in_before AND in_after";
    const [n] = await rows(
      connection,
      `SELECT count(*) FILTER (WHERE NOT in_before) AS added, count(*) FILTER (WHERE NOT in_after) AS removed, count(*) FILTER (WHERE ${both} AND any_changed) AS changed` +
        values.map((_, i) => `, count(*) FILTER (WHERE ${both} AND d${i}) AS c${i}`).join("") +
        ` FROM diff_pairs`,
    );
    const keyOf = (r: Row) => Object.fromEntries(key.map((k) => [k, r[`k.${k}`]!]));
    const keys = (where: string) => rows(connection, `SELECT ${key.map((k) => q(`k.${k}`)).join(", ")} FROM diff_pairs WHERE ${where} LIMIT ${sampleSize}`);
    const changedRows = await rows(connection, `SELECT * FROM diff_pairs WHERE ${both} AND any_changed LIMIT ${sampleSize}`);
    const changedByColumn = new Map(values.map((c, i) => [c.name.toLowerCase(), count(n?.[`c${i}`])]));
    return {
      schema,
      rows: rowsOf,
      key,
      added: count(n?.added),
      removed: count(n?.removed),
      changed: count(n?.changed),
      columns: common.map((c, i) => columnDiff(c, i, keySet.has(c.name.toLowerCase()) ? 0 : changedByColumn.get(c.name.toLowerCase())!)),
      sample: {
        changed: changedRows.map((r) => ({
          key: keyOf(r),
          columns: Object.fromEntries(values.flatMap((c, i) => (r[`d${i}`] ? [[c.name, { before: r[`b${i}`]!, after: r[`a${i}`]! }]] : []))),
        })),
        added: (await keys("NOT in_before")).map(keyOf),
        removed: (await keys("NOT in_after")).map(keyOf),
      },
      notes,
    };
  } finally {
    await connection.run("DROP TABLE IF EXISTS diff_pairs");
  }
}
