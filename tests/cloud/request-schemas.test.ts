import { historyJobRequest } from "../../runner/history/bigquery";
import { runHeader, type RunResult } from "../../runner/targets/run-result";
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CloudRequest } from "../../cloud/api";
import { runOnBigQuery } from "../../runner/targets/bigquery";
import { desiredState } from "../../cloud/desired";
import { restRoute } from "../../cloud/google-api";
import { RecordingCloudApi } from "../../cloud/recording-api";
import { namesFor } from "../../cloud/desired/names";
import { scheduledIngestArgument, scheduledIngestSource } from "../../cloud/desired/scheduled-ingest";
import { loadConfig } from "../../config/load";
import { onDataflowPath, onSubscriptionPath } from "../support/streaming-path";
import { sourceContract } from "../../ingestion/contracts";
import { generateLanding } from "../../ingestion/generate";
import { launchIngestion } from "../../cloud/launch";
import { requestProblems, resourceOf } from "../support/google-schemas";
import { runWorkflow } from "../support/workflows-interpreter";

const ENVS = ["dev", "prod"] as const;

/** What a read answers, in the shape its API documents: an IAM policy, or the resource with its name and etag. */
function currentState(read: CloudRequest): Record<string, unknown> {
  if (/getIamPolicy$/i.test(read.method)) return { version: 3, bindings: [], etag: "BwX" };
  return { name: resourceOf(read), etag: "BwX", access: [] };
}

/** Every request the deploy plan can hold, on either streaming path: each resource's read, create, detail read and update. */
function deployRequests(): CloudRequest[] {
  return ENVS.flatMap((env) =>
    [onDataflowPath, onSubscriptionPath].flatMap((onPath) => desiredState(onPath(loadConfig(env)), { udfBundle: { from: "t", content: "function process_pos(l) { return l; }" }, projectNumber: "123456789012" })).flatMap((r) => [
      r.read,
      r.create,
      ...(r.readDetail ? [r.readDetail({ id: "2026-11-27_00_00_00-1", name: r.id })] : []),
      ...(r.update ? [r.update([{ field: "labels.env", current: "x", desired: env }], currentState(r.read))] : []),
    ]),
  );
}

/** A recorder whose bucket holds one CSV file in each dated folder the scheduled window lists, as Storage answers. */
function bucketWithFiles(created: string): RecordingCloudApi {
  return new RecordingCloudApi(
    (r) => (r.method === "launchFlexTemplate" ? { job: { id: "job-1" } } : {}),
    ({ method, request: q }) => {
      if (method === "objects.get") return Buffer.from("store_id,store_name,city\n");
      if (method !== "objects.list" || !/\d{4}\/\d\d\/\d\d\/$/.test(String(q.prefix))) return undefined;
      return { kind: "storage#objects", items: [{ name: `${q.prefix}export-1.csv`, size: "2048", timeCreated: created, crc32c: "AAAAAA==" }] };
    },
  );
}

const STORAGE_OBJECT = /^https:\/\/storage\.googleapis\.com\/storage\/v1\/b\/([^/]+)\/o\/([^/]+)$/;
const STORAGE_UPLOAD = /^https:\/\/storage\.googleapis\.com\/upload\/storage\/v1\/b\/([^/]+)\/o$/;

/**
 * A workflow step's call as the request it sends: connectors take the Discovery method's
 * parameters and `body`; the raw HTTP calls are Cloud Storage's media download and upload, whose
 * URLs Google documents (https://cloud.google.com/storage/docs/json_api/v1/objects/get, /insert).
 */
function workflowCallRequest(fn: string, args: Record<string, any>): CloudRequest { // eslint-disable-line @typescript-eslint/no-explicit-any
  const rest = /^googleapis\.(storage|bigquery)\.v\d+\.(\w+\.\w+)$/.exec(fn);
  if (rest) return { api: rest[1] as "storage" | "bigquery", method: rest[2]!, request: args };
  if (fn === "googleapis.dataflow.v1b3.projects.locations.flexTemplates.launch") {
    // Dataflow's REST body is the whole LaunchFlexTemplateRequest but its path fields.
    return { api: "dataflow", method: "launchFlexTemplate", request: { projectId: args.projectId, location: args.location, ...args.body } };
  }
  const range = Object.entries(args.headers ?? {}).find(([k]) => k.toLowerCase() === "range")?.[1];
  const download = fn === "http.get" ? STORAGE_OBJECT.exec(args.url) : null;
  if (download) return { api: "storage", method: "objects.get", request: { bucket: download[1], object: decodeURIComponent(download[2]!), ...args.query, range } };
  const upload = fn === "http.post" ? STORAGE_UPLOAD.exec(args.url) : null;
  if (upload) return { api: "storage", method: "objects.insert", request: { bucket: upload[1], ...args.query, content: String(args.body) } };
  throw new Error(`the workflow called ${fn} ${args.url ?? ""}, which has no known schema`);
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
      const { requests } = await launchIngestion({ config: onDataflowPath(loadConfig(env)), dryRun: true, landingDir: landing, runId: "run-20261127t0930", now: new Date("2026-11-27T09:30:00Z") });
      expect(requests!.sent.map((r) => r.method)).to.include.members(["createTopic", "createSubscription", "launchFlexTemplate", "objects.insert"]);
      expectValid([...requests!.reads, ...requests!.sent]);
    }
  });

  it("every request of a scheduled launch matches its API's schema", async () => {
    for (const [cadence, at, created] of [
      ["daily", "2026-11-27T01:00:00+05:30", "2026-11-26T10:00:00Z"],
      ["hourly", "2026-11-27T10:05:00+05:30", "2026-11-27T04:10:00Z"],
    ] as const) {
      const cloud = bucketWithFiles(created);
      await launchIngestion({ config: loadConfig("prod"), api: cloud, scheduled: { cadence, at: new Date(at) }, now: new Date(at), sources: [cadence === "daily" ? "stores" : "ecom"] });
      expect(cloud.sent.map((r) => r.method), cadence).to.include("launchFlexTemplate");
      expectValid([...cloud.reads, ...cloud.sent]);
    }
  });

  it("the requests of a run on BigQuery match the Dataform API's schema", async () => {
    const api = new RecordingCloudApi();
    const requests: CloudRequest[] = [];
    await runOnBigQuery({ config: loadConfig("prod"), api, selection: { tags: ["daily"] }, fullRefresh: true, dryRun: true, onRequest: (r) => requests.push(r) });
    expect(requests.map((r) => r.method)).to.include("createWorkflowInvocation");
    expectValid(requests);
  });

  it("the run history job a run on BigQuery ends with matches BigQuery's jobs.insert schema", () => {
    const run: RunResult = { ...runHeader("bigquery", "gigamart-prod", new Date("2026-12-03T13:15:00Z"), {}), durationMs: 1, status: "successful", actions: [] };
    expectValid([historyJobRequest(namesFor(loadConfig("prod")), run)]);
  });

  it("every Google call the scheduled-ingest workflow makes matches its API's schema", async () => {
    const config = loadConfig("prod");
    const n = namesFor(config);
    const at = new Date("2026-11-27T01:00:07+05:30");
    const calls: CloudRequest[] = [];
    // Google's answers, as small as the workflow accepts: one CSV file in every dated folder it lists.
    const call = async (fn: string, args: Record<string, any>): Promise<unknown> => { // eslint-disable-line @typescript-eslint/no-explicit-any
      calls.push(workflowCallRequest(fn, args));
      if (fn === "googleapis.storage.v1.objects.list") {
        const items = /\d{4}\/\d\d\/\d\d\/$/.test(args.prefix) ? [{ name: `${args.prefix}export-1.csv`, bucket: args.bucket, size: "2048", timeCreated: "2026-11-26T10:00:00Z", md5Hash: "1B2M2Y8AsgTpgAmY7PhCfg==", crc32c: "AAAAAA==" }] : [];
        return { kind: "storage#objects", ...(items.length ? { items } : {}) };
      }
      if (fn === "http.get") return { code: 206, headers: { "Content-Type": "text/csv" }, body: Buffer.from("store_id,store_name,city\n") };
      if (fn === "http.post") return { code: 200, headers: {}, body: { name: args.query.name } };
      if (fn === "googleapis.storage.v1.objects.copy") return { name: decodeURIComponent(args.destinationObject) };
      if (fn === "googleapis.dataflow.v1b3.projects.locations.flexTemplates.launch") return { job: { id: "job-1", name: args.body.launchParameter.jobName } };
      return { jobReference: args.body?.jobReference, status: { state: "DONE" } };
    };
    const argument = JSON.parse(JSON.stringify(scheduledIngestArgument(config, n, sourceContract("stores"), "daily")));
    await runWorkflow(scheduledIngestSource(), { argument, now: () => at.getTime() / 1000, call });
    expect(calls.map((c) => c.method)).to.include.members(["objects.list", "objects.get", "objects.copy", "objects.insert", "launchFlexTemplate"]);
    expectValid(calls);
  });

  it("IAM's getIamPolicy carries its policy version as the query parameter Discovery names, and no body", () => {
    const read = deployRequests().find((r) => r.method === "projects.serviceAccounts.getIamPolicy")!;
    expect(restRoute(read.method, read.request)).to.deep.equal({
      verb: "POST",
      path: "projects/gigamart-dev/serviceAccounts/gigamart-ingestion@gigamart-dev.iam.gserviceaccount.com:getIamPolicy?options.requestedPolicyVersion=3",
    });
  });

  describe("the validator fails a request that departs from its schema", () => {
    const requests = deployRequests();
    /** A deep copy of the plan's first request of that method, changed by `edit`. */
    const changed = (method: string, edit: (request: any) => void): CloudRequest => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const found = requests.find((r) => r.method === method)!;
      const request = structuredClone(found.request);
      edit(request);
      return { ...found, request };
    };
    const problems = (r: CloudRequest) => requestProblems(r);
    const subscription = "pubsub createSubscription projects/gigamart-dev/subscriptions/pos-transactions-sub: request";
    const table = "bigquery tables.insert gigamart-dev/giga_raw: request.body";

    it("names a misspelled field of a gRPC request (Pub/Sub), which its client would drop without a word", () => {
      expect(problems(changed("createSubscription", (q) => (q.ackDeadlineSecond = 60)))).to.deep.equal([
        `${subscription}.ackDeadlineSecond: no field 'ackDeadlineSecond' in google.pubsub.v1.Subscription`,
      ]);
    });

    it("names a wrong type in a gRPC request: a number as a string, a Duration in its JSON form where the client takes a message", () => {
      expect(problems(changed("createSubscription", (q) => ((q.ackDeadlineSeconds = "60"), (q.messageRetentionDuration = "604800s"))))).to.deep.equal([
        `${subscription}.ackDeadlineSeconds: expected int32, got "60"`,
        `${subscription}.messageRetentionDuration: expected a google.protobuf.Duration message (object), got "604800s"`,
      ]);
    });

    it("names a missing required field and an enum value the descriptor does not list (Pub/Sub, Monitoring)", () => {
      expect(problems(changed("createSubscription", (q) => delete q.topic))).to.deep.equal([`${subscription}.topic: required by google.pubsub.v1.Subscription, missing`]);
      const policy = changed("createAlertPolicy", (q) => (q.alertPolicy.combiner = "EITHER"));
      expect(problems(policy)).to.have.length(1);
      expect(problems(policy)[0]).to.match(/^monitoring createAlertPolicy .*\.alertPolicy\.combiner: "EITHER" is not a value of enum google\.monitoring\.v3\.AlertPolicy\.ConditionCombinerType/);
    });

    it("names a misspelled field in the Workflows execution a Scheduler job posts", () => {
      const job = changed("createJob", (q) => (q.job.httpTarget.body = Buffer.from(JSON.stringify({ arguments: "{}" }))));
      expect(problems(job)).to.deep.equal([`${resourceLine(job)}.job.httpTarget.body.arguments: no field 'arguments' in google.cloud.workflows.executions.v1.Execution`]);
    });

    it("names a misspelled field, a wrong type, an unknown enum value and a missing required field of a REST body (BigQuery's Discovery schema)", () => {
      const bad = changed("tables.insert", (q) => {
        q.body.timePartitoning = q.body.timePartitioning;
        q.body.expirationTime = 1767225600000;
        q.body.schema.fields[0].roundingMode = "ROUND_UP";
        delete q.body.tableReference.tableId;
      });
      const found = problems(bad);
      expect(found).to.include(`${table}.timePartitoning: no field 'timePartitoning' in ITable`);
      expect(found).to.include(`${table}.expirationTime: expected a string (Discovery "type": "string"), got 1767225600000`);
      // Discovery types a column's `type` as a plain string; `roundingMode` is one of its enums.
      expect(found).to.include(`${table}.schema.fields[0].roundingMode: "ROUND_UP" is not one of ROUNDING_MODE_UNSPECIFIED, ROUND_HALF_AWAY_FROM_ZERO, ROUND_HALF_EVEN`);
      expect(found.find((p) => p.startsWith(`${table}.tableReference.tableId:`))).to.match(/required \(Required\. The ID of the table/);
      expect(found).to.have.length(4);
    });

    it("names a misspelled parameter and a wrong type in a REST call's parameters (Cloud Storage, IAM)", () => {
      expect(problems(changed("buckets.getIamPolicy", (q) => (q.optionsRequestedPolicyVersion = "3")))).to.deep.equal([
        'storage buckets.getIamPolicy giga-raw-dev: request.optionsRequestedPolicyVersion: expected a number, got "3"',
      ]);
      const account = changed("projects.serviceAccounts.create", (q) => (q.body.serviceAccount.displayname = q.body.serviceAccount.displayName));
      expect(problems(account)).to.deep.equal([`${resourceLine(account)}.requestBody.serviceAccount.displayname: no field 'displayname' in Schema$ServiceAccount`]);
    });
  });
});

function resourceLine(r: CloudRequest): string {
  return `${r.api} ${r.method} ${resourceOf(r)}: request`;
}
