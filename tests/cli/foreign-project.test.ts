import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { Warehouse } from "../../runner/local/warehouse";
import { FIXTURES, tempDir } from "../runner/fixtures";
import { gigamart } from "./gigamart";

const PROJECT = path.join(FIXTURES, "foreign-project");

describe("gigamart on another company's Dataform project (--project-dir)", () => {
  const dir = tempDir();
  const warehouse = path.join(dir, "w.duckdb");
  const run = (...args: string[]) => gigamart(["run", "--project-dir", PROJECT, "--warehouse", warehouse, "--reports", path.join(dir, "reports"), ...args]);
  const query = (sql: string) => {
    const r = gigamart(["query", "--project-dir", PROJECT, "--warehouse", warehouse, "--format", "json", sql]);
    expect(r.code, r.stderr).to.equal(0);
    return JSON.parse(r.stdout) as Record<string, unknown>[];
  };

  before(function () {
    this.timeout(120_000);
    // The seed operation stands in for the loader that lands acme_raw before the pipeline runs.
    const seed = run("--tags", "seed");
    expect(seed.code, seed.stderr).to.equal(0);
    const all = run();
    expect(all.code, all.stderr).to.equal(0);
    expect(all.stderr).to.contain("run passed: 9 successful, 0 failed");
  });

  it("creates its tables under its own defaultProject and datasets, nothing under GigaMart's", async () => {
    const tables = query("select table_schema, table_name, table_type from `region-eu`.INFORMATION_SCHEMA.TABLES order by 1, 2");
    expect(tables).to.deep.equal([
      { table_schema: "acme_quality", table_name: "acme_reporting_order_lines_assertions_rowConditions", table_type: "VIEW" },
      { table_schema: "acme_quality", table_name: "acme_reporting_order_lines_assertions_uniqueKey_0", table_type: "VIEW" },
      { table_schema: "acme_quality", table_name: "order_lines_positive_qty", table_type: "VIEW" },
      { table_schema: "acme_raw", table_name: "customers", table_type: "BASE TABLE" },
      { table_schema: "acme_raw", table_name: "orders", table_type: "BASE TABLE" },
      { table_schema: "acme_reporting", table_name: "large_orders", table_type: "BASE TABLE" },
      { table_schema: "acme_reporting", table_name: "order_lines", table_type: "BASE TABLE" },
      { table_schema: "acme_reporting", table_name: "promotions", table_type: "BASE TABLE" },
    ]);
    // One project, so one DuckDB file: a table under gigamart-dev would have opened w.gigamart-dev.duckdb beside it.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".duckdb"))).to.deep.equal(["w.duckdb"]);
    const opened = await Warehouse.open(warehouse, { readOnly: true });
    try {
      await opened.attach("acme-analytics");
      const rows = (await opened.connection.runAndReadAll(`SELECT count(*) FROM "acme-analytics".acme_reporting.order_lines`)).getRows();
      expect(Number(rows[0]![0])).to.equal(6);
    } finally {
      opened.close();
    }
  });

  it("resolves dataset.table in its own project", () => {
    expect(query("select count(*) as n from `acme-analytics.acme_raw.customers`")).to.deep.equal([{ n: "3" }]);
  });

  it("reads STRUCTs and ARRAY<STRUCT> the way BigQuery does: UNNEST WITH OFFSET, field access, ARRAY_AGG of STRUCTs", () => {
    expect(query("select order_id, line_number, sku, qty, amount from acme_reporting.order_lines where order_id = 103 order by line_number")).to.deep.equal([
      { order_id: 103, line_number: "0", sku: "C-3", qty: 4, amount: "21.000000000" },
      { order_id: 103, line_number: "1", sku: "A-1", qty: 3, amount: "22.500000000" },
      { order_id: 103, line_number: "2", sku: "B-2", qty: 1, amount: "12.000000000" },
    ]);
    expect(query("select order_id, customer.name, customer.city, segments, lines[offset(0)] as first_line, total from acme_reporting.large_orders order by 1")).to.deep.equal([
      { order_id: 101, name: "Ada", city: "Berlin", segments: ["b2b", "vip"], first_line: { sku: "A-1", qty: 2 }, total: "27.000000000" },
      { order_id: 103, name: "Ada", city: "Berlin", segments: ["b2b", "vip"], first_line: { sku: "C-3", qty: 4 }, total: "55.500000000" },
    ]);
  });

  it("puts its assertions in its own assertion dataset", () => {
    const report = JSON.parse(fs.readFileSync(path.join(dir, "reports", "latest", "run.json"), "utf8")) as { actions: { name: string; kind: string; status: string }[] };
    expect(report.actions.filter((a) => a.kind === "assertion").map((a) => [a.name, a.status])).to.deep.equal([
      ["acme-analytics.acme_quality.order_lines_positive_qty", "successful"],
      ["acme-analytics.acme_quality.acme_reporting_order_lines_assertions_uniqueKey_0", "successful"],
      ["acme-analytics.acme_quality.acme_reporting_order_lines_assertions_rowConditions", "successful"],
    ]);
  });

  it("expands the fields of UNNEST(IF(…, [STRUCT…], […])) into columns, as BigQuery does", () => {
    expect(query("select code, percent_off from acme_reporting.promotions order by code")).to.deep.equal([
      { code: "EU10", percent_off: 10 },
      { code: "EU20", percent_off: 20 },
    ]);
  });

  it("honours its vars, with --vars on top", () => {
    expect(query("select distinct currency from acme_reporting.order_lines")).to.deep.equal([{ currency: "EUR" }]);
    // min_order_total is 20 in workflow_settings.yaml: Grace's 7.50 order is left out, until --vars lowers it.
    const lowered = run("--full-refresh", "--vars=min_order_total=5", "--actions", "large_orders");
    expect(lowered.code, lowered.stderr).to.equal(0);
    expect(query("select order_id from acme_reporting.large_orders order by 1")).to.deep.equal([{ order_id: 101 }, { order_id: 102 }, { order_id: 103 }]);
  });

  it("applies GigaMart's env config instead when --env is given", () => {
    const own = JSON.parse(gigamart(["compile", "--project-dir", PROJECT, "--json"]).stdout);
    expect(own.projectConfig).to.include({ defaultDatabase: "acme-analytics", defaultSchema: "acme_reporting", assertionSchema: "acme_quality" });
    expect(own.projectConfig.vars).to.deep.equal({ raw_dataset: "acme_raw", min_order_total: "20", currency: "EUR" });

    const dev = JSON.parse(gigamart(["compile", "--project-dir", PROJECT, "--env", "dev", "--json"]).stdout);
    expect(dev.projectConfig.defaultDatabase).to.equal("gigamart-dev");
    expect(dev.projectConfig.vars).to.include({ raw_dataset: "giga_raw", source_time_zone: "Asia/Kolkata", currency: "EUR" });
    const orders = dev.tables.find((t: { target: { name: string } }) => t.target.name === "orders");
    expect(orders.target).to.deep.equal({ database: "gigamart-dev", schema: "giga_raw", name: "orders" });
  });

  it("refuses --target bigquery, which runs this repo's Dataform repository, not the folder given", () => {
    const r = gigamart(["run", "--project-dir", PROJECT, "--target", "bigquery", "--dry-run"]);
    expect(r.code).to.equal(1);
    expect(r.firstErrorLine).to.equal(`gigamart: --target bigquery runs this repo's Dataform repository; ${PROJECT} is another project (run it locally, or from its own Dataform repository)`);
  });

  it("names a missing defaultProject in one line", () => {
    const broken = tempDir();
    fs.cpSync(PROJECT, broken, { recursive: true });
    const settings = path.join(broken, "workflow_settings.yaml");
    fs.writeFileSync(settings, fs.readFileSync(settings, "utf8").replace(/^defaultProject: .*\n/m, ""));
    const r = gigamart(["compile", "--project-dir", broken]);
    expect(r.code).to.equal(1);
    expect(r.firstErrorLine).to.match(/^gigamart: .*workflow_settings\.yaml: defaultProject: missing: a local run needs the project its tables land in \(or give --env\)$/);
  });

  it("still compiles this repo with GigaMart's config, dev unless --env says otherwise", () => {
    const dev = JSON.parse(gigamart(["compile", "--json"]).stdout);
    expect(dev.projectConfig.defaultDatabase).to.equal("gigamart-dev");
    expect(dev.projectConfig.vars).to.include({ raw_dataset: "giga_raw", mart_dataset: "giga_mart" });
    const prod = JSON.parse(gigamart(["compile", "--env", "prod", "--json"]).stdout);
    expect(prod.projectConfig.defaultDatabase).to.equal("gigamart-prod");
  });
});
