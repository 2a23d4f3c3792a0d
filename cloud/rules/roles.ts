/**
 * The predefined roles the plan grants, with the permissions of each that the pipelines' calls use,
 * as Google's IAM roles reference lists them (checked 2026-12-01). Only those permissions are kept:
 * a role holds many more, none of which a check here may rely on.
 *
 * Each permission names the page that showed it in the role, or says `unverified` where no stored copy
 * of a Google page (or a dump of `gcloud iam roles describe`) showed it: the search tools return excerpts,
 * and the role tables of the IAM reference are cut off before most roles.
 */
export type Evidence = { readonly confirmedBy: string } | { readonly unverified: string };

export interface RoleRule {
  readonly permissions: Readonly<Record<string, Evidence>>;
  readonly source: string;
  readonly checked: string;
}

const CHECKED = "2026-12-01";
const page = (service: string) => `https://cloud.google.com/iam/docs/roles-permissions/${service}`;
const seen = (confirmedBy: string): Evidence => ({ confirmedBy });
const unverified = (why: string): Evidence => ({ unverified: why });
/** `gcloud iam roles describe` output, mirrored daily; Google's role tables themselves came back truncated. */
const describe = (role: string, commit: string) => seen(`https://github.com/darkbitio/gcp-iam-role-permissions/blob/${commit}/roles/${role}`);
const cut = (service: string) => unverified(`${page(service)} came back cut off before this role`);

const dataEditor = describe("bigquery.dataEditor", "84e66cf20c6ef893d34189f0f6865fa7f26296d7");
const dataflowDeveloper = describe("dataflow.developer", "e1028507e06c45d78a4e8448e5bef16b76cd7c0a");
// Google's (older) Dataflow access-control page names these worker permissions; gcloud's listing omits them.
const dataflowWorkItems = seen("https://cloud.google.com/dataflow/access-control");
// "BigQuery Data Viewer ... on the table that you want to make a clone of" gives tables.get and tables.getData.
const tableClones = seen("https://cloud.google.com/bigquery/docs/table-clones-create");
const tokenCreator = seen("https://cloud.google.com/ruby/docs/reference/google-iam-credentials-v1/latest/Google-Iam-Credentials-V1-GenerateAccessTokenRequest");
const objectAdmin = seen("https://googleapis.dev/java/google-cloud-storage/latest/com/google/cloud/storage/StorageRoles.html");

export const ROLES: Readonly<Record<string, RoleRule>> = {
  "roles/bigquery.jobUser": {
    permissions: { "bigquery.jobs.create": seen("https://cloud.google.com/bigquery/docs/jobs-overview") },
    source: page("bigquery"),
    checked: CHECKED,
  },
  "roles/bigquery.dataViewer": {
    permissions: {
      "bigquery.datasets.get": cut("bigquery"),
      "bigquery.tables.get": tableClones,
      "bigquery.tables.getData": tableClones,
      "bigquery.tables.list": cut("bigquery"),
    },
    source: page("bigquery"),
    checked: CHECKED,
  },
  "roles/bigquery.dataEditor": {
    permissions: {
      "bigquery.datasets.get": dataEditor,
      "bigquery.tables.create": dataEditor,
      "bigquery.tables.delete": dataEditor,
      "bigquery.tables.get": dataEditor,
      "bigquery.tables.getData": dataEditor,
      "bigquery.tables.list": dataEditor,
      "bigquery.tables.update": dataEditor,
      "bigquery.tables.updateData": dataEditor,
    },
    source: page("bigquery"),
    checked: CHECKED,
  },
  // Google's storage client documents objectAdmin as storage.objects.*.
  "roles/storage.objectAdmin": {
    permissions: {
      "storage.objects.create": objectAdmin,
      "storage.objects.delete": objectAdmin,
      "storage.objects.get": objectAdmin,
      "storage.objects.list": objectAdmin,
      "storage.objects.update": objectAdmin,
    },
    source: page("storage"),
    checked: CHECKED,
  },
  "roles/pubsub.subscriber": {
    permissions: { "pubsub.snapshots.seek": cut("pubsub"), "pubsub.subscriptions.consume": cut("pubsub"), "pubsub.topics.attachSubscription": cut("pubsub") },
    source: page("pubsub"),
    checked: CHECKED,
  },
  "roles/pubsub.publisher": { permissions: { "pubsub.topics.publish": cut("pubsub") }, source: page("pubsub"), checked: CHECKED },
  "roles/dataflow.developer": {
    permissions: {
      "dataflow.jobs.cancel": dataflowDeveloper,
      "dataflow.jobs.create": dataflowDeveloper,
      "dataflow.jobs.get": dataflowDeveloper,
      "dataflow.jobs.list": dataflowDeveloper,
      "dataflow.jobs.updateContents": dataflowDeveloper,
    },
    source: page("dataflow"),
    checked: CHECKED,
  },
  "roles/dataflow.worker": {
    permissions: {
      "dataflow.jobs.get": describe("dataflow.worker", "45a975968461460235c19cc8421487f7b2cfab67"),
      "dataflow.workItems.lease": dataflowWorkItems,
      "dataflow.workItems.update": dataflowWorkItems,
    },
    source: page("dataflow"),
    checked: CHECKED,
  },
  "roles/workflows.invoker": {
    permissions: { "workflows.callbacks.send": cut("workflows"), "workflows.executions.create": cut("workflows") },
    source: page("workflows"),
    checked: CHECKED,
  },
  "roles/iam.serviceAccountUser": {
    permissions: {
      "iam.serviceAccounts.actAs": unverified("https://cloud.google.com/iam/docs/service-account-permissions says the role lets a principal attach an account, without naming the permission"),
      "iam.serviceAccounts.get": cut("iam"),
      "iam.serviceAccounts.list": cut("iam"),
    },
    source: page("iam"),
    checked: CHECKED,
  },
  // generateAccessToken's reference asks for this role where the API asks for getAccessToken.
  "roles/iam.serviceAccountTokenCreator": {
    permissions: {
      "iam.serviceAccounts.getAccessToken": tokenCreator,
      "iam.serviceAccounts.getOpenIdToken": cut("iam"),
      "iam.serviceAccounts.signBlob": cut("iam"),
      "iam.serviceAccounts.signJwt": cut("iam"),
    },
    source: page("iam"),
    checked: CHECKED,
  },
  "roles/secretmanager.secretAccessor": {
    permissions: { "secretmanager.versions.access": seen(page("secretmanager")) },
    source: page("secretmanager"),
    checked: CHECKED,
  },
};

/** The permissions a role holds; a role missing from the data is an error, never an empty grant. */
export function rolePermissions(role: string): readonly string[] {
  const rule = ROLES[role];
  if (!rule) throw new Error(`cloud/rules/roles.ts: role ${role} is granted by the plan but not modelled; add its permissions from ${page("<service>")}`);
  return Object.keys(rule.permissions);
}
