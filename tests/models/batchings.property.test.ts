import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { addDays, landAndIngest } from "../../demo/landing-days";
import { generateLanding } from "../../ingestion/generate";
import { runLocal } from "../../runner/targets/local";
import { WHEN_WRITTEN } from "../support/warehouse-state";
import { failures, PROJECT, projectGraph, TestWarehouse } from "./pipeline";

// Monitoring describes the data, not the batching: the same landed days, each ingested the morning
// after it (so every row has the same ingestion_ts whatever the batching), with the daily pipeline run
// after every batch of days, must leave the same sales_fact, dedup_log and late_arriving_data whichever
// way the days are split into batches. Rows are compared as multisets of every column except those
// that only say when a run wrote (loaded_at, logged_at: WHEN_WRITTEN), which no two runs share.
// A late window of 2 days with events up to 3 days late puts quarantined rows in the sample too.

const START = "2026-11-01";
const DAYS = 6;
const VARS = "late_window_days=2";
const TABLES = ["giga_curated.sales_fact", "giga_monitoring.dedup_log", "giga_monitoring.late_arriving_data"];
const COUNT = Number(process.env.GIGAMART_BATCHINGS ?? 2);
const SEED = Number(process.env.GIGAMART_BATCHING_SEED ?? 20261203);

/** The sorted rows of each table, each row as JSON without the columns saying when it was written. */
type Logs = Record<string, string[]>;

async function logsOf(warehouse: TestWarehouse): Promise<Logs> {
  const logs: Logs = {};
  for (const table of TABLES) {
    const [dataset, name] = table.split(".");
    const written = WHEN_WRITTEN.map((c) => `'${c}'`).join(", ");
    const rows = await warehouse.query(`SELECT COLUMNS(c -> NOT list_contains([${written}], c)) FROM "${PROJECT}"."${dataset}"."${name}"`);
    logs[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return logs;
}

/** What one multiset of rows has beyond another, both ways: readable where a full diff is not. */
function multisetDifference(actual: readonly string[], expected: readonly string[]): { extra: string[]; missing: string[] } {
  const counts = new Map<string, number>();
  for (const r of expected) counts.set(r, (counts.get(r) ?? 0) + 1);
  const extra: string[] = [];
  for (const r of actual) {
    const n = counts.get(r) ?? 0;
    if (n > 0) counts.set(r, n - 1);
    else extra.push(r);
  }
  return { extra, missing: [...counts].flatMap(([r, n]) => Array<string>(n).fill(r)) };
}

/** Batches of consecutive days: a cut after day i where cuts[i] is true. */
function batchesOf(cuts: readonly boolean[]): number[][] {
  const batches: number[][] = [[0]];
  for (let d = 1; d < DAYS; d++) {
    if (cuts[d - 1]) batches.push([d]);
    else batches.at(-1)!.push(d);
  }
  return batches;
}

describe("monitoring logs under any batching of the same loads (real loader, real pipeline on DuckDB)", function () {
  this.timeout(60 * 60_000);
  let generated: string;
  let scratch: TestWarehouse;
  let daily: Logs;

  /** Ingests the days of each batch (each the morning after it) and runs the daily pipeline after each batch. */
  async function replay(batches: readonly number[][]): Promise<Logs> {
    const warehouse = await TestWarehouse.create();
    try {
      const graph = await projectGraph(VARS);
      for (const batch of batches) {
        for (const d of batch) await landAndIngest(generated, path.join(warehouse.dir, "landing"), addDays(START, d), warehouse.file, PROJECT);
        const run = await runLocal({ graph, warehouseFile: warehouse.file, selection: { tags: ["daily"] } });
        expect(run.status, `batches ${JSON.stringify(batches)}, after day ${batch.at(-1)}: ${failures(run)}`).to.equal("successful");
      }
      return await logsOf(warehouse);
    } finally {
      warehouse.remove();
    }
  }

  before(async () => {
    scratch = await TestWarehouse.create();
    generated = path.join(scratch.dir, "generated");
    await generateLanding({
      outDir: generated, days: DAYS, startDate: START, seed: 5, stores: 2, products: 10, customers: 25,
      transactionsPerStoreDay: 6, ordersPerDay: 5, maxLateDays: 3,
      rates: { duplicatePos: 0.15, latePos: 0.2, crmChange: 0.25, crmLate: 0.3, crmRepeat: 0.1, ecomCancel: 0.2, ecomReturn: 0.2 },
    });
    expect(fs.existsSync(path.join(generated, "_ground_truth.json"))).to.equal(true);
    daily = await replay(Array.from({ length: DAYS }, (_, d) => [d]));
  });

  after(() => scratch?.remove());

  it("the daily replay logs duplicates, superseded versions, late events placed and quarantined", () => {
    const has = (table: string, text: string) => daily[table]!.some((r) => r.includes(text));
    expect(has("giga_monitoring.dedup_log", '"DUPLICATE"'), "duplicates").to.equal(true);
    expect(has("giga_monitoring.dedup_log", '"SUPERSEDED"'), "superseded versions").to.equal(true);
    for (const handled of ["INSERTED_INTO_PAST_PARTITION", "QUARANTINED_TOO_LATE", "PLACED_IN_HISTORY"]) {
      expect(has("giga_monitoring.late_arriving_data", `"${handled}"`), handled).to.equal(true);
    }
  });

  it(`gives the same sales_fact, dedup_log and late_arriving_data for every sampled batching (seed ${SEED})`, async () => {
    const everyDayApart = Array.from({ length: DAYS - 1 }, () => true);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: DAYS - 1, maxLength: DAYS - 1 }), async (cuts) => {
        const batches = batchesOf(cuts);
        const logs = await replay(batches);
        for (const table of TABLES) {
          const { extra, missing } = multisetDifference(logs[table]!, daily[table]!);
          const shown = (rows: string[]) => rows.slice(0, 5).join("\n    ");
          expect({ extra: extra.length, missing: missing.length },
            `${table}, batches ${JSON.stringify(batches)} against one run a day\n  extra:\n    ${shown(extra)}\n  missing:\n    ${shown(missing)}\n`,
          ).to.deep.equal({ extra: 0, missing: 0 });
        }
      }),
      // The one-step load first: the batching the issue was found with.
      { seed: SEED, numRuns: COUNT, examples: [[everyDayApart.map(() => false)]], endOnFailure: true },
    );
  });
});
