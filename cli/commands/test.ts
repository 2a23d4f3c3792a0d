import type { Command } from "commander";
import { testAndReport } from "../../runner/targets";
import { compileForProject } from "../project";
import { projectOptions, type ProjectFlags } from "../project-options";

interface TestFlags extends ProjectFlags {
  reports?: string;
}

export function register(program: Command): void {
  projectOptions(
    program
      .command("test")
      .description("run the project's unit tests locally, as `dataform test` runs them on BigQuery: type: \"test\" actions and incremental tables' unit_test operations"),
  )
    .option("--reports <dir>", "where the JUnit and Markdown reports go (default: .gigamart/reports; another project: <project-dir>/.gigamart/reports)")
    .action(async (flags: TestFlags) => {
      const { graph, context } = await compileForProject(flags);
      await testAndReport({ graph, reportsDir: flags.reports ?? context.reportsDir });
    });
}
