import type { Command } from "commander";
import { DEFAULT_REPORTS_DIR } from "../../runner/report/write";
import { testAndReport } from "../../runner/targets";
import { compileForEnv, projectOptions, type ProjectFlags } from "../project";

interface TestFlags extends ProjectFlags {
  reports: string;
}

export function register(program: Command): void {
  projectOptions(
    program
      .command("test")
      .description("run the project's unit tests locally, as `dataform test` runs them on BigQuery: type: \"test\" actions and incremental tables' unit_test operations"),
  )
    .option("--reports <dir>", "where the JUnit and Markdown reports go", DEFAULT_REPORTS_DIR)
    .action(async (flags: TestFlags) => {
      await testAndReport({ graph: (await compileForEnv(flags)).graph, reportsDir: flags.reports });
    });
}
