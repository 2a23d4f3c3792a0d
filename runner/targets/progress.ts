import type { WrittenReports } from "../report/write";
import { countByStatus, type ActionResult, type RunResult, type UnitTestResult } from "./run-result";

const MARK: Record<ActionResult["status"], string> = { successful: "ok  ", failed: "FAIL", skipped: "skip", disabled: "off " };

/** `[ 3/12] FAIL assertion   name (2 failing rows, 0.41s)` and, for a failure or skip, why. */
export function progressLine(result: ActionResult, index: number, total: number): string {
  const rows = result.rowsAffected === null ? "rows not reported" : result.kind === "assertion" ? `${result.rowsAffected} failing rows` : `${result.rowsAffected} rows`;
  const tail = result.status === "failed" || result.status === "skipped" ? `\n       ${result.error}` : "";
  return `[${String(index + 1).padStart(String(total).length)}/${total}] ${MARK[result.status]} ${result.kind.padEnd(11)} ${result.name} (${rows}, ${(result.durationMs / 1000).toFixed(2)}s)${tail}\n`;
}

/** `[1/5] FAIL test        name (merge of p.ds.t, 0.41s)` and, for a failure, Dataform's messages and the row diff. */
export function testLine(result: UnitTestResult, index: number, total: number): string {
  const what = result.tested ? `${result.kind} of ${result.tested}` : result.kind;
  const details = result.status === "failed" ? [...result.messages, ...result.diff].map((l) => `\n       ${l}`).join("") : "";
  return `[${String(index + 1).padStart(String(total).length)}/${total}] ${result.status === "passed" ? "ok  " : "FAIL"} ${"test".padEnd(11)} ${result.name} (${what}, ${(result.durationMs / 1000).toFixed(2)}s)${details}\n`;
}

/** Every action's BigQuery script and its DuckDB translation, as a dry run shows them. */
export function dryRunText(run: RunResult): string {
  return run.actions
    .map((a) => {
      const head = `-- ${a.kind} ${a.name} (${a.fileName})${a.status !== "successful" ? ` [${a.status}${a.error ? `: ${a.error}` : ""}]` : ""}\n`;
      const bigquery = a.bigquerySql.map((sql, i) => `-- BigQuery task ${i + 1}:\n${sql.trim()}\n`).join("");
      const duckdb = a.duckdbSql.length > 0 ? `-- DuckDB:\n${a.duckdbSql.map((s) => s.trim()).join(";\n")};\n` : "";
      return `${head}${bigquery}${duckdb}\n`;
    })
    .join("");
}

export function summaryLine(run: RunResult, reports: WrittenReports): string {
  const c = countByStatus(run);
  const tests = run.tests ?? [];
  const failedTests = tests.filter((t) => t.status === "failed").length;
  const testCounts = tests.length > 0 ? `unit tests ${tests.length - failedTests} passed, ${failedTests} failed` : "";
  const actionCounts = run.actions.length > 0 || tests.length === 0 ? `${c.successful} successful, ${c.failed} failed, ${c.skipped} skipped, ${c.disabled} disabled` : "";
  return (
    `${run.status === "successful" ? "run passed" : "run FAILED"}: ${[testCounts, actionCounts].filter(Boolean).join("; ")} ` +
    `in ${(run.durationMs / 1000).toFixed(1)}s; reports: ${reports.markdown}, ${reports.junit}\n`
  );
}
