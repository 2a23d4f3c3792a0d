import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { MERGE_DUPLICATE_MESSAGE, runLocal, type LocalRunOptions } from "../../runner/targets/local";
import type { RunResult } from "../../runner/targets/run-result";
import { Warehouse } from "../../runner/local/warehouse";
import { compileFixture, tempDir } from "./fixtures";

/** Runs SQL straight on the warehouse file: the test's own hands, to seed sources and read results. */
async function onWarehouse<T>(file: string, work: (w: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await Warehouse.open(file);
  try {
    await warehouse.attach("fixture-proj");
    return await work(warehouse);
  } finally {
    warehouse.close();
  }
}

const rows = (file: string, sql: string) => onWarehouse(file, async (w) => (await w.connection.runAndReadAll(sql)).getRowObjectsJson());
const exec = (file: string, ...sql: string[]) => onWarehouse(file, async (w) => { for (const s of sql) await w.connection.run(s); });
const status = (run: RunResult, name: string) => run.actions.find((a) => a.name.split(".").at(-1) === name)?.status;

async function seedEvents(file: string) {
  await exec(
    file,
    `CREATE SCHEMA IF NOT EXISTS "fixture-proj".raw`,
    `CREATE OR REPLACE TABLE "fixture-proj".raw.events (id BIGINT, amount DECIMAL(38,9), updated_at TIMESTAMP)`,
    `INSERT INTO "fixture-proj".raw.events VALUES (1, 10.5, '2026-11-01 10:00:00'), (2, 20, '2026-11-01 11:00:00')`,
  );
}

describe("running a Dataform project locally on DuckDB", function () {
  let file: string;
  const run = async (options: Partial<LocalRunOptions> = {}, fixture = "runner-basic") =>
    runLocal({ graph: await compileFixture(fixture), warehouseFile: file, ...options });

  beforeEach(() => {
    file = path.join(tempDir(), "warehouse.duckdb");
  });

  it("builds every action in dependency order on the first run and records what it did", async () => {
    await seedEvents(file);
    const result = await run();
    expect(result.status).to.equal("successful");
    expect(status(result, "switched_off")).to.equal("disabled");
    expect(await rows(file, `SELECT id, amount FROM "fixture-proj".analytics.merged ORDER BY id`)).to.deep.equal([
      { id: "1", amount: "10.500000000" },
      { id: "2", amount: "20.000000000" },
    ]);
    const merged = result.actions.find((a) => a.name === "fixture-proj.analytics.merged")!;
    expect(merged.rowsAffected).to.equal(2);
    expect(merged.bigquerySql[0]).to.match(/^create or replace table `fixture-proj.analytics.merged` as/);
    expect(merged.duckdbSql.join("\n")).to.contain(`"fixture-proj"."analytics"."merged"`);
    expect(merged.durationMs).to.be.a("number");
    expect(await rows(file, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'switched_off'`)).to.deep.equal([{ n: "0" }]);
  });

  it("merges an incremental table with a uniqueKey and appends to one without", async () => {
    await seedEvents(file);
    await run();
    await exec(file, `INSERT INTO "fixture-proj".raw.events VALUES (1, 11, '2026-11-02 09:00:00'), (3, 30, '2026-11-02 10:00:00')`);
    await exec(file, `DELETE FROM "fixture-proj".raw.events WHERE updated_at = '2026-11-01 10:00:00'`);
    const second = await run();
    expect(second.status).to.equal("successful");
    expect(second.actions.find((a) => a.name.endsWith(".merged"))!.bigquerySql[0]).to.match(/^\s*merge `fixture-proj.analytics.merged` DATAFORM_DEST/);
    expect(await rows(file, `SELECT id, amount FROM "fixture-proj".analytics.merged ORDER BY id`)).to.deep.equal([
      { id: "1", amount: "11.000000000" },
      { id: "2", amount: "20.000000000" },
      { id: "3", amount: "30.000000000" },
    ]);
    expect(await rows(file, `SELECT id, amount FROM "fixture-proj".analytics.appended ORDER BY id, amount`)).to.deep.equal([
      { id: "1", amount: "10.500000000" },
      { id: "1", amount: "11.000000000" },
      { id: "2", amount: "20.000000000" },
      { id: "3", amount: "30.000000000" },
    ]);
  });

  it("rebuilds on --full-refresh but never rebuilds a protected table", async () => {
    await seedEvents(file);
    await run();
    // Rows the source no longer explains: a rebuild loses them, a protected table keeps them.
    await exec(
      file,
      `INSERT INTO "fixture-proj".analytics.appended VALUES (99, 0, '2020-01-01')`,
      `INSERT INTO "fixture-proj".analytics.kept VALUES (99, 0, '2020-01-01')`,
    );
    const refreshed = await run({ fullRefresh: true });
    expect(refreshed.status).to.equal("successful");
    expect(await rows(file, `SELECT count(*) AS n FROM "fixture-proj".analytics.appended WHERE id = 99`)).to.deep.equal([{ n: "0" }]);
    expect(await rows(file, `SELECT count(*) AS n FROM "fixture-proj".analytics.kept WHERE id = 99`)).to.deep.equal([{ n: "1" }]);
  });

  it("fails the run on a failing assertion, skips its dependents and still runs the rest", async () => {
    await seedEvents(file);
    await exec(file, `INSERT INTO "fixture-proj".raw.events VALUES (4, -5, '2026-11-01 12:00:00')`);
    const result = await run();
    expect(result.status).to.equal("failed");
    const assertion = result.actions.find((a) => a.name.endsWith("amounts_not_below_min"))!;
    expect(assertion.status).to.equal("failed");
    expect(assertion.error).to.equal("definitions/amounts_not_below_min.sqlx: fixture-proj.checks.amounts_not_below_min: Assertion failed: query returned 1 row(s).");
    expect(status(result, "after_check")).to.equal("skipped");
    expect(status(result, "rebuilt")).to.equal("successful");
    expect(status(result, "totals")).to.equal("successful");
  });

  it("refuses a MERGE whose source matches one target row twice, as BigQuery does", async () => {
    await seedEvents(file);
    await run();
    await exec(file, `INSERT INTO "fixture-proj".raw.events VALUES (2, 21, '2026-11-03 00:00:00'), (2, 22, '2026-11-03 00:00:00')`);
    const result = await run();
    const merged = result.actions.find((a) => a.name.endsWith(".merged"))!;
    expect(merged.status).to.equal("failed");
    expect(merged.error).to.contain(MERGE_DUPLICATE_MESSAGE);
    expect(await rows(file, `SELECT amount FROM "fixture-proj".analytics.merged WHERE id = 2`)).to.deep.equal([{ amount: "20.000000000" }]);
    expect(status(result, "totals")).to.equal("skipped");
  });

  it("runs pre-operations, the statement and post-operations in order", async () => {
    await seedEvents(file);
    await run({ selection: { actions: ["ordered"], includeDependencies: true } });
    expect(await rows(file, `SELECT step, seq FROM "fixture-proj".analytics.audit_log ORDER BY seq`)).to.deep.equal([
      { step: "pre", seq: "0" },
      { step: "post", seq: "1" },
    ]);
    expect(await rows(file, `SELECT * FROM "fixture-proj".analytics.ordered`)).to.deep.equal([{ audit_rows_seen_by_query: "1" }]);
  });

  it("executes nothing on a dry run, yet shows both the BigQuery and the DuckDB SQL", async () => {
    const result = await run({ dryRun: true });
    expect(fs.existsSync(file)).to.equal(false);
    const merged = result.actions.find((a) => a.name.endsWith(".merged"))!;
    expect(merged.bigquerySql[0]).to.contain("create or replace table `fixture-proj.analytics.merged`");
    expect(merged.duckdbSql[0]).to.match(/CREATE OR REPLACE TABLE "fixture-proj"."analytics"."merged"/i);
  });

  it("refuses to read a require_partition_filter table without a filter on its partition column", async () => {
    const result = await run({}, "partition-filter");
    expect(status(result, "filtered_read")).to.equal("successful");
    const bad = result.actions.find((a) => a.name.endsWith("unfiltered_read"))!;
    expect(bad.status).to.equal("failed");
    expect(bad.error).to.contain("definitions/unfiltered_read.sqlx: fixture-proj.analytics.unfiltered_read: Cannot query over table 'fixture-proj.analytics.daily_events' without a filter over column(s) 'event_date'");
  });

  it("fails a declared source that does not exist, naming it, and skips what reads it", async () => {
    const result = await run({}, "errors-missing-source");
    expect(result.actions.map((a) => [a.name.split(".").at(-1), a.status])).to.deep.equal([
      ["raw_pos_lines", "failed"],
      ["daily_totals", "skipped"],
    ]);
    expect(result.actions[0]!.error).to.equal(
      "definitions/pos_lines.sqlx: fixture-proj.giga_raw.raw_pos_lines: declared source fixture-proj.giga_raw.raw_pos_lines does not exist in the warehouse",
    );
  });

  it("fails an untranslatable construct loudly, naming the action, the file and the construct", async () => {
    const result = await run({}, "errors-untranslatable");
    const action = result.actions[0]!;
    expect(action.status).to.equal("failed");
    expect(action.error).to.match(/^definitions\/daily_totals\.sqlx: fixture-proj\.analytics\.daily_totals: .*EXECUTE IMMEDIATE/i);
  });
});
