import { Option, type Command } from "commander";
import { requestJson } from "../../cloud/api";
import { runOnBigQuery } from "../../cloud/bigquery-target";
import { googleCloudApi } from "../../cloud/connect";
import { RecordingCloudApi } from "../../cloud/recording-api";
import { loadConfig } from "../../config/load";
import { runLocal } from "../../runner/local/execute";
import { countByStatus, type ActionResult, type RunResult } from "../../runner/local/run-result";
import { DEFAULT_REPORTS_DIR, writeReports } from "../../runner/report/write";
import { compileForEnv, projectOptions, warehouseFile, type ProjectFlags } from "../project";

interface RunFlags extends ProjectFlags {
  target: "local" | "bigquery";
  warehouse?: string;
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
  fullRefresh?: boolean;
  dryRun?: boolean;
  reports: string;
}

const MARK: Record<ActionResult["status"], string> = { successful: "ok  ", failed: "FAIL", skipped: "skip", disabled: "off " };

function progressLine(result: ActionResult, index: number, total: number): string {
  const rows = result.kind === "assertion" ? `${result.rowsAffected} failing rows` : `${result.rowsAffected} rows`;
  const tail = result.status === "failed" || result.status === "skipped" ? `\n       ${result.error}` : "";
  return `[${String(index + 1).padStart(String(total).length)}/${total}] ${MARK[result.status]} ${result.kind.padEnd(11)} ${result.name} (${rows}, ${(result.durationMs / 1000).toFixed(2)}s)${tail}\n`;
}

function printDryRun(run: RunResult): void {
  for (const a of run.actions) {
    process.stdout.write(`-- ${a.kind} ${a.name} (${a.fileName})${a.status !== "successful" ? ` [${a.status}${a.error ? `: ${a.error}` : ""}]` : ""}\n`);
    a.bigquerySql.forEach((sql, i) => process.stdout.write(`-- BigQuery task ${i + 1}:\n${sql.trim()}\n`));
    if (a.duckdbSql.length > 0) process.stdout.write(`-- DuckDB:\n${a.duckdbSql.map((s) => s.trim()).join(";\n")};\n`);
    process.stdout.write("\n");
  }
}

export function register(program: Command): void {
  projectOptions(program.command("run").description("run the Dataform graph: locally on DuckDB (default) or on BigQuery"))
    .addOption(new Option("--target <target>", "where to run").choices(["local", "bigquery"]).default("local"))
    .option("--warehouse <file>", "local DuckDB warehouse file (default: config warehouse.local_file)")
    .option("--actions <names...>", "run only these actions (name or dataset.name or project.dataset.name)")
    .option("--tags <tags...>", "run only actions with these tags")
    .option("--include-deps", "also run the dependencies of the selected actions")
    .option("--include-dependents", "also run the actions that depend on the selected ones")
    .option("--full-refresh", "rebuild incremental tables from scratch (protected tables are kept)")
    .option("--dry-run", "print the BigQuery and DuckDB SQL of every action; execute nothing")
    .option("--reports <dir>", "where the JUnit and Markdown reports go", DEFAULT_REPORTS_DIR)
    .action(async (flags: RunFlags) => {
      const selection = { actions: flags.actions, tags: flags.tags, includeDependencies: flags.includeDeps, includeDependents: flags.includeDependents };
      const onAction = flags.dryRun ? undefined : (result: ActionResult, i: number, n: number) => process.stderr.write(progressLine(result, i, n));
      let run: RunResult;
      if (flags.target === "bigquery") {
        // Dataform compiles and runs it in the cloud; a dry run prints the requests it would send.
        run = await runOnBigQuery({
          config: loadConfig(flags.env),
          api: flags.dryRun ? new RecordingCloudApi() : await googleCloudApi(),
          ...selection,
          fullRefresh: flags.fullRefresh,
          dryRun: flags.dryRun,
          onRequest: flags.dryRun ? (request) => process.stdout.write(requestJson(request) + "\n") : undefined,
          onPoll: (state, finished, total) => process.stderr.write(`workflow invocation ${state}: ${finished}/${total} actions finished\n`),
          onAction,
        });
        if (flags.dryRun) return;
      } else {
        const { graph, config } = await compileForEnv(flags);
        run = await runLocal({ graph, warehouseFile: warehouseFile(flags.warehouse, config), selection, fullRefresh: flags.fullRefresh, dryRun: flags.dryRun, onAction });
        if (flags.dryRun) {
          printDryRun(run);
          return;
        }
      }
      const reports = writeReports(run, flags.reports);
      const c = countByStatus(run);
      process.stderr.write(
        `${run.status === "successful" ? "run passed" : "run FAILED"}: ${c.successful} successful, ${c.failed} failed, ${c.skipped} skipped, ${c.disabled} disabled ` +
          `in ${(run.durationMs / 1000).toFixed(1)}s; reports: ${reports.markdown}, ${reports.junit}\n`,
      );
      if (run.status !== "successful") {
        const first = run.actions.find((a) => a.status === "failed");
        throw new Error(first?.error ?? "run failed");
      }
    });
}
