import { expect } from "chai";
import { graphActions, type Action } from "../../runner/dataform/actions";
import type { CompiledTable } from "../../runner/dataform/compiled-graph";
import { concatenateQueries, ExecutionSql, UnsupportedActionError } from "../../runner/dataform/execution-sql";
import { compileFixture } from "./fixtures";

const project = { defaultDatabase: "p", defaultSchema: "ds" };
const table = (extra: Partial<CompiledTable>): Action => ({
  kind: extra.enumType === "VIEW" ? "view" : extra.enumType === "INCREMENTAL" ? "incremental" : "table",
  name: "p.ds.t",
  table: { target: { database: "p", schema: "ds", name: "t" }, fileName: "definitions/t.sqlx", enumType: "TABLE", query: "select 1 as id", ...extra },
});

describe("the BigQuery SQL Dataform's CLI sends for each action", () => {
  const sql = new ExecutionSql(project);

  it("creates a table with partitioning, clustering and options in one statement", () => {
    const [task] = sql.tasks(
      table({ bigquery: { partitionBy: "event_date", clusterBy: ["store_id", "product_id"], requirePartitionFilter: true, partitionExpirationDays: 30 } }),
      undefined,
    );
    expect(task!.statement).to.equal(
      "create or replace table `p.ds.t` partition by event_date cluster by store_id, product_id OPTIONS(partition_expiration_days=30,require_partition_filter=true)as select 1 as id",
    );
  });

  it("joins pre-operations, the DDL and post-operations into one script", () => {
    const [task] = sql.tasks(table({ preOps: ["declare x default 1"], postOps: ["select 2 -- done"] }), undefined);
    expect(task!.statement).to.equal("declare x default 1;\ncreate or replace table `p.ds.t` as select 1 as id;\nselect 2 -- done");
  });

  it("creates an incremental table on its first run and merges on uniqueKey afterwards", () => {
    const incremental = table({
      enumType: "INCREMENTAL",
      uniqueKey: ["id"],
      incrementalQuery: "select 1 as id, 2 as v",
      bigquery: { updatePartitionFilter: "d >= current_date()", incrementalPredicates: ["DATAFORM_DEST.v > 0", " "] },
      incrementalPreOps: ["select 'incremental pre'"],
      preOps: ["select 'pre'"],
    });
    expect(sql.tasks(incremental, undefined)[0]!.statement).to.match(/^select 'pre';\ncreate or replace table `p.ds.t` as select 1 as id$/);
    const merge = sql.tasks(incremental, { type: "table", columns: ["id", "v"] })[0]!.statement;
    expect(merge).to.equal(`select 'incremental pre';
merge \`p.ds.t\` DATAFORM_DEST
using (select 1 as id, 2 as v
) DATAFORM_SOURCE
on DATAFORM_DEST.id = DATAFORM_SOURCE.id and DATAFORM_DEST.d >= current_date()
 and (DATAFORM_DEST.v > 0)
when matched then
  update set \`id\` = DATAFORM_SOURCE.id,\`v\` = DATAFORM_SOURCE.v
when not matched then
  insert (\`id\`,\`v\`) values (\`id\`,\`v\`)`);
  });

  it("appends with the existing columns when an incremental table has no uniqueKey", () => {
    const [task] = sql.tasks(table({ enumType: "INCREMENTAL", incrementalQuery: "select 1 as id" }), { type: "table", columns: ["id"] });
    expect(task!.statement).to.equal("insert into `p.ds.t`\t\n(`id`)\t\nselect `id`\t\nfrom (select 1 as id) as insertions");
  });

  it("rebuilds on full refresh, except a protected table which is still merged", () => {
    const state = { type: "table" as const, columns: ["id"] };
    expect(sql.tasks(table({ enumType: "INCREMENTAL", uniqueKey: ["id"] }), state, { fullRefresh: true })[0]!.statement).to.match(/^create or replace table/);
    expect(sql.tasks(table({ enumType: "INCREMENTAL", uniqueKey: ["id"], protected: true }), state, { fullRefresh: true })[0]!.statement).to.match(/^\s*merge/);
  });

  it("drops a view before a table replaces it", () => {
    expect(sql.tasks(table({}), { type: "view", columns: [] })[0]!.statement).to.match(/^drop view if exists `p.ds.t`;\ncreate or replace table/);
  });

  it("runs an assertion as a view plus a row count", async () => {
    const graph = await compileFixture("runner-basic");
    const assertion = graphActions(graph).find((a) => a.name.endsWith("amounts_not_below_min"))!;
    const tasks = new ExecutionSql(graph.projectConfig).tasks(assertion, undefined);
    expect(tasks.map((t) => t.type)).to.deep.equal(["statement", "assertion"]);
    expect(tasks[0]!.statement.trim()).to.match(/^create or replace view `fixture-proj.checks.amounts_not_below_min` as/);
    expect(tasks[1]!.statement).to.equal("select sum(1) as row_count from `fixture-proj.checks.amounts_not_below_min`");
  });

  it("gives a disabled action and a declaration no tasks", () => {
    expect(sql.tasks(table({ disabled: true }), undefined)).to.deep.equal([]);
  });

  it("refuses an onSchemaChange policy it does not rebuild, by name", () => {
    const incremental = table({ enumType: "INCREMENTAL", onSchemaChange: "EXTEND" });
    expect(() => sql.tasks(incremental, { type: "table", columns: ["id"] })).to.throw(UnsupportedActionError, "onSchemaChange: EXTEND");
  });

  it("keeps a trailing comment after the semicolon, as Dataform does", () => {
    expect(concatenateQueries(["select 1 -- one", "select 2"])).to.equal("select 1; -- one\nselect 2");
  });
});
