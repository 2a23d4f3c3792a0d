import type { ActionCheck } from "../../fidelity/check";
import { gcsObject, serviceAccountResource, tableResource, type Names } from "../desired/names";
import type { Call, CallKind } from "./calls";

const sa = (email: string) => `serviceAccount:${email}`;
const bucketOf = (uri: string) => `projects/_/buckets/${gcsObject(uri).bucket}`;

/** `proj.ds.tbl` (ZetaSQL) or `proj:ds.tbl` (Dataflow) as a table resource name. */
function tableName(name: string): string {
  const [project, dataset, table] = name.replace(":", ".").split(".");
  if (!table) throw new Error(`not a project-qualified table: ${name}`);
  return `projects/${project}/datasets/${dataset}/tables/${table}`;
}

const WRITE_KINDS: Record<string, { create: CallKind; replace: CallKind } | CallKind> = {
  CREATE_TABLE_AS_SELECT: { create: "bigquery.createTableAsSelect", replace: "bigquery.replaceTableAsSelect" },
  CREATE_VIEW: { create: "bigquery.createView", replace: "bigquery.replaceView" },
  MERGE: "bigquery.dml",
  INSERT: "bigquery.dml",
  UPDATE: "bigquery.dml",
  DELETE: "bigquery.dml",
  DROP: "bigquery.drop",
};

/**
 * What a Dataform workflow invocation does for each action, as the workflow's service account:
 * it reads the target's metadata (and creates the dataset when missing), then runs each script as
 * one query job whose statements read and write the tables the GoogleSQL analyzer resolved.
 */
export function dataformActionCalls(pipeline: string, action: ActionCheck, member: string, project: string, datasetExists: (resource: string) => boolean): Call[] {
  const target = tableName(action.name);
  const dataset = target.replace(/\/tables\/[^/]+$/, "");
  const calls: Call[] = [
    datasetExists(dataset)
      ? { pipeline, step: `${action.file}: dataset of ${action.name}`, member, kind: "bigquery.datasets.get", resource: dataset }
      : { pipeline, step: `${action.file}: dataset of ${action.name} (not created by deploy)`, member, kind: "bigquery.datasets.insert", resource: `projects/${project}` },
    { pipeline, step: `${action.file}: metadata of ${action.name}`, member, kind: "bigquery.tables.get", resource: target },
  ];
  for (const script of action.scripts) {
    calls.push({ pipeline, step: `${action.file}: ${script.path} script`, member, kind: "bigquery.jobs.insert", resource: `projects/${project}` });
    for (const s of script.statements) {
      if (s.error || s.skipped || !s.tables) throw new Error(`${action.file}: ${action.name}: statement at line ${s.line} (${s.kind}) was not resolved: ${s.error ?? s.skipped}`);
      const step = `${action.file}: ${script.path} ${s.kind} at line ${s.line}`;
      for (const read of s.tables.reads) calls.push({ pipeline, step, member, kind: "bigquery.read", resource: tableName(read) });
      if (!s.tables.writes) continue;
      const how = WRITE_KINDS[s.kind];
      if (!how) throw new Error(`${action.file}: ${action.name}: no permission rule for a ${s.kind} statement writing ${s.tables.writes}`);
      const kind = typeof how === "string" ? how : s.tables.replaces ? how.replace : how.create;
      calls.push({ pipeline, step, member, kind, resource: tableName(s.tables.writes) });
    }
  }
  return calls;
}

/** A Dataflow flex-template launch (`projects.locations.flexTemplates.launch`) as `member`, and what its workers then do. */
export function flexTemplateCalls(pipeline: string, step: string, member: string, n: Names, launchParameter: Record<string, any>): Call[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const env = launchParameter.environment as { serviceAccountEmail: string; tempLocation: string; stagingLocation: string };
  const p = launchParameter.parameters as Record<string, string>;
  const worker = sa(env.serviceAccountEmail);
  const job = `${step}: job ${launchParameter.jobName}`;
  const at = (kind: CallKind, resource: string, what: string, who = worker): Call => ({ pipeline, step: `${job} ${what}`, member: who, kind, resource });
  const calls: Call[] = [
    { pipeline, step: `${step}: launch ${launchParameter.jobName}`, member, kind: "dataflow.flexTemplates.launch", resource: n.projectResource },
    { pipeline, step: `${step}: launch ${launchParameter.jobName} with worker account`, member, kind: "iam.actAs", resource: serviceAccountResource(n, env.serviceAccountEmail) },
    at("dataflow.worker", n.projectResource, "workers"),
    ...[env.tempLocation, env.stagingLocation].flatMap((uri) =>
      (["storage.objects.list", "storage.objects.get", "storage.objects.insert", "storage.objects.delete"] as const).map((k) => at(k, bucketOf(uri), `temp/staging files ${uri}`)),
    ),
    at("storage.objects.get", bucketOf(p.javascriptTextTransformGcsPath!), "reads its UDF"),
    at("storage.objects.list", bucketOf(p.javascriptTextTransformGcsPath!), "lists its UDF folder"),
  ];
  if (p.inputFilePattern) {
    calls.push(at("storage.objects.list", bucketOf(p.inputFilePattern), "lists its input"), at("storage.objects.get", bucketOf(p.inputFilePattern), "reads its input"));
    calls.push(at("storage.objects.get", bucketOf(p.JSONPath!), "reads the table schema"));
    // The batch template writes through BigQuery load jobs.
    calls.push(at("bigquery.jobs.insert", n.projectResource, "load job"));
  }
  if (p.inputSubscription) calls.push(at("pubsub.subscriptions.pull", p.inputSubscription, "pulls"));
  for (const table of [p.outputTable, p.outputTableSpec, p.outputDeadletterTable].filter((t): t is string => !!t)) {
    calls.push(at("bigquery.tables.get", tableName(table), `reads metadata of ${table}`), at("bigquery.dml", tableName(table), `writes rows to ${table}`));
  }
  return calls;
}

/** The scheduled-ingest workflow's Google calls (as Workflows makes them, running as the ingestion account). */
export function workflowStepCalls(n: Names, fn: string, args: Record<string, any>): Call[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const pipeline = "scheduled ingest";
  const member = sa(n.ingestionSa);
  const on = (kind: CallKind, resource: string, step: string): Call => ({ pipeline, step: `${fn} ${step}`, member, kind, resource });
  switch (fn) {
    case "googleapis.storage.v1.objects.list":
      return [on("storage.objects.list", `projects/_/buckets/${args.bucket}`, args.prefix)];
    case "http.get": {
      const m = /^https:\/\/storage\.googleapis\.com\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(args.url);
      if (!m) break;
      return [on("storage.objects.get", `projects/_/buckets/${m[1]}`, decodeURIComponent(m[2]!))];
    }
    case "googleapis.storage.v1.objects.copy":
      return [
        on("storage.objects.get", `projects/_/buckets/${args.sourceBucket}`, decodeURIComponent(args.sourceObject)),
        on("storage.objects.insert", `projects/_/buckets/${args.destinationBucket}`, decodeURIComponent(args.destinationObject)),
      ];
    case "http.post": {
      const m = /^https:\/\/storage\.googleapis\.com\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(args.url);
      if (!m) break;
      return [on("storage.objects.insert", `projects/_/buckets/${m[1]}`, args.query.name)];
    }
    case "googleapis.dataflow.v1b3.projects.locations.flexTemplates.launch":
      return flexTemplateCalls(pipeline, fn, member, n, args.body.launchParameter);
    case "googleapis.bigquery.v2.jobs.insert": {
      const m = /^INSERT INTO `([^`.]+)\.([^`.]+)\.([^`.]+)`/i.exec(args.body.configuration.query.query);
      if (!m || m[1] !== n.project || m[2] !== n.datasets.raw) break;
      return lineAccountingCalls(n, m[3]!);
    }
  }
  throw new Error(`cloud/workflows/scheduled-ingest.yaml calls ${fn} (${args.url ?? ""}), which has no permission rule`);
}

/**
 * The per-batch line accounting as the ingestion account: one query job over an external table of the
 * batch's files, inserting into the manifest.
 */
function lineAccountingCalls(n: Names, manifestTable: string): Call[] {
  const pipeline = "scheduled ingest";
  const member = sa(n.ingestionSa);
  const step = `line accounting into ${n.datasets.raw}.${manifestTable}`;
  const bucket = `projects/_/buckets/${n.bucket}`;
  return [
    { pipeline, step, member, kind: "bigquery.jobs.insert", resource: n.projectResource },
    { pipeline, step, member, kind: "bigquery.dml", resource: tableResource(n, n.datasets.raw, manifestTable) },
    { pipeline, step: `${step}: external table over the batch`, member, kind: "storage.objects.list", resource: bucket },
    { pipeline, step: `${step}: external table over the batch`, member, kind: "storage.objects.get", resource: bucket },
  ];
}

/** Cloud Scheduler calls executions.create with an OAuth token of the job's account. */
export function schedulerCalls(job: string, serviceAccountEmail: string, workflow: string): Call[] {
  return [{ pipeline: "scheduler", step: `${job} starts the workflow`, member: sa(serviceAccountEmail), kind: "workflows.executions.create", resource: workflow }];
}

/** Dataform's service agent acts as the repository's account and reads its Git token. */
export function dataformAgentCalls(n: Names, secret: string): Call[] {
  const member = sa(n.dataformAgent);
  return [
    { pipeline: "dataform", step: "service agent runs workflows as the Dataform account", member, kind: "iam.generateAccessToken", resource: serviceAccountResource(n, n.dataformSa) },
    { pipeline: "dataform", step: "service agent fetches the Git remote", member, kind: "secretmanager.versions.access", resource: secret },
  ];
}

/** Pub/Sub's service agent forwards an undeliverable message: it publishes to the dead-letter topic and acks on the subscription. */
export function deadLetterCalls(n: Names): Call[] {
  const member = sa(n.pubsubAgent);
  return [
    { pipeline: "realtime stream", step: "dead-lettering forwards the message", member, kind: "pubsub.topics.publish", resource: n.deadLetterTopic },
    { pipeline: "realtime stream", step: "dead-lettering acks the original", member, kind: "pubsub.subscriptions.pull", resource: n.subscription },
  ];
}

/**
 * A BigQuery subscription writes each message through the Storage Write API as Pub/Sub's service
 * agent (BigQueryConfig.service_account_email unset), after reading the table's schema: the
 * BigQueryConfig.State PERMISSION_DENIED comment of Google's pubsub.proto (as @google-cloud/pubsub
 * ships it) sends to https://cloud.google.com/pubsub/docs/create-subscription#assign_bigquery_service_account,
 * which grants BigQuery Data Editor (tables.get, tables.updateData). `tables` are
 * BigQueryConfig.table values, `project.dataset.table`.
 */
export function bigQuerySubscriptionCalls(n: Names, tables: readonly string[]): Call[] {
  const member = sa(n.pubsubAgent);
  return tables.flatMap((t): Call[] => [
    { pipeline: "realtime stream", step: `BigQuery subscription reads the schema of ${t}`, member, kind: "bigquery.tables.get", resource: tableName(t) },
    { pipeline: "realtime stream", step: `BigQuery subscription writes rows to ${t}`, member, kind: "bigquery.dml", resource: tableName(t) },
  ]);
}

/** Analysts query gold: a query job in the project reading a gold table or view. */
export function analystCalls(n: Names, goldTables: readonly string[]): Call[] {
  const member = `group:${n.analystsGroup}`;
  return [
    { pipeline: "analysts", step: "query", member, kind: "bigquery.jobs.insert", resource: n.projectResource },
    ...goldTables.map((t): Call => ({ pipeline: "analysts", step: `reads ${t}`, member, kind: "bigquery.read", resource: tableName(t) })),
  ];
}


