import { expect } from "chai";
import { parse } from "csv-parse/sync";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { initTranslator } from "../../runner/translate";
import { queryFixture, runQuery } from "./query-fixture";

// Column names as the BigQuery pages list them, checked 2026-12-01:
// https://cloud.google.com/bigquery/docs/information-schema-tables, -columns, -partitions
const TABLES_FIRST = ["table_catalog", "table_schema", "table_name", "table_type"];
const PARTITIONS = ["table_catalog", "table_schema", "table_name", "partition_id", "total_rows", "total_logical_bytes", "total_billable_bytes", "last_modified_time", "storage_tier"];

describe("gigamart query answers BigQuery's INFORMATION_SCHEMA", function () {
  this.timeout(300_000);
  let service: ZetaSqlService;
  let file: string;
  const rows = async (sql: string) => parse((await runQuery(sql, file, service)).out, { columns: true }) as Record<string, string>[];
  const refusal = (sql: string) => runQuery(sql, file, service).then(() => "", (e: Error) => e.message);

  before(async () => {
    // one translator for the many queries, as for the analyzer
    [service, { file }] = await Promise.all([startZetaSql(), queryFixture(), initTranslator()]);
  });
  after(async () => service?.stop());

  it("lists a dataset's tables and views in TABLES, with BigQuery's column names", async () => {
    const { out } = await runQuery("select * from analytics.INFORMATION_SCHEMA.TABLES order by table_name", file, service);
    expect(out.split("\n")[0]!.split(",").slice(0, 4)).to.deep.equal(TABLES_FIRST);
    const tables = await rows("select table_catalog, table_name, table_type, is_insertable_into from analytics.INFORMATION_SCHEMA.TABLES order by table_name");
    expect(tables).to.deep.equal([
      { table_catalog: "gigamart-dev", table_name: "customers", table_type: "BASE TABLE", is_insertable_into: "YES" },
      { table_catalog: "gigamart-dev", table_name: "events", table_type: "BASE TABLE", is_insertable_into: "YES" },
      { table_catalog: "gigamart-dev", table_name: "recent", table_type: "VIEW", is_insertable_into: "NO" },
    ]);
  });

  it("gives each column's GoogleSQL type, nullability, partitioning and clustering position in COLUMNS", async () => {
    const columns = await rows(
      "select table_name, column_name, ordinal_position, is_nullable, data_type, is_partitioning_column, clustering_ordinal_position from `gigamart-dev`.analytics.INFORMATION_SCHEMA.COLUMNS where table_name != 'recent' order by table_name, ordinal_position",
    );
    expect(columns.map((c) => Object.values(c).join(" "))).to.deep.equal([
      "customers customer_id 1 NO STRING NO ",
      "customers updated_at 2 YES TIMESTAMP YES ",
      "events id 1 YES INT64 NO 2",
      "events event_date 2 YES DATE YES ",
      "events flag 3 YES BOOL NO ",
      "events note 4 YES STRING NO 1",
      "events tags 5 YES ARRAY<STRING> NO ",
    ]);
  });

  it("counts rows per partition in PARTITIONS, __NULL__ for a NULL partitioning value, no views", async () => {
    const { out } = await runQuery("select * from analytics.INFORMATION_SCHEMA.PARTITIONS limit 0", file, service);
    expect(out.trim().split(",")).to.deep.equal(PARTITIONS);
    const partitions = await rows("select table_name, partition_id, total_rows from `gigamart-dev.analytics.INFORMATION_SCHEMA.PARTITIONS` order by 1, 2");
    expect(partitions.map((p) => Object.values(p).join(" "))).to.deep.equal([
      "customers 20261101 1",
      "customers __NULL__ 1",
      "events 20261101 1",
      "events 20261102 1",
      "events 20261103 1",
    ]);
  });

  it("answers the region-qualified form for every dataset, with types the analyzer checks", async () => {
    const all = await rows("select count(*) as n, max(ordinal_position) + 1 as next from `region-asia-south1`.INFORMATION_SCHEMA.COLUMNS");
    expect(all).to.deep.equal([{ n: "8", next: "6" }]);
    const quoted = await rows("select table_name from `gigamart-dev`.`region-asia-south1`.INFORMATION_SCHEMA.TABLES where table_type = 'VIEW'");
    expect(quoted).to.deep.equal([{ table_name: "recent" }]);
  });

  it("refuses a region it does not hold, PARTITIONS without a dataset and INFORMATION_SCHEMA without a qualifier", async () => {
    expect(await refusal("select * from `region-us`.INFORMATION_SCHEMA.TABLES")).to.match(/^query refused: .*region-us/);
    expect(await refusal("select * from `region-asia-south1`.INFORMATION_SCHEMA.PARTITIONS")).to.match(/^query refused: .*PARTITIONS/);
    expect(await refusal("select * from INFORMATION_SCHEMA.TABLES")).to.match(/^query refused: /);
    expect(await refusal("select no_such_column from analytics.INFORMATION_SCHEMA.TABLES")).to.match(/^query refused: Unrecognized name: no_such_column/);
  });
});
