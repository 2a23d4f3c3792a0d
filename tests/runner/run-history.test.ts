import { expect } from "chai";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { TableCatalog } from "../../fidelity/catalog";
import { startZetaSql, type ZetaSqlService } from "../../fidelity/zetasql/service";
import { bronzeTables } from "../../ingestion/contracts";
import { FAILING_ROWS_SAMPLE } from "../../includes_src/run_history";
import { historyScript } from "../../runner/history/statements";
import { runLocal } from "../../runner/targets/local";
import type { RunResult } from "../../runner/targets/run-result";
import { PROJECT, projectGraph, TestWarehouse } from "../models/pipeline";

// Every recorded run appends to giga_monitoring.run_history, action_results and assertion_results;
// a failed assertion's failing rows are sampled from its view. The line-accounting assertion fails
// here on purpose: the manifest says loads gave rows that bronze does not hold.

const ASSERTION = `${PROJECT}.giga_assertions.bronze_accounts_for_every_landed_line`;
const ACTIONS = [ASSERTION];
const LOADS = 12; // more than the sample keeps
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

async function seedUnaccountedLoads(warehouse: TestWarehouse): Promise<void> {
  await warehouse.insertBronze(
    "ingest_manifest",
    Array.from({ length: LOADS }, (_, i) => ({
      source: "crm", source_file: `crm-profiles/f${i}.csv`, file_version: 1, size_bytes: 100, crc32c: "AAAAAA==", udf_version: "0123456789abcdef", status: "LOADED", lines_read: 4, bronze_rows: 3,
      header_lines: 1, bronze_table: "raw_crm_customers", run_id: `r${i}`, ingestion_ts: hoursAgo(3 + i),
    })),
  );
}

describe("run history in giga_monitoring", function () {
  this.timeout(300_000);
  let warehouse: TestWarehouse;
  const runs: RunResult[] = [];
  const q = <T>(sql: string) => warehouse.query<T>(sql);

  before(async () => {
    warehouse = await TestWarehouse.create(bronzeTables.map((t) => t.name));
    await seedUnaccountedLoads(warehouse);
    runs.push(await warehouse.run(ACTIONS));
    runs.push(await warehouse.run(ACTIONS, { fullRefresh: true }));
  });
  after(() => warehouse.remove());

  it("appends one run_history row per run, kept by a full refresh", async () => {
    const rows = await q<{ run_id: string; status: string; full_refresh: boolean; actions_total: number; actions_failed: number }>(
      `SELECT run_id, status, full_refresh, actions_total, actions_failed FROM "${PROJECT}".giga_monitoring.run_history ORDER BY started_at`,
    );
    expect(rows.map((r) => r.run_id)).to.deep.equal(runs.slice(0, 2).map((r) => r.runId));
    expect(rows.map((r) => r.full_refresh)).to.deep.equal([false, true]);
    for (const [i, row] of rows.entries()) {
      expect(row.status).to.equal("failed");
      expect(Number(row.actions_total)).to.equal(runs[i]!.actions.length);
      expect(Number(row.actions_failed)).to.equal(1);
    }
  });

  it("records each action of each run with its status and rows", async () => {
    const rows = await q<{ run_id: string; action_name: string; status: string; rows_affected: string | null; error: string | null }>(
      `SELECT run_id, action_name, status, rows_affected, error FROM "${PROJECT}".giga_monitoring.action_results ORDER BY run_id, action_name`,
    );
    const expected = runs.slice(0, 2).flatMap((r) => r.actions.map((a) => ({ run_id: r.runId, action_name: a.name, status: a.status, rows_affected: a.rowsAffected, error: a.error ?? null })));
    expect(rows.map((r) => ({ ...r, rows_affected: r.rows_affected === null ? null : Number(r.rows_affected) }))).to.have.deep.members(expected);
    expect(expected.find((a) => a.action_name === ASSERTION)).to.include({ status: "failed", rows_affected: LOADS });
  });

  it("samples a bounded number of the failed assertion's failing rows as JSON", async () => {
    const rows = await q<{ status: string; severity: string; failing_row_count: string; sample: string }>(
      `SELECT status, severity, failing_row_count, CAST(failing_rows_sample AS VARCHAR) AS sample FROM "${PROJECT}".giga_monitoring.assertion_results
       WHERE assertion_name = '${ASSERTION}' ORDER BY run_started_at`,
    );
    expect(rows).to.have.length(2);
    for (const row of rows) {
      expect(row).to.include({ status: "FAIL", severity: "ERROR" });
      expect(Number(row.failing_row_count)).to.equal(LOADS);
      const sample = JSON.parse(row.sample) as { bronze_table: string; manifest_rows: number; bronze_rows: number }[];
      expect(sample).to.have.length(FAILING_ROWS_SAMPLE);
      for (const failing of sample) expect(failing).to.include({ bronze_table: "raw_crm_customers", bronze_rows: 0 });
    }
  });

  it("records a run killed with kill -9 not at all, and the next run as usual", async () => {
    const count = async () => Number((await q<{ n: string }>(`SELECT count(*) AS n FROM "${PROJECT}".giga_monitoring.run_history`))[0]!.n);
    const before = await count();
    const root = path.resolve(__dirname, "../..");
    // The daily schedule: dozens of actions, so the run is still going when its first one is reported.
    const child = spawn(process.execPath, [path.join(root, "cli/bin.js"), "run", "--env", "dev", "--tags", "daily", "--warehouse", warehouse.file, "--reports", path.join(warehouse.dir, "reports")], { cwd: root });
    const killed = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    child.stderr.on("data", (chunk: Buffer) => {
      if (/^\[\s*1\//m.test(chunk.toString())) child.kill("SIGKILL"); // "[ 1/40] ok …": the first action is done
    });
    expect(await killed).to.equal("SIGKILL");
    expect(await count()).to.equal(before);
    runs.push(await warehouse.run(ACTIONS));
    expect(await count()).to.equal(before + 1);
  });

  it("records nothing for a dry run", async () => {
    await runLocal({ graph: await projectGraph(), warehouseFile: warehouse.file, selection: { actions: ACTIONS, includeDependencies: true }, dryRun: true });
    const [row] = await q<{ n: string }>(`SELECT count(*) AS n FROM "${PROJECT}".giga_monitoring.run_history`);
    expect(Number(row!.n)).to.equal(runs.length);
  });
});

describe("the run history script BigQuery gets", function () {
  this.timeout(120_000);
  let service: ZetaSqlService;
  before(async () => {
    service = await startZetaSql();
  });
  after(() => service.stop());

  it("passes Google's analyzer, quotes and all", async () => {
    const run: RunResult = {
      runId: "20261203T131500Z", target: "bigquery", project: PROJECT, dryRun: false, fullRefresh: false, selection: { tags: ["daily"] },
      startedAt: "2026-12-03T13:15:00.123Z", durationMs: 61_000, status: "failed",
      actions: [
        { name: `${PROJECT}.giga_curated.date_dim`, kind: "table", fileName: "definitions/silver/date_dim.sqlx", tags: ["daily"], status: "successful", rowsAffected: null, jobId: "job_1", durationMs: 900, bigquerySql: [], duckdbSql: [] },
        { name: ASSERTION, kind: "assertion", fileName: "definitions/assertions/x.sqlx", tags: [], status: "failed", severity: "ERROR", rowsAffected: null, durationMs: 10, bigquerySql: [], duckdbSql: [], error: "Assertion failed: query returned 3 row(s).\nit's \\ odd" },
      ],
    };
    const catalog = new TableCatalog(PROJECT);
    catalog.define(ASSERTION, [{ name: "bronze_table", type: "STRING" }, { name: "manifest_rows", type: "INT64" }]);
    const results = await new ZetaSqlAnalyzer(service).analyzeScript(historyScript({ project: PROJECT, dataset: "giga_monitoring_dev" }, run), catalog);
    expect(results.filter((r) => r.error).map((r) => `${r.kind}: ${r.error}`)).to.deep.equal([]);
    expect(results.map((r) => r.kind)).to.deep.equal([
      "CREATE_TABLE", "CREATE_TABLE", "CREATE_TABLE", "BEGIN", "INSERT", "INSERT", "INSERT", "COMMIT",
    ]);
  });
});
