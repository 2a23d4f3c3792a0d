import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { generateLanding } from "../../ingestion/generate";
import { addDays, landAndIngest } from "../../demo/landing-days";
import { failures, PROJECT, TestWarehouse } from "./pipeline";

// Generated feeds (duplicates, late POS events, malformed lines, unknown stores and products, order
// status changes, CRM changes) ingested day by day through the real loader and the real pipeline; the
// marts must equal the generator's ground truth, computed while generating.

const START = "2026-11-01";
const DAYS = 5;
const MARTS = [
  "daily_store_sales", "daily_category_sales", "customer_360", "inventory_kpi",
  "sales_fact_reconciles_with_bronze", "sales_fact_references_resolve", "silver_has_no_invalid_rows",
  "customer_dim_scd2_one_current_version", "customer_dim_scd2_versions_contiguous", "customer_dim_scd2_versions_change_attributes",
];

interface TruthSale { date: string; store_id: string | null; channel: string; gross: number; discount: number; returns: number; net: number; units: number; returned_units: number; transactions: number }

const MEASURES = ["gross", "discount", "returns", "net", "units", "returned_units", "transactions"] as const;

async function salesMart(warehouse: TestWarehouse): Promise<Map<string, Record<string, number>>> {
  const rows = await warehouse.query<Record<string, string | null>>(`
    SELECT strftime(sales_date, '%Y-%m-%d') AS date, store_id, channel,
      CAST(gross_sales AS VARCHAR) AS gross, CAST(discounts AS VARCHAR) AS discount, CAST(returns_amount AS VARCHAR) AS "returns",
      CAST(net_sales AS VARCHAR) AS net, CAST(units AS VARCHAR) AS units, CAST(returned_units AS VARCHAR) AS returned_units,
      CAST(transactions AS VARCHAR) AS transactions
    FROM "${PROJECT}".giga_mart.daily_store_sales`);
  return new Map(rows.map((r) => [`${r.date}|${r.store_id}|${r.channel}`, Object.fromEntries(MEASURES.map((m) => [m, Number(r[m])]))]));
}

function expectSalesEqualTruth(actual: Map<string, Record<string, number>>, truth: TruthSale[], when: string) {
  const expected = new Map(truth.map((t) => [`${t.date}|${t.store_id}|${t.channel}`, Object.fromEntries(MEASURES.map((m) => [m, t[m]]))]));
  expect([...actual.keys()].sort(), `${when}: store x day x channel cells`).to.deep.equal([...expected.keys()].sort());
  for (const [key, cell] of expected) {
    for (const m of MEASURES) expect(actual.get(key)![m], `${when}: ${key} ${m}`).to.be.closeTo(cell[m]!, 0.0001);
  }
}

describe("gold marts against the generator's ground truth (real loader, real pipeline on DuckDB)", function () {
  this.timeout(15 * 60_000);
  let warehouse: TestWarehouse;
  let truth: any;

  before(async () => {
    warehouse = await TestWarehouse.create();
    const generated = path.join(warehouse.dir, "generated");
    await generateLanding({
      outDir: generated, days: DAYS, startDate: START, seed: 7, stores: 3, products: 25, customers: 80,
      transactionsPerStoreDay: 25, ordersPerDay: 15, maxLateDays: 2,
      rates: { duplicatePos: 0.05, latePos: 0.08, crmChange: 0.1, ecomCancel: 0.15, ecomReturn: 0.15 },
    });
    truth = JSON.parse(fs.readFileSync(path.join(generated, "_ground_truth.json"), "utf8"));
    for (let d = 0; d < DAYS; d++) {
      await landAndIngest(generated, path.join(warehouse.dir, "landing"), addDays(START, d), warehouse.file, PROJECT);
      const run = await warehouse.run(MARTS);
      expect(run.status, `day ${d}: ${failures(run)}`).to.equal("successful");
    }
  });

  after(() => warehouse?.remove());

  it("daily_store_sales equals the ground truth for every store, day and channel, late events included", async () => {
    expect(truth.pos.late_events, "the data has late events").to.be.greaterThan(0);
    expect(truth.pos.duplicates_injected, "the data has re-sent transactions").to.be.greaterThan(0);
    expectSalesEqualTruth(await salesMart(warehouse), truth.sales, "after the daily runs");
  });

  it("daily_category_sales adds up to daily_store_sales for every store, day and channel", async () => {
    const [row] = await warehouse.query<{ cells: string; mismatched: string }>(`
      WITH by_category AS (
        SELECT sales_date, store_id, channel, sum(net_sales) AS net, sum(gross_sales) AS gross, sum(units) AS units, sum(returned_units) AS returned
        FROM "${PROJECT}".giga_mart.daily_category_sales GROUP BY ALL)
      SELECT CAST(count(*) AS VARCHAR) AS cells,
        CAST(count(*) FILTER (WHERE c.net IS DISTINCT FROM s.net_sales OR c.gross IS DISTINCT FROM s.gross_sales
          OR c.units IS DISTINCT FROM s.units OR c.returned IS DISTINCT FROM s.returned_units) AS VARCHAR) AS mismatched
      FROM "${PROJECT}".giga_mart.daily_store_sales AS s
      LEFT JOIN by_category AS c ON c.sales_date = s.sales_date AND c.store_id IS NOT DISTINCT FROM s.store_id AND c.channel = s.channel`);
    expect(Number(row!.cells)).to.equal(truth.sales.length);
    expect(Number(row!.mismatched)).to.equal(0);
  });

  it("logs every re-sent POS transaction as a duplicate and every late one as late, once", async () => {
    const [dedup] = await warehouse.query<{ n: string }>(`SELECT count(*) AS n FROM "${PROJECT}".giga_monitoring.dedup_log WHERE source_table = 'raw_pos_transactions'`);
    expect(Number(dedup!.n)).to.equal(truth.pos.duplicates_injected);
    const late = await warehouse.query<{ business_key: string; days_late: string }>(
      `SELECT business_key, CAST(days_late AS VARCHAR) AS days_late FROM "${PROJECT}".giga_monitoring.late_arriving_data WHERE source_table = 'raw_pos_transactions' ORDER BY 1`,
    );
    const expectedLate = truth.pos.late.map((l: any) => ({ business_key: l.transaction_id, days_late: String(l.days_late) }));
    expect(late).to.deep.equal(expectedLate.sort((a: any, b: any) => (a.business_key < b.business_key ? -1 : 1)));
  });

  it("holds one SCD2 version per tracked change for every customer, as the generator counted them", async () => {
    const rows = await warehouse.query<{ customer_id: string; profile_versions: string }>(
      `SELECT customer_id, CAST(profile_versions AS VARCHAR) AS profile_versions FROM "${PROJECT}".giga_mart.customer_360`,
    );
    const actual = Object.fromEntries(rows.map((r) => [r.customer_id, Number(r.profile_versions)]));
    expect(actual).to.deep.equal(truth.crm.versions_per_customer);
  });

  it("points every sale of a known customer to the profile version valid at the sale", async () => {
    const [row] = await warehouse.query<{ sales: string; wrong: string }>(`
      SELECT CAST(count(*) AS VARCHAR) AS sales,
        CAST(count(*) FILTER (WHERE f.customer_sk IS DISTINCT FROM d.customer_sk) AS VARCHAR) AS wrong
      FROM "${PROJECT}".giga_curated.sales_fact AS f
      LEFT JOIN "${PROJECT}".giga_curated.customer_dim_scd2 AS d
        ON d.customer_id = f.customer_id AND f.event_ts >= d.effective_from AND f.event_ts < d.effective_to
      WHERE f.customer_id IS NOT NULL`);
    expect(Number(row!.sales)).to.be.greaterThan(0);
    expect(Number(row!.wrong)).to.equal(0);
  });

  it("counts every stock-out the generator wrote", async () => {
    const [row] = await warehouse.query<{ n: string }>(
      `SELECT CAST(sum(stock_out_days_28d) AS VARCHAR) AS n FROM "${PROJECT}".giga_mart.inventory_kpi WHERE level = 'STORE'`,
    );
    expect(Number(row!.n)).to.equal(truth.inventory.stock_out_count);
  });

  it("still equals the ground truth after a rerun without new data and after a full refresh", async () => {
    const rerun = await warehouse.run(MARTS);
    expect(rerun.status, failures(rerun)).to.equal("successful");
    expectSalesEqualTruth(await salesMart(warehouse), truth.sales, "after a rerun");
    const refreshed = await warehouse.run(MARTS, { fullRefresh: true });
    expect(refreshed.status, failures(refreshed)).to.equal("successful");
    expectSalesEqualTruth(await salesMart(warehouse), truth.sales, "after a full refresh");
  });
});
