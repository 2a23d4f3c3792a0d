import * as fs from "node:fs";
import * as path from "node:path";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { Target } from "../dataform/compiled-graph";
import type { TableState } from "../dataform/execution-sql";
import { DUCKDB_SESSION_SETUP } from "../translate";

/** BigQuery facts about a table that DuckDB has no place for, kept beside it in `_gigamart`. */
export interface TableOptions {
  partitionBy?: string;
  clusterBy?: string[];
  requirePartitionFilter?: boolean;
  description?: string;
  columnDescriptions?: Record<string, string>;
}

const META_SCHEMA = "_gigamart";

/**
 * DuckDB settings that take away everything but reading the attached catalogs: files (COPY, ATTACH of a
 * file, EXPORT, read_csv & co.), installing or loading extensions, and changing any setting back
 * (https://duckdb.org/docs/stable/operations_manual/securing_duckdb/overview, checked 2026-12-01).
 */
export const LOCKDOWN_SETTINGS = [
  "SET enable_external_access = false",
  "SET allow_community_extensions = false",
  "SET autoload_known_extensions = false",
  "SET autoinstall_known_extensions = false",
  "SET lock_configuration = true",
];
const filterKey = (project: string, dataset: string, table: string) => `${project}.${dataset}.${table}`.toLowerCase();

/** A connection whose settings make translated SQL mean what it means on BigQuery (UTC, NULL order). */
async function bigQuerySession(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  for (const setting of DUCKDB_SESSION_SETUP) await connection.run(setting);
  return connection;
}
const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
export const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The DuckDB path of a BigQuery target: project = catalog, dataset = schema. */
export function duckdbTable(target: Required<Pick<Target, "database">> & Target): string {
  return `${quote(target.database)}.${quote(target.schema)}.${quote(target.name)}`;
}

/** The column a partition spec filters on: `event_date`, `DATE(event_ts)`, `TIMESTAMP_TRUNC(ts, DAY)`… */
export function partitionColumn(partitionBy: string): string {
  const call = partitionBy.match(/^\s*\w+\s*\(\s*`?(\w+)`?/);
  return (call ? call[1]! : partitionBy.trim().replace(/`/g, "")).toLowerCase();
}

/**
 * A local warehouse: one DuckDB file per Google Cloud project, each attached as a catalog named after
 * the project, so `project.dataset.table` is `"project"."dataset"."table"` here. The first project is
 * kept in the given file, any other beside it (`warehouse.<project>.duckdb`).
 */
export class Warehouse {
  private readonly attached = new Set<string>();
  private readonly partitionFilters = new Map<string, string>();

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly file: string,
    private readonly readOnly: boolean,
  ) {}

  static async open(file: string, options: { readOnly?: boolean } = {}): Promise<Warehouse> {
    if (!options.readOnly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const instance = await DuckDBInstance.create(":memory:");
    return new Warehouse(instance, await bigQuerySession(instance), path.resolve(file), !!options.readOnly);
  }

  private fileFor(project: string): string {
    if (this.attached.size === 0) return this.file;
    const ext = path.extname(this.file);
    return `${this.file.slice(0, this.file.length - ext.length)}.${project}${ext || ".duckdb"}`;
  }

  /** Attaches a project's catalog; read-only opening of a file that does not exist attaches nothing. */
  async attach(project: string): Promise<boolean> {
    if (this.attached.has(project)) return true;
    const file = this.fileFor(project);
    if (this.readOnly && !fs.existsSync(file)) return false;
    await this.connection.run(`ATTACH ${sqlString(file)} AS ${quote(project)}${this.readOnly ? " (READ_ONLY)" : ""}`);
    this.attached.add(project);
    if (!this.readOnly) {
      await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quote(project)}.${META_SCHEMA}`);
      await this.connection.run(
        `CREATE TABLE IF NOT EXISTS ${quote(project)}.${META_SCHEMA}.table_options (table_schema VARCHAR, table_name VARCHAR, partition_by VARCHAR, partition_column VARCHAR, cluster_by VARCHAR[], require_partition_filter BOOLEAN, PRIMARY KEY (table_schema, table_name))`,
      );
    }
    await this.loadPartitionFilters(project);
    return true;
  }

  /** A fresh session on the same catalogs: BigQuery script variables live for one script only. */
  async session(): Promise<DuckDBConnection> {
    return bigQuerySession(this.instance);
  }

  async createSchema(project: string, schema: string): Promise<void> {
    await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quote(project)}.${quote(schema)}`);
  }

  async tableState(target: Target & { database: string }): Promise<TableState | undefined> {
    if (!this.attached.has(target.database)) return undefined;
    const rows = (
      await this.connection.runAndReadAll(
        `SELECT t.table_type, c.column_name FROM information_schema.tables t
         LEFT JOIN information_schema.columns c USING (table_catalog, table_schema, table_name)
         WHERE t.table_catalog = ${sqlString(target.database)} AND t.table_schema = ${sqlString(target.schema)}
           AND t.table_name = ${sqlString(target.name)}
         ORDER BY c.ordinal_position`,
      )
    ).getRowObjectsJson();
    if (rows.length === 0) return undefined;
    return {
      type: rows[0]!.table_type === "VIEW" ? "view" : "table",
      columns: rows.map((r) => String(r.column_name)).filter((c) => c !== "null"),
    };
  }

  async recordTableOptions(target: Target & { database: string }, options: TableOptions, isView: boolean): Promise<void> {
    const project = quote(target.database);
    await this.connection.run(
      `INSERT OR REPLACE INTO ${project}.${META_SCHEMA}.table_options VALUES (${sqlString(target.schema)}, ${sqlString(target.name)}, ` +
        `${options.partitionBy ? sqlString(options.partitionBy) : "NULL"}, ${options.partitionBy ? sqlString(partitionColumn(options.partitionBy)) : "NULL"}, ` +
        `${options.clusterBy?.length ? `[${options.clusterBy.map(sqlString).join(", ")}]` : "NULL"}, ${!!options.requirePartitionFilter})`,
    );
    const key = filterKey(target.database, target.schema, target.name);
    if (options.partitionBy && options.requirePartitionFilter) this.partitionFilters.set(key, partitionColumn(options.partitionBy));
    else this.partitionFilters.delete(key);
    const kind = isView ? "VIEW" : "TABLE";
    if (options.description) await this.connection.run(`COMMENT ON ${kind} ${duckdbTable(target)} IS ${sqlString(options.description)}`);
    const columnDescriptions = Object.entries(options.columnDescriptions ?? {});
    if (columnDescriptions.length === 0) return;
    const state = await this.tableState(target);
    for (const [column, description] of columnDescriptions) {
      if (state?.columns.includes(column)) {
        await this.connection.run(`COMMENT ON COLUMN ${duckdbTable(target)}.${quote(column)} IS ${sqlString(description)}`);
      }
    }
  }

  /** Reads a newly attached project's filter requirements; later changes are kept by recordTableOptions. */
  private async loadPartitionFilters(project: string): Promise<void> {
    const exists = await this.connection.runAndReadAll(
      `SELECT 1 FROM information_schema.tables WHERE table_catalog = ${sqlString(project)} AND table_schema = '${META_SCHEMA}' AND table_name = 'table_options'`,
    );
    if (exists.currentRowCount === 0) return;
    const rows = (
      await this.connection.runAndReadAll(
        `SELECT table_schema, table_name, partition_column FROM ${quote(project)}.${META_SCHEMA}.table_options WHERE require_partition_filter`,
      )
    ).getRowObjectsJson();
    for (const r of rows) this.partitionFilters.set(filterKey(project, String(r.table_schema), String(r.table_name)), String(r.partition_column));
  }

  /** For the translator: the column a `require_partition_filter` table must be filtered on. */
  partitionFilterColumn = (project: string, dataset: string, table: string): string | undefined =>
    this.partitionFilters.get(filterKey(project, dataset, table));

  /** For untrusted SQL: after this, the connection can read what is attached and nothing else (see LOCKDOWN_SETTINGS). */
  async lockDown(): Promise<void> {
    if (!this.readOnly) throw new Error("internal: only a read-only warehouse is locked down");
    for (const setting of LOCKDOWN_SETTINGS) await this.connection.run(setting);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
