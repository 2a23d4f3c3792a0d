import * as fs from "node:fs";
import * as path from "node:path";
import { Option, type Command } from "commander";
import { formatPlanTable } from "../../analyst/plan/format";
import { planChange } from "../../analyst/plan/plan";
import { compileRevisions } from "../../analyst/plan/revisions";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { startZetaSql } from "../../fidelity/zetasql/service";
import { projectOptions, type ProjectFlags } from "../project";

interface PlanFlags extends ProjectFlags {
  base?: string;
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
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (flags: PlanFlags) => {
      const starting = startZetaSql();
      starting.catch(() => undefined);
      const revisions = await compileRevisions(flags, flags.base);
      const service = await starting;
      try {
        const warehouse = flags.warehouse && path.resolve(flags.warehouse);
        if (warehouse && !fs.existsSync(warehouse)) throw new Error(`--warehouse ${flags.warehouse}: no such warehouse file`);
        const plan = await planChange({ base: revisions.base, head: revisions.head, analyzer: new ZetaSqlAnalyzer(service), warehouseFile: warehouse });
        if (flags.format === "json") process.stdout.write(JSON.stringify({ base: revisions.baseRef, ...plan }, null, 2) + "\n");
        else process.stdout.write(formatPlanTable(plan, revisions.baseRef, !!process.stdout.isTTY));
      } finally {
        await service.stop();
      }
    });
}
