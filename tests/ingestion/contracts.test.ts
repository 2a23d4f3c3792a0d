import { expect } from "chai";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  bigQueryDdl,
  bigQuerySchemaFile,
  bigQuerySchemaFileText,
  bronzeTable,
  bronzeTables,
  commonColumns,
  dataformColumnDocs,
  duckDbDdl,
  sourceContract,
  sources,
} from "../../ingestion/contracts";
import { process_crm, process_pos } from "../../ingestion/udf";
import { clearUdfContext, FIXED_CONTEXT, setUdfContext } from "./helpers";

describe("ingestion contracts", () => {
  it("defines one bronze table per source plus the manifest and the stream's dead letters", () => {
    expect(bronzeTables.map((t) => t.name)).to.have.members([
      "raw_pos_transactions",
      "raw_ecom_orders",
      "raw_crm_customers",
      "raw_inventory_snapshots",
      "raw_store_master",
      "raw_product_master",
      "ingest_manifest",
      "raw_pos_transactions_dead_letter",
    ]);
    for (const s of sources) expect(bronzeTable(s.bronzeTable).source).to.equal(s.name);
  });

  it("partitions bronze as the design says", () => {
    const partition = (name: string) => bronzeTable(name).partition;
    expect(partition("raw_pos_transactions")).to.deep.equal({ column: "event_date" });
    expect(partition("raw_ecom_orders")).to.deep.equal({ column: "order_date" });
    expect(partition("raw_crm_customers")).to.deep.equal({ expression: "DATE(updated_at)" });
    expect(partition("raw_inventory_snapshots")).to.deep.equal({ column: "snapshot_date" });
    expect(partition("raw_store_master")).to.equal(undefined);
  });

  it("ends every source table with the common columns, and only CRM keeps extra attributes", () => {
    for (const s of sources) {
      const names = bronzeTable(s.bronzeTable).columns.map((c) => c.name);
      expect(names.slice(-commonColumns.length)).to.deep.equal(["raw_payload", "record_hash", "dq_status", "dq_errors", "absent_fields", "source_file", "ingestion_ts"]);
      expect(names.includes("raw_extra_attributes")).to.equal(s.name === "crm");
    }
  });

  it("writes the template schema file with POS lines as a REPEATED RECORD of NUMERIC money", () => {
    const file = bigQuerySchemaFile(bronzeTable("raw_pos_transactions"));
    const lines = file["BigQuery Schema"].find((f) => f.name === "lines")!;
    expect(lines).to.include({ type: "RECORD", mode: "REPEATED" });
    expect(lines.fields!.find((f) => f.name === "unit_price")).to.include({ type: "NUMERIC", mode: "NULLABLE" });
    expect(file["BigQuery Schema"].find((f) => f.name === "dq_errors")).to.include({ type: "STRING", mode: "REPEATED" });
    expect(JSON.parse(bigQuerySchemaFileText(bronzeTable("raw_pos_transactions")))).to.deep.equal(file);
  });

  it("writes BigQuery DDL with partitioning, clustering, nested types and descriptions", () => {
    const ddl = bigQueryDdl(bronzeTable("raw_crm_customers"), "gigamart-dev", "giga_raw");
    expect(ddl).to.match(/^CREATE TABLE IF NOT EXISTS `gigamart-dev\.giga_raw\.raw_crm_customers` \(/);
    expect(ddl).to.contain("\nPARTITION BY DATE(updated_at)\nCLUSTER BY customer_id\n");
    expect(ddl).to.contain("record_hash STRING NOT NULL OPTIONS(description=");
    const pos = bigQueryDdl(bronzeTable("raw_pos_transactions"), "p", "d");
    expect(pos).to.match(/lines ARRAY<STRUCT<line_no INT64 OPTIONS\(description="[^"]+"\), product_id STRING/);
    expect(pos).to.contain("dq_errors ARRAY<STRING>");
  });

  it("creates every bronze table in DuckDB with BigQuery's NUMERIC precision and nested lists", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    await c.run(`ATTACH ':memory:' AS "gigamart-dev"`);
    await c.run(`CREATE SCHEMA "gigamart-dev".giga_raw`);
    for (const t of bronzeTables) await c.run(duckDbDdl(t, "gigamart-dev", "giga_raw"));
    const types = (
      await c.runAndReadAll(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = 'gigamart-dev' AND table_name = 'raw_pos_transactions'`,
      )
    ).getRowObjectsJson();
    const typeOf = (n: string) => types.find((r) => r.column_name === n)?.data_type;
    expect(typeOf("total_amount")).to.equal("DECIMAL(38,9)");
    expect(typeOf("lines")).to.equal(
      "STRUCT(line_no BIGINT, product_id VARCHAR, quantity BIGINT, unit_price DECIMAL(38,9), discount DECIMAL(38,9))[]",
    );
    expect(typeOf("event_ts")).to.equal("TIMESTAMP WITH TIME ZONE");
    expect(typeOf("dq_errors")).to.equal("VARCHAR[]");
    c.closeSync();
    instance.closeSync();
  });

  it("gives Dataform declarations nested column docs", () => {
    const docs = dataformColumnDocs(bronzeTable("raw_ecom_orders"));
    expect(docs.order_id).to.be.a("string").and.contain("Required");
    const items = docs.items as { description: string; columns: Record<string, unknown> };
    expect(items.columns.unit_price).to.be.a("string");
    expect(Object.keys(docs)).to.deep.equal(bronzeTable("raw_ecom_orders").columns.map((c) => c.name));
  });

  it("has UDF rows whose keys are exactly the bronze columns, in order", () => {
    setUdfContext({ ...FIXED_CONTEXT, header: "customer_id,updated_at" });
    try {
      for (const [fn, table] of [
        [process_pos, "raw_pos_transactions"],
        [process_crm, "raw_crm_customers"],
      ] as const) {
        const row = JSON.parse(fn("not a record")!);
        expect(Object.keys(row)).to.deep.equal(bronzeTable(table).columns.map((c) => c.name));
      }
    } finally {
      clearUdfContext();
    }
  });

  it("names the known sources when asked for an unknown one", () => {
    expect(() => sourceContract("loyalty")).to.throw("unknown source 'loyalty' (known: stores, products, crm, inventory, pos, ecom)");
  });
});
