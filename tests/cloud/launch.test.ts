import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import { expect } from "chai";
import type { CloudRequest } from "../../cloud/api";
import { GoogleCloudApi } from "../../cloud/google-api";
import { RecordingCloudApi } from "../../cloud/recording-api";
import { loadConfig } from "../../config/load";
import { onDataflowPath, onSubscriptionPath } from "../support/streaming-path";
import { bigQuerySchemaFileText, bronzeTable } from "../../ingestion/contracts";
import { generateLanding } from "../../ingestion/generate";
import { CONTEXT_FILE, describeLaunch, dryRunJson, launchIngestion, type FlexTemplateLaunch, type LaunchResult } from "../../cloud/launch";
import { flexTemplateLaunch, listObjects, queryJobInsert } from "../../cloud/launch/requests";
import { UDF_BUNDLE_PATH } from "../../ingestion/udf/bundle_path";

const NOW = new Date("2026-11-27T09:30:00Z");
const RUN = "run-20261127t0930";
// Parameter names as Google's DataflowTemplates source declares them (TextIOToBigQuery.Options,
// PubSubToBigQuery options): a misspelt name is silently ignored by the template, so they are pinned here.
const BATCH_PARAMETERS = ["JSONPath", "bigQueryLoadingTemporaryDirectory", "inputFilePattern", "javascriptTextTransformFunctionName", "javascriptTextTransformGcsPath", "outputTable"];
const STREAMING_PARAMETERS = ["inputSubscription", "javascriptTextTransformFunctionName", "javascriptTextTransformGcsPath", "outputDeadletterTable", "outputTableSpec"];

type Sent = { api: string; method: string; request: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

// These tests start the Dataflow stream, which the launcher does only on that path.
const dev = onDataflowPath(loadConfig("dev"));
const prod = loadConfig("prod");

/** A Dataflow Job message as `listJobs` returns it. */
type Job = { id: string; name: string; currentState: string };

/**
 * Google's side, recorded: listJobs answers `jobs`, each launch gets a job id, as Dataflow's
 * LaunchFlexTemplateResponse carries it; other reads find nothing unless `look` answers them.
 */
function google(jobs: Job[] = [], look: (read: CloudRequest) => unknown = () => undefined): RecordingCloudApi {
  let launched = 0;
  return new RecordingCloudApi(
    (r) => (r.method === "launchFlexTemplate" ? { job: { id: `job-${++launched}` } } : {}),
    (r) => (r.method === "listJobs" ? jobs : look(r)),
  );
}

const ENVIRONMENTS = {
  dev: { project: "gigamart-dev", bucket: "giga-raw-dev", machineType: "e2-standard-2", maxWorkers: 2 },
  prod: { project: "gigamart-prod", bucket: "giga-raw-prod", machineType: "n2-standard-2", maxWorkers: 5 },
} as const;

describe("cloud ingestion launcher (launchIngestion)", () => {
  let tmp: string;
  let landing: string;
  const runs: Partial<Record<"dev" | "prod", LaunchResult>> = {};
  const sent = (env: "dev" | "prod") => runs[env]!.requests!.sent as Sent[];
  const launches = (env: "dev" | "prod") => sent(env).filter((r) => r.method === "launchFlexTemplate").map((r) => r.request as unknown as FlexTemplateLaunch);
  const uploaded = (env: "dev" | "prod", name: string) => sent(env).find((r) => r.method === "objects.insert" && r.request.name === name);

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gigamart-launch-"));
    landing = path.join(tmp, "landing");
    await generateLanding({ outDir: landing, days: 2, startDate: "2026-11-01", stores: 2, products: 10, customers: 300, transactionsPerStoreDay: 5, ordersPerDay: 5 });
    for (const env of ["dev", "prod"] as const) {
      runs[env] = await launchIngestion({ config: onDataflowPath(loadConfig(env)), dryRun: true, landingDir: landing, runId: RUN, now: NOW });
    }
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const env of ["dev", "prod"] as const) {
    const e = ENVIRONMENTS[env];
    describe(`${env}`, () => {
      it("launches GCS_Text_to_BigQuery_Flex once per source and dated folder, with the template's exact parameters", () => {
        const batch = launches(env).filter((l) => l.launchParameter.containerSpecGcsPath.endsWith("/GCS_Text_to_BigQuery_Flex"));
        // 2 days of pos, ecom, crm, inventory and one day of stores and products.
        expect(batch).to.have.length(10);
        const crm = batch.find((l) => l.launchParameter.parameters.inputFilePattern!.includes("/crm-profiles/2026/11/02/"))!;
        expect(crm.projectId).to.equal(e.project);
        expect(crm.location).to.equal("asia-south1");
        expect(crm.launchParameter.jobName).to.equal(`gigamart-crm-profiles-2026-11-02-${RUN}`);
        expect(crm.launchParameter.containerSpecGcsPath).to.equal("gs://dataflow-templates-asia-south1/latest/flex/GCS_Text_to_BigQuery_Flex");
        expect(Object.keys(crm.launchParameter.parameters).sort()).to.deep.equal(BATCH_PARAMETERS);
        expect(crm.launchParameter.parameters).to.deep.equal({
          inputFilePattern: `gs://${e.bucket}/crm-profiles/2026/11/02/*`,
          JSONPath: `gs://${e.bucket}/schemas/raw_crm_customers.json`,
          outputTable: `${e.project}:giga_raw.raw_crm_customers`,
          javascriptTextTransformGcsPath: `gs://${e.bucket}/udf/runs/${RUN}/crm/crm-profiles-2026-11-02/*.js`,
          javascriptTextTransformFunctionName: "process_crm",
          bigQueryLoadingTemporaryDirectory: `gs://${e.bucket}/dataflow/temp/bigquery`,
        });
        expect(crm.launchParameter.environment).to.deep.equal({
          serviceAccountEmail: `gigamart-ingestion@${e.project}.iam.gserviceaccount.com`,
          tempLocation: `gs://${e.bucket}/dataflow/temp`,
          stagingLocation: `gs://${e.bucket}/dataflow/staging`,
          machineType: e.machineType,
          maxWorkers: e.maxWorkers,
          additionalUserLabels: { app: "gigamart", env, team: "data-platform" },
        });
        const functions = new Set(batch.map((l) => l.launchParameter.parameters.javascriptTextTransformFunctionName));
        expect([...functions].sort()).to.deep.equal(["process_crm", "process_ecom", "process_inventory", "process_pos", "process_products", "process_stores"]);
      });

      it("launches the POS stream with PubSub_to_BigQuery_Flex from the subscription, failures to the dead-letter table", () => {
        const stream = launches(env).find((l) => l.launchParameter.containerSpecGcsPath.endsWith("/PubSub_to_BigQuery_Flex"))!;
        expect(stream.projectId).to.equal(e.project);
        expect(stream.location).to.equal("asia-south1");
        expect(stream.launchParameter.jobName).to.equal(`gigamart-pos-streaming-${env}`);
        expect(Object.keys(stream.launchParameter.parameters).sort()).to.deep.equal(STREAMING_PARAMETERS);
        expect(stream.launchParameter.parameters).to.deep.equal({
          inputSubscription: `projects/${e.project}/subscriptions/pos-transactions-sub`,
          outputTableSpec: `${e.project}:giga_raw.raw_pos_transactions`,
          outputDeadletterTable: `${e.project}:giga_raw.raw_pos_transactions_dead_letter`,
          javascriptTextTransformGcsPath: `gs://${e.bucket}/udf/streaming/gigamart-pos-streaming-${env}/*.js`,
          javascriptTextTransformFunctionName: "process_pos",
        });
        expect(stream.launchParameter.environment).to.include({ machineType: e.machineType, maxWorkers: e.maxWorkers, enableStreamingEngine: true });
        expect(runs[env]!.streaming).to.deep.equal({ jobName: `gigamart-pos-streaming-${env}`, status: "not launched (dry run)" });
        const engine = vm.createContext({});
        vm.runInContext(uploaded(env, `udf/streaming/gigamart-pos-streaming-${env}/${CONTEXT_FILE}`)!.request.content, engine);
        expect(engine.GIGAMART_CONTEXT).to.deep.equal({ source_file: "pubsub/pos-transactions-sub", run_id: `gigamart-pos-streaming-${env}`, time_zone: "Asia/Kolkata" });
        // It looks for a running job of that name first.
        expect(runs[env]!.requests!.reads).to.deep.include({ api: "dataflow", method: "listJobs", request: { projectId: e.project, location: "asia-south1", filter: "ALL" } });
      });

      it("provisions the POS topic, its dead-letter topic and a subscription that dead-letters and backs off, from config", () => {
        const creates = sent(env).filter((r) => r.api === "pubsub");
        expect(creates.map((r) => `${r.method} ${r.request.name}`)).to.deep.equal([
          `createTopic projects/${e.project}/topics/pos-transactions`,
          `createTopic projects/${e.project}/topics/pos-transactions-dead-letter`,
          `createSubscription projects/${e.project}/subscriptions/pos-transactions-sub`,
          `createSubscription projects/${e.project}/subscriptions/pos-transactions-dead-letter-sub`,
        ]);
        const sub = creates[2]!.request;
        expect(sub.topic).to.equal(`projects/${e.project}/topics/pos-transactions`);
        expect(sub.ackDeadlineSeconds).to.equal(60);
        expect(sub.deadLetterPolicy).to.deep.equal({ deadLetterTopic: `projects/${e.project}/topics/pos-transactions-dead-letter`, maxDeliveryAttempts: 5 });
        expect(sub.retryPolicy).to.deep.equal({ minimumBackoff: { seconds: 10 }, maximumBackoff: { seconds: 600 } });
        expect(runs[env]!.requests!.reads.filter((r) => r.api === "pubsub").map((r) => r.method)).to.deep.equal(["getTopic", "getTopic", "getSubscription", "getSubscription"]);
        expect(runs[env]!.pubsub.every((p) => p.outcome === "not checked (dry run)")).to.equal(true);
      });

      it("uploads each source's BigQuery schema file where the launches' JSONPath points", () => {
        for (const l of launches(env).filter((x) => x.launchParameter.parameters.JSONPath)) {
          const name = l.launchParameter.parameters.JSONPath!.replace(`gs://${e.bucket}/`, "");
          const table = l.launchParameter.parameters.outputTable!.split(".").pop()!;
          expect(uploaded(env, name)?.request.content, name).to.equal(bigQuerySchemaFileText(bronzeTable(table)));
        }
      });
    });
  }

  it("lands every local landing file at the same path in the bucket, and nothing else from the folder", () => {
    const files = sent("dev").filter((r) => r.method === "objects.insert" && r.request.media).map((r) => r.request);
    const names = files.map((f) => f.name).sort();
    expect(names).to.include("crm-profiles/2026/11/01/crm-profiles-20261101.csv");
    expect(names.some((n) => n.includes("ground_truth"))).to.equal(false);
    for (const f of files) {
      expect(f.bucket).to.equal("giga-raw-dev");
      expect(f.media.from).to.equal(path.join(landing, f.name));
      expect(f.media.bytes).to.equal(fs.statSync(path.join(landing, f.name)).size);
      expect(f.body.contentType).to.equal(f.name.endsWith(".csv") ? "text/csv" : "application/x-ndjson");
    }
    const truth = JSON.parse(fs.readFileSync(path.join(landing, "_ground_truth.json"), "utf8"));
    expect(names).to.deep.equal(Object.keys(truth.files).sort());
  });

  it("puts the UDF bundle and the batch's run context side by side, so the template's glob loads both", () => {
    const bundle = fs.readFileSync(UDF_BUNDLE_PATH, "utf8");
    for (const l of launches("dev")) {
      const folder = l.launchParameter.parameters.javascriptTextTransformGcsPath!.replace("gs://giga-raw-dev/", "").replace(/\/\*\.js$/, "");
      const inFolder = sent("dev").filter((r) => r.method === "objects.insert" && path.posix.dirname(r.request.name) === folder);
      expect(inFolder.map((r) => path.posix.basename(r.request.name)).sort(), folder).to.deep.equal([CONTEXT_FILE, "gigamart_udf.js"]);
      expect(uploaded("dev", `${folder}/gigamart_udf.js`)!.request.content).to.equal(bundle);
    }
  });

  it("gives each batch a context the UDF really reads: source file, CSV header, run id, ingestion time", () => {
    const crm = runs.dev!.batches.find((b) => b.id === "crm-profiles-2026-11-02")!;
    const folder = crm.udfPath.replace("gs://giga-raw-dev/", "").replace(/\/\*\.js$/, "");
    const [header, row] = fs.readFileSync(path.join(landing, crm.files[0]!), "utf8").split("\n");
    // Dataflow evaluates every .js file the glob matches in one engine, in no promised order.
    for (const order of [["gigamart_udf.js", CONTEXT_FILE], [CONTEXT_FILE, "gigamart_udf.js"]]) {
      const engine = vm.createContext({});
      for (const f of order) vm.runInContext(uploaded("dev", `${folder}/${f}`)!.request.content, engine);
      const processCrm = engine.process_crm as (line: string) => string | null;
      expect(processCrm(header!)).to.equal(null);
      const out = JSON.parse(processCrm(row!)!);
      expect(out.source_file).to.equal("crm-profiles/2026/11/02/*");
      expect(out.ingestion_ts).to.equal("2026-11-27T09:30:00.000000Z");
      expect(out.customer_id).to.equal(row!.split(",")[0]);
      // The column that drifted in is matched by name, not position, and kept aside.
      const extra = typeof out.raw_extra_attributes === "string" ? JSON.parse(out.raw_extra_attributes) : out.raw_extra_attributes;
      expect(extra).to.have.key("preferred_language");
    }
    const context = uploaded("dev", `${folder}/${CONTEXT_FILE}`)!.request.content as string;
    const engine = vm.createContext({});
    vm.runInContext(context, engine);
    expect(engine.GIGAMART_CONTEXT).to.deep.equal({
      source_file: "crm-profiles/2026/11/02/*",
      header,
      run_id: RUN,
      ingestion_ts: "2026-11-27T09:30:00.000000Z",
      time_zone: "Asia/Kolkata",
    });
  });

  it("splits a folder whose CSV files disagree on their header into one batch per file", async () => {
    const dir = path.join(tmp, "split");
    fs.mkdirSync(path.join(dir, "crm-profiles/2026/11/05"), { recursive: true });
    fs.writeFileSync(path.join(dir, "crm-profiles/2026/11/05/a.csv"), "customer_id,email,updated_at\nC1,a@x.in,2026-11-05T10:00:00Z\n");
    fs.writeFileSync(path.join(dir, "crm-profiles/2026/11/05/b.csv"), "customer_id,updated_at,email,tier_note\nC2,2026-11-05T11:00:00Z,b@x.in,vip\n");
    const r = await launchIngestion({ config: dev, dryRun: true, landingDir: dir, runId: RUN, now: NOW, sources: ["crm"] });
    expect(r.batches.map((b) => [b.id, b.inputFilePattern])).to.deep.equal([
      ["crm-profiles-2026-11-05-1", "gs://giga-raw-dev/crm-profiles/2026/11/05/a.csv"],
      ["crm-profiles-2026-11-05-2", "gs://giga-raw-dev/crm-profiles/2026/11/05/b.csv"],
    ]);
    const contexts = r.requests!.sent.filter((s) => String(s.request.name).endsWith(CONTEXT_FILE)).map((s) => String(s.request.content));
    expect(contexts[0]).to.include('"header":"customer_id,email,updated_at"');
    expect(contexts[1]).to.include('"header":"customer_id,updated_at,email,tier_note"');
  });

  it("loads what already landed in the bucket: lists the source folders, reads CSV headers, uploads no landing file", async () => {
    const bucket: Record<string, string> = {
      "inventory/2026/11/01/inventory-20261101.csv": "snapshot_date,store_id,product_id,quantity_on_hand,reorder_point,unit_cost\n2026-11-01,S001,P00001,4,10,99.5\n",
      "inventory/2026/11/02/inventory-20261102.csv": "snapshot_date,store_id,product_id,quantity_on_hand,reorder_point,unit_cost\n",
      "pos/2026/11/02/pos-20261102-0001.jsonl": "{}\n",
    };
    // Storage's answers: the Objects resource of a listing (sizes as strings), the media of a ranged read.
    const recorder = google([], ({ method, request: q }) => {
      if (method === "objects.list") {
        const items = Object.keys(bucket).filter((k) => k.startsWith(String(q.prefix))).map((name) => ({ name, size: String(Buffer.byteLength(bucket[name]!)), crc32c: "AAAAAA==" }));
        return { kind: "storage#objects", ...(items.length ? { items } : {}) };
      }
      const end = Number(/^bytes=0-(\d+)$/.exec(String(q.range))![1]);
      return Buffer.from(bucket[String(q.object)]!).subarray(0, end + 1);
    });
    const r = await launchIngestion({ config: dev, api: recorder, fromBucket: true, runId: RUN, now: NOW, sources: ["inventory", "pos"], dates: ["2026-11-02"], streaming: false });
    expect(recorder.reads.filter((x) => x.method === "objects.list").map((x) => x.request.prefix)).to.deep.equal(["inventory/", "pos/"]);
    expect(r.batches.map((b) => [b.source, b.inputFilePattern])).to.deep.equal([
      ["inventory", "gs://giga-raw-dev/inventory/2026/11/02/*"],
      ["pos", "gs://giga-raw-dev/pos/2026/11/02/*"],
    ]);
    expect(recorder.sent.filter((s) => s.method === "objects.insert" && s.request.media)).to.deep.equal([]);
    const context = recorder.sent.find((s) => String(s.request.name).endsWith(`inventory/inventory-2026-11-02/${CONTEXT_FILE}`))!;
    expect(String(context.request.content)).to.include('"header":"snapshot_date,store_id,product_id,quantity_on_hand,reorder_point,unit_cost"');
  });

  it("stops, naming the object, when a listed file is gone before its header is read", async () => {
    const name = "crm-profiles/2026/11/02/crm-profiles-20261102.csv";
    const vanished = google([], (r) => (r.method === "objects.list" ? { items: [{ name, size: "120", crc32c: "AAAAAA==" }] } : undefined));
    const failure = await launchIngestion({ config: dev, api: vanished, fromBucket: true, runId: RUN, now: NOW, sources: ["crm"] }).then(() => "", (e: Error) => e.message);
    expect(failure).to.equal(`read gs://giga-raw-dev/${name}: the object is gone`);
    expect(vanished.sent.filter((r) => r.method === "launchFlexTemplate")).to.deep.equal([]);
  });

  it("in a dry run from the bucket, shows the listings it would make and launches nothing", async () => {
    const r = await launchIngestion({ config: prod, dryRun: true, fromBucket: true, runId: RUN, now: NOW, sources: ["crm"] });
    expect(r.requests!.reads).to.deep.equal([
      { api: "storage", method: "objects.list", request: { bucket: "giga-raw-prod", prefix: "crm-profiles/" } },
      { api: "dataflow", method: "listJobs", request: { projectId: "gigamart-prod", location: "asia-south1", filter: "ALL" } },
    ]);
    expect(r.batches).to.deep.equal([]);
  });

  it("touches neither Pub/Sub nor the stream when POS is not among the sources", async () => {
    const r = await launchIngestion({ config: dev, dryRun: true, landingDir: landing, runId: RUN, now: NOW, sources: ["inventory"] });
    expect(r.requests!.sent.filter((s) => s.api === "pubsub")).to.deep.equal([]);
    expect(r.streaming).to.equal(undefined);
    expect(r.batches.map((b) => b.source)).to.deep.equal(["inventory", "inventory"]);
  });

  const launchedNames = (recorder: RecordingCloudApi) =>
    recorder.sent.filter((s) => s.method === "launchFlexTemplate").map((s) => (s.request as unknown as FlexTemplateLaunch).launchParameter.jobName);

  it("starts no Dataflow stream and touches no subscription on the bigquery_subscription path: the deployed subscription writes bronze", async () => {
    const recorder = google();
    const r = await launchIngestion({ config: onSubscriptionPath(dev), api: recorder, landingDir: landing, runId: RUN, now: NOW, sources: ["pos"] });
    expect(r.streaming).to.equal(undefined);
    expect(launchedNames(recorder).filter((j) => j.includes("streaming"))).to.deep.equal([]);
    expect([...recorder.reads, ...recorder.sent].filter((q) => q.api === "pubsub")).to.deep.equal([]);
  });

  it("keeps a POS stream that already runs instead of launching a second one, and replaces one that ended", async () => {
    const running = google([{ id: "2026-11-20_01_00_00-123", name: "gigamart-pos-streaming-dev", currentState: "JOB_STATE_RUNNING" }]);
    const r = await launchIngestion({ config: dev, api: running, landingDir: landing, runId: RUN, now: NOW, sources: ["pos"] });
    expect(r.streaming).to.deep.equal({ jobName: "gigamart-pos-streaming-dev", status: "already running", jobId: "2026-11-20_01_00_00-123" });
    expect(launchedNames(running).filter((j) => j.includes("streaming"))).to.deep.equal([]);
    const ended = google([{ id: "2026-11-01_01_00_00-9", name: "gigamart-pos-streaming-dev", currentState: "JOB_STATE_CANCELLED" }]);
    await launchIngestion({ config: dev, api: ended, landingDir: landing, runId: RUN, now: NOW, sources: ["pos"] });
    expect(launchedNames(ended).filter((j) => j.includes("streaming"))).to.deep.equal(["gigamart-pos-streaming-dev"]);
  });

  it("re-running a run launches only the batches whose job failed or never ran", async () => {
    const recorder = google([
      { id: "j1", name: `gigamart-inventory-2026-11-01-${RUN}`, currentState: "JOB_STATE_DONE" },
      { id: "j2", name: `gigamart-inventory-2026-11-02-${RUN}`, currentState: "JOB_STATE_FAILED" },
      { id: "j3", name: `gigamart-stores-2026-11-01-${RUN}`, currentState: "JOB_STATE_RUNNING" },
    ]);
    const r = await launchIngestion({ config: dev, api: recorder, landingDir: landing, runId: RUN, now: NOW, sources: ["inventory", "stores"] });
    expect(launchedNames(recorder)).to.deep.equal([`gigamart-inventory-2026-11-02-${RUN}`]);
    const landedFiles = recorder.sent.filter((x) => x.method === "objects.insert" && x.request.media).map((x) => x.request.name);
    expect(landedFiles).to.deep.equal(["inventory/2026/11/02/inventory-20261102.csv"]);
    expect(r.batches.map((b) => [b.id, b.alreadyLaunched ?? false, b.jobId])).to.deep.equal([
      ["inventory-2026-11-01", true, "j1"],
      ["inventory-2026-11-02", false, "job-1"],
      ["stores-2026-11-01", true, "j3"],
    ]);
    expect(describeLaunch(r)).to.include(`gigamart-inventory-2026-11-01-${RUN} (inventory, 1 file, gs://giga-raw-dev/inventory/2026/11/01/*): already launched in this run, job j1`);
  });

  it("reports the job ids Dataflow returns, and only those", async () => {
    const r = await launchIngestion({ config: dev, api: google(), landingDir: landing, runId: RUN, now: NOW, sources: ["stores", "products"] });
    expect(r.batches.map((b) => b.jobId)).to.deep.equal(["job-1", "job-2"]);
    expect(runs.dev!.batches.every((b) => b.jobId === undefined)).to.equal(true);
    // A launch Dataflow answers without a job id is not taken for one.
    const silent = new RecordingCloudApi();
    const failure = await launchIngestion({ config: dev, api: silent, landingDir: landing, runId: RUN, now: NOW, sources: ["stores"] }).then(() => "", (e: Error) => e.message);
    expect(failure).to.equal(`launch gigamart-stores-2026-11-01-${RUN}: Dataflow accepted the launch but returned no job id`);
  });

  it("prints a dry run as JSON, generated contents shown by size and MD5", () => {
    const json = JSON.parse(dryRunJson(runs.dev!.requests!));
    const bundle = json.sent.find((s: Sent) => String(s.request.name).endsWith("gigamart_udf.js"));
    expect(bundle.request.content).to.match(/^<\d+ bytes, md5 [A-Za-z0-9+/=]+>$/);
    const context = json.sent.find((s: Sent) => String(s.request.name).endsWith(CONTEXT_FILE));
    expect(context.request.content).to.match(/^var GIGAMART_CONTEXT = \{/);
  });

  it("summarises a launch for a person, never calling a dry run launched", () => {
    const text = describeLaunch(runs.dev!);
    expect(text.split("\n")[0]).to.equal(`ingest --target bigquery: dev, run ${RUN} (dry run: nothing was sent)`);
    expect(text).to.include(`  batch   gigamart-crm-profiles-2026-11-02-${RUN} (crm, 1 file, gs://giga-raw-dev/crm-profiles/2026/11/02/*): not launched (dry run)`);
    expect(text).to.include("  stream  gigamart-pos-streaming-dev: not launched (dry run)");
    expect(text).to.not.match(/: launched/);
  });

  it("refuses, naming the problem, a missing landing folder, an unknown source or a bad run id", async () => {
    const failure = (p: Promise<unknown>) => p.then(() => "", (e: Error) => e.message);
    expect(await failure(launchIngestion({ config: dev, dryRun: true, landingDir: path.join(tmp, "nope") }))).to.match(/nope: landing folder not found/);
    expect(await failure(launchIngestion({ config: dev, dryRun: true, landingDir: landing, sources: ["sales" as never] }))).to.match(/unknown source 'sales'/);
    expect(await failure(launchIngestion({ config: dev, dryRun: true, landingDir: landing, runId: "Run 1" }))).to.match(/run id 'Run 1'/);
    expect(await failure(launchIngestion({ config: dev, dryRun: true, landingDir: landing, dates: ["1.11.2026"] }))).to.match(/date '1.11.2026': expected YYYY-MM-DD/);
  });

  describe("GoogleCloudApi (the real client libraries) serving the launcher", () => {
    let saved: string | undefined;
    before(() => {
      saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
      process.env.GOOGLE_APPLICATION_CREDENTIALS = path.join(tmp, "no-such-credentials.json");
    });
    after(() => {
      if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
    });

    it("fails each call without credentials, naming what it was doing, and never claims success", async () => {
      const api = new GoogleCloudApi();
      const failure = (p: Promise<unknown>) => p.then((v) => `resolved ${String(v)}`, (e: Error) => e.message);
      const launch = (more: Partial<Parameters<typeof launchIngestion>[0]>) => failure(launchIngestion({ config: dev, api, landingDir: landing, runId: RUN, now: NOW, ...more }));
      // Each launch stops at its first call: the topic read, the schema upload, the jobs list.
      expect(await launch({ sources: ["pos"] })).to.match(/^Pub\/Sub topic projects\/gigamart-dev\/topics\/pos-transactions: .*no-such-credentials\.json/);
      expect(await launch({ sources: ["crm"] })).to.match(/^upload gs:\/\/giga-raw-dev\/schemas\/raw_crm_customers\.json: .*no-such-credentials\.json/);
      expect(await launch({ sources: [] })).to.match(/^Dataflow jobs in gigamart-dev\/asia-south1: /);
      // The listing, the launch and the manifest job, sent on their own.
      expect(await failure(api.get(listObjects("giga-raw-dev", "crm-profiles/")))).to.match(/no-such-credentials\.json/);
      const job = flexTemplateLaunch({ projectId: "gigamart-dev", location: "asia-south1", launchParameter: { jobName: "j", containerSpecGcsPath: "gs://t/x", parameters: {}, environment: {} } });
      expect(await failure(api.apply(job))).to.match(/no-such-credentials\.json/);
      expect(await failure(api.apply(queryJobInsert({ projectId: "gigamart-dev", body: { jobReference: { jobId: "j" }, configuration: { query: { query: "select 1" } } } })))).to.match(/no-such-credentials\.json/);
    });
  });
});
