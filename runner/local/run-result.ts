import type { Action } from "../dataform/actions";

export type ActionStatus = "successful" | "failed" | "skipped" | "disabled";

/** What one action did; the same record feeds the console, the reports and the tests. */
export interface ActionResult {
  name: string;
  kind: Action["kind"];
  fileName: string;
  tags: string[];
  status: ActionStatus;
  /** rows written by the action's statements (DML / CTAS), or rows an assertion found */
  rowsAffected: number;
  durationMs: number;
  /** the BigQuery script(s) Dataform would send, one per task */
  bigquerySql: string[];
  /** the DuckDB statements executed (or, in a dry run, that would be) */
  duckdbSql: string[];
  error?: string;
}

export interface RunResult {
  runId: string;
  target: "local" | "bigquery";
  project: string;
  warehouse?: string;
  dryRun: boolean;
  fullRefresh: boolean;
  startedAt: string;
  durationMs: number;
  status: "successful" | "failed";
  actions: ActionResult[];
}

export function newRunId(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

export function countByStatus(run: RunResult): Record<ActionStatus, number> {
  const counts: Record<ActionStatus, number> = { successful: 0, failed: 0, skipped: 0, disabled: 0 };
  for (const a of run.actions) counts[a.status]++;
  return counts;
}
