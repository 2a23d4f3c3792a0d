import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConstantEvaluator } from "../../analyst/cost/constants";
import { StatementCoster, type StatementCost } from "../../analyst/cost/statement-cost";
import { measureWarehouse } from "../../analyst/cost/table-sizes";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { TableCatalog } from "../../fidelity/catalog";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { Warehouse } from "../../runner/local/warehouse";

const PROJECT = "cost-test";
const MIB = 1024 * 1024;

interface Sale {
  id: number;
  name: string | null;
  price: string | null;
  active: boolean | null;
  sold_on: string;
  lines: { sku: string | null; qty: number }[];
}

const SALES: Sale[] = [
  { id: 1, name: "Chennai", price: "12.50", active: true, sold_on: "2026-01-01", lines: [{ sku: "a", qty: 1 }] },
  { id: 2, name: "मुंबई", price: null, active: false, sold_on: "2026-01-02", lines: [] },
  { id: 3, name: null, price: "3", active: null, sold_on: "2026-01-02", lines: [{ sku: "bb", qty: 2 }, { sku: null, qty: 3 }] },
  { id: 4, name: "Kochi ✓", price: "0.1", active: true, sold_on: "2026-01-03", lines: [{ sku: "ccc", qty: 4 }] },
];

// BigQuery's documented logical sizes (https://cloud.google.com/bigquery/pricing#data_size_calculation),
// written out here on their own: INT64/DATE 8, NUMERIC 16, BOOL 1, STRING 2 + UTF-8 bytes, NULL 0,
// ARRAY the sum of its elements, STRUCT the sum of its fields.
const str = (s: string | null) => (s === null ? 0 : 2 + Buffer.byteLength(s, "utf8"));
const SIZE: Record<keyof Sale, (s: Sale) => number> = {
  id: () => 8,
  name: (s) => str(s.name),
  price: (s) => (s.price === null ? 0 : 16),
  active: (s) => (s.active === null ? 0 : 1),
  sold_on: () => 8,
  lines: (s) => s.lines.reduce((n, l) => n + str(l.sku) + 8, 0),
};
const expected = (columns: (keyof Sale)[], rows = SALES) => rows.reduce((n, r) => n + columns.reduce((m, c) => m + SIZE[c](r), 0), 0);

describe("offline BigQuery cost of a statement", function () {
  this.timeout(60_000);
  let dir: string;
  let service: ZetaSqlService;
  let evaluator: ConstantEvaluator;
  let coster: StatementCoster;
  let catalog: TableCatalog;
  let sizes: Awaited<ReturnType<typeof measureWarehouse>>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-cost-"));
    const file = path.join(dir, "warehouse.duckdb");
    const warehouse = await Warehouse.open(file);
    await warehouse.attach(PROJECT);
    await warehouse.createSchema(PROJECT, "shop");
    const sql = (v: string | null) => (v === null ? "NULL" : `'${v}'`);
    await warehouse.connection.run(
      `CREATE TABLE "${PROJECT}".shop.sales (id BIGINT, name VARCHAR, price DECIMAL(38, 9), active BOOLEAN, sold_on DATE, lines STRUCT(sku VARCHAR, qty BIGINT)[])`,
    );
    for (const s of SALES) {
      const lines = `[${s.lines.map((l) => `{'sku': ${sql(l.sku)}, 'qty': ${l.qty}}`).join(", ")}]::STRUCT(sku VARCHAR, qty BIGINT)[]`;
      await warehouse.connection.run(`INSERT INTO "${PROJECT}".shop.sales VALUES (${s.id}, ${sql(s.name)}, ${s.price ?? "NULL"}, ${s.active ?? "NULL"}, DATE '${s.sold_on}', ${lines})`);
    }
    await warehouse.connection.run(`CREATE TABLE "${PROJECT}".shop.stores (store_id VARCHAR)`);
    await warehouse.connection.run(`INSERT INTO "${PROJECT}".shop.stores VALUES ('S1')`);
    await warehouse.recordTableOptions({ database: PROJECT, schema: "shop", name: "sales" }, { partitionBy: "sold_on" }, false);
    warehouse.close();

    sizes = await measureWarehouse(file, PROJECT);
    catalog = new TableCatalog(PROJECT);
    for (const table of sizes.values()) catalog.define(table.name, table.columns);
    service = await startZetaSql();
    evaluator = await ConstantEvaluator.open(file, PROJECT);
    coster = new StatementCoster({ sizes, evaluator, views: new Map(), scale: () => 1 });
  });

  after(async () => {
    evaluator?.close();
    await service?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function cost(script: string): Promise<StatementCost[]> {
    const analyses = await new ZetaSqlAnalyzer(service, "UTC", { keepResolved: true }).analyzeScript(script, catalog);
    const costs: StatementCost[] = [];
    const variables: string[] = [];
    for (const a of analyses) {
      expect(a.error, a.sql).to.equal(undefined);
      costs.push(await coster.statement(a, variables));
      if (a.kind === "DECLARE" || a.kind === "SET") variables.push(a.sql);
    }
    return costs;
  }

  it("bills a plain scan the logical bytes of the columns it reads, at BigQuery's documented sizes", async () => {
    const [scan] = await cost(`select id, name, price, active, lines from ${PROJECT}.shop.sales`);
    expect(scan!.bytes_processed).to.equal(expected(["id", "name", "price", "active", "lines"]));
    expect(scan!.reads[0]!.pruning).to.match(/^cannot prune: no filter on sold_on/);
    expect(scan!.bytes_billed, "the 10 MB minimum").to.equal(10 * MIB);
  });

  it("counts only the partitions a constant filter on the partition column keeps", async () => {
    const kept = SALES.filter((s) => s.sold_on >= "2026-01-02");
    for (const filter of ["sold_on >= '2026-01-02'", "sold_on >= date_sub(date '2026-01-04', interval 2 day)", "sold_on between '2026-01-02' and '2026-01-09'"]) {
      const [scan] = await cost(`select id, name from ${PROJECT}.shop.sales where ${filter}`);
      expect(scan!.bytes_processed, filter).to.equal(expected(["id", "name", "sold_on"], kept));
      expect(scan!.reads[0]!.pruning, filter).to.match(/^kept 2 of 3 partitions/);
    }
  });

  it("prunes with a script variable's value, as a watermark filter does", async () => {
    const [, scan] = await cost(`declare since date default date '2026-01-03'; select id from ${PROJECT}.shop.sales where sold_on >= since`);
    expect(scan!.bytes_processed).to.equal(expected(["id", "sold_on"], SALES.filter((s) => s.sold_on >= "2026-01-03")));
  });

  it("says a filter that compares with a subquery cannot prune, and bills every partition", async () => {
    const [scan] = await cost(`select id, name from ${PROJECT}.shop.sales where sold_on = (select max(sold_on) from ${PROJECT}.shop.sales)`);
    expect(scan!.reads[0]!.pruning).to.match(/cannot prune: .*compares with a subquery/);
    expect(scan!.bytes_processed, "the table read once, every column over all partitions").to.equal(expected(["id", "name", "sold_on"]));
  });

  it("bills a DELETE the columns it reads plus every column of the partitions it rewrites", async () => {
    const [del] = await cost(`delete from ${PROJECT}.shop.sales where sold_on = '2026-01-02'`);
    const partition = SALES.filter((s) => s.sold_on === "2026-01-02");
    expect(del!.bytes_processed).to.equal(expected(["sold_on"], partition) + expected(["id", "name", "price", "active", "sold_on", "lines"], partition));
  });

  it("bills only the columns the outer query uses of a SELECT * subquery, as an assertion's row count does", async () => {
    const [count] = await cost(`select sum(1) as row_count from (select 'price' as failing, * from ${PROJECT}.shop.sales where not (price is not null))`);
    expect(count!.reads[0]!.columns).to.deep.equal(["price"]);
    expect(count!.bytes_processed).to.equal(expected(["price"]));
  });

  it("bills of each arm of a UNION ALL the columns at the positions the outer query uses, and every column under UNION DISTINCT", async () => {
    const arms = `select 'price' as failing, * from ${PROJECT}.shop.sales where not (price is not null)
      union all select 'name' as failing, * from ${PROJECT}.shop.sales where not (name is not null)`;
    const [all] = await cost(`select failing, id from (${arms})`);
    expect([...all!.reads[0]!.columns].sort()).to.deep.equal(["id", "name", "price"]);
    expect(all!.bytes_processed).to.equal(expected(["id", "name", "price"]));
    const [distinct] = await cost(`select count(*) from (select * from ${PROJECT}.shop.sales union distinct select * from ${PROJECT}.shop.sales)`);
    expect(distinct!.bytes_processed).to.equal(expected(["id", "name", "price", "active", "sold_on", "lines"]));
  });

  it("bills a WITH query's columns only where a reference to it uses them", async () => {
    const [once] = await cost(`with s as (select * from ${PROJECT}.shop.sales), priced as (select * from s where price is not null) select count(*), sum(id) from priced`);
    expect([...once!.reads[0]!.columns].sort()).to.deep.equal(["id", "price"]);
    const [twice] = await cost(`with s as (select * from ${PROJECT}.shop.sales) select a.name from s as a join s as b using (id)`);
    expect([...twice!.reads[0]!.columns].sort()).to.deep.equal(["id", "name"]);
    expect(twice!.bytes_processed, "a table referenced twice is read once").to.equal(expected(["id", "name"]));
  });

  it("bills a query of a view only the view's columns it uses", async () => {
    const [view] = await new ZetaSqlAnalyzer(service, "UTC", { keepResolved: true }).analyzeScript(
      `create view ${PROJECT}.shop.unpriced as select 'price' as failing, * from ${PROJECT}.shop.sales where not (price is not null)`,
      catalog,
    );
    const sales = sizes.get(`${PROJECT}.shop.sales`)!;
    const withView = new TableCatalog(PROJECT);
    for (const table of sizes.values()) withView.define(table.name, table.columns);
    withView.define(`${PROJECT}.shop.unpriced`, [{ name: "failing", type: "STRING" }, ...sales.columns]);
    const viewCoster = new StatementCoster({ sizes, evaluator, views: new Map([[`${PROJECT}.shop.unpriced`, view!]]), scale: () => 1 });
    for (const [query, columns] of [["select sum(1) as row_count", ["price"]], ["select failing, name", ["name", "price"]]] as const) {
      const [analysis] = await new ZetaSqlAnalyzer(service, "UTC", { keepResolved: true }).analyzeScript(`${query} from ${PROJECT}.shop.unpriced`, withView);
      const read = await viewCoster.statement(analysis!, []);
      expect([...read.reads[0]!.columns].sort(), query).to.deep.equal(columns);
      expect(read.bytes_processed, query).to.equal(expected([...columns]));
    }
  });

  it("bills at least 10 MB for each table a query references", async () => {
    const [join] = await cost(`select s.id from ${PROJECT}.shop.sales as s cross join ${PROJECT}.shop.stores`);
    expect(join!.bytes_billed).to.equal(20 * MIB);
    const [none] = await cost("select 1 as one");
    expect(none).to.include({ bytes_processed: 0, bytes_billed: 0 });
  });
});
