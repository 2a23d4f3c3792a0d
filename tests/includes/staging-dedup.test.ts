import { expect } from "chai";
import * as path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { DUCKDB_SESSION_SETUP, initTranslator, translateScript } from "../../runner/translate";

// The staging recipe (includes_src/staging.ts) on DuckDB through the project's translator: which copy of
// a key is kept, what dedup_log says about the others, and that a rerun on the same rows changes nothing.

const staging = require(path.resolve(__dirname, "../../includes/staging.js"));
const SELF = "`p.cur.stg`";
const LOG = "`p.mon.dedup_log`";
const LATE_LOG = "`p.mon.late_arriving_data`";

async function warehouse(): Promise<DuckDBConnection> {
  await initTranslator();
  const c = await (await DuckDBInstance.create(":memory:")).connect();
  for (const s of DUCKDB_SESSION_SETUP) await c.run(s);
  await c.run(`ATTACH ':memory:' AS p; CREATE SCHEMA p.raw; CREATE SCHEMA p.cur; CREATE SCHEMA p.mon`);
  await c.run(`CREATE TABLE p.raw.src (id VARCHAR, version INT, day DATE, dq_status VARCHAR, record_hash VARCHAR, source_file VARCHAR, ingestion_ts TIMESTAMPTZ)`);
  await c.run(`CREATE TABLE p.mon.dedup_log (source_table VARCHAR, business_key VARCHAR, record_hash VARCHAR, reason VARCHAR, partition_date DATE,
    line_count BIGINT, source_file VARCHAR, ingestion_ts TIMESTAMPTZ, logged_at TIMESTAMPTZ)`);
  await c.run(`CREATE TABLE p.mon.late_arriving_data (source_table VARCHAR, business_key VARCHAR, record_hash VARCHAR, event_date DATE,
    event_ts TIMESTAMPTZ, ingestion_ts TIMESTAMPTZ, days_late BIGINT, line_count BIGINT, handled_as VARCHAR, logged_at TIMESTAMPTZ)`);
  return c;
}

const load = (c: DuckDBConnection, rows: [string, number, string, string, string][]) =>
  c.run(`INSERT INTO p.raw.src VALUES ${rows.map(([id, v, dq, hash, ts]) => `('${id}', ${v}, DATE '2026-11-01', '${dq}', '${hash}', 'f-${ts}', TIMESTAMPTZ '2026-11-01 ${ts}:00+00')`).join(", ")}`);

/** One run of a model built on the recipe: pre-operations, the first-run CTAS or the incremental insert, post-operations. */
async function run(c: DuckDBConnection, keep: object, incremental: boolean): Promise<void> {
  const recipe = staging.dedup({
    source: "`p.raw.src`", sourceTable: "src", self: SELF, incremental, dedupLog: LOG, key: ["id"], keep,
    businessKey: "b.id", partitionDate: "b.day", lineCount: "1", watermark: "src_watermark",
    recent: { column: "day", lateLog: LATE_LOG, eventTs: "cast(null as timestamp)" },
  });
  const select = `select b.id, b.version, b.day, b.record_hash, b.ingestion_ts from ${recipe.kept} as b`;
  const main = incremental ? `insert into ${SELF} ${select}` : `create or replace table ${SELF} as ${select}`;
  const script = [recipe.preOperations, main, recipe.postOperations].filter((s) => s).join(";\n");
  for (const statement of translateScript(script, { defaultProject: "p" })) await c.run(statement.duckdb);
}

const rows = async (c: DuckDBConnection, sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson();

describe("the staging dedup recipe", () => {
  // The recipe reads the source time zone and the late window from the Dataform vars, as a compile does.
  before(() => {
    (globalThis as { dataform?: unknown }).dataform = { projectConfig: { vars: { source_time_zone: "Asia/Kolkata", late_window_days: "30" } } };
  });
  after(() => {
    delete (globalThis as { dataform?: unknown }).dataform;
  });

  it("keeps the first copy loaded of each key, logs the other copies once, and ignores INVALID rows", async () => {
    const c = await warehouse();
    await load(c, [["a", 1, "VALID", "ha", "01:00"], ["a", 1, "VALID", "ha", "02:00"], ["b", 1, "VALID", "hb", "01:00"], ["b", 2, "VALID", "hb2", "03:00"], ["x", 1, "INVALID", "hx", "01:00"]]);
    await run(c, { first: true }, false);
    expect(await rows(c, "SELECT id, record_hash FROM p.cur.stg ORDER BY id")).to.deep.equal([{ id: "a", record_hash: "ha" }, { id: "b", record_hash: "hb" }]);
    expect(await rows(c, "SELECT business_key, record_hash, reason FROM p.mon.dedup_log ORDER BY 1")).to.deep.equal([
      { business_key: "a", record_hash: "ha", reason: "DUPLICATE" },
      { business_key: "b", record_hash: "hb2", reason: "SUPERSEDED" },
    ]);
  });

  it("logs a re-sent copy of a kept row as a duplicate on a later run, and a rerun changes nothing", async () => {
    const c = await warehouse();
    await load(c, [["a", 1, "VALID", "ha", "01:00"]]);
    await run(c, { first: true }, false);
    await load(c, [["a", 1, "VALID", "ha", "05:00"], ["c", 1, "VALID", "hc", "05:00"]]);
    await run(c, { first: true }, true);
    await run(c, { first: true }, true);
    expect(await rows(c, "SELECT id FROM p.cur.stg ORDER BY id")).to.deep.equal([{ id: "a" }, { id: "c" }]);
    expect(await rows(c, "SELECT business_key, reason, source_file FROM p.mon.dedup_log")).to.deep.equal([{ business_key: "a", reason: "DUPLICATE", source_file: "f-05:00" }]);
    expect(await rows(c, "SELECT count(*)::INT AS n FROM p.cur.stg_run_lock")).to.deep.equal([{ n: 1 }]);
  });

  it("keeps the latest version of a key, whatever order the versions were loaded in", async () => {
    const c = await warehouse();
    await load(c, [["a", 2, "VALID", "ha2", "01:00"], ["a", 3, "VALID", "ha3", "02:00"], ["a", 1, "VALID", "ha1", "03:00"]]);
    await run(c, { latest: "version" }, false);
    expect(await rows(c, "SELECT id, version FROM p.cur.stg")).to.deep.equal([{ id: "a", version: 3 }]);
    expect(await rows(c, "SELECT record_hash, reason FROM p.mon.dedup_log ORDER BY 1")).to.deep.equal([
      { record_hash: "ha1", reason: "SUPERSEDED" },
      { record_hash: "ha2", reason: "SUPERSEDED" },
    ]);
  });
});
