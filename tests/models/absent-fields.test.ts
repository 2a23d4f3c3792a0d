import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { ingestLanding } from "../../ingestion/load";
import { failures, PROJECT, TestWarehouse } from "./pipeline";

// Absent is not NULL downstream: files that leave out a contract column (a CSV header without it, a
// JSON member missing) go through the real loader and the real pipeline on DuckDB. Dimensions keep the
// last value sent; facts name what they were not told; a customer not sent is not a walk-in.

const STORES = "store_id,store_name,city,state,region,format,opened_date,closed_date";
const PRODUCTS = "product_id,product_name,category,subcategory,brand,unit_cost,list_price,is_active";
const INVENTORY = "snapshot_date,store_id,product_id,quantity_on_hand,reorder_point,unit_cost";
const csv = (...lines: string[]) => lines.join("\n") + "\n";
/** A header and its rows without the named columns, as a file that never had them. */
function without(columns: readonly string[], header: string, ...rows: string[]): string {
  const names = header.split(",");
  const keep = names.map((n, i) => (columns.includes(n) ? -1 : i)).filter((i) => i >= 0);
  return csv(...[header, ...rows].map((line) => keep.map((i) => line.split(",")[i]).join(",")));
}

const pos = (id: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    transaction_id: id, store_id: "S001", register_id: "R1", event_ts: "2026-11-26T12:00:00+05:30", customer_id: "C1", payment_type: "CASH",
    currency: "INR", lines: [{ line_no: 1, product_id: "P1", quantity: 2, unit_price: 10, discount: 0 }], total_amount: 20, ...over,
  });
const ecom = (id: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    order_id: id, customer_id: "C1", order_ts: "2026-11-26T10:00:00Z", updated_at: "2026-11-26T10:00:00Z", status: "PAID", currency: "INR",
    channel: "WEB", fulfillment_store_id: "S001", items: [{ line_no: 1, product_id: "P1", quantity: 1, unit_price: 10, discount: 0 }], ...over,
  });
/** A JSON record without the named members. */
const omit = (json: string, ...members: string[]) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(json)).filter(([k]) => !members.includes(k))));

describe("absent fields downstream: not sent is not NULL (real loader, real pipeline on DuckDB)", function () {
  this.timeout(5 * 60_000);
  let warehouse: TestWarehouse;
  let landing: string;
  let day = 27;

  /** Lands the files and ingests the landing folder as the next day's morning load. */
  async function land(files: Record<string, string>): Promise<void> {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(landing, name)), { recursive: true });
      fs.writeFileSync(path.join(landing, name), content);
    }
    await ingestLanding({ landingDir: landing, warehouseFile: warehouse.file, project: PROJECT, now: new Date(Date.UTC(2026, 10, day++, 1)), progress: false });
  }
  async function run(actions: string[]): Promise<void> {
    const result = await warehouse.run(actions);
    expect(result.status, failures(result)).to.equal("successful");
  }
  const rowsOf = (sql: string) => warehouse.query<Record<string, unknown>>(sql);

  beforeEach(async () => {
    warehouse = await TestWarehouse.create();
    landing = path.join(warehouse.dir, "landing");
    day = 27;
  });
  afterEach(() => warehouse.remove());

  it("keeps the last known store region when a store master file omits the region column", async () => {
    await land({ "stores/2026-11-27.csv": csv(STORES, "S001,Andheri,Mumbai,Maharashtra,WEST,HYPER,2020-01-01,") });
    await land({ "stores/2026-11-28.csv": without(["region"], STORES, "S001,Andheri West,Mumbai,Maharashtra,,HYPER,2020-01-01,", "S002,Baner,Pune,Maharashtra,,SUPER,2021-01-01,") });
    await run(["store_dim"]);
    const rows = await rowsOf(`SELECT store_id, store_name, region, unknown_attributes, in_latest_extract FROM "${PROJECT}".giga_curated.store_dim WHERE NOT is_special_member ORDER BY 1`);
    expect(rows).to.deep.equal([
      { store_id: "S001", store_name: "Andheri West", region: "WEST", unknown_attributes: [], in_latest_extract: true },
      { store_id: "S002", store_name: "Baner", region: null, unknown_attributes: ["region"], in_latest_extract: true },
    ]);
  });

  it("clears a store region that a later file sends empty: a real NULL, not unknown", async () => {
    await land({ "stores/2026-11-27.csv": csv(STORES, "S001,Andheri,Mumbai,Maharashtra,WEST,HYPER,2020-01-01,") });
    await land({ "stores/2026-11-28.csv": without(["region"], STORES, "S001,Andheri,Mumbai,Maharashtra,,HYPER,2020-01-01,") });
    await land({ "stores/2026-11-29.csv": csv(STORES, "S001,Andheri,Mumbai,Maharashtra,,HYPER,2020-01-01,2026-11-28") });
    await run(["store_dim"]);
    const rows = await rowsOf(`SELECT store_id, region, closed_date::VARCHAR AS closed_date, unknown_attributes FROM "${PROJECT}".giga_curated.store_dim WHERE store_id = 'S001'`);
    expect(rows).to.deep.equal([{ store_id: "S001", region: null, closed_date: "2026-11-28", unknown_attributes: [] }]);
  });

  it("keeps the last known product category and prices when a product file omits those columns", async () => {
    await land({ "products/2026-11-27.csv": csv(PRODUCTS, "P1,Soap,Home,Bath,Acme,5,10,true") });
    await land({ "products/2026-11-28.csv": without(["category", "unit_cost", "list_price"], PRODUCTS, "P1,Soap Bar,,Bath,Acme,,,false", "P2,Shampoo,,Hair,Acme,,,true") });
    await run(["product_dim"]);
    const rows = await rowsOf(`SELECT product_id, product_name, category, unit_cost::VARCHAR AS unit_cost, list_price::VARCHAR AS list_price, is_active, unknown_attributes
      FROM "${PROJECT}".giga_curated.product_dim WHERE NOT is_special_member ORDER BY 1`);
    expect(rows).to.deep.equal([
      { product_id: "P1", product_name: "Soap Bar", category: "Home", unit_cost: "5.000000000", list_price: "10.000000000", is_active: false, unknown_attributes: [] },
      { product_id: "P2", product_name: "Shampoo", category: "Uncategorised", unit_cost: null, list_price: null, is_active: true, unknown_attributes: ["category", "unit_cost", "list_price"] },
    ]);
  });

  it("names the columns an inventory snapshot file did not send, leaving stock value and the reorder flag unknown", async () => {
    await land({
      "inventory/2026-11-26-a.csv": csv(INVENTORY, "2026-11-26,S001,P1,3,5,2.5"),
      "inventory/2026-11-26-b.csv": without(["reorder_point", "unit_cost"], INVENTORY, "2026-11-26,S001,P2,3,5,2.5"),
    });
    await run(["inventory_snapshot_fact"]);
    const rows = await rowsOf(`SELECT product_id, reorder_point, stock_value::VARCHAR AS stock_value, is_below_reorder, unknown_attributes
      FROM "${PROJECT}".giga_curated.inventory_snapshot_fact ORDER BY 1`);
    expect(rows).to.deep.equal([
      { product_id: "P1", reorder_point: "5", stock_value: "7.500000000", is_below_reorder: true, unknown_attributes: [] },
      { product_id: "P2", reorder_point: null, stock_value: null, is_below_reorder: null, unknown_attributes: ["reorder_point", "unit_cost"] },
    ]);
  });

  it("marks a POS sale whose record did not send customer_id as an unknown customer, never a walk-in, in sales_fact and the marts; customer_360 names a profile field never sent", async () => {
    await land({
      "crm-profiles/2026-11-20.csv": without(["email"], "customer_id,first_name,last_name,email,phone,loyalty_tier,city,country,updated_at", "C1,Ann,Shah,a@x.in,9876543210,GOLD,Pune,IN,2026-11-20T10:00:00Z"),
      "pos/2026-11-26.jsonl": [pos("T1"), pos("T2", { customer_id: null }), omit(pos("T3"), "customer_id", "payment_type")].join("\n") + "\n",
    });
    await run(["daily_store_sales", "customer_360"]);
    const facts = await rowsOf(`SELECT transaction_id, customer_id, customer_sk IS NOT NULL AS has_version, is_walk_in, payment_type, unknown_attributes
      FROM "${PROJECT}".giga_curated.sales_fact ORDER BY 1`);
    expect(facts).to.deep.equal([
      { transaction_id: "T1", customer_id: "C1", has_version: true, is_walk_in: false, payment_type: "CASH", unknown_attributes: [] },
      { transaction_id: "T2", customer_id: null, has_version: false, is_walk_in: true, payment_type: "CASH", unknown_attributes: [] },
      { transaction_id: "T3", customer_id: null, has_version: false, is_walk_in: false, payment_type: null, unknown_attributes: ["customer_id", "payment_type"] },
    ]);
    const mart = await rowsOf(`SELECT transactions, customers, walk_in_transactions, unknown_customer_transactions FROM "${PROJECT}".giga_mart.daily_store_sales`);
    expect(mart).to.deep.equal([{ transactions: "3", customers: "1", walk_in_transactions: "1", unknown_customer_transactions: "1" }]);
    const customers = await rowsOf(`SELECT customer_id, transactions, email, unknown_attributes FROM "${PROJECT}".giga_mart.customer_360`);
    expect(customers).to.deep.equal([{ customer_id: "C1", transactions: "1", email: null, unknown_attributes: ["email"] }]);
  });

  it("points an e-commerce order that did not send its fulfilment store to the UNKNOWN store, not the central warehouse", async () => {
    await land({ "ecom-orders/2026-11-26.jsonl": [ecom("O1", { fulfillment_store_id: null }), omit(ecom("O2"), "fulfillment_store_id")].join("\n") + "\n" });
    await run(["sales_fact"]);
    const facts = await rowsOf(`SELECT transaction_id, store_id, store_key, unknown_attributes FROM "${PROJECT}".giga_curated.sales_fact ORDER BY 1`);
    expect(facts).to.deep.equal([
      { transaction_id: "O1", store_id: null, store_key: "WAREHOUSE", unknown_attributes: [] },
      { transaction_id: "O2", store_id: null, store_key: "UNKNOWN", unknown_attributes: ["store_id"] },
    ]);
  });
});
