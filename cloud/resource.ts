import type { CloudRequest } from "./api";

export type ResourceKind =
  | "iam.serviceAccount"
  | "iam.policy"
  | "bigquery.dataset"
  | "bigquery.datasetAccess"
  | "bigquery.table"
  | "storage.bucket"
  | "storage.object"
  | "pubsub.topic"
  | "pubsub.subscription"
  | "dataflow.streamingJob"
  | "scheduler.job"
  | "workflows.workflow"
  | "dataform.repository"
  | "dataform.releaseConfig"
  | "dataform.workflowConfig"
  | "monitoring.notificationChannel"
  | "monitoring.alertPolicy";

/** One IAM grant, wherever it lives (project, dataset, bucket, topic, subscription, service account, secret). */
export interface Binding {
  /** Resource name the grant is on, e.g. "projects/p" or "projects/p/datasets/giga_raw". */
  readonly on: string;
  readonly role: string;
  readonly member: string;
}

export interface FieldChange {
  readonly field: string;
  readonly current: unknown;
  readonly desired: unknown;
}

/** What should exist, and how to read, create and update it. */
export interface DesiredResource {
  readonly kind: ResourceKind;
  /** Full resource name; unique in a plan. */
  readonly id: string;
  readonly dependsOn: readonly string[];
  readonly read: CloudRequest;
  /** Picks this resource out of the read response (a list, a policy); the response itself by default. */
  readonly pick?: (response: unknown) => unknown;
  /** How the plan explains keeping or updating this resource, where the field changes alone would mislead. */
  readonly why?: { readonly keep: string; readonly update: (changed: string) => string };
  /** A second read for what the first one's list leaves out; its response is the current state. */
  readonly readDetail?: (picked: Record<string, unknown>) => CloudRequest;
  /** The desired fields, in the API's own shape; compared field by field with what exists. */
  readonly state: Record<string, unknown>;
  readonly create: CloudRequest;
  /** Builds the update for the changed fields; absent when an existing resource is only ever kept. */
  readonly update?: (changes: readonly FieldChange[], current: Record<string, unknown>) => CloudRequest;
  /** Fields that cannot change in place: a difference there stops the plan with an error. */
  readonly immutable?: readonly string[];
  /** Custom comparison (IAM: desired grants must be present; others' grants are left alone). */
  readonly diff?: (current: Record<string, unknown>) => FieldChange[];
  /** A placeholder other requests use for this resource's server-assigned name until it exists. */
  readonly placeholder?: string;
  readonly bindings?: readonly Binding[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Uint8Array);
}

/** Proto3 leaves defaults out of responses, and gRPC returns int64 as strings or Longs. */
function isDefault(v: unknown): boolean {
  return v === 0 || v === false || v === "" || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.values(v).every(isDefault));
}

function sameValue(desired: unknown, current: unknown): boolean {
  if (current === undefined || current === null) return desired === undefined || isDefault(desired);
  if (desired instanceof Uint8Array) {
    const bytes = typeof current === "string" ? Buffer.from(current, "base64") : current instanceof Uint8Array ? current : undefined;
    return bytes !== undefined && Buffer.compare(Buffer.from(desired), Buffer.from(bytes)) === 0;
  }
  if (typeof desired === "number") return Number(String(current)) === desired;
  if (Array.isArray(desired)) {
    return Array.isArray(current) && current.length === desired.length && desired.every((d, i) => sameValue(d, current[i]));
  }
  if (isPlainObject(desired)) return isPlainObject(current) && diffFields(desired, current).length === 0;
  return desired === current;
}

/**
 * Field-by-field differences between the desired fields and the current resource. Fields the
 * resource has but we do not manage (output-only fields, labels set by others) are not compared.
 */
export function diffFields(desired: Record<string, unknown>, current: Record<string, unknown>, prefix = ""): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [key, want] of Object.entries(desired)) {
    const field = prefix ? `${prefix}.${key}` : key;
    const have = current[key];
    if (isPlainObject(want) && isPlainObject(have) && Object.keys(want).length > 0) {
      changes.push(...diffFields(want, have, field));
    } else if (!sameValue(want, have)) {
      changes.push({ field, current: have, desired: want });
    }
  }
  return changes;
}

/** The top-level fields touched by some changes, in proto (snake_case) form for update masks. */
export function updateMaskPaths(changes: readonly FieldChange[]): string[] {
  const top = new Set(changes.map((c) => c.field.split(".")[0]!));
  return [...top].map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}

/**
 * A resource of an API that follows Google's standard methods (AIP-131/133/134): `get<Type>` by
 * name, `create<Type>` under a parent with a client-chosen id, `update<Type>` with a field mask.
 */
export function standardResource(spec: {
  kind: ResourceKind;
  api: CloudRequest["api"];
  /** The message type, e.g. "WorkflowConfig": names the methods and the request field. */
  type: string;
  name: string;
  parent: string;
  resourceId: string;
  fields: Record<string, unknown>;
  dependsOn: readonly string[];
}): DesiredResource {
  const { kind, api, type, name, parent, resourceId, fields, dependsOn } = spec;
  const field = type[0]!.toLowerCase() + type.slice(1);
  return {
    kind,
    id: name,
    dependsOn,
    read: { api, method: `get${type}`, request: { name } },
    state: fields,
    create: { api, method: `create${type}`, request: { parent, [`${field}Id`]: resourceId, [field]: fields } },
    update: (changes) => ({ api, method: `update${type}`, request: { [field]: { name, ...fields }, updateMask: { paths: updateMaskPaths(changes) } } }),
  };
}

