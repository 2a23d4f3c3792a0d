import { Option, type Command } from "commander";
import { analyzeWithResolvedStatements, actionLineage, mergeLineage, originColumns } from "../../analyst/lineage/project-lineage";
import { openLineageDatasets } from "../../analyst/lineage/openlineage";
import { startZetaSql } from "../../fidelity/zetasql/service";
import { graphActions, selectActions } from "../../runner/dataform/actions";
import { compileForProject } from "../project";
import { projectOptions, type ProjectFlags } from "../project-options";

interface LineageFlags extends ProjectFlags {
  format: "json" | "openlineage";
}

export function register(program: Command): void {
  projectOptions(
    program
      .command("lineage")
      .description("column lineage of the actions (default: all), from the GoogleSQL resolved statements: each written column's source columns, copy or transform")
      .argument("[actions...]", "action names (dataset.table or table)"),
  )
    .addOption(new Option("--format <format>", "json (with each column's origins in tables no action writes) or openlineage (ColumnLineageDatasetFacet per dataset)").choices(["json", "openlineage"]).default("json"))
    .action(async (actions: string[], flags: LineageFlags) => {
      const { graph } = await compileForProject(flags);
      const selected = new Set(selectActions(graphActions(graph), { actions }).map((a) => a.name));
      process.stderr.write("lineage: analyzing every statement with the GoogleSQL analyzer…\n");
      const service = await startZetaSql();
      let report;
      try {
        report = await analyzeWithResolvedStatements(graph, service);
      } finally {
        await service.stop();
      }
      const all = mergeLineage(report.actions.flatMap(actionLineage));
      const shown = mergeLineage(report.actions.filter((a) => actions.length === 0 || selected.has(a.name)).flatMap(actionLineage));
      const output = flags.format === "openlineage" ? openLineageDatasets(shown) : shown.map((l) => ({ ...l, origins: originColumns(all, l.output) }));
      process.stdout.write(JSON.stringify(output, null, 2) + "\n");
    });
}
