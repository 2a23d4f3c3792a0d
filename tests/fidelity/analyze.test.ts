import { expect } from "chai";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { TableCatalog } from "../../fidelity/catalog";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";

describe("analyzing BigQuery scripts with ZetaSQL", () => {
  let service: ZetaSqlService;
  let analyzer: ZetaSqlAnalyzer;
  let catalog: TableCatalog;

  before(async () => {
    service = await startZetaSql();
    analyzer = new ZetaSqlAnalyzer(service);
    catalog = new TableCatalog("gigamart-dev");
    catalog.define("gigamart-dev.giga_raw.raw_pos_transactions", [
      { name: "transaction_id", type: "STRING" },
      { name: "event_ts", type: "TIMESTAMP" },
      { name: "lines", type: "ARRAY<STRUCT<line_no INT64, quantity INT64, unit_price NUMERIC>>" },
    ]);
  });
  after(() => service.stop());

  it("resolves a table by its quoted full name, its dataset.table form and its dotted parts", async () => {
    for (const name of ["`gigamart-dev.giga_raw.raw_pos_transactions`", "giga_raw.raw_pos_transactions", "`gigamart-dev`.giga_raw.raw_pos_transactions"]) {
      const [result] = await analyzer.analyzeScript(`select transaction_id from ${name}`, catalog);
      expect(result.error, name).to.equal(undefined);
      expect(result.columns).to.deep.equal([{ name: "transaction_id", type: "STRING" }]);
    }
  });

  it("reports the output schema of a CREATE TABLE AS SELECT with partitioning, clustering and options", async () => {
    const [result] = await analyzer.analyzeScript(
      "create or replace table `gigamart-dev.giga_curated.sales` partition by sale_date cluster by transaction_id OPTIONS(require_partition_filter=true) as " +
        "select transaction_id, date(event_ts, 'Asia/Kolkata') as sale_date, l.quantity * l.unit_price as amount " +
        "from giga_raw.raw_pos_transactions, unnest(lines) as l qualify row_number() over (partition by transaction_id order by event_ts) = 1",
      catalog,
    );
    expect(result).to.include({ kind: "CREATE_TABLE_AS_SELECT", creates: "gigamart-dev.giga_curated.sales" });
    expect(result.columns).to.deep.equal([
      { name: "transaction_id", type: "STRING" },
      { name: "sale_date", type: "DATE" },
      { name: "amount", type: "NUMERIC" },
    ]);
  });

  it("lets later statements of a script see a table an earlier one created, without changing the catalog", async () => {
    const results = await analyzer.analyzeScript(
      "create or replace view `gigamart-dev.giga_assertions.a1` as select transaction_id from giga_raw.raw_pos_transactions;\n" +
        "select sum(1) as row_count from `gigamart-dev.giga_assertions.a1`",
      catalog,
    );
    expect(results.map((r) => [r.kind, r.error])).to.deep.equal([["CREATE_VIEW", undefined], ["QUERY", undefined]]);
    expect(catalog.has("gigamart-dev.giga_assertions.a1")).to.equal(false);
  });

  it("keeps DECLAREd variables in scope with the type of their default, across SET, IF and BEGIN blocks", async () => {
    const results = await analyzer.analyzeScript(
      [
        "declare last_ts default (select max(event_ts) from giga_raw.raw_pos_transactions);",
        "declare n int64;",
        "set n = 3;",
        "if n > 2 then",
        "  select transaction_id from giga_raw.raw_pos_transactions where event_ts > last_ts;",
        "end if;",
        "begin select timestamp_add(last_ts, interval n day) as t; end;",
      ].join("\n"),
      catalog,
    );
    expect(results.map((r) => r.error).filter(Boolean)).to.deep.equal([]);
    expect(results[0].columns).to.deep.equal([{ name: "last_ts", type: "TIMESTAMP" }]);
    expect(results.map((r) => [r.kind, r.line])).to.deep.equal([["DECLARE", 1], ["DECLARE", 2], ["SET", 3], ["QUERY", 5], ["QUERY", 7]]);
    expect(results[4].columns).to.deep.equal([{ name: "t", type: "TIMESTAMP" }]);
  });

  it("rejects a DEFAULT or SET value that BigQuery cannot coerce to the variable's type, and accepts one it can", async () => {
    const errors = async (sql: string) => (await analyzer.analyzeScript(sql, catalog)).map((r) => r.error).filter(Boolean);
    expect(await errors("declare d date default '2024-02-29';\nset d = '2024-03-01'")).to.deep.equal([]);
    expect(await errors("declare n int64 default 1.5")).to.deep.equal(["Cannot assign a value of type FLOAT64 to n of type INT64 [at 1:25]"]);
    expect(await errors("declare t timestamp;\nset t = (select max(transaction_id) from giga_raw.raw_pos_transactions)")).to.deep.equal([
      "Cannot assign a value of type STRING to t of type TIMESTAMP [at 2:9]",
    ]);
  });

  it("analyzes MERGE and INSERT against an existing table", async () => {
    const scope = catalog.fork();
    scope.define("gigamart-dev.giga_curated.t", [{ name: "id", type: "STRING" }, { name: "ts", type: "TIMESTAMP" }]);
    const results = await analyzer.analyzeScript(
      "merge `gigamart-dev.giga_curated.t` DATAFORM_DEST using (select transaction_id as id, event_ts as ts from giga_raw.raw_pos_transactions) DATAFORM_SOURCE " +
        "on DATAFORM_DEST.id = DATAFORM_SOURCE.id when matched then update set `ts` = DATAFORM_SOURCE.ts when not matched then insert (`id`,`ts`) values (`id`,`ts`);\n" +
        "insert into `gigamart-dev.giga_curated.t` (`id`,`ts`) select `id`,`ts` from (select transaction_id as id, event_ts as ts from giga_raw.raw_pos_transactions) as insertions",
      scope,
    );
    expect(results.map((r) => [r.kind, r.error])).to.deep.equal([["MERGE", undefined], ["INSERT", undefined]]);
  });

  it("resolves a script's temp table by its one-part name", async () => {
    const results = await analyzer.analyzeScript(
      "create temp table staging as select transaction_id from giga_raw.raw_pos_transactions;\nselect count(distinct transaction_id) as n from staging",
      catalog,
    );
    expect(results.map((r) => [r.kind, r.error])).to.deep.equal([["CREATE_TABLE_AS_SELECT", undefined], ["QUERY", undefined]]);
  });

  it("names the line and column of an unknown column, counted from the start of the script", async () => {
    const results = await analyzer.analyzeScript("select 1;\nselect\n  transaction_idd from giga_raw.raw_pos_transactions", catalog);
    expect(results[1].error).to.equal("Unrecognized name: transaction_idd; Did you mean transaction_id? [at 3:3]");
    expect(results[1].line).to.equal(2);
  });

  it("rejects DuckDB-only syntax, DuckDB functions and wrong argument types as BigQuery would", async () => {
    const error = async (sql: string) => (await analyzer.analyzeScript(sql, catalog)).map((r) => r.error).find(Boolean);
    expect(await error("select transaction_id::string from giga_raw.raw_pos_transactions")).to.match(/^Syntax error: .*\[at 1:22\]/);
    expect(await error("select list_value(1, 2)")).to.match(/^Function not found: list_value/);
    expect(await error("select farm_fingerprint(1)")).to.match(/^No matching signature for function FARM_FINGERPRINT/);
    expect(await error("declare x default (select nope(1));\nselect x")).to.match(/^Function not found: nope \[at 1:27\]/);
  });

  it("skips the statements the local service cannot resolve, saying which", async () => {
    const [result] = await analyzer.analyzeScript("call `gigamart-dev.giga_curated.refresh`()", catalog);
    expect(result.skipped).to.match(/^Statement not supported: CallStatement/);
    expect(result.error).to.equal(undefined);
  });
});
