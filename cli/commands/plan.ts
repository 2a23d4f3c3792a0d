import * as fs from "node:fs";
import * as path from "node:path";
import { Option, type Command } from "commander";
import { projectLineage } from "../../analyst/lineage/project-lineage";
import { costDelta } from "../../analyst/plan/cost-delta";
import { formatCostDelta, formatPlanTable } from "../../analyst/plan/format";
import { planChange } from "../../analyst/plan/plan";
import { compileRevisions } from "../../analyst/plan/revisions";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import type { CheckScope } from "../../fidelity/check";
import { startZetaSql } from "../../fidelity/zetasql/service";
import type { CompiledGraph } from "../../runner/dataform/compiled-graph";
import { projectContext } from "../project";
import { projectOptions, type ProjectFlags } from "../project-options";

interface PlanFlags extends ProjectFlags {
  base?: string;
  columns: boolean;
  cost?: boolean;
  warehouse?: string;
  format: "table" | "json";
}

export function register(program: Command): void {
  projectOptions(
    program
      .command("plan")
      .description("what a change does: each changed action as breaking, non-breaking or data (from GoogleSQL output schemas), and everything downstream"),
  )
    .option("--base <ref>", "git revision to compare the working tree with (default: the merge base of HEAD and main)")
    .option("--warehouse <file>", "local warehouse (read only) whose tables type what the change does not touch, so only the changed actions and their downstream are analyzed (default: analyze the whole graph)")
    .option("--cost", "also the change's BigQuery cost: each changed action's next run and each workflow configuration's month, base against working tree, priced offline on --warehouse's tables (gigamart cost)")
    .option("--no-columns", "downstream at action level only: skip the column lineage of both revisions (a second analysis of the changed and downstream actions)")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (flags: PlanFlags) => {
      const starting = startZetaSql();
      starting.catch(() => undefined);
      const revisions = await compileRevisions(flags, flags.base);
      const service = await starting;
      try {
        const warehouse = flags.warehouse && path.resolve(flags.warehouse);
        if (warehouse && !fs.existsSync(warehouse)) throw new Error(`--warehouse ${flags.warehouse}: no such warehouse file`);
        const lineage = flags.columns ? (graph: CompiledGraph, scope: CheckScope) => projectLineage(graph, service, scope) : undefined;
        const plan = await planChange({ base: revisions.base, head: revisions.head, analyzer: new ZetaSqlAnalyzer(service), warehouseFile: warehouse, lineage });
        if (flags.cost && !warehouse) throw new Error("--cost: needs --warehouse, whose tables the estimate measures");
        if (flags.cost) process.stderr.write("plan: pricing both revisions on the warehouse's tables…\n");
        const cost = flags.cost && warehouse ? await costDelta(plan, revisions.base, revisions.head, service, { warehouseFile: warehouse, config: projectContext(flags).config }) : undefined;
        if (flags.format === "json") process.stdout.write(JSON.stringify({ base: revisions.baseRef, ...plan, ...(cost && { cost }) }, null, 2) + "\n");
        else process.stdout.write(formatPlanTable(plan, revisions.baseRef, !!process.stdout.isTTY) + (cost ? formatCostDelta(cost) : ""));
      } finally {
        await service.stop();
      }
    });
}
