import * as path from "node:path";
import { Option, type Command } from "commander";
import { openTarget, runAndReport, TARGET_NAMES, type TargetName } from "../../runner/targets";
import { compileForProject, projectContext } from "../project";
import { projectOptions, type ProjectFlags } from "../project-options";

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
  reports?: string;
}

export function register(program: Command): void {
  projectOptions(program.command("run").description("run the Dataform graph: locally on DuckDB (default) or on BigQuery"))
    .addOption(new Option("--target <target>", "where to run").choices(TARGET_NAMES).default("local"))
    .option("--warehouse <file>", "local DuckDB warehouse file (default: config warehouse.local_file; another project: <project-dir>/.gigamart/warehouse.duckdb)")
    .option("--actions <names...>", "run only these actions (name or dataset.name or project.dataset.name)")
    .option("--tags <tags...>", "run only actions with these tags")
    .option("--include-deps", "also run the dependencies of the selected actions")
    .option("--include-dependents", "also run the actions that depend on the selected ones")
    .option("--full-refresh", "rebuild incremental tables from scratch (protected tables are kept)")
    .option("--dry-run", "print the BigQuery and DuckDB SQL of every action (on BigQuery: the requests); execute nothing")
    .option("--run-tests", "run the unit tests first, as Dataform's run --run-tests: a failing test aborts the run (local target)")
    .option("--reports <dir>", "where the JUnit and Markdown reports go (default: .gigamart/reports; another project: <project-dir>/.gigamart/reports)")
    .action(async (flags: RunFlags) => {
      const context = projectContext(flags);
      if (flags.target === "bigquery" && !context.isThisRepo) {
        // Dataform on Google Cloud runs the release configuration of this repo's Dataform repository, never the folder given.
        throw new Error(`--target bigquery runs this repo's Dataform repository; ${context.dir} is another project (run it locally, or from its own Dataform repository)`);
      }
      const target = await openTarget(flags.target, {
        config: context.config,
        compile: async () => (await compileForProject(flags)).graph,
        warehouseFile: path.resolve(flags.warehouse ?? context.warehouseFile),
        dryRun: flags.dryRun,
      });
      await runAndReport(target, {
        selection: { actions: flags.actions, tags: flags.tags, includeDependencies: flags.includeDeps, includeDependents: flags.includeDependents },
        fullRefresh: flags.fullRefresh,
        dryRun: flags.dryRun,
        runTests: flags.runTests,
        reportsDir: flags.reports ?? context.reportsDir,
      });
    });
}
