import { expect } from "chai";
import { loadConfig } from "../../config/load";
import { namesFor } from "../../cloud/desired/names";
import { scheduledIngestArgument, scheduledIngestSource } from "../../cloud/desired/scheduled-ingest";
import { sourceContract } from "../../ingestion/contracts";
import type { SourceName } from "../../ingestion/contracts/types";
import { UdfSandbox } from "../../ingestion/load/udf_sandbox";
import { launchIngestion, scheduledWindow, type Cadence, type FlexTemplateLaunch, type QueryJobInsert } from "../../cloud/launch";
import { CRC32C } from "@google-cloud/storage";
import type { CloudApi } from "../../cloud/api";
import { HttpError, runWorkflow, WorkflowError } from "../support/workflows-interpreter";

/**
 * The scheduled-ingest workflow (cloud/workflows/scheduled-ingest.yaml) and the ingestion launcher
 * in its scheduled mode must send the same requests for the same bucket. Both read one described
 * bucket; the workflow runs in our interpreter of the Workflows subset it uses, every Google call
 * answered here at the request boundary.
 */

const config = loadConfig("prod");
const n = namesFor(config);
const CRM_HEADER = "customer_id,first_name,last_name,email,phone,loyalty_tier,city,country,updated_at";
const DRIFTED_HEADER = "customer_id,last_name,first_name,email,phone,loyalty_tier,city,country,updated_at,preferred_store";

interface Landed {
  name: string;
  content: Buffer;
  /** RFC 3339 creation time of the object. */
  created: string;
}

const file = (name: string, content: string | Buffer, created: string): Landed => ({
  name,
  content: typeof content === "string" ? Buffer.from(content, "utf8") : content,
  created: new Date(created).toISOString(),
});

const crc32c = (content: Buffer) => {
  const crc = new CRC32C();
  crc.update(content);
  return crc.toString();
};

/** What one side did: its Dataflow launches, manifest jobs and the UDF folders it filled. */
interface Outcome {
  launches: FlexTemplateLaunch[];
  manifests: QueryJobInsert[];
  /** Object name -> text of each context.js written. */
  contexts: Map<string, string>;
  /** Object names of the UDF bundles placed beside those contexts. */
  bundles: string[];
}

async function viaLauncher(bucket: readonly Landed[], source: SourceName, cadence: Cadence, at: Date): Promise<Outcome> {
  const outcome: Outcome = { launches: [], manifests: [], contexts: new Map(), bundles: [] };
  // Google's side at the request boundary, answered as each API documents its response.
  const api: CloudApi = {
    get: async ({ method, request: q }) => {
      switch (method) {
        case "objects.list": {
          const items = bucket.filter((o) => o.name.startsWith(String(q.prefix))).map((o) => ({ name: o.name, size: String(o.content.length), timeCreated: o.created, crc32c: crc32c(o.content) }));
          return { kind: "storage#objects", ...(items.length ? { items } : {}) };
        }
        case "objects.get": {
          const end = Number(/^bytes=0-(\d+)$/.exec(String(q.range))![1]);
          return bucket.find((o) => o.name === q.object)!.content.subarray(0, end + 1);
        }
        case "listJobs":
          return [];
      }
      throw new Error(`a scheduled run does not read ${method}`);
    },
    apply: async ({ method, request: q }) => {
      switch (method) {
        case "objects.insert": {
          const name = String(q.name);
          if (q.media) throw new Error("a scheduled run uploads no landing file");
          if (name.endsWith("/context.js")) outcome.contexts.set(name, String(q.content));
          else if (name.endsWith("/gigamart_udf.js")) outcome.bundles.push(name);
          return {};
        }
        case "launchFlexTemplate":
          outcome.launches.push(q as unknown as FlexTemplateLaunch);
          return { job: { id: `job-${outcome.launches.length}` } };
        case "jobs.insert":
          outcome.manifests.push(q as unknown as QueryJobInsert);
          return { status: { state: "DONE" } };
      }
      throw new Error(`a scheduled run does not send ${method}`);
    },
  };
  await launchIngestion({ config, sources: [source], scheduled: { cadence, at }, now: at, api });
  return outcome;
}

interface WorkflowRun extends Outcome {
  result: unknown;
  /** Every call the workflow made, in order. */
  calls: Array<{ fn: string; args: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Google's side of the calls the workflow makes, answered from the described bucket. */
async function viaWorkflow(
  bucket: readonly Landed[],
  source: SourceName,
  cadence: Cadence,
  at: Date,
  options: { pageSize?: number; running?: string[]; contentType?: string } = {},
): Promise<WorkflowRun> {
  const run: WorkflowRun = { launches: [], manifests: [], contexts: new Map(), bundles: [], result: undefined, calls: [] };
  const pageSize = options.pageSize ?? 1000;
  const objectUrl = `https://storage.googleapis.com/storage/v1/b/${n.bucket}/o/`;
  const call = async (fn: string, args: Record<string, any>): Promise<unknown> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    run.calls.push({ fn, args });
    switch (fn) {
      case "googleapis.storage.v1.objects.list": {
        expect(args.bucket).to.equal(n.bucket);
        expect(args.delimiter).to.equal("/");
        // With a delimiter, objects below the folder come back as `prefixes`, not items.
        const all = bucket.filter((o) => o.name.startsWith(args.prefix) && !o.name.slice(args.prefix.length).includes("/")).sort((a, b) => (a.name < b.name ? -1 : 1));
        const from = args.pageToken === undefined ? 0 : Number(args.pageToken);
        const size = Math.min(pageSize, args.maxResults);
        const items = all.slice(from, from + size).map((o) => ({ kind: "storage#object", name: o.name, bucket: n.bucket, size: String(o.content.length), timeCreated: o.created, md5Hash: "x", crc32c: crc32c(o.content), metadata: {} }));
        const more = from + size < all.length;
        // Storage leaves out `items` on an empty page, and `nextPageToken` on the last.
        return { kind: "storage#objects", ...(items.length ? { items } : {}), ...(more ? { nextPageToken: String(from + size) } : {}) };
      }
      case "http.get": {
        expect(args.url.startsWith(objectUrl)).to.equal(true);
        expect(args.query).to.deep.equal({ alt: "media" });
        expect(args.auth).to.deep.equal({ type: "OAuth2" });
        const name = decodeURIComponent(args.url.slice(objectUrl.length));
        expect(args.url.slice(objectUrl.length), "the object name travels URL-encoded as one path segment").to.not.contain("/");
        const o = bucket.find((x) => x.name === name);
        if (!o) throw new HttpError(404, { error: { message: `No such object: ${name}` } });
        const m = /^bytes=0-(\d+)$/.exec(args.headers.Range);
        expect(m, `Range header ${args.headers.Range}`).to.not.equal(null);
        return { code: 206, headers: { "Content-Type": options.contentType ?? "text/csv" }, body: o.content.subarray(0, Number(m![1]) + 1) };
      }
      case "googleapis.storage.v1.objects.copy": {
        expect(args.sourceBucket).to.equal(n.bucket);
        expect(decodeURIComponent(args.sourceObject)).to.equal("udf/bundle/gigamart_udf.js");
        expect(args.destinationBucket).to.equal(n.bucket);
        run.bundles.push(decodeURIComponent(args.destinationObject));
        return { name: decodeURIComponent(args.destinationObject) };
      }
      case "http.post": {
        expect(args.url).to.equal(`https://storage.googleapis.com/upload/storage/v1/b/${n.bucket}/o`);
        expect(args.query.uploadType).to.equal("media");
        expect(args.headers["Content-Type"]).to.equal("application/javascript");
        expect(Buffer.isBuffer(args.body), "the context is uploaded as bytes, not JSON-encoded").to.equal(true);
        run.contexts.set(args.query.name, args.body.toString("utf8"));
        return { code: 200, headers: {}, body: { name: args.query.name } };
      }
      case "googleapis.dataflow.v1b3.projects.locations.flexTemplates.launch": {
        const launchParameter = args.body.launchParameter;
        if (options.running?.includes(launchParameter.jobName)) throw new HttpError(409, { error: { status: "ALREADY_EXISTS" } });
        run.launches.push({ projectId: args.projectId, location: args.location, launchParameter });
        return { job: { id: `job-${run.launches.length}`, name: launchParameter.jobName } };
      }
      case "googleapis.bigquery.v2.jobs.insert": {
        run.manifests.push({ projectId: args.projectId, body: args.body });
        return { jobReference: args.body.jobReference, status: { state: "DONE" } };
      }
    }
    throw new Error(`the workflow called ${fn}, which this test does not answer`);
  };
  const argument = JSON.parse(JSON.stringify(scheduledIngestArgument(config, n, sourceContract(source), cadence)));
  const out = await runWorkflow(scheduledIngestSource(), { argument, now: () => at.getTime() / 1000, call });
  run.result = out.result;
  return run;
}

function contextOf(script: string): Record<string, unknown> {
  const m = /^var GIGAMART_CONTEXT = (.*);\n$/s.exec(script);
  if (!m) throw new Error(`not a context script: ${script}`);
  return JSON.parse(m[1]!);
}

/** The two sides agree request by request; the ingestion time is the same instant written two ways. */
function expectSameRequests(launcher: Outcome, workflow: Outcome): void {
  const byJob = (ls: FlexTemplateLaunch[]) => [...ls].sort((a, b) => (a.launchParameter.jobName < b.launchParameter.jobName ? -1 : 1));
  expect(byJob(workflow.launches)).to.deep.equal(byJob(launcher.launches));
  const byJobId = (ms: QueryJobInsert[]) => [...ms].sort((a, b) => (JSON.stringify(a.body.jobReference) < JSON.stringify(b.body.jobReference) ? -1 : 1));
  expect(byJobId(workflow.manifests), "manifest jobs").to.deep.equal(byJobId(launcher.manifests));
  expect(workflow.manifests.length, "one manifest job per launched batch").to.equal(workflow.launches.length);
  expect([...workflow.bundles].sort()).to.deep.equal([...launcher.bundles].sort());
  expect([...workflow.contexts.keys()].sort()).to.deep.equal([...launcher.contexts.keys()].sort());
  for (const [name, script] of launcher.contexts) {
    const { ingestion_ts: ours, ...rest } = contextOf(script);
    const { ingestion_ts: theirs, ...workflowRest } = contextOf(workflow.contexts.get(name)!);
    expect(workflowRest, name).to.deep.equal(rest);
    expect(Date.parse(String(theirs)), `${name} ingestion_ts`).to.equal(Date.parse(String(ours)));
  }
}

const inputs = (o: Outcome) => o.launches.map((l) => l.launchParameter.parameters.inputFilePattern).sort();

describe("scheduled ingestion: the workflow and `ingest --scheduled` send the same requests", () => {
  // 01:00:07 IST on 27 Nov: the nightly run loads files created from 01:00 on the 26th to 01:00 on the 27th.
  const nightly = new Date("2026-11-27T01:00:07+05:30");

  it("computes the window the workflow computes: the last whole day or hour in the source zone, with its folders", () => {
    const w = scheduledWindow(nightly, "daily", "Asia/Kolkata");
    expect(w.from.toISOString()).to.equal("2026-11-25T19:30:00.000Z");
    expect(w.to.toISOString()).to.equal("2026-11-26T19:30:00.000Z");
    expect(w.dates).to.deep.equal(["2026-11-25", "2026-11-26", "2026-11-27"]);
    expect(w.runId).to.equal("sched-20261127t0100");
    const h = scheduledWindow(new Date("2026-11-27T00:05:00+05:30"), "hourly", "Asia/Kolkata");
    expect([h.from.toISOString(), h.to.toISOString(), h.runId]).to.deep.equal(["2026-11-26T17:30:00.000Z", "2026-11-26T18:30:00.000Z", "sched-20261127t0000"]);
    expect(h.dates).to.deep.equal(["2026-11-25", "2026-11-26"]);
  });

  it("leaves no gap and no overlap between consecutive hourly runs, so each file is loaded once", () => {
    let previous = scheduledWindow(new Date("2026-11-26T23:05:00+05:30"), "hourly", "Asia/Kolkata");
    for (let hour = 1; hour <= 48; hour++) {
      const next = scheduledWindow(new Date(Date.parse("2026-11-26T23:05:00+05:30") + hour * 3_600_000 + (hour % 7) * 60_000), "hourly", "Asia/Kolkata");
      expect(next.from.getTime(), `run ${hour}`).to.equal(previous.to.getTime());
      expect(next.runId).to.not.equal(previous.runId);
      previous = next;
    }
  });

  it("loads a whole day's folder as one batch, a late file in the day before's folder alone, and nothing outside the window", async () => {
    const bucket = [
      file("crm-profiles/2026/11/25/crm-early.csv", `${CRM_HEADER}\nC1,A,B,a@x.in,1,GOLD,Pune,IN,2026-11-25T10:00:00\n`, "2026-11-25T23:00:00+05:30"),
      file("crm-profiles/2026/11/25/crm-late.csv", `${CRM_HEADER}\r\nC2,A,B,b@x.in,2,NONE,Pune,IN,2026-11-25T22:00:00\r\n`, "2026-11-26T01:40:00+05:30"),
      file("crm-profiles/2026/11/25/crm-late-2.csv", `${CRM_HEADER}\r\nC4,A,B,d@x.in,4,NONE,Pune,IN,2026-11-25T22:30:00\r\n`, "2026-11-26T02:40:00+05:30"),
      file("crm-profiles/2026/11/26/crm-0001.csv", `${CRM_HEADER}\nC3,A,B,c@x.in,3,SILVER,Delhi,IN,2026-11-26T09:00:00\n`, "2026-11-26T23:10:00+05:30"),
      file("crm-profiles/2026/11/26/crm-0002.csv", `${CRM_HEADER}\n`, "2026-11-26T23:55:00+05:30"),
      file("crm-profiles/2026/11/26/archive/crm-old.csv", `${CRM_HEADER}\n`, "2026-11-26T23:56:00+05:30"),
      file("crm-profiles/2026/11/27/crm-0001.csv", `${CRM_HEADER}\n`, "2026-11-27T01:00:00+05:30"),
    ];
    const launcher = await viaLauncher(bucket, "crm", "daily", nightly);
    const workflow = await viaWorkflow(bucket, "crm", "daily", nightly, { pageSize: 2 });
    expect(inputs(launcher)).to.deep.equal([
      "gs://giga-raw-prod/crm-profiles/2026/11/25/crm-late-2.csv",
      "gs://giga-raw-prod/crm-profiles/2026/11/25/crm-late.csv",
      "gs://giga-raw-prod/crm-profiles/2026/11/26/*",
    ]);
    expectSameRequests(launcher, workflow);
    const day = workflow.launches.find((l) => l.launchParameter.parameters.inputFilePattern!.endsWith("/26/*"))!;
    expect(day).to.deep.equal({
      projectId: "gigamart-prod",
      location: "asia-south1",
      launchParameter: {
        jobName: "gigamart-crm-profiles-2026-11-26-sched-20261127t0100",
        containerSpecGcsPath: "gs://dataflow-templates-asia-south1/latest/flex/GCS_Text_to_BigQuery_Flex",
        parameters: {
          inputFilePattern: "gs://giga-raw-prod/crm-profiles/2026/11/26/*",
          JSONPath: "gs://giga-raw-prod/schemas/raw_crm_customers.json",
          outputTable: "gigamart-prod:giga_raw.raw_crm_customers",
          javascriptTextTransformGcsPath: "gs://giga-raw-prod/udf/runs/sched-20261127t0100/crm/crm-profiles-2026-11-26/*.js",
          javascriptTextTransformFunctionName: "process_crm",
          bigQueryLoadingTemporaryDirectory: "gs://giga-raw-prod/dataflow/temp/bigquery",
        },
        environment: {
          serviceAccountEmail: "gigamart-ingestion@gigamart-prod.iam.gserviceaccount.com",
          tempLocation: "gs://giga-raw-prod/dataflow/temp",
          stagingLocation: "gs://giga-raw-prod/dataflow/staging",
          machineType: "n2-standard-2",
          maxWorkers: 5,
          additionalUserLabels: { app: "gigamart", env: "prod", team: "data-platform" },
        },
      },
    });
    expect(contextOf(workflow.contexts.get("udf/runs/sched-20261127t0100/crm/crm-profiles-2026-11-26/context.js")!)).to.deep.equal({
      source_file: "crm-profiles/2026/11/26/*",
      header: CRM_HEADER,
      run_id: "sched-20261127t0100",
      ingestion_ts: "2026-11-26T19:30:07.000000Z",
      time_zone: "Asia/Kolkata",
    });
    expect(contextOf(workflow.contexts.get("udf/runs/sched-20261127t0100/crm/crm-profiles-2026-11-25-1/context.js")!).header).to.equal(CRM_HEADER);
    // The day's manifest job: BigQuery's jobs.insert, the batch's files read as one STRING column of
    // lines by an external table, the listing's sizes and CRC32Cs, the run's id and ingestion time.
    const manifest = workflow.manifests.find((m) => JSON.stringify(m.body).includes("/26/*"))!;
    const query = (manifest.body.configuration as { query: Record<string, unknown> }).query;
    expect(manifest.projectId).to.equal("gigamart-prod");
    expect(manifest.body.jobReference).to.deep.equal({
      projectId: "gigamart-prod",
      jobId: `gigamart-crm-profiles-2026-11-26-sched-20261127t0100-manifest-${Date.parse("2026-11-26T19:30:07Z") / 1000}`,
      location: "asia-south1",
    });
    expect(query.useLegacySql).to.equal(false);
    expect(query.parameterMode).to.equal("NAMED");
    expect(String(query.query)).to.match(/^INSERT INTO `gigamart-prod\.giga_raw\.ingest_manifest` \(/);
    expect(query.tableDefinitions).to.deep.equal({
      landed_lines: {
        sourceUris: ["gs://giga-raw-prod/crm-profiles/2026/11/26/*"],
        sourceFormat: "CSV",
        schema: { fields: [{ name: "line", type: "STRING", mode: "NULLABLE" }] },
        csvOptions: { fieldDelimiter: "\u0001", quote: "", encoding: "UTF-8", skipLeadingRows: "0", allowJaggedRows: true },
        ignoreUnknownValues: true,
        compression: "NONE",
      },
    });
    const day26 = bucket.filter((o) => /\/26\/[^/]+$/.test(o.name));
    const str = (name: string, value: string) => ({ name, parameterType: { type: "STRING" }, parameterValue: { value } });
    const list = (name: string, type: string, values: string[]) => ({ name, parameterType: { type: "ARRAY", arrayType: { type } }, parameterValue: { arrayValues: values.map((value) => ({ value })) } });
    expect(query.queryParameters).to.deep.equal([
      str("source", "crm"),
      str("bronze_table", "raw_crm_customers"),
      str("bucket", "giga-raw-prod"),
      str("udf_version", new UdfSandbox().version),
      str("run_id", "sched-20261127t0100"),
      { name: "ingestion_ts", parameterType: { type: "TIMESTAMP" }, parameterValue: { value: "2026-11-26T19:30:07.000000Z" } },
      str("header", CRM_HEADER),
      list("names", "STRING", day26.map((o) => o.name)),
      list("sizes", "INT64", day26.map((o) => String(o.content.length))),
      list("crc32c", "STRING", day26.map((o) => crc32c(o.content))),
    ]);

    // Pages of two: the listing followed nextPageToken to the end of each folder.
    expect(workflow.calls.filter((c) => c.fn === "googleapis.storage.v1.objects.list").length).to.be.greaterThan(3);
  });

  it("gives each file of a drifted day its own header, so reordered and new columns map by name", async () => {
    const bucket = [
      file("crm-profiles/2026/11/26/crm-0001.csv", `${CRM_HEADER}\nC1,Asha,Rao,a@x.in,1,GOLD,Pune,IN,2026-11-26T09:00:00\n`, "2026-11-26T20:00:00+05:30"),
      file("crm-profiles/2026/11/26/crm-0002.csv", `${DRIFTED_HEADER}\nC2,Iyer,Meera,m@x.in,2,NONE,Pune,IN,2026-11-26T09:30:00,S01\n`, "2026-11-26T21:00:00+05:30"),
    ];
    const launcher = await viaLauncher(bucket, "crm", "daily", nightly);
    const workflow = await viaWorkflow(bucket, "crm", "daily", nightly);
    expectSameRequests(launcher, workflow);
    const headers = [...workflow.contexts.entries()].sort().map(([, script]) => contextOf(script).header);
    expect(headers).to.deep.equal([CRM_HEADER, DRIFTED_HEADER]);
    // The shipped UDF bundle with the context the workflow wrote maps the drifted row by name.
    const sandbox = new UdfSandbox();
    sandbox.setContext(contextOf(workflow.contexts.get("udf/runs/sched-20261127t0100/crm/crm-profiles-2026-11-26-2/context.js")!));
    const row = JSON.parse(sandbox.fn(sourceContract("crm"))("C2,Iyer,Meera,m@x.in,2,NONE,Pune,IN,2026-11-26T09:30:00,S01")!);
    expect(row).to.include({ customer_id: "C2", first_name: "Meera", last_name: "Iyer", dq_status: "WARN" });
    expect(JSON.parse(row.raw_extra_attributes)).to.deep.equal({ preferred_store: "S01" });
  });

  it("loads each hour only the e-commerce files created in that hour, one job per file, without a header", async () => {
    const line = JSON.stringify({ order_id: "O1" });
    const bucket = [
      file("ecom-orders/2026/11/27/ecom-0001.jsonl", `${line}\n`, "2026-11-27T11:30:00+05:30"),
      file("ecom-orders/2026/11/27/ecom-0002.jsonl", `${line}\n`, "2026-11-27T12:10:00+05:30"),
      file("ecom-orders/2026/11/27/ecom-0003.jsonl", `${line}\n`, "2026-11-27T12:59:59.999+05:30"),
      file("ecom-orders/2026/11/27/ecom-0004.jsonl", `${line}\n`, "2026-11-27T13:00:00+05:30"),
    ];
    const at = new Date("2026-11-27T13:05:00+05:30");
    const launcher = await viaLauncher(bucket, "ecom", "hourly", at);
    const workflow = await viaWorkflow(bucket, "ecom", "hourly", at);
    expect(inputs(workflow)).to.deep.equal(["gs://giga-raw-prod/ecom-orders/2026/11/27/ecom-0002.jsonl", "gs://giga-raw-prod/ecom-orders/2026/11/27/ecom-0003.jsonl"]);
    expectSameRequests(launcher, workflow);
    expect([...workflow.contexts.values()].every((s) => !("header" in contextOf(s)))).to.equal(true);
    expect(workflow.calls.some((c) => c.fn === "http.get"), "JSON lines have no header to read").to.equal(false);
    const headers = workflow.manifests.map((m) => (m.body.configuration as { query: { queryParameters: Array<{ name: string; parameterValue: unknown }> } }).query.queryParameters.find((p) => p.name === "header"));
    expect(headers).to.deep.equal([
      { name: "header", parameterType: { type: "STRING" }, parameterValue: {} },
      { name: "header", parameterType: { type: "STRING" }, parameterValue: {} },
    ]);
  });

  it("reads a header even when the leading bytes end inside a multi-byte character", async () => {
    const filler = "x".repeat(65_535 - CRM_HEADER.length - 1);
    // The 65,536-byte range ends after the first byte of "é" (2 bytes): decoding turns it into U+FFFD, far from the header.
    const body = `${CRM_HEADER}\n${filler}é${"y".repeat(100)}\n`;
    const bucket = [file("crm-profiles/2026/11/26/big.csv", body, "2026-11-26T12:00:00+05:30")];
    expect(Buffer.byteLength(`${CRM_HEADER}\n${filler}`)).to.equal(65_535);
    const launcher = await viaLauncher(bucket, "crm", "daily", nightly);
    const workflow = await viaWorkflow(bucket, "crm", "daily", nightly, { contentType: "application/octet-stream" });
    expectSameRequests(launcher, workflow);
    const ranges = workflow.calls.filter((c) => c.fn === "http.get").map((c) => c.args.headers.Range);
    expect(ranges).to.deep.equal(["bytes=0-65535"]);
    expect(contextOf([...workflow.contexts.values()][0]!).header).to.equal(CRM_HEADER);
  });

  it("launches nothing for a window in which nothing landed, and says so", async () => {
    const bucket = [file("inventory/2026/11/20/inv.csv", "snapshot_date,store_id\n", "2026-11-20T12:00:00+05:30")];
    const launcher = await viaLauncher(bucket, "inventory", "daily", nightly);
    const workflow = await viaWorkflow(bucket, "inventory", "daily", nightly);
    expect(launcher.launches).to.deep.equal([]);
    expectSameRequests(launcher, workflow);
    expect(workflow.result).to.deep.include({ run_id: "sched-20261127t0100", launched: [] });
  });

  it("keeps a job of the same name that is still running and launches the rest", async () => {
    const bucket = [
      file("pos/2026/11/26/pos-0001.jsonl", "{}\n", "2026-11-26T12:00:00+05:30"),
      file("pos/2026/11/25/pos-0009.jsonl", "{}\n", "2026-11-26T03:00:00+05:30"),
      file("pos/2026/11/25/pos-0001.jsonl", "{}\n", "2026-11-25T03:00:00+05:30"),
    ];
    const workflow = await viaWorkflow(bucket, "pos", "daily", nightly, { running: ["gigamart-pos-2026-11-26-sched-20261127t0100"] });
    expect(inputs(workflow)).to.deep.equal(["gs://giga-raw-prod/pos/2026/11/25/pos-0009.jsonl"]);
    const launched = (workflow.result as { launched: Array<{ job_name: string; status: string }> }).launched;
    expect(launched.map((l) => [l.job_name, l.status])).to.deep.equal([
      ["gigamart-pos-2026-11-25-1-sched-20261127t0100", "launched"],
      ["gigamart-pos-2026-11-26-sched-20261127t0100", "already running"],
    ]);
  });

  it("fails the execution, naming the request, when a launch is refused for another reason", async () => {
    const bucket = [file("stores/2026/11/26/stores.csv", "store_id,store_name\nS1,One\n", "2026-11-26T12:00:00+05:30")];
    const refused = await runWorkflow(scheduledIngestSource(), {
      argument: JSON.parse(JSON.stringify(scheduledIngestArgument(config, n, sourceContract("stores"), "daily"))),
      now: () => nightly.getTime() / 1000,
      call: async (fn) => {
        if (fn === "googleapis.storage.v1.objects.list") return { items: [{ name: bucket[0]!.name, size: String(bucket[0]!.content.length), timeCreated: bucket[0]!.created, crc32c: crc32c(bucket[0]!.content) }] };
        if (fn === "http.get") return { code: 206, headers: {}, body: bucket[0]!.content };
        if (fn === "googleapis.dataflow.v1b3.projects.locations.flexTemplates.launch") throw new HttpError(403, { error: { message: "dataflow.jobs.create denied" } });
        return { code: 200, headers: {}, body: {} };
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).to.be.instanceOf(WorkflowError);
    expect((refused as WorkflowError).value).to.deep.include({ code: 403 });
  });
});
