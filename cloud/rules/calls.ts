import type { Binding } from "../resource";
import { rolePermissions } from "./roles";

/**
 * What each call a pipeline makes needs, as Google documents it (checked 2026-12-01): the
 * permissions, and on which resource of the call they are checked. `source` is the page that showed
 * the rule; `unverified` says where no stored copy of a Google page showed it (the search tools return
 * excerpts), so the rule is the author's reading, not a checked fact.
 */
interface CallRule {
  readonly permissions: readonly string[];
  readonly source: string;
  readonly unverified?: string;
}

const BQ = "https://cloud.google.com/bigquery/docs";
const GCS = "https://cloud.google.com/storage/docs/access-control/iam-permissions";
const PUBSUB = "https://cloud.google.com/pubsub/docs/access-control";
const DDL = `${BQ}/reference/standard-sql/data-definition-language`;
const notShown = (what: string) => `the stored copy of this page is cut off before ${what}`;

export const CALL_RULES = {
  // jobs.insert of a query runs in the project; each table it touches is checked on its own.
  "bigquery.jobs.insert": { permissions: ["bigquery.jobs.create"], source: `${BQ}/jobs-overview#required_permissions` },
  "bigquery.read": { permissions: ["bigquery.tables.getData"], source: `${BQ}/tables#required_permissions` },
  // rows affected on the BigQuery target: the children of the Dataform account's script jobs
  "bigquery.jobs.list": { permissions: ["bigquery.jobs.listAll"], source: `${BQ}/managing-jobs#list_jobs`, unverified: "listing other users' jobs (allUsers) needs bigquery.jobs.listAll, per the jobs.list reference" },
  "bigquery.tables.get": { permissions: ["bigquery.tables.get"], source: `${BQ}/tables#required_permissions`, unverified: notShown("tables.get's permissions") },
  "bigquery.datasets.get": {
    permissions: ["bigquery.datasets.get"],
    source: `${BQ}/listing-datasets#required_permissions`,
    unverified: notShown("datasets.get's permissions"),
  },
  "bigquery.datasets.insert": {
    permissions: ["bigquery.datasets.create"],
    source: `${BQ}/datasets#required_permissions`,
    unverified: notShown("datasets.insert's permissions"),
  },
  // tables.create on the dataset is shown; updateData for the rows is shown only for table clones.
  "bigquery.createTableAsSelect": {
    permissions: ["bigquery.tables.create", "bigquery.tables.updateData"],
    source: `${BQ}/tables#required_permissions`,
    unverified: "bigquery.tables.updateData: shown for CREATE TABLE CLONE (table-clones-create), not for CREATE TABLE AS SELECT",
  },
  "bigquery.replaceTableAsSelect": {
    permissions: ["bigquery.tables.create", "bigquery.tables.update", "bigquery.tables.updateData"],
    source: `${DDL}#create_table_statement`,
    unverified: notShown("what OR REPLACE adds to CREATE TABLE"),
  },
  "bigquery.createView": { permissions: ["bigquery.tables.create"], source: `${DDL}#create_view_statement`, unverified: notShown("CREATE VIEW's permissions") },
  "bigquery.replaceView": {
    permissions: ["bigquery.tables.create", "bigquery.tables.update"],
    source: `${DDL}#create_view_statement`,
    unverified: notShown("what OR REPLACE adds to CREATE VIEW"),
  },
  // MERGE, INSERT, UPDATE and DELETE; a load job's or the Storage Write API's rows too.
  "bigquery.dml": {
    permissions: ["bigquery.tables.updateData"],
    source: `${BQ}/data-manipulation-language`,
    unverified: notShown("DML's permissions"),
  },
  "bigquery.drop": { permissions: ["bigquery.tables.delete"], source: `${DDL}#drop_table_statement`, unverified: notShown("DROP TABLE's permissions") },
  "storage.objects.list": { permissions: ["storage.objects.list"], source: "https://cloud.google.com/storage/docs/listing-objects#required-permissions" },
  // The permissions reference describes each: get reads data and metadata, create adds objects, delete deletes them.
  "storage.objects.get": { permissions: ["storage.objects.get"], source: GCS },
  "storage.objects.insert": { permissions: ["storage.objects.create"], source: GCS },
  "storage.objects.delete": { permissions: ["storage.objects.delete"], source: GCS },
  "pubsub.subscriptions.pull": {
    permissions: ["pubsub.subscriptions.consume"],
    source: PUBSUB,
    unverified: "the stored copy shows consume for subscriptions.acknowledge and is cut off before pull",
  },
  "pubsub.topics.publish": { permissions: ["pubsub.topics.publish"], source: PUBSUB, unverified: notShown("topics.publish") },
  "dataflow.flexTemplates.launch": {
    permissions: ["dataflow.jobs.create"],
    source: "https://cloud.google.com/dataflow/docs/concepts/access-control",
    unverified: "the page maps jobs.create to dataflow.jobs.create; flexTemplates.launch is not listed",
  },
  // Launching a job whose workers run as a service account needs actAs on that account.
  "iam.actAs": {
    permissions: ["iam.serviceAccounts.actAs"],
    source: "https://cloud.google.com/dataflow/docs/concepts/security-and-permissions#worker-service-account",
    unverified: notShown("the worker service account section"),
  },
  "dataflow.worker": { permissions: ["dataflow.workItems.lease", "dataflow.workItems.update"], source: "https://cloud.google.com/dataflow/access-control" },
  "workflows.executions.create": { permissions: ["workflows.executions.create"], source: "https://cloud.google.com/workflows/docs/access-control" },
  // Dataform's service agent mints the custom workflow account's tokens (required-access asks for Token
  // Creator on that account; the IAM Credentials API checks getAccessToken), and reads the Git token.
  "iam.generateAccessToken": {
    permissions: ["iam.serviceAccounts.getAccessToken"],
    source: "https://cloud.google.com/python/docs/reference/google-cloud-apihub/latest/google.cloud.apihub_v1.types.GoogleServiceAccountConfig",
  },
  "secretmanager.versions.access": {
    permissions: ["secretmanager.versions.access"],
    source: "https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access",
  },
} satisfies Record<string, CallRule>;

export type CallKind = keyof typeof CALL_RULES;

/** One call a pipeline step makes, as whom, on what resource (full resource name). */
export interface Call {
  readonly pipeline: string;
  readonly step: string;
  readonly member: string;
  readonly kind: CallKind;
  readonly resource: string;
}

/**
 * The resource and everything above it a grant may sit on: IAM policies inherit down the hierarchy
 * (project > dataset > table, project > bucket > object, project > topic, subscription, account, secret).
 */
export function grantScopes(resource: string, project: string): string[] {
  const parts = resource.split("/");
  const scopes: string[] = [];
  for (let i = parts.length - (parts.length % 2); i >= 2; i -= 2) scopes.push(parts.slice(0, i).join("/"));
  if (!scopes.includes(`projects/${project}`)) scopes.push(`projects/${project}`);
  return scopes;
}

/** One line per permission a call lacks: pipeline step, call, permission, resource, member. */
export function missingPermissions(calls: readonly Call[], bindings: readonly Binding[], project: string): string[] {
  const failures: string[] = [];
  for (const c of calls) {
    const scopes = grantScopes(c.resource, project);
    const held = new Set(bindings.filter((b) => b.member === c.member && scopes.includes(b.on)).flatMap((b) => rolePermissions(b.role)));
    for (const permission of CALL_RULES[c.kind].permissions) {
      if (!held.has(permission)) failures.push(`${c.pipeline} / ${c.step}: ${c.kind} needs ${permission} on ${c.resource} for ${c.member}`);
    }
  }
  return [...new Set(failures)];
}

/** Whether some call needs this grant: it holds a permission a call of its member checks at or below its resource. */
export function grantUsed(grant: Binding, calls: readonly Call[], project: string): boolean {
  const permissions = new Set(rolePermissions(grant.role));
  return calls.some(
    (c) => c.member === grant.member && grantScopes(c.resource, project).includes(grant.on) && CALL_RULES[c.kind].permissions.some((p) => permissions.has(p)),
  );
}
