import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CloudRequest } from "../../cloud/api";
import { runOnBigQuery } from "../../cloud/bigquery-target";
import { desiredState } from "../../cloud/desired";
import { RecordingCloudApi } from "../../cloud/recording-api";
import { loadConfig } from "../../config/load";
import { generateLanding } from "../../ingestion/generate";
import { DryRunIngestionCloud, launchIngestion } from "../../ingestion/launch";
import { requestProblems, resourceOf } from "../support/google-schemas";

const ENVS = ["dev", "prod"] as const;

/** What a read answers, in the shape its API documents: an IAM policy, or the resource with its name and etag. */
function currentState(read: CloudRequest): Record<string, unknown> {
  if (/getIamPolicy$/i.test(read.method)) return { version: 3, bindings: [], etag: "BwX" };
  return { name: resourceOf(read), etag: "BwX", access: [] };
}

/** Every request the deploy plan can hold: each resource's read, create, detail read and update. */
function deployRequests(): CloudRequest[] {
  return ENVS.flatMap((env) =>
    desiredState(loadConfig(env), { udfBundle: { from: "t", content: "x" }, projectNumber: "123456789012" }).flatMap((r) => [
      r.read,
      r.create,
      ...(r.readDetail ? [r.readDetail({ id: "2026-11-27_00_00_00-1", name: r.id })] : []),
      ...(r.update ? [r.update([{ field: "labels.env", current: "x", desired: env }], currentState(r.read))] : []),
    ]),
  );
}

/** A dry run that finds one CSV file in each dated folder the scheduled window lists. */
class BucketWithFiles extends DryRunIngestionCloud {
  constructor(private readonly created: string) {
    super();
  }
  override async listObjects(list: { bucket: string; prefix: string }) {
    await super.listObjects(list);
    return /\d{4}\/\d\d\/\d\d\/$/.test(list.prefix) ? [{ name: `${list.prefix}export-1.csv`, bytes: 2048, created: this.created }] : [];
  }
  override async readHead(read: { bucket: string; name: string; bytes: number }) {
    await super.readHead(read);
    return Buffer.from("store_id,store_name,city\n");
  }
}

function expectValid(requests: readonly CloudRequest[]): void {
  const problems = requests.flatMap(requestProblems);
  expect(problems, problems.join("\n")).to.deep.equal([]);
}

describe("requests in Google's own schemas", () => {
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-schemas-"))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("every request the dev and prod deploy plans can hold matches its API's schema", () => {
    const requests = deployRequests();
    expect(requests.length).to.be.greaterThan(100);
    expectValid(requests);
  });

  it("every request of a launch from a landing folder, the POS stream included, matches its API's schema", async () => {
    const landing = path.join(tmp, "landing");
    await generateLanding({ outDir: landing, days: 1, startDate: "2026-11-01", stores: 2, products: 5, customers: 20, transactionsPerStoreDay: 3, ordersPerDay: 3 });
    for (const env of ENVS) {
      const { requests } = await launchIngestion({ env, dryRun: true, landingDir: landing, runId: "run-20261127t0930", now: new Date("2026-11-27T09:30:00Z") });
      expect(requests!.sent.map((r) => r.method)).to.include.members(["createTopic", "createSubscription", "launchFlexTemplate", "objects.insert"]);
      expectValid([...requests!.reads, ...requests!.sent]);
    }
  });

  it("every request of a scheduled launch matches its API's schema", async () => {
    for (const [cadence, at, created] of [
      ["daily", "2026-11-27T01:00:00+05:30", "2026-11-26T10:00:00Z"],
      ["hourly", "2026-11-27T10:05:00+05:30", "2026-11-27T04:10:00Z"],
    ] as const) {
      const cloud = new BucketWithFiles(created);
      await launchIngestion({ env: "prod", cloud, scheduled: { cadence, at: new Date(at) }, now: new Date(at), sources: [cadence === "daily" ? "stores" : "ecom"] });
      expect(cloud.sent.map((r) => r.method), cadence).to.include("launchFlexTemplate");
      expectValid([...cloud.reads, ...cloud.sent]);
    }
  });

  it("the requests of a run on BigQuery match the Dataform API's schema", async () => {
    const api = new RecordingCloudApi();
    const requests: CloudRequest[] = [];
    await runOnBigQuery({ config: loadConfig("prod"), api, tags: ["daily"], fullRefresh: true, dryRun: true, onRequest: (r) => requests.push(r) });
    expect(requests.map((r) => r.method)).to.include("createWorkflowInvocation");
    expectValid(requests);
  });
});
