import * as path from "node:path";
import { expect } from "chai";
import { loadConfig } from "../../config/load";
import { onDataflowPath } from "../support/streaming-path";
import type { CloudRequest } from "../../cloud/api";
import { runOnBigQuery } from "../../runner/targets/bigquery";
import { desiredState } from "../../cloud/desired";
import { GoogleCloudApi, restRoute } from "../../cloud/google-api";
import { RecordingCloudApi } from "../../cloud/recording-api";
import { launchIngestion } from "../../cloud/launch";
import { generateLanding } from "../../ingestion/generate";
import { tempDir } from "../runner/fixtures";

// Every request GigaMart can send, checked against the installed client libraries (no network:
// constructing a client does not connect, and nothing is called).
function everyRequest(): CloudRequest[] {
  const requests: CloudRequest[] = [];
  for (const env of ["dev", "prod"]) {
    for (const r of desiredState(loadConfig(env), { udfBundle: { from: "t", content: "x" } })) {
      requests.push(r.read, r.create);
      if (r.readDetail) requests.push(r.readDetail({ id: "job-1", name: "n" }));
      if (r.update) requests.push(r.update([{ field: "labels.env", current: "x", desired: "y" }], { name: "n", bindings: [], access: [], etag: "e" }));
    }
  }
  return requests;
}

describe("Google client libraries behind CloudApi", () => {
  // Offline: keep the auth library from probing for a GCE metadata server.
  const detection = process.env.METADATA_SERVER_DETECTION;
  before(() => void (process.env.METADATA_SERVER_DETECTION = "none"));
  after(() => {
    if (detection === undefined) delete process.env.METADATA_SERVER_DETECTION;
    else process.env.METADATA_SERVER_DETECTION = detection;
  });

  it("serves every deploy request with a method the installed client library has", () => {
    const api = new GoogleCloudApi();
    const unserved = everyRequest().flatMap((r) => {
      try {
        api.resolve(r);
        return [];
      } catch (e) {
        return [`${r.api} ${r.method}: ${(e as Error).message}`];
      }
    });
    expect(unserved).to.deep.equal([]);
  });

  it("serves every request of a BigQuery run", async () => {
    const methods = ["createCompilationResult", "createWorkflowInvocation", "queryCompilationResultActions", "queryWorkflowInvocationActions", "getWorkflowInvocation"];
    const api = new GoogleCloudApi();
    for (const method of methods) expect(() => api.resolve({ api: "dataform", method, request: {} }), method).to.not.throw();
    const sent: CloudRequest[] = [];
    await runOnBigQuery({ config: loadConfig("dev"), api: new RecordingCloudApi(), dryRun: true, onRequest: (r) => sent.push(r) });
    expect(sent.map((r) => r.method).every((m) => methods.includes(m))).to.equal(true);
  });

  it("serves every request of an ingestion launch: listings, ranged reads, uploads, Pub/Sub, Dataflow, the manifest job", async () => {
    const landing = path.join(tempDir(), "landing");
    await generateLanding({ outDir: landing, days: 1, startDate: "2026-11-01", stores: 2, products: 5, customers: 20, transactionsPerStoreDay: 3, ordersPerDay: 3 });
    // Every file read back from the bucket, so the listing and the header reads are sent too.
    const fromBucket = new RecordingCloudApi(
      (r) => (r.method === "launchFlexTemplate" ? { job: { id: "job-1" } } : {}),
      (r) => (r.method === "objects.list" ? { items: [{ name: `${r.request.prefix}2026/11/01/a.csv`, size: "64", crc32c: "AAAAAA==" }] } : r.method === "objects.get" ? Buffer.from("a,b\n") : undefined),
    );
    await launchIngestion({ config: loadConfig("dev"), api: fromBucket, fromBucket: true, sources: ["crm"], streaming: false, runId: "run-1" });
    const { requests } = await launchIngestion({ config: onDataflowPath(loadConfig("dev")), dryRun: true, landingDir: landing, runId: "run-1" });
    const all = [...fromBucket.reads, ...fromBucket.sent, ...requests!.reads, ...requests!.sent];
    expect(new Set(all.map((r) => `${r.api} ${r.method}`))).to.deep.equal(
      new Set(["storage objects.list", "storage objects.get", "storage objects.insert", "pubsub getTopic", "pubsub createTopic", "pubsub getSubscription", "pubsub createSubscription", "dataflow listJobs", "dataflow launchFlexTemplate", "bigquery jobs.insert"]),
    );
    const api = new GoogleCloudApi();
    for (const r of all) expect(() => api.resolve(r), `${r.api} ${r.method}`).to.not.throw();
  });

  it("names a method no client library has", () => {
    expect(() => new GoogleCloudApi().resolve({ api: "dataform", method: "createRelease", request: {} })).to.throw("dataform: the client library has no method createRelease");
  });

  it("sends JSON-API requests to the documented REST paths", () => {
    expect(restRoute("tables.patch", { datasetId: "giga_raw", tableId: "raw_pos_transactions", body: { labels: {} } })).to.deep.equal({
      verb: "PATCH",
      path: "datasets/giga_raw/tables/raw_pos_transactions",
      body: { labels: {} },
    });
    expect(restRoute("projects.serviceAccounts.create", { name: "projects/p", body: { accountId: "a" } })).to.deep.equal({
      verb: "POST",
      path: "projects/p/serviceAccounts",
      body: { accountId: "a" },
    });
    expect(restRoute("projects.secrets.getIamPolicy", { resource: "projects/p/secrets/s" }).path).to.equal("projects/p/secrets/s:getIamPolicy?options.requestedPolicyVersion=3");
  });
});
