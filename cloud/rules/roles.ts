/**
 * The predefined roles the plan grants, with the permissions of each that the pipelines' calls use,
 * as Google's IAM roles reference lists them (checked 2026-12-01). Only those permissions are kept:
 * a role holds many more, none of which a check here may rely on.
 */
export interface RoleRule {
  readonly permissions: readonly string[];
  readonly source: string;
  readonly checked: string;
}

const CHECKED = "2026-12-01";
const page = (service: string) => `https://cloud.google.com/iam/docs/roles-permissions/${service}`;

export const ROLES: Readonly<Record<string, RoleRule>> = {
  "roles/bigquery.jobUser": { permissions: ["bigquery.jobs.create"], source: page("bigquery"), checked: CHECKED },
  "roles/bigquery.dataViewer": {
    permissions: ["bigquery.datasets.get", "bigquery.tables.get", "bigquery.tables.getData", "bigquery.tables.list"],
    source: page("bigquery"),
    checked: CHECKED,
  },
  "roles/bigquery.dataEditor": {
    permissions: [
      "bigquery.datasets.get",
      "bigquery.tables.create",
      "bigquery.tables.delete",
      "bigquery.tables.get",
      "bigquery.tables.getData",
      "bigquery.tables.list",
      "bigquery.tables.update",
      "bigquery.tables.updateData",
    ],
    source: page("bigquery"),
    checked: CHECKED,
  },
  "roles/storage.objectAdmin": {
    permissions: ["storage.objects.create", "storage.objects.delete", "storage.objects.get", "storage.objects.list", "storage.objects.update"],
    source: page("storage"),
    checked: CHECKED,
  },
  "roles/pubsub.subscriber": {
    permissions: ["pubsub.snapshots.seek", "pubsub.subscriptions.consume", "pubsub.topics.attachSubscription"],
    source: page("pubsub"),
    checked: CHECKED,
  },
  "roles/pubsub.publisher": { permissions: ["pubsub.topics.publish"], source: page("pubsub"), checked: CHECKED },
  "roles/dataflow.developer": {
    permissions: ["dataflow.jobs.cancel", "dataflow.jobs.create", "dataflow.jobs.get", "dataflow.jobs.list", "dataflow.jobs.updateContents"],
    source: page("dataflow"),
    checked: CHECKED,
  },
  "roles/dataflow.worker": {
    permissions: ["dataflow.jobs.get", "dataflow.workItems.lease", "dataflow.workItems.update"],
    source: page("dataflow"),
    checked: CHECKED,
  },
  "roles/workflows.invoker": { permissions: ["workflows.callbacks.send", "workflows.executions.create"], source: page("workflows"), checked: CHECKED },
  "roles/iam.serviceAccountUser": {
    permissions: ["iam.serviceAccounts.actAs", "iam.serviceAccounts.get", "iam.serviceAccounts.list"],
    source: page("iam"),
    checked: CHECKED,
  },
  "roles/iam.serviceAccountTokenCreator": {
    permissions: ["iam.serviceAccounts.getAccessToken", "iam.serviceAccounts.getOpenIdToken", "iam.serviceAccounts.signBlob", "iam.serviceAccounts.signJwt"],
    source: page("iam"),
    checked: CHECKED,
  },
  "roles/secretmanager.secretAccessor": { permissions: ["secretmanager.versions.access"], source: page("secretmanager"), checked: CHECKED },
};

/** The permissions a role holds; a role missing from the data is an error, never an empty grant. */
export function rolePermissions(role: string): readonly string[] {
  const rule = ROLES[role];
  if (!rule) throw new Error(`cloud/rules/roles.ts: role ${role} is granted by the plan but not modelled; add its permissions from ${page("<service>")}`);
  return rule.permissions;
}
