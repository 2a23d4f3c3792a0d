import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { XMLParser } from "fast-xml-parser";
import type { RunResult } from "../../runner/targets/run-result";
import { writeReports } from "../../runner/report/write";
import { tempDir } from "./fixtures";

const action = (name: string, kind: RunResult["actions"][number]["kind"], status: RunResult["actions"][number]["status"], error?: string) => ({
  name: `p.ds.${name}`,
  kind,
  fileName: `definitions/${name}.sqlx`,
  tags: [],
  status,
  rowsAffected: 3,
  durationMs: 1500,
  bigquerySql: [`select 1 -- ${name}`],
  duckdbSql: ["SELECT 1"],
  error,
});

const run: RunResult = {
  runId: "20261127T101500Z",
  target: "local",
  project: "p",
  warehouse: ".gigamart/warehouse.duckdb",
  dryRun: false,
  fullRefresh: false,
  startedAt: "2026-11-27T10:15:00.000Z",
  durationMs: 4500,
  status: "failed",
  actions: [
    action("sales_fact", "incremental", "successful"),
    action("sales_positive", "assertion", "failed", "definitions/sales_positive.sqlx: p.ds.sales_positive: Assertion failed: query returned 2 row(s)."),
    action("daily_sales", "table", "skipped", "skipped: dependency p.ds.sales_positive did not succeed"),
  ],
};

describe("run reports", () => {
  it("writes JUnit XML that a CI system reads: one case per action, failures and skips marked", () => {
    const written = writeReports(run, tempDir());
    const xml = new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(written.junit, "utf8"));
    expect(xml.testsuites["@_tests"]).to.equal("3");
    expect(xml.testsuites["@_failures"]).to.equal("1");
    expect(xml.testsuites["@_skipped"]).to.equal("1");
    const suites = [xml.testsuites.testsuite].flat();
    const assertion = suites.find((s: { "@_name": string }) => s["@_name"] === "local.assertion");
    expect(assertion.testcase.failure["@_message"]).to.contain("Assertion failed: query returned 2 row(s).");
  });

  it("writes a Markdown summary with the verdict first and every failure named", () => {
    const written = writeReports(run, tempDir());
    const md = fs.readFileSync(written.markdown, "utf8");
    expect(md.split("\n")[0]).to.equal("# GigaMart run 20261127T101500Z: ❌ failed");
    expect(md).to.contain("`p.ds.sales_positive` (definitions/sales_positive.sqlx): definitions/sales_positive.sqlx: p.ds.sales_positive: Assertion failed");
    expect(md).to.contain("| 3 | 1 | 1 | 1 | 0 | 0 | 1 |");
  });

  it("lists each failed assertion in a Quality gates table with its severity and the actions it held back", () => {
    const gated: RunResult = {
      ...run,
      actions: [
        { ...run.actions[1]!, severity: "ERROR" },
        { ...action("sales_no_gaps", "assertion", "failed", "Assertion failed: query returned 1 row(s)."), severity: "WARN" },
        { ...run.actions[2]!, heldBackBy: ["p.ds.sales_positive"] },
      ],
    };
    const md = fs.readFileSync(writeReports(gated, tempDir()).markdown, "utf8");
    expect(md).to.contain("## Quality gates");
    expect(md).to.contain("| `p.ds.sales_positive` | ERROR | `p.ds.daily_sales` |");
    expect(md).to.contain("| `p.ds.sales_no_gaps` | WARN | nothing |");
  });

  it("keeps each run under its id and the newest under latest/", () => {
    const dir = tempDir();
    writeReports(run, dir);
    for (const folder of [run.runId, "latest"]) {
      expect(fs.readdirSync(path.join(dir, folder)).sort()).to.deep.equal(["junit.xml", "run.json", "summary.md"]);
    }
    expect(JSON.parse(fs.readFileSync(path.join(dir, "latest", "run.json"), "utf8")).actions[0].bigquerySql).to.deep.equal(["select 1 -- sales_fact"]);
  });
});
