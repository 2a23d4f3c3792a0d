import type { CloudRequest } from "../api";
import type { Binding, DesiredResource, FieldChange } from "../resource";
import { datasetResource, serviceAccountResource, type Names } from "./names";

export interface PolicyBinding {
  role: string;
  members: string[];
  condition?: unknown;
}

interface Policy {
  bindings?: PolicyBinding[];
  etag?: unknown;
  version?: number;
}

function missingGrants(wanted: readonly Binding[], policy: Policy): Binding[] {
  return wanted.filter((w) => !(policy.bindings ?? []).some((b) => b.role === w.role && !b.condition && b.members.includes(w.member)));
}

/** The current policy plus the missing grants; others' grants are kept, and the etag guards against a concurrent change. */
export function withGrants(policy: Policy, grants: readonly Binding[]): Policy {
  const bindings = (policy.bindings ?? []).map((b) => ({ ...b, members: [...b.members] }));
  for (const g of grants) {
    const existing = bindings.find((b) => b.role === g.role && !b.condition);
    if (existing) existing.members.push(g.member);
    else bindings.push({ role: g.role, members: [g.member] });
  }
  return { ...policy, version: 3, bindings };
}

function grantChanges(wanted: readonly Binding[], policy: Policy): FieldChange[] {
  return missingGrants(wanted, policy).map((g) => ({ field: `bindings[${g.role}]`, current: undefined, desired: g.member }));
}

type PolicyHolder = { get: (resource: string) => CloudRequest; set: (resource: string, policy: Policy) => CloudRequest };

const holders = {
  project: {
    get: (resource) => ({ api: "resourcemanager", method: "getIamPolicy", request: { resource, options: { requestedPolicyVersion: 3 } } }),
    set: (resource, policy) => ({ api: "resourcemanager", method: "setIamPolicy", request: { resource, policy } }),
  },
  pubsub: {
    get: (resource) => ({ api: "pubsub", method: "getIamPolicy", request: { resource } }),
    set: (resource, policy) => ({ api: "pubsub", method: "setIamPolicy", request: { resource, policy } }),
  },
  bucket: {
    get: (resource) => ({ api: "storage", method: "buckets.getIamPolicy", request: { bucket: resource.replace(/^.*\/buckets\//, ""), optionsRequestedPolicyVersion: 3 } }),
    set: (resource, policy) => ({ api: "storage", method: "buckets.setIamPolicy", request: { bucket: resource.replace(/^.*\/buckets\//, ""), body: policy } }),
  },
  serviceAccount: {
    get: (resource) => ({ api: "iam", method: "projects.serviceAccounts.getIamPolicy", request: { resource, "options.requestedPolicyVersion": 3 } }),
    set: (resource, policy) => ({ api: "iam", method: "projects.serviceAccounts.setIamPolicy", request: { resource, body: { policy } } }),
  },
  secret: {
    get: (resource) => ({ api: "secretmanager", method: "projects.secrets.getIamPolicy", request: { resource, "options.requestedPolicyVersion": 3 } }),
    set: (resource, policy) => ({ api: "secretmanager", method: "projects.secrets.setIamPolicy", request: { resource, body: { policy } } }),
  },
} satisfies Record<string, PolicyHolder>;

export type PolicyHolderKind = keyof typeof holders;

/** All grants on one resource's IAM policy, applied as one read-modify-write. */
export function iamPolicy(holder: PolicyHolderKind, resource: string, grants: readonly Omit<Binding, "on">[], dependsOn: readonly string[]): DesiredResource {
  const h: PolicyHolder = holders[holder];
  const bindings = grants.map((g) => ({ ...g, on: resource }));
  const create = h.set(resource, withGrants({}, bindings));
  return {
    kind: "iam.policy",
    id: `${resource}#iamPolicy`,
    dependsOn,
    read: h.get(resource),
    state: { bindings: bindings.map((b) => ({ role: b.role, members: [b.member] })) },
    create,
    diff: (current) => grantChanges(bindings, current as Policy),
    update: (_changes, current) => h.set(resource, withGrants(current as Policy, missingGrants(bindings, current as Policy))),
    bindings,
  };
}

export type DatasetRole = "roles/bigquery.dataViewer" | "roles/bigquery.dataEditor";

// datasets.get answers with the legacy names for the basic dataset roles.
const LEGACY_DATASET_ROLES: Record<string, string> = {
  READER: "roles/bigquery.dataViewer",
  WRITER: "roles/bigquery.dataEditor",
  OWNER: "roles/bigquery.dataOwner",
};

interface AccessEntry {
  role?: string;
  userByEmail?: string;
  groupByEmail?: string;
  [other: string]: unknown;
}

function accessEntry(member: string, role: string): AccessEntry {
  const [type, email] = member.split(":") as [string, string];
  return type === "group" ? { role, groupByEmail: email } : { role, userByEmail: email };
}

function hasAccess(access: readonly AccessEntry[], g: Binding): boolean {
  const want = accessEntry(g.member, g.role);
  return access.some(
    (a) =>
      (LEGACY_DATASET_ROLES[a.role ?? ""] ?? a.role) === g.role &&
      (a.userByEmail ?? a.groupByEmail) === (want.userByEmail ?? want.groupByEmail),
  );
}

interface WantedEntry {
  readonly entry: AccessEntry;
  readonly field: string;
  readonly what: string;
  readonly present: (access: readonly AccessEntry[]) => boolean;
}

/**
 * Dataset-level grants live in the dataset's access list (BigQuery's dataset IAM). Entries we do
 * not manage (project owners, other authorized views) are kept as they are. `authorizedViewsOf`
 * lets the views of those datasets read this one, so a reader of gold views needs no grant here.
 */
export function datasetAccess(
  n: Names,
  datasetId: string,
  grants: readonly { role: DatasetRole; member: string }[],
  dependsOn: readonly string[],
  authorizedViewsOf: readonly string[] = [],
): DesiredResource {
  const on = datasetResource(n, datasetId);
  const bindings: Binding[] = grants.map((g) => ({ ...g, on }));
  const wanted: WantedEntry[] = [
    ...bindings.map((g) => ({ entry: accessEntry(g.member, g.role), field: `access[${g.role}]`, what: g.member, present: (a: readonly AccessEntry[]) => hasAccess(a, g) })),
    ...authorizedViewsOf.map((viewsOf) => ({
      entry: { dataset: { dataset: { projectId: n.project, datasetId: viewsOf }, targetTypes: ["VIEWS"] } },
      field: "access[authorized dataset]",
      what: viewsOf,
      present: (a: readonly AccessEntry[]) => a.some((e) => (e.dataset as { dataset?: { datasetId?: string } } | undefined)?.dataset?.datasetId === viewsOf),
    })),
  ];
  const patch = (access: AccessEntry[], etag?: unknown): CloudRequest => ({
    api: "bigquery",
    method: "datasets.patch",
    request: { projectId: n.project, datasetId, ...(etag ? { etag } : {}), body: { access } },
  });
  const missing = (current: Record<string, unknown>) => wanted.filter((w) => !w.present((current.access as AccessEntry[]) ?? []));
  return {
    kind: "bigquery.datasetAccess",
    id: `${on}#access`,
    dependsOn: [on, ...dependsOn, ...authorizedViewsOf.map((d) => datasetResource(n, d))],
    read: { api: "bigquery", method: "datasets.get", request: { projectId: n.project, datasetId } },
    state: { access: wanted.map((w) => w.entry) },
    create: patch(wanted.map((w) => w.entry)),
    diff: (current) => missing(current).map((w) => ({ field: w.field, current: undefined, desired: w.what })),
    update: (_changes, current) => patch([...((current.access as AccessEntry[]) ?? []), ...missing(current).map((w) => w.entry)], current.etag),
    bindings,
  };
}

export function serviceAccount(n: Names, email: string, displayName: string, description: string): DesiredResource {
  const name = serviceAccountResource(n, email);
  const accountId = email.split("@")[0]!;
  return {
    kind: "iam.serviceAccount",
    id: name,
    dependsOn: [],
    read: { api: "iam", method: "projects.serviceAccounts.get", request: { name } },
    state: { displayName, description },
    create: {
      api: "iam",
      method: "projects.serviceAccounts.create",
      request: { name: n.projectResource, body: { accountId, serviceAccount: { displayName, description } } },
    },
    update: (changes) => ({
      api: "iam",
      method: "projects.serviceAccounts.patch",
      request: { name, body: { serviceAccount: { displayName, description }, updateMask: changes.map((c) => c.field).join(",") } },
    }),
  };
}
