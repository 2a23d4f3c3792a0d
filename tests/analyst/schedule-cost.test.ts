import { expect } from "chai";
import * as path from "node:path";
import { CostEstimator, type WorkflowCost } from "../../analyst/cost/estimate";
import { loadConfig } from "../../config/load";
import { addDays, morningAfter } from "../../demo/landing-days";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { generateLanding } from "../../ingestion/generate";
import { ingestLanding } from "../../ingestion/load";
import { runLocal } from "../../runner/targets/local";
import { failures, PROJECT, projectGraph, TestWarehouse } from "../models/pipeline";

// 60 generated days landed and loaded at once, then the daily schedule run on them: the warehouse a
// daily run on day 61 starts from.
const DAYS = 60;
const START = "2026-09-01";
const WINDOW = loadConfig("dev").late_data.window_days;

describe("the daily schedule's estimated cost after 60 days of data", function () {
  this.timeout(10 * 60_000);
  let warehouse: TestWarehouse;
  let service: ZetaSqlService;
  let next: WorkflowCost;
  let full: WorkflowCost;
  let scale: CostEstimator["scale"];

  before(async () => {
    warehouse = await TestWarehouse.create();
    const generated = path.join(warehouse.dir, "generated");
    await generateLanding({
      outDir: generated, days: DAYS, startDate: START, seed: 7, stores: 3, products: 25, customers: 80,
      transactionsPerStoreDay: 25, ordersPerDay: 15, maxLateDays: 2,
      rates: { duplicatePos: 0.05, latePos: 0.08, crmChange: 0.1, ecomCancel: 0.15, ecomReturn: 0.15 },
    });
    await ingestLanding({ landingDir: generated, warehouseFile: warehouse.file, project: PROJECT, now: morningAfter(addDays(START, DAYS - 1)), progress: false });
    const graph = await projectGraph();
    const run = await runLocal({ graph, warehouseFile: warehouse.file, selection: { tags: ["daily"] } });
    expect(run.status, failures(run)).to.equal("successful");
    service = await startZetaSql();
    const estimator = await CostEstimator.open(graph, service, { warehouseFile: warehouse.file, config: loadConfig("dev") });
    try {
      next = (await estimator.workflows()).find((w) => w.name === "daily")!;
      full = (await estimator.workflows({ fullRefresh: true })).find((w) => w.name === "daily")!;
    } finally {
      estimator.close();
    }
    const production = await CostEstimator.open(graph, service, { warehouseFile: warehouse.file, config: loadConfig("dev"), production: true });
    scale = production.scale;
    production.close();
  });

  after(async () => {
    await service?.stop();
    warehouse?.remove();
  });

  const bronzeReads = (w: WorkflowCost) =>
    w.actions.flatMap((a) => a.statements.flatMap((s) => s.reads.filter((r) => r.table.includes(".giga_raw.raw_") && r.role === "read").map((r) => ({ action: a.action, ...r }))));

  it("runs the incremental tables incrementally and reads the partitioned bronze tables only in the late window", () => {
    expect(next.actions.filter((a) => a.kind === "incremental").every((a) => a.path === "incremental")).to.equal(true);
    const pruned = bronzeReads(next).filter((r) => r.partitions);
    const tables = new Set(pruned.map((r) => r.table.split(".").pop()));
    expect([...tables]).to.include.members(["raw_pos_transactions", "raw_ecom_orders", "raw_inventory_snapshots"]);
    for (const read of pruned) expect(read.partitions!.length, `${read.action}: ${read.pruning}`).to.be.at.most(WINDOW + 1);
  });

  it("reads less of bronze in the daily run than a full refresh does", () => {
    const bytes = (w: WorkflowCost) => bronzeReads(w).reduce((n, r) => n + r.bytes, 0);
    expect(bytes(next)).to.be.below(bytes(full));
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
    expect(next.runs_per_month).to.equal(30);
    expect(next.usd_per_month).to.be.closeTo((next.bytes_billed * 30 / 2 ** 40) * loadConfig("dev").cost.on_demand_usd_per_tib, 1e-9);
    process.stdout.write(`      daily run: ${next.bytes_processed} B processed (full refresh ${full.bytes_processed} B, ratio ${(next.bytes_processed / full.bytes_processed).toFixed(3)})\n`);
  });
});
