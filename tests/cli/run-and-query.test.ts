import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { FIXTURES, tempDir } from "../runner/fixtures";
import { gigamart } from "./gigamart";

describe("gigamart run and gigamart query, end to end", () => {
  const dir = tempDir();
  const warehouse = path.join(dir, "w.duckdb");
  const reports = path.join(dir, "reports");
  // The fixture is its own Dataform project: its tables land, and its names resolve, in its defaultProject.
  const project = ["--project-dir", path.join(FIXTURES, "partition-filter")];

  before(() => {
    const r = gigamart(["run", "--project-dir", path.join(FIXTURES, "partition-filter"), "--warehouse", warehouse, "--reports", reports, "--actions", "filtered_read", "--include-deps"]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain("run passed: 2 successful, 0 failed");
  });

  it("writes the reports where it says", () => {
    expect(fs.readdirSync(path.join(reports, "latest")).sort()).to.deep.equal(["junit.xml", "run.json", "summary.md"]);
  });

  it("answers BigQuery SQL naming tables with or without the project", () => {
    const withProject = gigamart(["query", "select n from `fixture-proj.analytics.filtered_read`", ...project, "--warehouse", warehouse, "--format", "json"]);
    const withoutProject = gigamart(["query", "select n from analytics.filtered_read", ...project, "--warehouse", warehouse, "--format", "json"]);
    expect(withProject.code, withProject.stderr).to.equal(0);
    expect(JSON.parse(withProject.stdout)).to.deep.equal([{ n: "1" }]);
    expect(withoutProject.stdout).to.equal(withProject.stdout);
  });

  it("prints CSV and a table", () => {
    expect(gigamart(["query", "select id, event_date from analytics.daily_events where event_date > '2000-01-01' order by id", ...project, "--warehouse", warehouse, "--format", "csv"]).stdout).to.equal(
      "id,event_date\n1,2026-11-01\n2,2026-11-02\n",
    );
    const table = gigamart(["query", "select 'x' as letter", ...project, "--warehouse", warehouse]);
    expect(table.stdout).to.contain("letter").and.to.contain("(1 row)");
  });

  it("applies BigQuery's partition filter rule to ad-hoc queries too", () => {
    const r = gigamart(["query", "select count(*) from analytics.daily_events", ...project, "--warehouse", warehouse]);
    expect(r.code).to.equal(1);
    expect(r.firstErrorLine).to.contain("without a filter over column(s) 'event_date'");
  });

  it("prints both SQL texts on --dry-run and leaves the warehouse alone", () => {
    const fresh = path.join(tempDir(), "never.duckdb");
    const r = gigamart(["run", "--project-dir", path.join(FIXTURES, "partition-filter"), "--warehouse", fresh, "--dry-run"]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain("-- BigQuery task 1:\ncreate or replace table `fixture-proj.analytics.daily_events` partition by event_date OPTIONS(require_partition_filter=true)as");
    expect(r.stdout).to.contain("-- DuckDB:");
    expect(fs.existsSync(fresh)).to.equal(false);
  });

  it("hands a BigQuery run to Dataform: --dry-run prints the compilation and invocation requests", () => {
    const r = gigamart(["run", "--target", "bigquery", "--env", "prod", "--tags", "daily", "--dry-run"]);
    expect(r.code, r.stderr).to.equal(0);
    const requests = r.stdout.trim().split(/\n(?=\{)/).map((text) => JSON.parse(text));
    expect(requests.map((q) => q.method)).to.deep.equal(["createCompilationResult", "createWorkflowInvocation"]);
    expect(requests[0].request.compilationResult.releaseConfig).to.match(/^projects\/gigamart-prod\/locations\/asia-south1\/repositories\/.+\/releaseConfigs\/prod$/);
    expect(requests[1].request.workflowInvocation.invocationConfig.includedTags).to.deep.equal(["daily"]);
  });
});
