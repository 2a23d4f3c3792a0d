import { expect } from "chai";
import { openLineageDatasets } from "../../analyst/lineage/openlineage";
import { dependentColumns, originColumns, projectLineage } from "../../analyst/lineage/project-lineage";
import { statementLineage, type ScriptTables } from "../../analyst/lineage/statement-lineage";
import type { ColumnLineage } from "../../analyst/lineage/types";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { TableCatalog } from "../../fidelity/catalog";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { PROJECT, projectGraph } from "../models/pipeline";

const shown = (sources: { column: { table: string; column: string }; derivation: string }[]) =>
  sources.map((s) => `${s.column.table}.${s.column.column}:${s.derivation}`).sort();

describe("column lineage from GoogleSQL resolved statements", function () {
  this.timeout(120_000);
  let service: ZetaSqlService;
  let analyzer: ZetaSqlAnalyzer;
  let catalog: TableCatalog;

  before(async () => {
    service = await startZetaSql();
    analyzer = new ZetaSqlAnalyzer(service, "UTC", { keepResolved: true });
    catalog = new TableCatalog("p");
    catalog.define("p.shop.sales", [
      { name: "store_id", type: "STRING" },
      { name: "amount", type: "NUMERIC" },
      { name: "sold_on", type: "DATE" },
    ]);
    catalog.define("p.shop.stores", [
      { name: "store_id", type: "STRING" },
      { name: "name", type: "STRING" },
      { name: "region", type: "STRING" },
    ]);
    catalog.define("p.shop.orders", [
      { name: "order_id", type: "STRING" },
      { name: "items", type: "ARRAY<STRUCT<sku STRING, qty INT64>>" },
    ]);
  });
  after(() => service.stop());

  /** The lineage of each permanent table a script writes, by `table.column`. */
  async function lineageOf(script: string): Promise<Map<string, string[]>> {
    const scriptTables: ScriptTables = new Map();
    const found = new Map<string, string[]>();
    for (const statement of await analyzer.analyzeScript(script, catalog)) {
      expect(statement.error, statement.sql).to.equal(undefined);
      const written = statementLineage(statement, scriptTables);
      for (const [column, sources] of written?.columns ?? []) found.set(`${written!.table}.${column}`, shown([...sources.values()]));
    }
    return found;
  }

  it("follows a CTE through a join and an aggregate: a grouped column is a copy, an aggregate a transform", async () => {
    const lineage = await lineageOf(`
      create table p.mart.by_region as
      with recent as (select store_id, amount from p.shop.sales where sold_on >= '2026-01-01')
      select st.region, sum(r.amount) as total, any_value(st.name) as a_store, count(*) as sales
      from recent as r join p.shop.stores as st using (store_id)
      group by st.region`);
    expect(Object.fromEntries(lineage)).to.deep.equal({
      "p.mart.by_region.region": ["p.shop.stores.region:copy"],
      "p.mart.by_region.total": ["p.shop.sales.amount:transform"],
      "p.mart.by_region.a_store": ["p.shop.stores.name:transform"],
      "p.mart.by_region.sales": [],
    });
  });

  it("takes the fields of an UNNESTed array from the array column, a window over them as a transform", async () => {
    const lineage = await lineageOf(`
      create table p.mart.items as
      select o.order_id, i.sku, i.qty * 2 as double_qty, sum(i.qty) over (partition by o.order_id) as order_qty
      from p.shop.orders as o, unnest(o.items) as i`);
    expect(Object.fromEntries(lineage)).to.deep.equal({
      "p.mart.items.order_id": ["p.shop.orders.order_id:copy"],
      "p.mart.items.sku": ["p.shop.orders.items:copy"],
      "p.mart.items.double_qty": ["p.shop.orders.items:transform"],
      "p.mart.items.order_qty": ["p.shop.orders.items:transform"],
    });
  });

  it("gives a MERGE's target columns the sources of its INSERT and UPDATE values, through a script's temp table", async () => {
    const lineage = await lineageOf(`
      create temp table staged as select store_id, upper(name) as name from p.shop.stores;
      merge p.shop.stores as t using (select store_id, name from staged) as s on t.store_id = s.store_id
      when matched then update set name = s.name
      when not matched then insert (store_id, name, region) values (s.store_id, s.name, 'UNKNOWN')`);
    expect(Object.fromEntries(lineage)).to.deep.equal({
      "p.shop.stores.name": ["p.shop.stores.name:transform"],
      "p.shop.stores.store_id": ["p.shop.stores.store_id:copy"],
      "p.shop.stores.region": [],
    });
  });

  describe("of this project, as Dataform compiles it", () => {
    let lineage: ColumnLineage[];
    const mart = (table: string) => `${PROJECT}.giga_mart.${table}`;

    before(async () => {
      lineage = await projectLineage(await projectGraph(), service);
    });

    it("traces daily_store_sales.net_sales through sales_fact and staging to the bronze columns it is computed from", () => {
      const direct = lineage.find((l) => l.output.table === mart("daily_store_sales") && l.output.column === "net_sales")!;
      expect(shown(direct.sources)).to.deep.equal([`${PROJECT}.giga_curated.sales_fact.net_amount:transform`]);
      const origins = originColumns(lineage, direct.output);
      // net_amount = gross - discount - return: quantity, unit_price and discount of the POS lines and
      // e-commerce items, and the order status that makes an item a return.
      expect(shown(origins)).to.deep.equal([
        `${PROJECT}.giga_raw.raw_ecom_orders.items:transform`,
        `${PROJECT}.giga_raw.raw_ecom_orders.status:transform`,
        `${PROJECT}.giga_raw.raw_pos_transactions.lines:transform`,
      ]);
    });

    it("keeps a column copied through every layer a copy, down to bronze", () => {
      const origins = originColumns(lineage, { table: mart("daily_store_sales"), column: "store_id" });
      expect(shown(origins)).to.deep.equal([
        `${PROJECT}.giga_raw.raw_ecom_orders.fulfillment_store_id:copy`,
        `${PROJECT}.giga_raw.raw_pos_transactions.store_id:copy`,
      ]);
    });

    it("finds the mart columns a silver column flows into", () => {
      const dependents = dependentColumns(lineage, { table: `${PROJECT}.giga_curated.sales_fact`, column: "net_amount" }).map((c) => `${c.table.split(".").slice(1).join(".")}.${c.column}`);
      expect(dependents).to.include.members(["giga_mart.daily_store_sales.net_sales", "giga_mart.daily_store_sales.average_basket", "giga_mart.daily_category_sales.net_sales"]);
      expect(dependents).to.not.include("giga_mart.daily_store_sales.units");
    });

    it("has lineage for the columns the incremental scripts' MERGE and INSERT statements write", () => {
      // customer_dim_scd2 is written by CREATE on a first run and by MERGE after; late_arriving_data only by pre-operations' INSERTs.
      const logged = lineage.filter((l) => l.output.table === `${PROJECT}.giga_monitoring.late_arriving_data`);
      const sourceTables = new Set(logged.flatMap((l) => l.sources.map((s) => s.column.table.split(".").pop())));
      expect([...sourceTables]).to.include.members(["stg_crm_customers", "raw_pos_transactions"]);
    });

    it("exports each table as an OpenLineage column-lineage dataset facet", () => {
      const [dataset] = openLineageDatasets(lineage.filter((l) => l.output.table === mart("daily_store_sales")));
      expect(dataset).to.include({ namespace: "bigquery", name: mart("daily_store_sales") });
      expect(dataset!.facets.columnLineage.fields.store_id!.inputFields).to.deep.equal([
        { namespace: "bigquery", name: `${PROJECT}.giga_curated.sales_fact`, field: "store_id", transformations: [{ type: "DIRECT", subtype: "IDENTITY", masking: false }] },
      ]);
      expect(dataset!.facets.columnLineage.fields.net_sales!.inputFields[0]!.transformations[0]!.subtype).to.equal("TRANSFORMATION");
    });
  });
});
