// The BigQuery statements that record a run in the giga_monitoring history tables. Both targets send
// the same text: the local one translated to DuckDB, the BigQuery one as a query job after its
// workflow invocation ends. The failing rows are read in SQL from each failed assertion's view, so
// the sample is the same on both.
import { FAILING_ROWS_SAMPLE, tables, type HistoryColumn } from "../../includes_src/run_history";
import type { Target } from "../dataform/compiled-graph";
import type { ActionResult, RunResult } from "../targets/run-result";

export type HistoryTableName = "run_history" | "action_results" | "assertion_results";
export const HISTORY_TABLES: readonly HistoryTableName[] = ["run_history", "action_results", "assertion_results"];

/** Where the three tables are: project and dataset. */
export interface HistoryLocation {
  readonly project: string;
  readonly dataset: string;
}

const path = (at: HistoryLocation, table: HistoryTableName) => `\`${at.project}.${at.dataset}.${table}\``;

/** A GoogleSQL string literal: quotes, backslashes and line breaks escaped. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r")}'`;
}

const str = (v: string | null | undefined) => (v === null || v === undefined ? "CAST(NULL AS STRING)" : stringLiteral(v));
const int = (v: number | null | undefined) => (v === null || v === undefined ? "CAST(NULL AS INT64)" : String(Math.round(v)));
const strings = (vs: readonly string[] | undefined) => (vs && vs.length > 0 ? `[${vs.map(stringLiteral).join(", ")}]` : "ARRAY<STRING>[]");
const timestamp = (iso: string) => `TIMESTAMP ${stringLiteral(iso.replace("T", " ").replace("Z", "+00"))}`;

const columnDdl = (c: HistoryColumn) => `${c.name} ${c.type} OPTIONS(description=${stringLiteral(c.description)})`;

/** CREATE TABLE IF NOT EXISTS of each table: the first recorded run creates them, later ones keep them. */
export function createStatements(at: HistoryLocation): string[] {
  return HISTORY_TABLES.map((name) => {
    const t = tables[name]!;
    return (
      `CREATE TABLE IF NOT EXISTS ${path(at, name)} (\n  ${t.columns.map(columnDdl).join(",\n  ")}\n)\n` +
      `PARTITION BY DATE(${t.partitionBy}) CLUSTER BY ${t.clusterBy.join(", ")} OPTIONS(description=${stringLiteral(t.description)})`
    );
  });
}

const columnList = (name: HistoryTableName) => tables[name]!.columns.map((c) => c.name).join(", ");

/** Dataform's words for an assertion that ran and returned rows (local: runner/targets/local.ts; Dataform's own). */
const RETURNED_ROWS = /Assertion failed: query returned \d+ row/;

function assertionSelect(run: RunResult, a: ActionResult): string {
  const failedWithRows = a.status === "failed" && RETURNED_ROWS.test(a.error ?? "");
  const status = a.status === "successful" ? "PASS" : failedWithRows ? "FAIL" : a.status === "failed" ? "ERROR" : a.status.toUpperCase();
  const view = `\`${a.name}\``;
  const count = failedWithRows ? `(SELECT COUNT(*) FROM ${view})` : a.status === "successful" ? "0" : "CAST(NULL AS INT64)";
  const sample = failedWithRows ? `(SELECT TO_JSON(ARRAY_AGG(t LIMIT ${FAILING_ROWS_SAMPLE})) FROM ${view} AS t)` : "CAST(NULL AS JSON)";
  return `SELECT ${str(run.runId)}, ${timestamp(run.startedAt)}, ${str(a.name)}, ${str(a.severity ?? "ERROR")}, '${status}', ${count}, ${sample}, ${str(a.error)}`;
}

/** The run's rows, in one transaction: a run is recorded whole or not at all. */
export function insertStatements(at: HistoryLocation, run: RunResult): string[] {
  const count = (status: ActionResult["status"]) => run.actions.filter((a) => a.status === status).length;
  const started = timestamp(run.startedAt);
  const runRow = [
    str(run.runId), str(run.target), str(run.project), str(run.status), String(run.fullRefresh),
    strings(run.selection?.tags), strings(run.selection?.actions), started, int(run.durationMs),
    int(run.actions.length), int(count("failed")), int(count("skipped")), "CURRENT_TIMESTAMP()",
  ];
  const actionRows = run.actions.map((a) =>
    `(${[str(run.runId), started, str(a.name), str(a.kind), str(a.fileName), strings(a.tags), str(a.status), int(a.rowsAffected), int(a.durationMs), str(a.error), strings(a.heldBackBy), str(a.jobId)].join(", ")})`,
  );
  const assertions = run.actions.filter((a) => a.kind === "assertion");
  return [
    "BEGIN TRANSACTION",
    `INSERT INTO ${path(at, "run_history")} (${columnList("run_history")}) VALUES (${runRow.join(", ")})`,
    ...(actionRows.length ? [`INSERT INTO ${path(at, "action_results")} (${columnList("action_results")}) VALUES\n${actionRows.join(",\n")}`] : []),
    ...(assertions.length ? [`INSERT INTO ${path(at, "assertion_results")} (${columnList("assertion_results")})\n${assertions.map((a) => assertionSelect(run, a)).join("\nUNION ALL\n")}`] : []),
    "COMMIT TRANSACTION",
  ];
}

/** The whole script a run ends with: the tables if missing, then its rows. */
export function historyScript(at: HistoryLocation, run: RunResult): string {
  return [...createStatements(at), ...insertStatements(at, run)].map((s) => `${s};`).join("\n");
}

/** The history location of a graph: where it declares the three tables (one dataset), or none. */
export function declaredLocation(declarations: readonly Target[], defaultProject: string): HistoryLocation | undefined {
  const found = HISTORY_TABLES.map((name) => declarations.find((t) => t.name === name));
  if (found.some((t) => !t) || new Set(found.map((t) => `${t!.database ?? defaultProject}.${t!.schema}`)).size !== 1) return undefined;
  return { project: found[0]!.database || defaultProject, dataset: found[0]!.schema! };
}
