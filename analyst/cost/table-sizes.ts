// Logical bytes of every warehouse table, per column and per partition, measured in DuckDB.
import { parseType } from "../../fidelity/zetasql/types";
import { warehouseTables, type WarehouseTable } from "../../runner/local/query-catalog";
import { duckdbTable, partitionColumn, Warehouse } from "../../runner/local/warehouse";
import { logicalSizeSql } from "./logical-sizes";

/** One partition (or the whole of an unpartitioned table, key ""): rows and logical bytes per column. */
export interface PartitionSize {
  rows: number;
  bytes: Record<string, number>;
}

export interface TableSize {
  /** `project.dataset.table` */
  name: string;
  view: boolean;
  columns: WarehouseTable["columns"];
  /** The column partitions are cut on and how: DATE of it (by day), as BigQuery's time-unit partitioning. */
  partitionColumn?: string;
  partitionBy?: string;
  /** By partition: a `yyyy-mm-dd` day, `__NULL__` for rows whose partition value is NULL, or "" when unpartitioned. */
  partitions: Map<string, PartitionSize>;
  /** Days on which rows were loaded (distinct dates of `ingestion_ts`), for an unpartitioned bronze table's rows per day. */
  loadDays?: number;
}

export const NULL_PARTITION = "__NULL__";
const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Only daily time-unit partitioning (a DATE column, DATE(ts), TIMESTAMP_TRUNC(ts, DAY)…) is cut into days here. */
export function dailyPartitioning(partitionBy: string | undefined): boolean {
  if (!partitionBy) return false;
  const spec = partitionBy.trim().toLowerCase().replace(/`/g, "");
  return /^\w+$/.test(spec) || /^date\s*\(\s*\w+\s*\)$/.test(spec) || /^(timestamp|datetime)_trunc\s*\(\s*\w+\s*,\s*day\s*\)$/.test(spec);
}

async function measure(warehouse: Warehouse, measured: WarehouseTable, declared?: string): Promise<TableSize> {
  const table = measured.partitionBy || !declared ? measured : { ...measured, partitionBy: declared, partitionColumn: partitionColumn(declared) };
  const name = `${table.project}.${table.dataset}.${table.name}`;
  const base = { name, view: table.view, columns: table.columns, partitions: new Map<string, PartitionSize>() };
  if (table.view) return base;
  const daily = dailyPartitioning(table.partitionBy) && table.partitionColumn;
  const key = daily ? `coalesce(strftime(CAST(${quote(table.partitionColumn!)} AS DATE), '%Y-%m-%d'), '${NULL_PARTITION}')` : "''";
  const sizes = table.columns.map((c, i) => `CAST(coalesce(sum(${logicalSizeSql(quote(c.name), parseType(c.type))}), 0) AS DOUBLE) AS c${i}`);
  const rows = (
    await warehouse.connection.runAndReadAll(
      `SELECT ${key} AS p, CAST(count(*) AS DOUBLE) AS n${sizes.map((s) => `, ${s}`).join("")} FROM ${duckdbTable({ database: table.project, schema: table.dataset, name: table.name })} GROUP BY 1`,
    )
  ).getRowObjectsJson();
  for (const r of rows) {
    base.partitions.set(String(r.p), { rows: Number(r.n), bytes: Object.fromEntries(table.columns.map((c, i) => [c.name, Number(r[`c${i}`])])) });
  }
  const loaded = table.columns.some((c) => c.name === "ingestion_ts")
    ? Number((await warehouse.connection.runAndReadAll(`SELECT count(DISTINCT CAST(ingestion_ts AS DATE)) FROM ${duckdbTable({ database: table.project, schema: table.dataset, name: table.name })}`)).getRows()[0]![0])
    : undefined;
  return { ...base, ...(daily && { partitionColumn: table.partitionColumn, partitionBy: table.partitionBy }), ...(loaded !== undefined && { loadDays: loaded }) };
}

/**
 * Every table and view of the project in the warehouse file, by lower-case `project.dataset.table`;
 * `partitioning` gives the partition spec of tables the warehouse holds unpartitioned (by lower-case name).
 */
export async function measureWarehouse(file: string, project: string, partitioning: ReadonlyMap<string, string> = new Map()): Promise<Map<string, TableSize>> {
  const warehouse = await Warehouse.open(file, { readOnly: true });
  try {
    const sizes = new Map<string, TableSize>();
    if (!(await warehouse.attach(project))) return sizes;
    for (const table of await warehouseTables(warehouse.connection, project)) {
      const size = await measure(warehouse, table, partitioning.get(`${table.project}.${table.dataset}.${table.name}`.toLowerCase()));
      sizes.set(size.name.toLowerCase(), size);
    }
    return sizes;
  } finally {
    warehouse.close();
  }
}

export const tableRows = (table: TableSize) => [...table.partitions.values()].reduce((n, p) => n + p.rows, 0);

/** A table's bytes over the given partitions (all when undefined), for the named columns. */
export function bytesOf(table: TableSize, columns: readonly string[], partitions?: readonly string[]): number {
  const wanted = new Set(columns.map((c) => c.toLowerCase()));
  let total = 0;
  for (const [key, partition] of table.partitions) {
    if (partitions && !partitions.includes(key)) continue;
    for (const [column, bytes] of Object.entries(partition.bytes)) if (wanted.has(column.toLowerCase())) total += bytes;
  }
  return total;
}
