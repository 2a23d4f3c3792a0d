import * as fs from "node:fs";
import * as path from "node:path";
import { Option, type Command } from "commander";
import { CostEstimator, TIB, type ActionCost, type WorkflowCost } from "../../analyst/cost/estimate";
import type { StatementCost } from "../../analyst/cost/statement-cost";
import { startZetaSql } from "../../fidelity/zetasql/service";
import { graphActions } from "../../runner/dataform/actions";
import { compileForProject } from "../project";
import { projectOptions, type ProjectFlags } from "../project-options";

interface CostFlags extends ProjectFlags {
  sql?: string;
  warehouse?: string;
  format: "json" | "table";
  production?: boolean;
  fullRefresh?: boolean;
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(2)} ${UNITS[unit]}`;
}

/** Numbers right-aligned, words left-aligned. */
const row = (cells: string[], widths: number[]) => cells.map((c, i) => (/^[\d.]/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [row(header, widths), ...rows.map((r) => row(r, widths))].join("\n") + "\n";
}

function statementRows(label: string, path: string, statements: StatementCost[]): string[][] {
  return statements.map((s) => [`${label}:${s.line}`, path, s.kind, formatBytes(s.bytes_processed), formatBytes(s.bytes_billed), s.reads.filter((r) => r.pruning.startsWith("cannot prune")).map((r) => r.table.split(".").pop()).join(",") || "-"]);
}

export function register(program: Command): void {
  projectOptions(
    program
      .command("cost")
      .description("offline BigQuery on-demand cost: bytes processed and billed per statement, per action and per workflow configuration run, and the month's estimate"),
  )
    .option("--sql <query>", "cost this query (or script) instead of the project's actions")
    .option("--warehouse <file>", "local DuckDB warehouse whose tables are measured (default: config warehouse.local_file)")
    .option("--production", "scale each table to config cost.production_rows_per_day of the bronze tables it is built from")
    .option("--full-refresh", "cost every action's first run / full refresh instead of its next (incremental) run")
    .addOption(new Option("--format <format>", "output format").choices(["json", "table"]).default("table"))
    .action(async (flags: CostFlags) => {
      const { graph, context } = await compileForProject(flags);
      const warehouseFile = path.resolve(flags.warehouse ?? context.warehouseFile);
      // Sizes come from the warehouse: without one every table would cost only the minimum.
      if (!fs.existsSync(warehouseFile)) throw new Error(`${warehouseFile}: no warehouse here yet (run \`gigamart run\` or \`npm run demo\` first, or give --warehouse)`);
      process.stderr.write(`cost: analyzing every statement with the GoogleSQL analyzer and measuring ${warehouseFile}…\n`);
      const service = await startZetaSql();
      try {
        const estimator = await CostEstimator.open(graph, service, {
          warehouseFile,
          production: flags.production,
          config: context.config,
        });
        try {
          if (flags.sql) {
            const statements = await estimator.sql(flags.sql);
            if (flags.format === "json") process.stdout.write(JSON.stringify({ statements }, null, 2) + "\n");
            else process.stdout.write(table(["statement", "path", "kind", "processed", "billed", "cannot prune"], statementRows("--sql", "-", statements)));
            return;
          }
          const options = { fullRefresh: flags.fullRefresh };
          const actions: ActionCost[] = [];
          for (const a of graphActions(graph)) if (a.kind !== "declaration") actions.push(await estimator.action(a.name, options));
          const workflows = await estimator.workflows(options);
          const price = context.config?.cost;
          const monthly = workflows.reduce((n, w) => n + w.bytes_billed_per_month, 0);
          const month = { bytes_billed: monthly, ...(price && { usd: (monthly / TIB) * price.on_demand_usd_per_tib }) };
          if (flags.format === "json") {
            const summary = (w: WorkflowCost) => ({ ...w, actions: w.actions.map((a) => ({ action: a.action, path: a.path, bytes_processed: a.bytes_processed, bytes_billed: a.bytes_billed })) });
            process.stdout.write(JSON.stringify({ scale: flags.production ? "production" : "local", price, actions, workflows: workflows.map(summary), month }, null, 2) + "\n");
            return;
          }
          process.stdout.write(table(["statement", "path", "kind", "processed", "billed", "cannot prune"], actions.flatMap((a) => statementRows(a.action, a.path, a.statements))));
          process.stdout.write("\n");
          process.stdout.write(
            table(
              ["workflow configuration", "cron", "processed/run", "billed/run", "runs/month", "billed/month", "USD/month"],
              workflows.map((w) => [w.name, w.cron, formatBytes(w.bytes_processed), formatBytes(w.bytes_billed), String(w.runs_per_month), formatBytes(w.bytes_billed_per_month), w.usd_per_month.toFixed(2)]),
            ),
          );
          if (price) process.stdout.write(`\nmonth (30 days): ${formatBytes(monthly)} billed, USD ${month.usd!.toFixed(2)} at ${price.on_demand_usd_per_tib} per TiB (${price.price_source}, ${price.price_checked}; first free TiB not subtracted)\n`);
        } finally {
          estimator.close();
        }
      } finally {
        await service.stop();
      }
    });
}
