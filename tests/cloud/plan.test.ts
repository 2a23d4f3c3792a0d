import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadConfig } from "../../config/load";
import { applyPlan } from "../../cloud/apply";
import { deploy } from "../../cloud/deploy";
import { readUdfBundle } from "../../cloud/udf-bundle";
import { desiredState } from "../../cloud/desired";
import { plan, PlanError, readCurrent, type PlanEntry } from "../../cloud/plan";
import { RecordingCloudApi } from "../../cloud/recording-api";
import type { DesiredResource } from "../../cloud/resource";
import { apiWhereEverythingExists, OTHERS_GRANT } from "./existing";

const udfBundle = { from: "ingestion/udf/dist/gigamart_udf.js", content: "function process_pos(line) { return line; }\n" };
const prod = loadConfig("prod");
const desired = desiredState(prod, { udfBundle, projectNumber: "123456789" });

async function planAgainst(api: RecordingCloudApi, resources: readonly DesiredResource[] = desired): Promise<PlanEntry[]> {
  return plan(resources, await readCurrent(resources, api));
}

const entry = (entries: readonly PlanEntry[], id: string) => {
  const found = entries.find((e) => e.id === id);
  if (!found) throw new Error(`no plan entry ${id}`);
  return found;
};

const REPO = "projects/gigamart-prod/locations/asia-south1/repositories/gigamart-retail-analytics";

describe("deploy plan: nothing exists", () => {
  let entries: PlanEntry[];
  before(async () => {
    entries = await planAgainst(new RecordingCloudApi());
  });

  it("creates every resource, each saying it does not exist", () => {
    expect(entries).to.have.length(desired.length);
    expect(entries.every((e) => e.action === "create" && e.why === "does not exist" && e.request)).to.equal(true);
  });

  it("orders every resource after the ones it depends on", () => {
    const position = new Map(entries.map((e, i) => [e.id, i]));
    for (const e of entries) for (const d of e.dependsOn) expect(position.get(d), `${d} before ${e.id}`).to.be.lessThan(position.get(e.id)!);
    expect(position.get(`${REPO}/releaseConfigs/prod`)).to.be.lessThan(position.get(`${REPO}/workflowConfigs/daily`)!);
  });

  it("launches the POS streaming template with the subscription, bronze and dead-letter tables and the UDF", () => {
    const launch = structuredClone(entry(entries, "projects/gigamart-prod/locations/asia-south1/jobs/gigamart-pos-streaming-prod").request) as any;
    const labels = launch.request.launchParameter.environment.additionalUserLabels;
    expect(labels["gigamart-launch"], "a fingerprint of the launch, UDF bundle and run context").to.match(/^[0-9a-f]{16}$/);
    delete labels["gigamart-launch"];
    expect(launch).to.deep.equal({
      api: "dataflow",
      method: "launchFlexTemplate",
      request: {
        projectId: "gigamart-prod",
        location: "asia-south1",
        launchParameter: {
          jobName: "gigamart-pos-streaming-prod",
          containerSpecGcsPath: "gs://dataflow-templates-asia-south1/latest/flex/PubSub_to_BigQuery_Flex",
          parameters: {
            inputSubscription: "projects/gigamart-prod/subscriptions/pos-transactions-sub",
            outputTableSpec: "gigamart-prod:giga_raw.raw_pos_transactions",
            outputDeadletterTable: "gigamart-prod:giga_raw.raw_pos_transactions_dead_letter",
            javascriptTextTransformGcsPath: "gs://giga-raw-prod/udf/streaming/gigamart-pos-streaming-prod/*.js",
            javascriptTextTransformFunctionName: "process_pos",
          },
          environment: {
            serviceAccountEmail: "gigamart-ingestion@gigamart-prod.iam.gserviceaccount.com",
            tempLocation: "gs://giga-raw-prod/dataflow/temp",
            stagingLocation: "gs://giga-raw-prod/dataflow/staging",
            machineType: "n2-standard-2",
            maxWorkers: 5,
            enableStreamingEngine: true,
            additionalUserLabels: { app: "gigamart", env: "prod", team: "data-platform" },
          },
        },
      },
    });
  });

  it("schedules the nightly CRM load as an authenticated start of the scheduled-ingest workflow with the CRM argument", () => {
    const { request } = entry(entries, "projects/gigamart-prod/locations/asia-south1/jobs/gigamart-ingest-crm-profiles").request!;
    const job = request.job as Record<string, any>;
    expect(request.parent).to.equal("projects/gigamart-prod/locations/asia-south1");
    expect(job.schedule).to.equal("0 1 * * *");
    expect(job.timeZone).to.equal("Asia/Kolkata");
    expect(job.httpTarget.uri).to.equal(
      "https://workflowexecutions.googleapis.com/v1/projects/gigamart-prod/locations/asia-south1/workflows/gigamart-scheduled-ingest/executions",
    );
    expect(job.httpTarget.httpMethod).to.equal("POST");
    expect(job.httpTarget.oauthToken).to.deep.equal({
      serviceAccountEmail: "gigamart-ingestion@gigamart-prod.iam.gserviceaccount.com",
      scope: "https://www.googleapis.com/auth/cloud-platform",
    });
    const body = JSON.parse(Buffer.from(job.httpTarget.body).toString("utf8"));
    expect(Object.keys(body)).to.deep.equal(["argument"]);
    const { manifest, ...argument } = JSON.parse(body.argument);
    // The manifest job's request is checked field by field in tests/cloud/scheduled-ingest.test.ts.
    expect(manifest.query).to.match(/^insert into `gigamart-prod.giga_raw.ingest_manifest`/i);
    expect(argument).to.deep.equal({
      source: "crm",
      landingFolder: "crm-profiles",
      csv: true,
      cadence: "daily",
      windowSeconds: 86400,
      timeZone: "Asia/Kolkata",
      bucket: "giga-raw-prod",
      headBytes: 65536,
      udfBucket: "giga-raw-prod",
      udfPrefix: "udf",
      bundleObject: "udf/bundle/gigamart_udf.js",
      bundleFile: "gigamart_udf.js",
      projectId: "gigamart-prod",
      location: "asia-south1",
      launchParameter: {
        containerSpecGcsPath: "gs://dataflow-templates-asia-south1/latest/flex/GCS_Text_to_BigQuery_Flex",
        parameters: {
          JSONPath: "gs://giga-raw-prod/schemas/raw_crm_customers.json",
          outputTable: "gigamart-prod:giga_raw.raw_crm_customers",
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
  });

  it("deploys the committed scheduled-ingest workflow, running as the ingestion account", () => {
    const name = "projects/gigamart-prod/locations/asia-south1/workflows/gigamart-scheduled-ingest";
    expect(entry(entries, name).request).to.deep.equal({
      api: "workflows",
      method: "createWorkflow",
      request: {
        parent: "projects/gigamart-prod/locations/asia-south1",
        workflowId: "gigamart-scheduled-ingest",
        workflow: {
          description: desired.find((r) => r.id === name)!.state.description,
          labels: { app: "gigamart", env: "prod", team: "data-platform" },
          serviceAccount: "projects/gigamart-prod/serviceAccounts/gigamart-ingestion@gigamart-prod.iam.gserviceaccount.com",
          sourceContents: fs.readFileSync(path.join(__dirname, "../../cloud/workflows/scheduled-ingest.yaml"), "utf8"),
        },
      },
    });
    const position = new Map(entries.map((e, i) => [e.id, i]));
    expect(position.get(name)).to.be.lessThan(position.get("projects/gigamart-prod/locations/asia-south1/jobs/gigamart-ingest-ecom-orders")!);
  });

  it("uploads the UDF bundle the scheduled batches copy, and the stream's bundle and run context", () => {
    expect(entry(entries, "projects/_/buckets/giga-raw-prod/objects/udf/bundle/gigamart_udf.js").request!.request.content).to.equal(udfBundle.content);
    const stream = String(entry(entries, "projects/_/buckets/giga-raw-prod/objects/udf/streaming/gigamart-pos-streaming-prod/context.js").request!.request.content);
    expect(stream).to.equal(
      'var GIGAMART_CONTEXT = {"source_file":"pubsub/pos-transactions-sub","run_id":"gigamart-pos-streaming-prod","time_zone":"Asia/Kolkata"};\n',
    );
    // No fixed context for scheduled loads any more: each batch gets one with its own header.
    expect(entries.filter((e) => e.id.includes("/objects/udf/scheduled/"))).to.deep.equal([]);
  });

  it("loads e-commerce hourly and every other source nightly", () => {
    const schedules = Object.fromEntries(
      entries.filter((e) => e.kind === "scheduler.job").map((e) => [e.id.split("/").pop(), (e.request!.request.job as { schedule: string }).schedule]),
    );
    expect(schedules).to.deep.equal({
      "gigamart-ingest-stores": "0 1 * * *",
      "gigamart-ingest-products": "0 1 * * *",
      "gigamart-ingest-crm-profiles": "0 1 * * *",
      "gigamart-ingest-inventory": "0 1 * * *",
      "gigamart-ingest-pos": "0 1 * * *",
      "gigamart-ingest-ecom-orders": "5 * * * *",
    });
  });

  it("creates the release configuration with the environment's compilation overrides", () => {
    const req = entry(entries, `${REPO}/releaseConfigs/prod`).request!;
    expect(req.api).to.equal("dataform");
    expect(req.method).to.equal("createReleaseConfig");
    expect(req.request.parent).to.equal(REPO);
    expect(req.request.releaseConfigId).to.equal("prod");
    const rc = req.request.releaseConfig as Record<string, any>;
    expect(rc.gitCommitish).to.equal("main");
    expect(rc.cronSchedule).to.equal("0 * * * *");
    expect(rc.timeZone).to.equal("Asia/Kolkata");
    expect(rc.codeCompilationConfig).to.deep.include({
      defaultDatabase: "gigamart-prod",
      defaultSchema: "giga_curated",
      defaultLocation: "asia-south1",
      assertionSchema: "giga_assertions",
      schemaSuffix: "",
    });
    expect(rc.codeCompilationConfig.vars).to.include({ raw_dataset: "giga_raw", mart_dataset: "giga_mart", freshness_pos_error_minutes: "120" });
  });

  it("creates one workflow configuration per schedule tag, running only that tag as the Dataform account", () => {
    const req = entry(entries, `${REPO}/workflowConfigs/daily`).request!;
    expect(req).to.deep.equal({
      api: "dataform",
      method: "createWorkflowConfig",
      request: {
        parent: REPO,
        workflowConfigId: "daily",
        workflowConfig: {
          releaseConfig: `${REPO}/releaseConfigs/prod`,
          invocationConfig: {
            includedTags: ["daily"],
            transitiveDependenciesIncluded: false,
            transitiveDependentsIncluded: false,
            fullyRefreshIncrementalTablesEnabled: false,
            serviceAccount: "gigamart-dataform@gigamart-prod.iam.gserviceaccount.com",
          },
          cronSchedule: "30 2 * * *",
          timeZone: "Asia/Kolkata",
        },
      },
    });
    const crons = entries
      .filter((e) => e.kind === "dataform.workflowConfig")
      .map((e) => [e.id.split("/").pop(), (e.request!.request.workflowConfig as { cronSchedule: string }).cronSchedule]);
    expect(crons).to.deep.equal([
      ["daily", "30 2 * * *"],
      ["hourly", "20 * * * *"],
      ["realtime", "*/15 * * * *"],
      ["monitoring", "45 * * * *"],
    ]);
  });

  it("links the repository to Git through a Secret Manager reference, never a token", () => {
    const repo = entry(entries, REPO).request!.request.repository as Record<string, any>;
    expect(repo.gitRemoteSettings).to.deep.equal({
      url: "https://github.com/gigamart/retail-analytics.git",
      defaultBranch: "main",
      authenticationTokenSecretVersion: "projects/gigamart-prod/secrets/dataform-git-token/versions/latest",
    });
  });

  it("gives the POS subscription a dead-letter topic and an exponential retry policy", () => {
    expect(entry(entries, "projects/gigamart-prod/subscriptions/pos-transactions-sub").request!.request).to.deep.equal({
      name: "projects/gigamart-prod/subscriptions/pos-transactions-sub",
      topic: "projects/gigamart-prod/topics/pos-transactions",
      labels: { app: "gigamart", env: "prod", team: "data-platform" },
      ackDeadlineSeconds: 60,
      messageRetentionDuration: { seconds: 604800 },
      expirationPolicy: {},
      deadLetterPolicy: { deadLetterTopic: "projects/gigamart-prod/topics/pos-transactions-dead-letter", maxDeliveryAttempts: 5 },
      retryPolicy: { minimumBackoff: { seconds: 10 }, maximumBackoff: { seconds: 600 } },
    });
  });

  it("partitions and clusters the bronze tables as the contracts say", () => {
    const body = (t: string) => entry(entries, `projects/gigamart-prod/datasets/giga_raw/tables/${t}`).request!.request.body as Record<string, unknown>;
    expect(body("raw_pos_transactions")).to.deep.include({ timePartitioning: { type: "DAY", field: "event_date" }, clustering: { fields: ["store_id", "transaction_id"] } });
    expect(body("raw_crm_customers")).to.deep.include({ timePartitioning: { type: "DAY", field: "updated_at" }, clustering: { fields: ["customer_id"] } });
    expect(body("raw_store_master")).to.not.have.property("timePartitioning");
  });

  it("expires landed files and the batches' UDF run folders after the configured days, but never the UDF bundle or schemas", () => {
    const bucket = entry(entries, "projects/_/buckets/giga-raw-prod").request!.request.body as Record<string, any>;
    expect(bucket.location).to.equal("ASIA-SOUTH1");
    const [rule] = bucket.lifecycle.rule;
    expect(rule.condition.age).to.equal(90);
    expect(rule.condition.matchesPrefix).to.include.members(["pos/", "ecom-orders/", "crm-profiles/", "dataflow/", "udf/runs/"]);
    expect(rule.condition.matchesPrefix).to.not.include.members(["udf/", "schemas/"]);
  });

  it("alerts by e-mail on failed workflows, monitoring ERROR checks, failed scheduled loads and failed or stalled Dataflow jobs", () => {
    const policies = entries.filter((e) => e.kind === "monitoring.alertPolicy").map((e) => e.request!.request.alertPolicy as Record<string, any>);
    expect(policies.map((p) => p.displayName)).to.deep.equal([
      "GigaMart: Dataform workflow failed",
      "GigaMart: monitoring check ERROR",
      "GigaMart: Dataflow job failed",
      "GigaMart: scheduled load failed",
      "GigaMart: POS stream stalled",
    ]);
    expect(policies[1]!.conditions[0].conditionMatchedLog.filter).to.contain('jsonPayload.workflowConfigId="monitoring"').and.contain('jsonPayload.terminalState="FAILED"');
    expect(policies[3]!.conditions[0].conditionThreshold.filter).to.equal(
      'resource.type="workflows.googleapis.com/Workflow" AND resource.labels.workflow_id="gigamart-scheduled-ingest" AND metric.type="workflows.googleapis.com/finished_execution_count" AND metric.labels.status="FAILED"',
    );
    expect(policies[4]!.conditions[0].conditionThreshold.filter).to.contain("dataflow.googleapis.com/job/system_lag");
    const channel = entries.find((e) => e.kind === "monitoring.notificationChannel")!.request!.request.notificationChannel as Record<string, any>;
    expect(channel.labels).to.deep.equal({ email_address: prod.alerts.email_on_failure });
  });
});

describe("deploy plan: everything exists and matches", () => {
  it("keeps every resource and applying it sends nothing", async () => {
    const api = apiWhereEverythingExists(desired);
    const entries = await planAgainst(api);
    const notKept = entries.filter((e) => e.action !== "keep").map((e) => `${e.id}: ${e.why}`);
    expect(notKept).to.deep.equal([]);
    expect(await applyPlan(entries, api)).to.deep.equal([]);
    expect(api.sent).to.deep.equal([]);
  });

  it("keeps the running POS job instead of launching a duplicate", async () => {
    const entries = await planAgainst(apiWhereEverythingExists(desired));
    expect(entry(entries, "projects/gigamart-prod/locations/asia-south1/jobs/gigamart-pos-streaming-prod").why).to.equal(
      "a job of this name is running with this launch; kept, not relaunched",
    );
  });
});

describe("deploy plan: drift", () => {
  const daily = `${REPO}/workflowConfigs/daily`;
  const subscription = "projects/gigamart-prod/subscriptions/pos-transactions-sub";

  it("updates only the cron of a workflow whose schedule changed, with an update mask", async () => {
    const api = apiWhereEverythingExists(desired, { tweak: (r, res) => (r.id === daily ? { ...res, cronSchedule: "0 3 * * *" } : res) });
    const entries = await planAgainst(api);
    const e = entry(entries, daily);
    expect(e.action).to.equal("update");
    expect(e.why).to.equal('cronSchedule: "0 3 * * *" -> "30 2 * * *"');
    expect(e.request!.method).to.equal("updateWorkflowConfig");
    expect(e.request!.request.updateMask).to.deep.equal({ paths: ["cron_schedule"] });
    expect((e.request!.request.workflowConfig as Record<string, unknown>).name).to.equal(daily);
    expect(entries.filter((x) => x.action !== "keep").map((x) => x.id)).to.deep.equal([daily]);
  });

  it("updates the scheduled-ingest workflow in place when its committed definition changed, and nothing else", async () => {
    const name = "projects/gigamart-prod/locations/asia-south1/workflows/gigamart-scheduled-ingest";
    const api = apiWhereEverythingExists(desired, {
      tweak: (r, res) => (r.id === name ? { ...res, sourceContents: "main:\n  steps:\n    - old:\n        return: 1\n", revisionId: "000001-abc" } : res),
    });
    const entries = await planAgainst(api);
    const e = entry(entries, name);
    expect(e.action).to.equal("update");
    expect(e.why).to.match(/^sourceContents: "main:/);
    expect(e.request!.method).to.equal("updateWorkflow");
    expect(e.request!.request.updateMask).to.deep.equal({ paths: ["source_contents"] });
    expect((e.request!.request.workflow as { sourceContents: string }).sourceContents).to.contain("call: load_folder");
    expect(entries.filter((x) => x.action !== "keep").map((x) => x.id)).to.deep.equal([name]);
  });

  it("updates the running POS job in place when it was started with another UDF bundle, never launching a second job", async () => {
    const stream = "projects/gigamart-prod/locations/asia-south1/jobs/gigamart-pos-streaming-prod";
    const newBundle = { ...udfBundle, content: `${udfBundle.content}// fixed a rounding rule\n` };
    const redeployed = desiredState(prod, { udfBundle: newBundle, projectNumber: "123456789" });
    // The project as the old bundle left it: everything matches except what the new bundle changes.
    const api = apiWhereEverythingExists(desired);
    const entries = await planAgainst(api, redeployed);
    const e = entry(entries, stream);
    const fingerprint = (r: readonly DesiredResource[]) => (r.find((x) => x.id === stream)!.state.labels as Record<string, string>)["gigamart-launch"];
    expect(fingerprint(redeployed)).to.not.equal(fingerprint(desired));
    expect(e.action).to.equal("update");
    expect(e.why).to.equal(
      `running job was started with another UDF or parameters (labels.gigamart-launch: "${fingerprint(desired)}" -> "${fingerprint(redeployed)}"); updated in place`,
    );
    const sent = e.request!.request as { launchParameter: Record<string, any> };
    expect(e.request!.method).to.equal("launchFlexTemplate");
    expect(sent.launchParameter.update).to.equal(true);
    expect(sent.launchParameter.jobName).to.equal("gigamart-pos-streaming-prod");
    expect(sent.launchParameter.environment.additionalUserLabels["gigamart-launch"]).to.equal(fingerprint(redeployed));
    // The new bundle is uploaded before the job is updated to read it.
    const position = new Map(entries.map((x, i) => [x.id, i]));
    const bundleObject = "projects/_/buckets/giga-raw-prod/objects/udf/streaming/gigamart-pos-streaming-prod/gigamart_udf.js";
    expect(entry(entries, bundleObject).action).to.equal("update");
    expect(position.get(bundleObject)).to.be.lessThan(position.get(stream)!);
    // The job's details come from jobs.get: jobs.list returns summaries without labels.
    expect(api.reads.some((r) => r.method === "getJob" && r.request.view === "JOB_VIEW_DESCRIPTION")).to.equal(true);
  });

  it("keeps the stream's fingerprint while its launch, bundle and context stay the same", () => {
    const again = desiredState(prod, { udfBundle: { ...udfBundle }, projectNumber: "123456789" });
    const id = "projects/gigamart-prod/locations/asia-south1/jobs/gigamart-pos-streaming-prod";
    expect(again.find((r) => r.id === id)!.state).to.deep.equal(desired.find((r) => r.id === id)!.state);
  });

  it("moves the release's compile time when schedules.release_compile changes in config", async () => {
    const changed = desiredState({ ...prod, schedules: { ...prod.schedules, release_compile: "50 * * * *" } }, { udfBundle, projectNumber: "123456789" });
    const entries = await planAgainst(apiWhereEverythingExists(desired), changed);
    const e = entry(entries, `${REPO}/releaseConfigs/prod`);
    expect(e.why).to.equal('cronSchedule: "0 * * * *" -> "50 * * * *"');
    expect(e.request!.request.updateMask).to.deep.equal({ paths: ["cron_schedule"] });
    expect(entries.filter((x) => x.action !== "keep").map((x) => x.id)).to.deep.equal([e.id]);
  });

  it("adds a missing project binding while keeping everyone else's grants and the policy etag", async () => {
    const api = apiWhereEverythingExists(desired, {
      tweak: (r, res) =>
        r.id === "projects/gigamart-prod#iamPolicy"
          ? { ...res, bindings: res.bindings.filter((b: { role: string; members: string[] }) => !(b.role === "roles/bigquery.jobUser" && b.members[0]!.startsWith("group:"))) }
          : res,
    });
    const e = entry(await planAgainst(api), "projects/gigamart-prod#iamPolicy");
    expect(e.action).to.equal("update");
    expect(e.why).to.equal('bindings[roles/bigquery.jobUser]: (unset) -> "group:analysts@gigamart.example"');
    expect(e.request).to.deep.equal({
      api: "resourcemanager",
      method: "setIamPolicy",
      request: {
        resource: "projects/gigamart-prod",
        policy: {
          version: 3,
          etag: "BwYpolicy",
          bindings: [
            OTHERS_GRANT,
            { role: "roles/bigquery.jobUser", members: ["serviceAccount:gigamart-ingestion@gigamart-prod.iam.gserviceaccount.com", "group:analysts@gigamart.example"] },
            { role: "roles/dataflow.worker", members: ["serviceAccount:gigamart-ingestion@gigamart-prod.iam.gserviceaccount.com"] },
            { role: "roles/dataflow.developer", members: ["serviceAccount:gigamart-ingestion@gigamart-prod.iam.gserviceaccount.com"] },
            { role: "roles/workflows.invoker", members: ["serviceAccount:gigamart-ingestion@gigamart-prod.iam.gserviceaccount.com"] },
            { role: "roles/bigquery.jobUser", members: ["serviceAccount:gigamart-dataform@gigamart-prod.iam.gserviceaccount.com"] },
          ],
        },
      },
    });
  });

  it("adds a missing dataset grant to the access list, reading legacy role names as their IAM roles", async () => {
    const mart = "projects/gigamart-prod/datasets/giga_mart#access";
    const api = apiWhereEverythingExists(desired, {
      tweak: (r, res) => (r.id === mart ? { ...res, access: res.access.filter((a: { groupByEmail?: string }) => !a.groupByEmail) } : res),
    });
    const e = entry(await planAgainst(api), mart);
    expect(e.action).to.equal("update");
    expect(e.request!.method).to.equal("datasets.patch");
    expect(e.request!.request).to.deep.equal({
      projectId: "gigamart-prod",
      datasetId: "giga_mart",
      etag: "etag-1",
      body: {
        access: [
          { role: "OWNER", specialGroup: "projectOwners" },
          { role: "WRITER", userByEmail: "gigamart-dataform@gigamart-prod.iam.gserviceaccount.com" },
          { role: "roles/bigquery.dataViewer", groupByEmail: "analysts@gigamart.example" },
        ],
      },
    });
  });

  it("adds back a removed authorized dataset without touching the other access entries", async () => {
    const raw = "projects/gigamart-prod/datasets/giga_raw#access";
    const api = apiWhereEverythingExists(desired, {
      tweak: (r, res) => (r.id === raw ? { ...res, access: res.access.filter((a: { dataset?: unknown }) => !a.dataset) } : res),
    });
    const e = entry(await planAgainst(api), raw);
    expect(e.why).to.equal('access[authorized dataset]: (unset) -> "giga_mart"');
    expect((e.request!.request.body as { access: unknown[] }).access.at(-1)).to.deep.equal({
      dataset: { dataset: { projectId: "gigamart-prod", datasetId: "giga_mart" }, targetTypes: ["VIEWS"] },
    });
    expect((e.request!.request.body as { access: unknown[] }).access).to.have.length(4);
  });

  it("recreates a deleted subscription and keeps what depends on it", async () => {
    const api = apiWhereEverythingExists(desired, { except: (r) => r.id === subscription });
    const entries = await planAgainst(api);
    expect(entries.filter((e) => e.action !== "keep").map((e) => [e.action, e.id])).to.deep.equal([["create", subscription]]);
    expect(entry(entries, subscription).request!.method).to.equal("createSubscription");
  });

  it("stops with the resource and field named when a dataset's location differs", async () => {
    const api = apiWhereEverythingExists(desired, {
      tweak: (r, res) => (r.id === "projects/gigamart-prod/datasets/giga_mart" ? { ...res, location: "US" } : res),
    });
    let error: unknown;
    await planAgainst(api).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(PlanError);
    expect((error as Error).message).to.equal(
      'projects/gigamart-prod/datasets/giga_mart: location: "US" -> "asia-south1" cannot change in place; recreate it by hand (its data would be lost)',
    );
  });
});

describe("deploy apply", () => {
  it("creates the e-mail channel first and points the alert policies at the name Monitoring gave it", async () => {
    const api = new RecordingCloudApi((req) =>
      req.method === "createNotificationChannel" ? { name: "projects/gigamart-prod/notificationChannels/987" } : { name: "created" },
    );
    const steps = await applyPlan(await planAgainst(api), api);
    expect(steps).to.have.length(desired.length);
    const channelAt = api.sent.findIndex((r) => r.method === "createNotificationChannel");
    const policies = api.sent.map((r, i) => [r, i] as const).filter(([r]) => r.method === "createAlertPolicy");
    expect(policies).to.have.length(5);
    for (const [req, i] of policies) {
      expect(i).to.be.greaterThan(channelAt);
      expect((req.request.alertPolicy as { notificationChannels: string[] }).notificationChannels).to.deep.equal(["projects/gigamart-prod/notificationChannels/987"]);
    }
  });

  it("retries a grant while a new service account is still unknown to IAM, then goes on", async () => {
    let refusals = 2;
    const api = new RecordingCloudApi((req) => {
      if (req.method === "setIamPolicy" && refusals-- > 0) throw new Error("3 INVALID_ARGUMENT: Service account gigamart-ingestion@gigamart-prod.iam.gserviceaccount.com does not exist.");
      return { name: "created" };
    });
    const waits: number[] = [];
    const steps = await applyPlan(await planAgainst(api), api, undefined, { attempts: 3, delayMs: 7, sleep: async (ms) => void waits.push(ms) });
    expect(steps).to.have.length(desired.length);
    expect(waits).to.deep.equal([7, 7]);
  });

  it("names the resource when a request fails and sends nothing after it", async () => {
    const api = new RecordingCloudApi((req) => {
      if (req.method === "datasets.insert") throw new Error("403 Access Denied");
      return {};
    });
    const entries = await planAgainst(api);
    let error: unknown;
    await applyPlan(entries, api).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.equal("create projects/gigamart-prod/datasets/giga_raw failed: 403 Access Denied");
    expect(api.sent.at(-1)!.method).to.equal("datasets.insert");
  });
});

describe("deploy", () => {
  const bundle = readUdfBundle();

  it("applies every create on a new project, then changes nothing when run again", async () => {
    const fresh = new RecordingCloudApi();
    const first = await deploy({ config: loadConfig("dev"), dryRun: false, udfBundle: bundle, api: fresh });
    expect(first.stateKnown).to.equal(true);
    expect(first.applied).to.have.length(first.entries.length);
    expect(fresh.sent).to.have.length(first.entries.length);

    const configured = apiWhereEverythingExists(desiredState(loadConfig("dev"), { udfBundle: bundle }));
    const again = await deploy({ config: loadConfig("dev"), dryRun: false, udfBundle: bundle, api: configured });
    expect(again.entries.every((e) => e.action === "keep")).to.equal(true);
    expect(configured.sent).to.deep.equal([]);
  });

  it("sends nothing in a dry run even when it can read the current state", async () => {
    const api = new RecordingCloudApi();
    const result = await deploy({ config: prod, dryRun: true, udfBundle: bundle, api });
    expect(api.reads.length).to.be.greaterThan(0);
    expect(api.sent).to.deep.equal([]);
    expect(result.applied).to.deep.equal([]);
  });
});

describe("deploy plan: the POS stream on each streaming.path", () => {
  const bundle = { from: "ingestion/udf/dist/gigamart_udf.js", content: readUdfBundle().content };
  const SUB = "projects/gigamart-prod/subscriptions/pos-transactions-sub";
  const DEAD_SUB = "projects/gigamart-prod/subscriptions/pos-transactions-dead-letter-sub";
  const onSubscriptions = desiredState({ ...prod, streaming: { path: "bigquery_subscription" } }, { udfBundle: bundle, projectNumber: "123456789" });
  let entries: PlanEntry[];
  before(async () => {
    entries = await planAgainst(new RecordingCloudApi(), onSubscriptions);
  });

  it("dataflow: the job pulls a plain subscription; no BigQuery subscription", () => {
    const kinds = desired.map((r) => r.kind);
    expect(kinds).to.include("dataflow.streamingJob");
    expect(desired.filter((r) => r.state.bigqueryConfig || r.state.messageTransforms)).to.deep.equal([]);
  });

  it("bigquery_subscription: the POS subscription writes bronze through the shipped bundle as a single-message transform", () => {
    const request = entry(entries, SUB).request!.request as Record<string, any>;
    expect(request.bigqueryConfig).to.deep.equal({ table: "gigamart-prod.giga_raw.raw_pos_transactions", useTableSchema: true, writeMetadata: false, dropUnknownFields: false });
    expect(request.messageTransforms).to.have.length(1);
    const udf = request.messageTransforms[0].javascriptUdf;
    expect(udf.functionName).to.equal("gigamart_pos_to_bronze");
    expect(udf.code.startsWith(bundle.content), "the committed bundle, unchanged").to.equal(true);
    expect(udf.code).to.contain('var GIGAMART_CONTEXT = {"source_file":"pubsub/pos-transactions-sub","run_id":"bigquery-subscription/pos-transactions-sub","time_zone":"Asia/Kolkata"};');
    expect(request.deadLetterPolicy).to.deep.equal({ deadLetterTopic: "projects/gigamart-prod/topics/pos-transactions-dead-letter", maxDeliveryAttempts: 5 });
  });

  it("bigquery_subscription: dead letters go through their own subscription into the dead-letter table", () => {
    const request = entry(entries, DEAD_SUB).request!.request as Record<string, any>;
    expect(request.topic).to.equal("projects/gigamart-prod/topics/pos-transactions-dead-letter");
    expect(request.bigqueryConfig.table).to.equal("gigamart-prod.giga_raw.raw_pos_transactions_dead_letter");
    expect(request.messageTransforms[0].javascriptUdf.functionName).to.equal("gigamart_dead_letter_row");
  });

  it("bigquery_subscription: no Dataflow job, no streaming UDF folder, and each subscription after its table and Pub/Sub's grant on giga_raw", () => {
    expect(entries.map((e) => e.kind)).to.not.include("dataflow.streamingJob");
    expect(entries.filter((e) => e.id.includes("/udf/streaming/"))).to.deep.equal([]);
    const position = new Map(entries.map((e, i) => [e.id, i]));
    for (const [sub, table] of [[SUB, "raw_pos_transactions"], [DEAD_SUB, "raw_pos_transactions_dead_letter"]] as const) {
      expect(position.get(`projects/gigamart-prod/datasets/giga_raw/tables/${table}`)).to.be.lessThan(position.get(sub)!);
      expect(position.get("projects/gigamart-prod/datasets/giga_raw#access")).to.be.lessThan(position.get(sub)!);
    }
  });

  it("switching a running environment from dataflow to bigquery_subscription updates both subscriptions in place", async () => {
    const switched = await planAgainst(apiWhereEverythingExists(desired), onSubscriptions);
    for (const id of [SUB, DEAD_SUB]) {
      const e = entry(switched, id);
      expect(e.action, id).to.equal("update");
      expect((e.request!.request as { updateMask: { paths: string[] } }).updateMask.paths).to.have.members(["bigquery_config", "message_transforms"]);
    }
  });
});
