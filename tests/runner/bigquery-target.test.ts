import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { loadConfig } from "../../config/load";
import type { CloudRequest } from "../../cloud/api";
import { PassThrough } from "node:stream";
import { runAndReport } from "../../runner/targets";
import { bigqueryTarget, runOnBigQuery, type CompiledAction, type InvocationAction } from "../../runner/targets/bigquery";
import { RecordingCloudApi } from "../../cloud/recording-api";
import type { ActionResult } from "../../runner/targets/run-result";
import { markdownSummary } from "../../runner/report/markdown";
import { ZetaSqlAnalyzer } from "../../fidelity/analyze";
import { TableCatalog } from "../../fidelity/catalog";
import { startZetaSql } from "../../fidelity/zetasql/service";
import { writeReports } from "../../runner/report/write";
import { progressLine } from "../../runner/targets/progress";
import { requestProblems } from "../support/google-schemas";

const config = loadConfig("prod");
const REPO = "projects/gigamart-prod/locations/asia-south1/repositories/gigamart-retail-analytics";
const COMPILATION = `${REPO}/compilationResults/c-1`;
const INVOCATION = `${REPO}/workflowInvocations/i-1`;
const target = (schema: string, name: string) => ({ database: "gigamart-prod", schema, name });
const at = (second: number) => ({ seconds: String(1764205200 + second), nanos: 0 });

// Shaped as queryCompilationResultActions documents them.
const compiledActions: CompiledAction[] = [
  { target: target("giga_curated", "customer_dim_scd2"), filePath: "definitions/silver/customer_dim_scd2.sqlx", relation: { relationType: "INCREMENTAL_TABLE", tags: ["daily"] } },
  { target: target("giga_curated", "store_dim"), filePath: "definitions/silver/store_dim.sqlx", relation: { relationType: "TABLE", tags: ["daily"] } },
  {
    target: target("giga_assertions", "customer_dim_one_current"), filePath: "definitions/assertions/customer_dim_one_current.sqlx",
    assertion: { tags: ["daily"], dependencyTargets: [target("giga_curated", "customer_dim_scd2")] },
  },
  {
    target: target("giga_mart", "customer_360"), filePath: "definitions/gold/customer_360.sqlx",
    relation: { relationType: "TABLE", tags: ["daily"], dependencyTargets: [target("giga_curated", "customer_dim_scd2"), target("giga_assertions", "customer_dim_one_current")] },
  },
  { target: target("giga_mart", "pos_today"), filePath: "definitions/gold/pos_today.sqlx", relation: { relationType: "VIEW", tags: ["realtime"] } },
];

// What queryWorkflowInvocationActions returns while running, then at the end (the assertion failed).
const running: InvocationAction[] = [
  { target: target("giga_curated", "customer_dim_scd2"), state: "SUCCEEDED", invocationTiming: { startTime: at(0), endTime: at(12) }, bigqueryAction: { sqlScript: "merge ...", jobId: "job-1" } },
  { target: target("giga_curated", "store_dim"), state: "RUNNING", invocationTiming: { startTime: at(0) } },
  { target: target("giga_assertions", "customer_dim_one_current"), state: "PENDING" },
  { target: target("giga_mart", "customer_360"), state: "PENDING" },
  { target: target("giga_mart", "pos_today"), state: "DISABLED" },
];
const finished: InvocationAction[] = [
  running[0]!,
  { ...running[1]!, state: "SUCCEEDED", invocationTiming: { startTime: at(0), endTime: at(3) }, bigqueryAction: { sqlScript: "create or replace table ...", jobId: "job-2" } },
  {
    ...running[2]!,
    state: "FAILED",
    failureReason: "Assertion failed: query returned 2 row(s).",
    invocationTiming: { startTime: at(12), endTime: at(14) },
    bigqueryAction: { sqlScript: "select ...", jobId: "job-3" },
  },
  { ...running[3]!, state: "SKIPPED" },
  running[4]!,
];

// BigQuery's answers to the row-count reads, shaped as jobs.list (projection "full") and tables.get document them:
// the merge script's children change 7 rows of its table and write 2 rows of a log, the rebuilt table holds 120.
const table = (datasetId: string, tableId: string) => ({ projectId: "gigamart-prod", datasetId, tableId });
function bigQueryReads(read: CloudRequest): unknown {
  if (read.method === "jobs.list" && read.request.parentJobId === "job-1") {
    return {
      jobs: [
        { configuration: { query: { destinationTable: table("giga_curated", "customer_dim_scd2") } }, statistics: { query: { statementType: "MERGE", numDmlAffectedRows: "7" } } },
        { configuration: { query: { destinationTable: table("giga_monitoring", "dedup_log") } }, statistics: { query: { statementType: "INSERT", numDmlAffectedRows: "2" } } },
        { statistics: { query: { statementType: "SELECT" } } },
      ],
    };
  }
  if (read.method === "tables.get" && read.request.tableId === "store_dim") return { numRows: "120" };
  return undefined;
}

function scriptedDataform(states: string[], compilationErrors: unknown[] = []) {
  let polls = 0;
  return new RecordingCloudApi((req: CloudRequest) => {
    switch (req.method) {
      case "createCompilationResult":
        return { name: COMPILATION, resolvedGitCommitSha: "abc123", compilationErrors };
      case "createWorkflowInvocation":
        return { name: INVOCATION, state: "RUNNING" };
      case "queryCompilationResultActions":
        return compiledActions;
      case "getWorkflowInvocation":
        return { name: INVOCATION, state: states[Math.min(polls++, states.length - 1)] };
      case "queryWorkflowInvocationActions":
        return polls === 0 ? running : finished;
      case "jobs.insert":
        // The client library's Job metadata once job.promise() resolved (cloud/google-api.ts).
        return { jobReference: (req.request.body as { jobReference: unknown }).jobReference, status: { state: "DONE" } };
      default:
        throw new Error(`unexpected ${req.method}`);
    }
  }, bigQueryReads);
}

describe("run --target bigquery", () => {
  it("compiles from the release configuration and invokes the selected tags as the Dataform account", async () => {
    const api = scriptedDataform(["SUCCEEDED"]);
    await runOnBigQuery({ config, api, selection: { tags: ["daily"], includeDependencies: true }, sleep: async () => {} });
    expect(api.sent.slice(0, 2)).to.deep.equal([
      { api: "dataform", method: "createCompilationResult", request: { parent: REPO, compilationResult: { releaseConfig: `${REPO}/releaseConfigs/prod` } } },
      {
        api: "dataform",
        method: "createWorkflowInvocation",
        request: {
          parent: REPO,
          workflowInvocation: {
            compilationResult: COMPILATION,
            invocationConfig: {
              includedTags: ["daily"],
              transitiveDependenciesIncluded: true,
              transitiveDependentsIncluded: false,
              fullyRefreshIncrementalTablesEnabled: false,
              serviceAccount: "gigamart-dataform@gigamart-prod.iam.gserviceaccount.com",
            },
          },
        },
      },
    ]);
  });

  it("compiles a workspace with the environment's overrides and selects actions by dataset.name", async () => {
    const api = scriptedDataform(["SUCCEEDED"]);
    await runOnBigQuery({ config, api, workspace: "alice", selection: { actions: ["giga_mart.customer_360"] }, fullRefresh: true, sleep: async () => {} });
    const compile = api.sent[0]!.request.compilationResult as Record<string, any>;
    expect(compile.workspace).to.equal(`${REPO}/workspaces/alice`);
    expect(compile.codeCompilationConfig).to.deep.include({ defaultDatabase: "gigamart-prod", schemaSuffix: "" });
    expect((api.sent[1]!.request.workflowInvocation as Record<string, any>).invocationConfig).to.deep.include({
      includedTargets: [{ schema: "giga_mart", name: "customer_360" }],
      fullyRefreshIncrementalTablesEnabled: true,
    });
  });

  it("polls until the invocation ends and reports each action once, as it finishes", async () => {
    const api = scriptedDataform(["RUNNING", "FAILED"]);
    const seen: string[] = [];
    let sleeps = 0;
    const run = await runOnBigQuery({
      config,
      api,
      selection: { tags: ["daily"] },
      pollIntervalMs: 5,
      sleep: async () => void sleeps++,
      onAction: (r: ActionResult, i: number, total: number) => seen.push(`${i + 1}/${total} ${r.status} ${r.name}`),
    });
    expect(sleeps).to.equal(2);
    expect(seen).to.deep.equal([
      "1/5 successful gigamart-prod.giga_curated.customer_dim_scd2",
      "2/5 disabled gigamart-prod.giga_mart.pos_today",
      "3/5 successful gigamart-prod.giga_curated.store_dim",
      "4/5 failed gigamart-prod.giga_assertions.customer_dim_one_current",
      "5/5 skipped gigamart-prod.giga_mart.customer_360",
    ]);
    expect(run.status).to.equal("failed");
  });

  it("maps Dataform's action states, kinds, files, SQL and timing to the local runner's report entries", async () => {
    const run = await runOnBigQuery({ config, api: scriptedDataform(["FAILED"]), selection: { tags: ["daily"] }, sleep: async () => {} });
    expect(run.target).to.equal("bigquery");
    expect(run.actions.map((a) => [a.name, a.kind, a.fileName, a.status, a.durationMs, a.error])).to.deep.equal([
      ["gigamart-prod.giga_curated.customer_dim_scd2", "incremental", "definitions/silver/customer_dim_scd2.sqlx", "successful", 12000, undefined],
      ["gigamart-prod.giga_curated.store_dim", "table", "definitions/silver/store_dim.sqlx", "successful", 3000, undefined],
      ["gigamart-prod.giga_assertions.customer_dim_one_current", "assertion", "definitions/assertions/customer_dim_one_current.sqlx", "failed", 2000, "Assertion failed: query returned 2 row(s)."],
      ["gigamart-prod.giga_mart.customer_360", "table", "definitions/gold/customer_360.sqlx", "skipped", 0, "skipped: held back by failed ERROR assertion gigamart-prod.giga_assertions.customer_dim_one_current"],
      ["gigamart-prod.giga_mart.pos_today", "view", "definitions/gold/pos_today.sqlx", "disabled", 0, undefined],
    ]);
    expect(run.actions[2]!.bigquerySql).to.deep.equal(["select ..."]);
    expect(run.actions[0]!.tags).to.deep.equal(["daily"]);
  });

  it("reads rows affected where BigQuery keeps them: the target's DML rows of the script's child jobs, a rebuilt table's rows, an assertion's failing rows", async () => {
    const api = scriptedDataform(["SUCCEEDED"]);
    const run = await runOnBigQuery({ config, api, selection: { tags: ["daily"] }, sleep: async () => {} });
    expect(run.actions.map((a) => [a.rowsAffected, a.jobId])).to.deep.equal([
      [7, "job-1"],
      [120, "job-2"],
      [2, "job-3"],
      [null, undefined],
      [null, undefined],
    ]);
    const reads = api.reads.filter((r) => r.api === "bigquery");
    expect(reads.map((r) => r.method)).to.deep.equal(["jobs.list", "tables.get"]);
    expect(reads.flatMap(requestProblems)).to.deep.equal([]);
    expect(markdownSummary(run)).to.contain("| 7 |");
  });

  it("leaves rows not reported when BigQuery refuses to list the Dataform account's jobs, and the run stands", async () => {
    const api = scriptedDataform(["SUCCEEDED"]);
    const denied = Object.assign(Object.create(api) as RecordingCloudApi, {
      get: async (read: CloudRequest) => {
        if (read.method === "jobs.list") throw new Error("Access Denied: Project gigamart-prod: User does not have bigquery.jobs.listAll permission");
        return api.get(read);
      },
    });
    const run = await runOnBigQuery({ config, api: denied, selection: { tags: ["daily"] }, sleep: async () => {} });
    expect(run.actions[0]!.rowsAffected).to.equal(null);
    expect(progressLine(run.actions[0]!, 0, 5)).to.contain("(rows not reported, 12.00s)");
    expect(markdownSummary(run)).to.contain("| see job job-1 |");
  });

  it("names the failed assertion behind a skip, through skipped actions in between, from the compiled dependencies", async () => {
    const summary = target("giga_mart", "customer_360_summary");
    compiledActions.push({ target: summary, filePath: "definitions/gold/customer_360_summary.sqlx", relation: { relationType: "VIEW", tags: ["daily"], dependencyTargets: [target("giga_mart", "customer_360")] } });
    finished.push({ target: summary, state: "SKIPPED" });
    try {
      const run = await runOnBigQuery({ config, api: scriptedDataform(["FAILED"]), selection: { tags: ["daily"] }, sleep: async () => {} });
      expect(run.actions.at(-1)).to.include({ status: "skipped", error: "skipped: held back by failed ERROR assertion gigamart-prod.giga_assertions.customer_dim_one_current" });
      expect(run.actions.at(-1)!.heldBackBy).to.deep.equal(["gigamart-prod.giga_assertions.customer_dim_one_current"]);
      expect(run.actions[2]!.severity).to.equal("ERROR");
    } finally {
      compiledActions.pop();
      finished.pop();
    }
  });

  it("reports actions left pending by a cancelled invocation as not run", async () => {
    const api = scriptedDataform(["CANCELLED"]);
    const original = finished.slice();
    finished[3] = { ...finished[3]!, state: "PENDING" };
    try {
      const run = await runOnBigQuery({ config, api, sleep: async () => {} });
      expect(run.actions[3]).to.include({ status: "skipped", error: "not run: the invocation ended CANCELLED with this action PENDING" });
      expect(run.status).to.equal("failed");
    } finally {
      finished.splice(0, finished.length, ...original);
    }
  });

  it("writes the same JUnit and Markdown reports as a local run", async () => {
    const run = await runOnBigQuery({ config, api: scriptedDataform(["FAILED"]), selection: { tags: ["daily"] }, sleep: async () => {} });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-bq-"));
    try {
      const written = writeReports(run, dir);
      const xml = new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(written.junit, "utf8"));
      expect(xml.testsuites["@_tests"]).to.equal("5");
      expect(xml.testsuites["@_failures"]).to.equal("1");
      const suites = [].concat(xml.testsuites.testsuite).map((s: Record<string, string>) => s["@_name"]);
      expect(suites).to.include.members(["bigquery.incremental", "bigquery.assertion", "bigquery.table", "bigquery.view"]);
      expect(fs.readFileSync(written.markdown, "utf8")).to.contain("customer_dim_one_current");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints each action, writes the reports and fails with the first failure, as a local run does", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-bq-"));
    const err = new PassThrough();
    const printed: string[] = [];
    err.on("data", (chunk: Buffer) => printed.push(chunk.toString()));
    try {
      const target = bigqueryTarget({ config, api: scriptedDataform(["FAILED"]), sleep: async () => {} });
      let error: unknown;
      await runAndReport(target, { selection: { tags: ["daily"] }, reportsDir: dir, err }).catch((e: unknown) => (error = e));
      expect((error as Error).message).to.equal("Assertion failed: query returned 2 row(s).");
      const text = printed.join("");
      expect(text).to.contain("FAIL assertion   gigamart-prod.giga_assertions.customer_dim_one_current");
      expect(text).to.contain("skipped: held back by failed ERROR assertion gigamart-prod.giga_assertions.customer_dim_one_current");
      expect(text).to.match(/run FAILED: 2 successful, 1 failed, 1 skipped, 1 disabled in \d+\.\ds; reports: /);
      const written = JSON.parse(fs.readFileSync(path.join(dir, "latest", "run.json"), "utf8"));
      expect(written).to.include({ target: "bigquery", status: "failed" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("ends with the run history job: one query job, named by the run, whose script Google's analyzer accepts", async function () {
    this.timeout(120_000);
    const api = scriptedDataform(["FAILED"]);
    const run = await runOnBigQuery({ config, api, selection: { tags: ["daily"] }, sleep: async () => {} });
    const last = api.sent.at(-1)!;
    expect(last).to.deep.include({ api: "bigquery", method: "jobs.insert" });
    const body = last.request.body as { jobReference: Record<string, string>; configuration: { query: { query: string; useLegacySql: boolean } } };
    expect(body.jobReference).to.deep.equal({ projectId: "gigamart-prod", jobId: `gigamart-run-history-${run.runId}`, location: "asia-south1" });
    const script = body.configuration.query.query;
    expect(script).to.contain("INSERT INTO `gigamart-prod.giga_monitoring.run_history`");
    // The failed assertion's rows are sampled from its view; the skipped and disabled actions are recorded too.
    expect(script).to.contain("FROM `gigamart-prod.giga_assertions.customer_dim_one_current` AS t");
    const service = await startZetaSql();
    try {
      const catalog = new TableCatalog("gigamart-prod");
      catalog.define("gigamart-prod.giga_assertions.customer_dim_one_current", [{ name: "customer_id", type: "STRING" }]);
      const analyzed = await new ZetaSqlAnalyzer(service).analyzeScript(script, catalog);
      expect(analyzed.filter((a) => a.error).map((a) => a.error)).to.deep.equal([]);
      expect(analyzed.filter((a) => a.kind === "INSERT")).to.have.length(3);
    } finally {
      await service.stop();
    }
  });

  it("fails the run, naming it, when its history cannot be written", async () => {
    const dataform = scriptedDataform(["SUCCEEDED"]);
    const api = new RecordingCloudApi((req) => {
      if (req.method === "jobs.insert") throw new Error("Access Denied: Table gigamart-prod:giga_monitoring.run_history");
      return dataform.apply(req);
    });
    let error: unknown;
    await runOnBigQuery({ config, api, sleep: async () => {} }).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.match(/^run \d{8}T\d{6}Z ended SUCCEEDED but its history was not recorded in giga_monitoring: Access Denied/);
  });

  it("stops on compilation errors, naming each file", async () => {
    const api = scriptedDataform(["SUCCEEDED"], [{ path: "definitions/gold/customer_360.sqlx", message: 'Could not resolve "customer_dim"' }]);
    let error: unknown;
    await runOnBigQuery({ config, api, sleep: async () => {} }).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.equal('Dataform compilation failed (1 error(s)):\ndefinitions/gold/customer_360.sqlx: Could not resolve "customer_dim"');
    expect(api.sent.map((r) => r.method)).to.deep.equal(["createCompilationResult"]);
  });

  it("in a dry run reports both requests and sends nothing", async () => {
    const api = new RecordingCloudApi();
    const requests: CloudRequest[] = [];
    const run = await runOnBigQuery({ config, api, selection: { tags: ["hourly"] }, dryRun: true, onRequest: (r) => requests.push(r) });
    expect(api.sent).to.deep.equal([]);
    expect(requests.map((r) => r.method)).to.deep.equal(["createCompilationResult", "createWorkflowInvocation"]);
    expect((requests[1]!.request.workflowInvocation as Record<string, any>).invocationConfig.includedTags).to.deep.equal(["hourly"]);
    expect(run).to.include({ target: "bigquery", dryRun: true });
  });

  it("refuses an action name that is not dataset.name before sending anything", async () => {
    let error: unknown;
    const api = scriptedDataform(["SUCCEEDED"]);
    await runOnBigQuery({ config, api, selection: { actions: ["customer_360"] } }).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.equal("--actions: 'customer_360' is not dataset.name or project.dataset.name");
    expect(api.sent).to.deep.equal([]);
  });
});
