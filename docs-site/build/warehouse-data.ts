// The run, monitoring and mart pages read the local warehouse: the run history of giga_monitoring,
// the monitoring models and the gold marts, each as one small aggregate query (DuckDB SQL on the
// warehouse file, read-only). A table the warehouse does not hold yet leaves its part of a page empty.
import type { DuckDBConnection } from "@duckdb/node-api";
import { Warehouse, duckdbTable, sqlString } from "../../runner/local/warehouse";
import type { ActionRow, AssertionRow, DqCheckRow, LoadRow, MartsPage, RunRow, VolumeRow } from "../site-data";

/** Runs (and monitoring runs' checks) shown on the run page: its history charts and timelines. */
const LAST_RUNS = 30;

export interface Datasets {
  raw: string;
  mart: string;
  monitoring: string;
}

export interface WarehouseData {
  runs: RunRow[];
  actions: ActionRow[];
  assertions: AssertionRow[];
  checks: DqCheckRow[];
  volume: VolumeRow[];
  loads: LoadRow[];
  marts: Omit<MartsPage, "site">;
}

const ms = (column: string) => `CAST(epoch_ms(${column}) AS DOUBLE) AS ${column.split(".").pop()}`;
const day = (column: string) => `strftime(${column}, '%Y-%m-%d') AS ${column.split(".").pop()}`;
const num = (column: string) => `CAST(${column} AS DOUBLE) AS ${column.split(".").pop()}`;

class Reader {
  private existing = new Set<string>();
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly project: string,
  ) {}

  async load(): Promise<void> {
    const rows = (await this.connection.runAndReadAll(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = ${sqlString(this.project)}`)).getRowObjectsJson();
    this.existing = new Set(rows.map((r) => `${r.table_schema}.${r.table_name}`));
  }

  /** `dataset.table` as DuckDB names it, or undefined when the warehouse has no such table. */
  table(dataset: string, name: string): string | undefined {
    return this.existing.has(`${dataset}.${name}`) ? duckdbTable({ database: this.project, schema: dataset, name }) : undefined;
  }

  async rows<T>(table: string | undefined, sql: (t: string) => string): Promise<T[]> {
    if (!table) return [];
    return (await this.connection.runAndReadAll(sql(table))).getRowObjectsJson() as T[];
  }
}

const json = <T>(value: unknown): T | null => (value === null || value === undefined ? null : typeof value === "string" ? (JSON.parse(value) as T) : (value as T));

export async function readWarehouse(file: string, project: string, datasets: Datasets): Promise<WarehouseData> {
  const warehouse = await Warehouse.open(file, { readOnly: true });
  try {
    await warehouse.attach(project);
    const r = new Reader(warehouse.connection, project);
    await r.load();
    const m = (name: string) => r.table(datasets.monitoring, name);
    const mart = (name: string) => r.table(datasets.mart, name);

    const runs = await r.rows<RunRow>(
      m("run_history"),
      (t) => `SELECT run_id, target, status, full_refresh, selected_tags, ${ms("started_at")}, ${num("duration_ms")}, ${num("actions_total")}, ${num("actions_failed")}, ${num("actions_skipped")}
              FROM ${t} ORDER BY started_at DESC LIMIT ${LAST_RUNS}`,
    );
    const ids = runs.length ? runs.map((x) => sqlString(x.run_id)).join(", ") : "NULL";
    // Table order is the order the runner recorded them, which is the order they ran.
    const actionRows = await r.rows<Omit<ActionRow, "offset_ms">>(
      m("action_results"),
      (t) => `SELECT run_id, action_name, kind, status, ${num("rows_affected")}, ${num("duration_ms")}, error FROM ${t} WHERE run_id IN (${ids})`,
    );
    const offsets = new Map<string, number>();
    const actions = actionRows.map((a): ActionRow => {
      const offset = offsets.get(a.run_id) ?? 0;
      offsets.set(a.run_id, offset + (a.duration_ms ?? 0));
      return { ...a, offset_ms: offset };
    });
    const assertions = (
      await r.rows<AssertionRow>(
        m("assertion_results"),
        (t) => `SELECT run_id, ${ms("run_started_at")}, assertion_name, severity, status, ${num("failing_row_count")}, CAST(failing_rows_sample AS VARCHAR) AS failing_rows_sample, error
                FROM ${t} WHERE run_id IN (${ids}) ORDER BY run_started_at DESC, assertion_name`,
      )
    ).map((a) => {
      const { run_started_at, ...rest } = a as AssertionRow & { run_started_at: number };
      return { ...rest, started_at: run_started_at, failing_rows_sample: json<Record<string, unknown>[]>(a.failing_rows_sample) };
    });
    const checks = await r.rows<DqCheckRow>(
      m("dq_check_results"),
      (t) => `SELECT check_name, table_name, severity, status, ${num("observed_value")}, comparison, ${num("threshold")}, ${ms("checked_at")} FROM ${t}
              WHERE checked_at IN (SELECT DISTINCT checked_at FROM ${t} ORDER BY checked_at DESC LIMIT ${LAST_RUNS}) ORDER BY checked_at DESC, check_name`,
    );
    const volume = await r.rows<VolumeRow>(
      m("volume_expectations"),
      (t) => `SELECT source, ${day("business_date")}, ${num("observed_rows")}, ${num("expected_rows")}, ${num("lower_warn")}, ${num("upper_warn")}, ${num("lower_error")}, status, event_name
              FROM ${t} ORDER BY source, business_date`,
    );
    const loads = await r.rows<LoadRow>(
      r.table(datasets.raw, "ingest_manifest"),
      (t) => `SELECT source, CAST(epoch_ms(ingestion_ts) AS DOUBLE) AS ingestion_ts, CAST(sum(bronze_rows) AS DOUBLE) AS bronze_rows, CAST(count(*) AS DOUBLE) AS files
              FROM ${t} WHERE status = 'LOADED' GROUP BY source, ingestion_ts ORDER BY source, ingestion_ts`,
    );
    const store = "coalesce(store_name, store_id, 'WAREHOUSE')";
    const storeSales = await r.rows<MartsPage["storeSales"][number]>(
      mart("daily_store_sales"),
      (t) => `SELECT ${day("sales_date")}, ${store} AS store, channel, CAST(sum(net_sales) AS DOUBLE) AS net_sales FROM ${t} GROUP BY ALL ORDER BY sales_date, store, channel`,
    );
    const categoryMix = await r.rows<MartsPage["categoryMix"][number]>(
      mart("daily_category_sales"),
      (t) => `SELECT category, channel, CAST(sum(net_sales) AS DOUBLE) AS net_sales, CAST(sum(units) AS DOUBLE) AS units FROM ${t} GROUP BY ALL ORDER BY net_sales DESC`,
    );
    const stockOuts = await r.rows<MartsPage["stockOuts"][number]>(
      mart("inventory_kpi"),
      (t) => `SELECT store_id AS store, ${day("snapshot_date")}, ${num("out_of_stock_products")}, ${num("below_reorder_products")}, ${num("stock_out_days_28d")}
              FROM ${t} WHERE level = 'STORE' ORDER BY store`,
    );
    return { runs, actions, assertions, checks, volume, loads, marts: { storeSales, categoryMix, stockOuts } };
  } finally {
    warehouse.close();
  }
}
