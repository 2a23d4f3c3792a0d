import type { DuckDBConnection } from "@duckdb/node-api";
import { duckDbType } from "../../fidelity/duckdb-values";
import type { SimpleCatalogProto, SimpleTableProto } from "../../fidelity/zetasql/protos";
import { parseType } from "../../fidelity/zetasql/types";
import spec from "./information-schema.json";
import type { WarehouseTable } from "./query-catalog";
import { duckdbTable, sqlString } from "./warehouse";

type ViewName = keyof typeof spec.views;
type Value = string | number | null;
const VIEWS = Object.keys(spec.views) as ViewName[];

/** What an INFORMATION_SCHEMA view is qualified by: one dataset, or every dataset of the region. */
type Scope = { dataset: string } | { region: string };

/** Where gigamart query keeps the local answer to `<scope>.INFORMATION_SCHEMA.<view>`: a view in DuckDB's in-memory catalog. */
const localSchema = (scope: Scope) => ("dataset" in scope ? `is_dataset_${scope.dataset}` : "is_region");

/**
 * BigQuery's INFORMATION_SCHEMA.TABLES / COLUMNS / PARTITIONS over a local warehouse: their
 * documented columns for the analyzer's catalog, and views that answer them in DuckDB.
 */
export class InformationSchema {
  constructor(
    private readonly tables: WarehouseTable[],
    private readonly project: string,
    private readonly region: string,
  ) {}

  private scopes(view: ViewName): Scope[] {
    const datasets = [...new Set(this.tables.map((t) => t.dataset))].map((dataset) => ({ dataset }));
    return (spec.views[view].scopes as string[]).includes("region") ? [...datasets, { region: `region-${this.region}` }] : datasets;
  }

  /**
   * Adds every view under each path BigQuery resolves (`[project.]qualifier.INFORMATION_SCHEMA.VIEW`),
   * quoted whole, per part or anything between, as nested catalogs of the analyzer's catalog.
   */
  addTo(root: SimpleCatalogProto): void {
    for (const view of VIEWS) {
      const table = { name: view, column: spec.views[view].columns.map(([name, type]) => ({ name: name as string, type: parseType(type as string) })) };
      for (const scope of this.scopes(view)) {
        const qualifier = "dataset" in scope ? scope.dataset : scope.region;
        for (const parts of [[qualifier, "INFORMATION_SCHEMA", view], [this.project, qualifier, "INFORMATION_SCHEMA", view]]) {
          for (const grouping of groupings(parts)) register(root, grouping, table);
        }
      }
    }
  }

  /** The scope and view a table path names, or undefined when it is not an INFORMATION_SCHEMA path. */
  resolve(parts: string[]): { scope: Scope; view: ViewName } | undefined {
    const at = parts.findIndex((p) => p.toUpperCase() === "INFORMATION_SCHEMA");
    if (at < 0 || at !== parts.length - 2) return undefined;
    const view = parts[at + 1]!.toUpperCase() as ViewName;
    const qualifier = parts[at - 1];
    // The analyzer has already refused any view, region or dataset the catalog does not hold.
    if (!qualifier || !VIEWS.includes(view)) return undefined;
    return { scope: /^region-/i.test(qualifier) ? { region: qualifier.toLowerCase() } : { dataset: qualifier }, view };
  }

  /** The BigQuery path the translator turns into the local view (`memory` is DuckDB's in-memory catalog). */
  localPath(scope: Scope, view: ViewName): string {
    return `\`memory.${localSchema(scope)}.${view}\``;
  }

  /** Creates the local view of one INFORMATION_SCHEMA view (in memory: the warehouse is opened read-only). */
  async create(connection: DuckDBConnection, scope: Scope, view: ViewName): Promise<void> {
    const tables = this.tables.filter((t) => !("dataset" in scope) || t.dataset.toLowerCase() === scope.dataset.toLowerCase());
    const columns = spec.views[view].columns as [string, string, Value?][];
    const typed = columns.map(([name, type]) => `CAST(NULL AS ${duckDbType(parseType(type))}) AS "${name}"`).join(", ");
    const parts = [`SELECT ${typed} WHERE false`];
    if (view === "PARTITIONS") {
      parts.push(...tables.filter((t) => !t.view).map((t) => partitionsQuery(t, columns)));
    } else {
      const rows = view === "TABLES" ? tables.map(tableRow) : tables.flatMap(columnRows);
      const literal = (v: Value | undefined) => (v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : sqlString(v));
      for (const row of rows) parts.push(`SELECT ${columns.map(([name, , local]) => literal(name in row ? row[name] : local)).join(", ")}`);
    }
    await connection.run(`CREATE SCHEMA IF NOT EXISTS memory.${localSchema(scope)}`);
    await connection.run(`CREATE OR REPLACE VIEW memory.${localSchema(scope)}.${view} AS ${parts.join("\nUNION ALL ")}`);
  }
}

const tableRow = (t: WarehouseTable): Record<string, Value> => ({
  table_catalog: t.project,
  table_schema: t.dataset,
  table_name: t.name,
  table_type: t.view ? "VIEW" : "BASE TABLE",
  is_insertable_into: t.view ? "NO" : "YES",
});

const columnRows = (t: WarehouseTable): Record<string, Value>[] =>
  t.columns.map((c, i) => {
    const clustering = (t.clusterBy ?? []).findIndex((k) => k.toLowerCase() === c.name.toLowerCase());
    return {
      table_catalog: t.project,
      table_schema: t.dataset,
      table_name: t.name,
      column_name: c.name,
      ordinal_position: i + 1,
      is_nullable: c.nullable ? "YES" : "NO",
      data_type: c.type,
      is_partitioning_column: t.partitionColumn?.toLowerCase() === c.name.toLowerCase() ? "YES" : "NO",
      clustering_ordinal_position: clustering < 0 ? null : clustering + 1,
    };
  });

const PARTITION_ID_FORMAT: Record<string, string> = { HOUR: "%Y%m%d%H", DAY: "%Y%m%d", MONTH: "%Y%m", YEAR: "%Y" };

/** One row per partition: its id as BigQuery spells it and its row count. */
function partitionsQuery(t: WarehouseTable, columns: [string, string, Value?][]): string {
  const target = duckdbTable({ database: t.project, schema: t.dataset, name: t.name });
  let partitionId = "NULL";
  if (t.partitionBy) {
    if (/range_bucket/i.test(t.partitionBy)) throw new Error(`INFORMATION_SCHEMA.PARTITIONS: ${t.dataset}.${t.name} is integer-range partitioned, which gigamart query does not answer`);
    const unit = /,\s*(HOUR|DAY|MONTH|YEAR)\s*\)/i.exec(t.partitionBy)?.[1]?.toUpperCase() ?? "DAY";
    partitionId = `coalesce(strftime("${t.partitionColumn}", '${PARTITION_ID_FORMAT[unit]}'), '__NULL__')`;
  }
  const computed: Record<string, string> = {
    table_catalog: sqlString(t.project),
    table_schema: sqlString(t.dataset),
    table_name: sqlString(t.name),
    partition_id: partitionId,
    total_rows: "count(*)",
  };
  return `SELECT ${columns.map(([name]) => computed[name] ?? "NULL").join(", ")} FROM ${target}${t.partitionBy ? " GROUP BY 4" : ""}`;
}

/** Every way to write a path as quoted identifiers: `a.b.c`, `` `a.b`.c ``, `` a.`b.c` ``, `` `a.b.c` ``. */
function groupings(parts: string[]): string[][] {
  if (parts.length <= 1) return [parts];
  return groupings(parts.slice(1)).flatMap((rest) => [
    [parts[0]!, ...rest],
    [`${parts[0]}.${rest[0]}`, ...rest.slice(1)],
  ]);
}

function register(root: SimpleCatalogProto, path: string[], table: SimpleTableProto): void {
  let at = root;
  for (const name of path.slice(0, -1)) {
    at.catalog ??= [];
    let child = at.catalog.find((c) => c.name === name);
    if (!child) at.catalog.push((child = { name, table: [], catalog: [] }));
    at = child;
  }
  at.table ??= [];
  if (!at.table.some((t) => t.name === path[path.length - 1])) at.table.push({ ...table, name: path[path.length - 1]! });
}
