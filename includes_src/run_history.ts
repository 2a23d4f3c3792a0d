// The run history tables of giga_monitoring: every `gigamart run` appends its run, each action's result
// and each assertion's verdict with a sample of its failing rows. The runner writes them
// (runner/history/), not Dataform, so no full refresh rebuilds them; definitions/monitoring/ declares them
// from this one description, so Dataform, the docs and the analyzer gate see the same columns.

export interface HistoryColumn {
  name: string;
  /** GoogleSQL type, as BigQuery spells it */
  type: string;
  description: string;
}

export interface HistoryTable {
  description: string;
  /** the TIMESTAMP column the table is partitioned by (by its date) */
  partitionBy: string;
  clusterBy: string[];
  columns: HistoryColumn[];
}

const runId: HistoryColumn = { name: "run_id", type: "STRING", description: "The run's id (its start, e.g. 20261203T131500Z): joins the three history tables." };
const runStartedAt: HistoryColumn = { name: "run_started_at", type: "TIMESTAMP", description: "When the run started (UTC); the partition column." };

/** Rows kept of a failed assertion's result: enough to see what failed, bounded so one bad run stays small. */
export const FAILING_ROWS_SAMPLE = 10;

export const tables: { [name: string]: HistoryTable } = {
  run_history: {
    description: "One row per `gigamart run` (local or BigQuery target), written when the run ends, in the same transaction as its action_results and assertion_results: a run killed before it ended is not recorded. Not recorded: dry runs, runs the analyzer gate refused and runs stopped by a failing unit test (nothing ran).",
    partitionBy: "started_at",
    clusterBy: ["status"],
    columns: [
      runId,
      { name: "target", type: "STRING", description: "local (DuckDB) or bigquery (a Dataform workflow invocation)." },
      { name: "project", type: "STRING", description: "Google Cloud project the run wrote to." },
      { name: "status", type: "STRING", description: "successful, or failed when an action or unit test failed or was skipped." },
      { name: "full_refresh", type: "BOOL", description: "Whether incremental tables were rebuilt (--full-refresh)." },
      { name: "selected_tags", type: "ARRAY<STRING>", description: "--tags of the run (a schedule: daily, hourly, realtime, monitoring); empty when none." },
      { name: "selected_actions", type: "ARRAY<STRING>", description: "--actions of the run; empty when none." },
      { name: "started_at", type: "TIMESTAMP", description: "When the run started (UTC)." },
      { name: "duration_ms", type: "INT64", description: "Wall-clock duration of the run in milliseconds." },
      { name: "actions_total", type: "INT64", description: "Actions in the run (declarations included)." },
      { name: "actions_failed", type: "INT64", description: "Actions that failed." },
      { name: "actions_skipped", type: "INT64", description: "Actions skipped because a dependency did not succeed." },
      { name: "recorded_at", type: "TIMESTAMP", description: "When the history rows were written." },
    ],
  },
  action_results: {
    description: "One row per action of each recorded run (see run_history): its status, rows written and duration.",
    partitionBy: "run_started_at",
    clusterBy: ["action_name"],
    columns: [
      runId,
      runStartedAt,
      { name: "action_name", type: "STRING", description: "The action's target, project.dataset.name." },
      { name: "kind", type: "STRING", description: "table, incremental, view, operation, assertion or declaration." },
      { name: "file_name", type: "STRING", description: "The SQLX or JS file that defines it." },
      { name: "tags", type: "ARRAY<STRING>", description: "Its Dataform tags." },
      { name: "status", type: "STRING", description: "successful, failed, skipped or disabled." },
      { name: "rows_affected", type: "INT64", description: "Rows it wrote (a rebuilt table's rows, an incremental run's changed rows, an assertion's failing rows); NULL on the BigQuery target, whose Dataform API reports none." },
      { name: "duration_ms", type: "INT64", description: "How long it ran, in milliseconds." },
      { name: "error", type: "STRING", description: "Why it failed or was skipped; NULL when it succeeded." },
      { name: "held_back_by", type: "ARRAY<STRING>", description: "A skipped action: the failed actions that held it back." },
      { name: "job_id", type: "STRING", description: "BigQuery target: the BigQuery job that ran its script; NULL locally." },
    ],
  },
  assertion_results: {
    description: `One row per assertion of each recorded run (see run_history), with up to ${FAILING_ROWS_SAMPLE} of its failing rows as JSON, read from the assertion's view when the run ends.`,
    partitionBy: "run_started_at",
    clusterBy: ["assertion_name"],
    columns: [
      runId,
      runStartedAt,
      { name: "assertion_name", type: "STRING", description: "The assertion's target, project.dataset.name (a view in giga_assertions)." },
      { name: "severity", type: "STRING", description: "ERROR (gates what depends on it) or WARN (tag warn)." },
      { name: "status", type: "STRING", description: "PASS, FAIL (it returned rows), ERROR (it could not run), SKIPPED or DISABLED." },
      { name: "failing_row_count", type: "INT64", description: "Rows the assertion returned when the run ended; 0 when it passed, NULL when it did not run." },
      { name: "failing_rows_sample", type: "JSON", description: `Up to ${FAILING_ROWS_SAMPLE} of the failing rows, a JSON array of row objects; NULL unless FAIL.` },
      { name: "error", type: "STRING", description: "Why it failed, as the run reported it." },
    ],
  },
};

/** Column docs as declarations take them, each headed by its type (`STRING: …`), which the analyzer gate reads. */
export function columnDocs(name: string): { [column: string]: string } {
  const table = tables[name];
  if (!table) throw new Error(`no run history table '${name}' (known: ${Object.keys(tables).join(", ")})`);
  return Object.fromEntries(table.columns.map((c) => [c.name, `${c.type}: ${c.description}`]));
}
