import { expect } from "chai";
import * as path from "node:path";
import { tempDir } from "../runner/fixtures";
import { gigamart } from "./gigamart";

describe("gigamart ingest --target bigquery", () => {
  it("prints, on --dry-run, the uploads and the Dataflow launch it would send for the landed files", () => {
    const landing = path.join(tempDir(), "landing");
    expect(gigamart(["generate", "--out", landing, "--days", "1", "--seed", "7"]).code).to.equal(0);
    const r = gigamart(["ingest", "--target", "bigquery", "--env", "prod", "--dry-run", "--landing", landing, "--source", "crm", "--run-id", "run-test"]);
    expect(r.code, r.stderr).to.equal(0);
    const { sent } = JSON.parse(r.stdout);
    const launch = sent.find((q: { method: string }) => q.method === "launchFlexTemplate");
    expect(launch.request.launchParameter.containerSpecGcsPath).to.match(/GCS_Text_to_BigQuery_Flex$/);
    expect(launch.request.launchParameter.parameters).to.include({
      outputTable: "gigamart-prod:giga_raw.raw_crm_customers",
      javascriptTextTransformFunctionName: "process_crm",
    });
    expect(r.stderr).to.contain("dry run: nothing was sent");
  });

  it("lists, for --scheduled, the dated folders of the window the workflow would load, under its run id", () => {
    const r = gigamart(["ingest", "--target", "bigquery", "--env", "prod", "--dry-run", "--source", "ecom", "--scheduled", "hourly", "--at", "2026-11-27T00:05:00+05:30"]);
    expect(r.code, r.stderr).to.equal(0);
    const { reads } = JSON.parse(r.stdout);
    const prefixes = reads.filter((q: { method: string }) => q.method === "objects.list").map((q: { request: { prefix: string } }) => q.request.prefix);
    expect(prefixes).to.deep.equal(["ecom-orders/2026/11/25/", "ecom-orders/2026/11/26/"]);
    expect(r.stderr).to.contain("run sched-20261127t0000");
    expect(r.stderr).to.not.contain("stream");
  });

  it("refuses --at without --scheduled, and a time that is not one, in one line", () => {
    const alone = gigamart(["ingest", "--target", "bigquery", "--env", "prod", "--dry-run", "--at", "2026-11-27T00:05:00+05:30"]);
    expect(alone.code).to.equal(1);
    expect(alone.stderr.trim().split("\n")[0]).to.contain("--at: give --scheduled daily|hourly too");
    const bad = gigamart(["ingest", "--target", "bigquery", "--env", "prod", "--dry-run", "--scheduled", "daily", "--at", "yesterday"]);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain("--at 'yesterday': expected an RFC 3339 time");
  });
});
