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
});
