import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { CostEstimator, type ActionCost, type WorkflowCost } from "../../analyst/cost/estimate";
import { loadConfig } from "../../config/load";
import { addDays, dayFolders, morningAfter } from "../../demo/landing-days";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { generateLanding } from "../../ingestion/generate";
import { ingestLanding } from "../../ingestion/load";
import { runLocal } from "../../runner/targets/local";
import { failures, PROJECT, projectGraph, TestWarehouse } from "../models/pipeline";
import { costedRun } from "./costed-run";

// 60 generated days, each landed and ingested the morning after it as the daily ingestion does (so every
// load has its own ingestion_ts), the daily schedule run after day 59, then day 60 loaded and the daily
// run on it costed action by action as it runs. The measure is bytes_processed: at this scale the 10 MB
// per-table minimum of bytes_billed dominates every statement, so billed bytes say nothing of pruning.
const DAYS = 60;
const START = "2026-09-01";
const WINDOW = loadConfig("dev").late_data.window_days;
/** What the daily run on day 60 may cost of a full refresh after it (bytes_processed). */
const DAILY_SHARE = 0.65;

describe("the daily schedule's estimated cost after 60 days of data", function () {
  this.timeout(10 * 60_000);
  let warehouse: TestWarehouse;
  let service: ZetaSqlService;
  let current: WorkflowCost;
  let next: ActionCost[];
  let full: WorkflowCost;
  let scale: CostEstimator["scale"];

  const load = async (generated: string, day: number) => {
    const date = addDays(START, day);
    const landing = path.join(warehouse.dir, "landing", date);
    for (const rel of dayFolders(generated, date)) fs.cpSync(path.join(generated, rel), path.join(landing, rel), { recursive: true });
    await ingestLanding({ landingDir: landing, warehouseFile: warehouse.file, project: PROJECT, now: morningAfter(date), progress: false });
  };

  before(async () => {
    warehouse = await TestWarehouse.create();
    const generated = path.join(warehouse.dir, "generated");
    await generateLanding({
      outDir: generated, days: DAYS, startDate: START, seed: 7, stores: 3, products: 25, customers: 80,
      transactionsPerStoreDay: 25, ordersPerDay: 15, maxLateDays: 2,
      rates: { duplicatePos: 0.05, latePos: 0.08, crmChange: 0.1, ecomCancel: 0.15, ecomReturn: 0.15 },
    });
    for (let day = 0; day < DAYS - 1; day++) await load(generated, day);
    const graph = await projectGraph();
    const run = await runLocal({ graph, warehouseFile: warehouse.file, selection: { tags: ["daily"] } });
    expect(run.status, failures(run)).to.equal("successful");
    await load(generated, DAYS - 1);
    service = await startZetaSql();
    const config = loadConfig("dev");
    const estimator = await CostEstimator.open(graph, service, { warehouseFile: warehouse.file, config });
    current = (await estimator.workflows()).find((w) => w.name === "daily")!;
    estimator.close();
    next = await costedRun(graph, service, { warehouseFile: warehouse.file, config, tag: "daily" });
    const after = await CostEstimator.open(graph, service, { warehouseFile: warehouse.file, config });
    full = (await after.workflows({ fullRefresh: true })).find((w) => w.name === "daily")!;
    after.close();
    const production = await CostEstimator.open(graph, service, { warehouseFile: warehouse.file, config, production: true });
    scale = production.scale;
    production.close();
  });

  after(async () => {
    await service?.stop();
    warehouse?.remove();
  });

  const bronzeReads = (actions: ActionCost[]) =>
    actions.flatMap((a) => a.statements.flatMap((s) => s.reads.filter((r) => r.table.includes(".giga_raw.raw_") && r.role === "read").map((r) => ({ action: a.action, ...r }))));
  const total = (actions: ActionCost[]) => actions.reduce((n, a) => n + a.bytes_processed, 0);

  it("runs the incremental tables incrementally and reads the partitioned bronze tables only in the late window", () => {
    expect(next.filter((a) => a.kind === "incremental").every((a) => a.path === "incremental")).to.equal(true);
    const pruned = bronzeReads(next).filter((r) => r.partitions);
    const tables = new Set(pruned.map((r) => r.table.split(".").pop()));
    expect([...tables]).to.include.members(["raw_pos_transactions", "raw_ecom_orders", "raw_inventory_snapshots"]);
    // The window's days before the watermark's day, that day and the day loaded after it.
    for (const read of pruned) expect(read.partitions!.length, `${read.action}: ${read.pruning}`).to.be.at.most(WINDOW + 2);
  });

  it("reads every column of bronze in the staging models only from the earliest partition the day's load holds rows of", async () => {
    for (const [table, column] of [["raw_pos_transactions", "event_date"], ["raw_ecom_orders", "order_date"], ["raw_inventory_snapshots", "snapshot_date"]] as const) {
      const t = `"${PROJECT}".giga_raw.${table}`;
      const rows = await warehouse.query<{ day: string }>(
        `SELECT DISTINCT CAST(${column} AS VARCHAR) AS day FROM ${t}
         WHERE ${column} >= (SELECT min(${column}) FROM ${t} WHERE dq_status != 'INVALID' AND ingestion_ts = (SELECT max(ingestion_ts) FROM ${t}))`,
      );
      const kept = rows.map((r) => r.day).sort();
      const wide = bronzeReads(next).filter((r) => r.action.includes(".giga_curated.stg_") && r.table.endsWith(`.${table}`) && r.columns.length > 3);
      expect(wide.some((r) => JSON.stringify(r.partitions) === JSON.stringify(kept)), `${table}: ${wide.map((r) => r.pruning).join("; ")}`).to.equal(true);
      for (const read of wide) expect(kept, `${read.action}: ${read.pruning}`).to.include.members(read.partitions ?? ["all"]);
    }
  });

  it("reads less of bronze in the daily run than a full refresh does", () => {
    const bytes = (actions: ActionCost[]) => bronzeReads(actions).reduce((n, r) => n + r.bytes, 0);
    expect(bytes(next)).to.be.below(bytes(full.actions));
  });

  it(`costs the daily run on day 60 less than ${DAILY_SHARE * 100}% of a full refresh (bytes processed)`, () => {
    const share = total(next) / full.bytes_processed;
    const top = [...next].sort((a, b) => b.bytes_processed - a.bytes_processed).slice(0, 5);
    process.stdout.write(
      `      daily run on day 60: ${total(next)} B processed, full refresh ${full.bytes_processed} B: ${(share * 100).toFixed(1)}%; largest: ${top.map((a) => `${a.action.split(".").pop()} ${a.bytes_processed}`).join(", ")}\n`,
    );
    expect(share).to.be.below(DAILY_SHARE);
  });

  it("scales bronze to the configured rows per day, and what is built from it by its largest bronze ancestor", async () => {
    const [pos] = await warehouse.query<{ per_day: number }>(
      `SELECT count(*) / count(DISTINCT event_date) AS per_day FROM "${PROJECT}".giga_raw.raw_pos_transactions`,
    );
    const table = (name: string) => scale.get(`${PROJECT}.${name}`)!;
    const wanted = loadConfig("dev").cost.production_rows_per_day;
    expect(table("giga_raw.raw_pos_transactions").factor).to.be.closeTo(wanted.raw_pos_transactions! / pos!.per_day, 1e-9);
    const ancestors = ["raw_pos_transactions", "raw_ecom_orders", "raw_crm_customers", "raw_store_master", "raw_product_master"];
    expect(table("giga_curated.sales_fact").factor).to.equal(Math.max(...ancestors.map((a) => table(`giga_raw.${a}`).factor)));
  });

  it("prices the daily run per month from its cron", () => {
    expect(current.runs_per_month).to.equal(30);
    expect(current.usd_per_month).to.be.closeTo((current.bytes_billed * 30 / 2 ** 40) * loadConfig("dev").cost.on_demand_usd_per_tib, 1e-9);
  });
});
