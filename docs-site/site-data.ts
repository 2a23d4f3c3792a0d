// The JSON each page of the docs site embeds (`data/<page>.js` sets window.GIGAMART_DOCS): written by
// docs-site/build, read by docs-site/app. Timestamps are epoch milliseconds, dates `YYYY-MM-DD`.

export type PageName = "catalog" | "lineage" | "runs" | "monitoring" | "marts";

/** The pages, in the order the header lists them; the catalog is the index. */
export const PAGES: readonly { page: PageName; file: string; title: string }[] = [
  { page: "catalog", file: "index.html", title: "Catalog" },
  { page: "lineage", file: "lineage.html", title: "Lineage" },
  { page: "runs", file: "runs.html", title: "Runs" },
  { page: "monitoring", file: "monitoring.html", title: "Monitoring" },
  { page: "marts", file: "marts.html", title: "Marts" },
];

export interface Site {
  project: string;
  builtAt: number;
  /** the warehouse file the run, monitoring and mart pages were read from; absent when there was none */
  warehouse?: string;
}

export interface CatalogColumn {
  name: string;
  /** GoogleSQL type as the analyzer resolves it */
  type?: string;
  description?: string;
  policyTags?: string[];
}

export interface CatalogTable {
  /** project.dataset.table */
  name: string;
  dataset: string;
  table: string;
  kind: "table" | "view" | "incremental" | "operation" | "assertion" | "declaration";
  description?: string;
  columns: CatalogColumn[];
  partitionBy?: string;
  clusterBy?: string[];
  tags: string[];
  /** the workflow configurations (by tag) that run it, with their cron */
  schedules: { tag: string; cron: string; timeZone: string }[];
  owners: string[];
  labels: Record<string, string>;
  file: string;
  /** the SQLX (or JS) file as written */
  source?: string;
  /** the compiled SQL, by part: query, incremental query, pre- and post-operations */
  sql: { label: string; text: string }[];
  dependencies: string[];
}

export interface CatalogPage {
  site: Site;
  tables: CatalogTable[];
}

export interface LineageColumn {
  column: string;
  sources: { table: string; column: string; derivation: "copy" | "transform" }[];
  origins: { table: string; column: string; derivation: "copy" | "transform" }[];
}

export interface LineagePage {
  site: Site;
  actions: { name: string; kind: CatalogTable["kind"]; dataset: string }[];
  edges: { from: string; to: string }[];
  /** by table (project.dataset.table): the lineage of each column it writes */
  columns: Record<string, LineageColumn[]>;
}

export interface RunRow {
  run_id: string;
  target: string;
  status: string;
  full_refresh: boolean;
  selected_tags: string[];
  started_at: number;
  duration_ms: number;
  actions_total: number;
  actions_failed: number;
  actions_skipped: number;
}

export interface ActionRow {
  run_id: string;
  action_name: string;
  kind: string;
  status: string;
  rows_affected: number | null;
  duration_ms: number | null;
  /** ms after the run started that the action started: the runner records durations, so actions are laid end to end */
  offset_ms: number;
  error: string | null;
}

export interface AssertionRow {
  run_id: string;
  started_at: number;
  assertion_name: string;
  severity: string;
  status: string;
  failing_row_count: number | null;
  failing_rows_sample: Record<string, unknown>[] | null;
  error: string | null;
}

export interface DqCheckRow {
  check_name: string;
  table_name: string;
  severity: string;
  status: string;
  observed_value: number | null;
  comparison: string | null;
  threshold: number | null;
  checked_at: number;
}

export interface RunsPage {
  site: Site;
  runs: RunRow[];
  actions: ActionRow[];
  assertions: AssertionRow[];
  checks: DqCheckRow[];
}

export interface VolumeRow {
  source: string;
  business_date: string;
  observed_rows: number;
  expected_rows: number | null;
  lower_warn: number | null;
  upper_warn: number | null;
  lower_error: number | null;
  status: string;
  event_name: string | null;
}

export interface LoadRow {
  source: string;
  ingestion_ts: number;
  bronze_rows: number;
  files: number;
}

export interface MonitoringPage {
  site: Site;
  volume: VolumeRow[];
  loads: LoadRow[];
  /** the fixed freshness limits of config, minutes */
  freshnessLimits: Record<string, { warn: number; error: number }>;
  freshness: DqCheckRow[];
}

export interface MartsPage {
  site: Site;
  storeSales: { sales_date: string; store: string; channel: string; net_sales: number }[];
  categoryMix: { category: string; channel: string; net_sales: number; units: number }[];
  stockOuts: { store: string; snapshot_date: string; out_of_stock_products: number; below_reorder_products: number; stock_out_days_28d: number }[];
}

export interface Pages {
  catalog: CatalogPage;
  lineage: LineagePage;
  runs: RunsPage;
  monitoring: MonitoringPage;
  marts: MartsPage;
}

/** The global each page's data script sets. */
export const DATA_GLOBAL = "GIGAMART_DOCS";
