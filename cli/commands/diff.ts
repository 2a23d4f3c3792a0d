import * as path from "node:path";
import { Option, type Command } from "commander";
import { diffChange, type DiffReport } from "../../analyst/diff/diff";
import { formatDiffMarkdown } from "../../analyst/diff/markdown";
import { changedActions } from "../../analyst/plan/plan";
import { compileHead, compileRevisions } from "../../analyst/plan/revisions";
import { startZetaSql } from "../../fidelity/zetasql/service";
import { projectContext } from "../project";
import { projectOptions, type ProjectFlags } from "../project-options";

interface DiffFlags extends ProjectFlags {
  base?: string;
  warehouse?: string;
  key?: string;
  fullRefresh?: boolean;
  sample: string;
  format: "markdown" | "json";
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

export function register(program: Command): void {
  projectOptions(
    program
      .command("diff")
      .argument("[actions...]", "actions to build and compare, with everything downstream (default: the actions changed since --base)")
      .description("build changed actions and their downstream beside the current tables of the local warehouse (in a scratch copy) and compare rows, columns and schemas"),
  )
    .option("--base <ref>", "git revision whose changed actions are diffed when none are named (default: the merge base of HEAD and main)")
    .option("--warehouse <file>", "local DuckDB warehouse holding the current tables, only read (default: as `gigamart run`)")
    .option("--key <columns>", "match rows by these comma-separated columns (default: each table's uniqueKey or uniqueKey assertion)")
    .option("--full-refresh", "rebuild incremental tables from scratch (default: run them as the next run would)")
    .option("--sample <n>", "changed, added and removed rows shown per table", "5")
    .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
    .action(async (actions: string[], flags: DiffFlags) => {
      const sampleSize = Number(flags.sample);
      if (!Number.isInteger(sampleSize) || sampleSize < 0) throw new Error(`--sample ${flags.sample}: not a whole number`);
      const starting = startZetaSql();
      starting.catch(() => undefined);
      try {
        progress(actions.length > 0 ? "diff: compiling the working tree" : `diff: compiling the working tree and ${flags.base ?? "the merge base with main"}`);
        const compiled = actions.length > 0 ? { ...(await compileHead(flags)), baseRef: undefined } : await compileRevisions(flags, flags.base);
        const graph = "head" in compiled ? compiled.head : compiled.graph;
        let selected = actions;
        if (actions.length === 0 && "base" in compiled) {
          const { modified, added } = changedActions(compiled.base, compiled.head);
          selected = [...modified, ...added];
        }
        const warehouseFile = path.resolve(flags.warehouse ?? projectContext(flags).warehouseFile);
        const report: DiffReport =
          selected.length === 0
            ? { warehouse: warehouseFile, built: [], tables: [] }
            : await diffChange({
                head: graph,
                actions: selected,
                warehouseFile,
                key: flags.key?.split(",").map((k) => k.trim()).filter(Boolean),
                fullRefresh: flags.fullRefresh,
                analyzer: await starting,
                sampleSize,
                progress,
              });
        if (flags.format === "json") process.stdout.write(JSON.stringify({ ...(compiled.baseRef && { base: compiled.baseRef }), ...report }, null, 2) + "\n");
        else process.stdout.write(formatDiffMarkdown(report, compiled.baseRef));
        const failed = report.tables.filter((t) => t.status === "failed");
        if (failed.length > 0) throw new Error(`diff: the change does not build: ${failed[0]!.note} (${failed.length} table${failed.length > 1 ? "s" : ""} not built)`);
      } finally {
        await starting.then((service) => service.stop(), () => undefined);
      }
    });
}
