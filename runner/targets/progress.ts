import type { WrittenReports } from "../report/write";
import { countByStatus, type ActionResult, type RunResult } from "./run-result";

const MARK: Record<ActionResult["status"], string> = { successful: "ok  ", failed: "FAIL", skipped: "skip", disabled: "off " };

/** `[ 3/12] FAIL assertion   name (2 failing rows, 0.41s)` and, for a failure or skip, why. */
export function progressLine(result: ActionResult, index: number, total: number): string {
  const rows = result.rowsAffected === null ? "rows not reported" : result.kind === "assertion" ? `${result.rowsAffected} failing rows` : `${result.rowsAffected} rows`;
  const tail = result.status === "failed" || result.status === "skipped" ? `\n       ${result.error}` : "";
  return `[${String(index + 1).padStart(String(total).length)}/${total}] ${MARK[result.status]} ${result.kind.padEnd(11)} ${result.name} (${rows}, ${(result.durationMs / 1000).toFixed(2)}s)${tail}\n`;
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
  return (
    `${run.status === "successful" ? "run passed" : "run FAILED"}: ${c.successful} successful, ${c.failed} failed, ${c.skipped} skipped, ${c.disabled} disabled ` +
    `in ${(run.durationMs / 1000).toFixed(1)}s; reports: ${reports.markdown}, ${reports.junit}\n`
  );
}
