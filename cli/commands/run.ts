import { Option, type Command } from "commander";
import { loadConfig } from "../../config/load";
import { DEFAULT_REPORTS_DIR } from "../../runner/report/write";
import { openTarget, runAndReport, TARGET_NAMES, type TargetName } from "../../runner/targets";
import { compileForEnv, projectOptions, type ProjectFlags } from "../project";
import { warehouseFile } from "../warehouse-file";

interface RunFlags extends ProjectFlags {
  target: TargetName;
  warehouse?: string;
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
  fullRefresh?: boolean;
  dryRun?: boolean;
  runTests?: boolean;
  reports: string;
}

export function register(program: Command): void {
  projectOptions(program.command("run").description("run the Dataform graph: locally on DuckDB (default) or on BigQuery"))
    .addOption(new Option("--target <target>", "where to run").choices(TARGET_NAMES).default("local"))
    .option("--warehouse <file>", "local DuckDB warehouse file (default: config warehouse.local_file)")
    .option("--actions <names...>", "run only these actions (name or dataset.name or project.dataset.name)")
    .option("--tags <tags...>", "run only actions with these tags")
    .option("--include-deps", "also run the dependencies of the selected actions")
    .option("--include-dependents", "also run the actions that depend on the selected ones")
    .option("--full-refresh", "rebuild incremental tables from scratch (protected tables are kept)")
    .option("--dry-run", "print the BigQuery and DuckDB SQL of every action (on BigQuery: the requests); execute nothing")
    .option("--run-tests", "run the unit tests first, as Dataform's run --run-tests: a failing test aborts the run (local target)")
    .option("--reports <dir>", "where the JUnit and Markdown reports go", DEFAULT_REPORTS_DIR)
    .action(async (flags: RunFlags) => {
      const config = loadConfig(flags.env);
      const target = await openTarget(flags.target, {
        config,
        compile: async () => (await compileForEnv(flags)).graph,
        warehouseFile: warehouseFile(flags.warehouse, config),
        dryRun: flags.dryRun,
      });
      await runAndReport(target, {
        selection: { actions: flags.actions, tags: flags.tags, includeDependencies: flags.includeDeps, includeDependents: flags.includeDependents },
        fullRefresh: flags.fullRefresh,
        dryRun: flags.dryRun,
        runTests: flags.runTests,
        reportsDir: flags.reports,
      });
    });
}
