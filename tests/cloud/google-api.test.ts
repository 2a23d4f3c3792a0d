import { expect } from "chai";
import { loadConfig } from "../../config/load";
import type { CloudRequest } from "../../cloud/api";
import { runOnBigQuery } from "../../runner/targets/bigquery";
import { desiredState } from "../../cloud/desired";
import { GoogleCloudApi, restRoute } from "../../cloud/google-api";
import { RecordingCloudApi } from "../../cloud/recording-api";

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
