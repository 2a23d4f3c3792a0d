import * as fs from "node:fs";
import * as path from "node:path";
import * as protobuf from "protobufjs";
import type { CloudRequest } from "../../cloud/api";
import { discoveryProblems, discoveryTypes } from "./discovery-types";

/**
 * Google's own schemas for the requests GigaMart sends, and a validator for them.
 *
 * gRPC APIs: the protobuf descriptors each official `@google-cloud/*` client ships in
 * `build/protos/protos.json` (the versions installed from package-lock.json), at the API version
 * `cloud/google-api.ts` talks to. A request is checked in the form that client takes: camelCase
 * field names, well-known types as messages (Duration `{ seconds }`, FieldMask `{ paths }`),
 * enums by name, bytes as a Buffer. protobufjs drops an unknown field without a word, so a
 * misspelled one would silently never reach Google; here it fails.
 *
 * JSON bodies of proto-defined REST methods (Workflows executions.create, which each Scheduler job
 * posts; IAM setIamPolicy) are checked against the same descriptors in their proto3 JSON form.
 */

/** A service's descriptors: the protos JSON a client library ships and loads. */
interface ProtoService {
  readonly library: string;
  readonly file: string;
  readonly service: string;
}

const shipped = (library: string, service: string, file = "build/protos/protos.json"): ProtoService => ({ library, file, service });

// At the API versions cloud/google-api.ts constructs clients of.
const PROTO_APIS: Readonly<Record<string, readonly ProtoService[]>> = {
  dataform: [shipped("@google-cloud/dataform", "google.cloud.dataform.v1beta1.Dataform")],
  dataflow: [shipped("@google-cloud/dataflow", "google.dataflow.v1beta3.JobsV1Beta3"), shipped("@google-cloud/dataflow", "google.dataflow.v1beta3.FlexTemplatesService")],
  scheduler: [shipped("@google-cloud/scheduler", "google.cloud.scheduler.v1.CloudScheduler")],
  workflows: [shipped("@google-cloud/workflows", "google.cloud.workflows.v1.Workflows")],
  monitoring: [shipped("@google-cloud/monitoring", "google.monitoring.v3.NotificationChannelService"), shipped("@google-cloud/monitoring", "google.monitoring.v3.AlertPolicyService")],
  // IAM on topics and subscriptions goes through google-gax's IamClient, which loads gax's own IAM descriptors.
  pubsub: [
    shipped("@google-cloud/pubsub", "google.pubsub.v1.Publisher"),
    shipped("@google-cloud/pubsub", "google.pubsub.v1.Subscriber"),
    shipped("google-gax", "google.iam.v1.IAMPolicy", "build/protos/iam_service.json"),
  ],
  resourcemanager: [shipped("@google-cloud/resource-manager", "google.cloud.resourcemanager.v3.Projects")],
};

const roots = new Map<string, protobuf.Root>();

/** Where an installed package lives (google-gax exports no package.json to resolve). */
function packageRoot(library: string): string {
  let dir = path.dirname(require.resolve(library));
  while (!fs.existsSync(path.join(dir, "package.json")) || (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string }).name !== library) {
    if (dir === path.dirname(dir)) throw new Error(`${library}: package root not found`);
    dir = path.dirname(dir);
  }
  return dir;
}

/** The descriptors a client library ships, as that library loads them. */
function clientProtos(library: string, file = "build/protos/protos.json"): protobuf.Root {
  const key = `${library}/${file}`;
  let root = roots.get(key);
  if (!root) {
    const json = path.join(packageRoot(library), file);
    root = protobuf.Root.fromJSON(require(json) as protobuf.INamespace);
    root.resolveAll();
    roots.set(key, root);
  }
  return root;
}

/** The request message of a gRPC request's method; undefined for an API served over REST. */
function grpcRequestType(request: CloudRequest): protobuf.Type | undefined {
  const services = PROTO_APIS[request.api];
  if (!services) return undefined;
  const rpc = request.method[0]!.toUpperCase() + request.method.slice(1);
  for (const s of services) {
    const method = clientProtos(s.library, s.file).lookupService(s.service).methods[rpc];
    if (method) return method.resolvedRequestType!;
  }
  throw new Error(`${request.api} ${request.method}: no such method in ${services.map((s) => s.service).join(", ")}`);
}

type MessageForm = "client object" | "proto3 JSON";

const INT32 = new Set(["int32", "uint32", "sint32", "fixed32", "sfixed32"]);
const INT64 = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const show = (v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : JSON.stringify(v));

/** The JSON forms of the well-known types (https://protobuf.dev/programming-guides/json/, checked 2026-12-01). */
const WELL_KNOWN_JSON: Readonly<Record<string, (v: unknown) => boolean>> = {
  ".google.protobuf.Duration": (v) => typeof v === "string" && /^-?\d+(\.\d{1,9})?s$/.test(v),
  ".google.protobuf.Timestamp": (v) => typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/.test(v),
  ".google.protobuf.FieldMask": (v) => typeof v === "string" && /^([a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*(,|$))*$/.test(v),
  ".google.protobuf.Struct": isObject,
  ".google.protobuf.Value": () => true,
  ".google.protobuf.ListValue": Array.isArray,
};

function behaviours(field: protobuf.Field): string[] {
  const b = field.options?.["(google.api.field_behavior)"] as string | string[] | undefined;
  return b === undefined ? [] : Array.isArray(b) ? b : [b];
}

function isIntegral(v: unknown, form: MessageForm, wide: boolean): boolean {
  if (typeof v === "number") return Number.isInteger(v) && (!wide || Number.isSafeInteger(v));
  // proto3 JSON writes 64-bit integers as decimal strings; the client takes them as strings too.
  return (wide || form === "proto3 JSON") && typeof v === "string" && /^-?\d+$/.test(v);
}

function scalarProblem(type: string, v: unknown, form: MessageForm): string | undefined {
  const ok =
    type === "string" ? typeof v === "string"
    : type === "bool" ? typeof v === "boolean"
    : type === "double" || type === "float" ? typeof v === "number"
    : INT32.has(type) ? isIntegral(v, form, false)
    : INT64.has(type) ? isIntegral(v, form, true)
    : type === "bytes" ? (form === "client object" && v instanceof Uint8Array) || (typeof v === "string" && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v))
    : false;
  return ok ? undefined : `expected ${type}, got ${show(v)}`;
}

function valueProblems(field: protobuf.Field, v: unknown, at: string, form: MessageForm): string[] {
  const t = field.resolvedType;
  if (t instanceof protobuf.Enum) {
    const known = typeof v === "string" ? v in t.values : form === "client object" && typeof v === "number" && v in t.valuesById;
    return known ? [] : [`${at}: ${show(v)} is not a value of enum ${t.fullName.slice(1)} (${Object.keys(t.values).join(", ")})`];
  }
  if (t instanceof protobuf.Type) return messageProblems(t, v, at, form);
  const p = scalarProblem(field.type, v, form);
  return p ? [`${at}: ${p}`] : [];
}

function fieldProblems(field: protobuf.Field, v: unknown, at: string, form: MessageForm): string[] {
  if (field.map) {
    if (!isObject(v)) return [`${at}: expected a map (object), got ${show(v)}`];
    const keyType = (field as unknown as protobuf.MapField).keyType;
    return Object.entries(v).flatMap(([k, item]) => {
      const keyProblem = keyType === "string" ? undefined : scalarProblem(keyType, keyType === "bool" ? k === "true" || k === "false" || k : /^-?\d+$/.test(k) ? Number(k) : k, form);
      return [...(keyProblem ? [`${at}.${k}: key ${keyProblem}`] : []), ...valueProblems(field, item, `${at}.${k}`, form)];
    });
  }
  if (field.repeated) {
    if (!Array.isArray(v)) return [`${at}: expected a list (repeated ${field.type}), got ${show(v)}`];
    return v.flatMap((item, i) => valueProblems(field, item, `${at}[${i}]`, form));
  }
  return valueProblems(field, v, at, form);
}

const isSet = (v: unknown) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);

/**
 * Every way `value` departs from the message type: unknown fields, wrong types, enum values the
 * descriptor does not list, two members of one oneof, and REQUIRED fields left out. Each problem
 * names the field path from `at`.
 */
function messageProblems(type: protobuf.Type, value: unknown, at: string, form: MessageForm): string[] {
  const wellKnown = form === "proto3 JSON" ? WELL_KNOWN_JSON[type.fullName] : undefined;
  if (wellKnown) return wellKnown(value) ? [] : [`${at}: ${show(value)} is not a ${type.fullName.slice(1)} in its JSON form`];
  if (!isObject(value)) return [`${at}: expected a ${type.fullName.slice(1)} message (object), got ${show(value)}`];
  const problems: string[] = [];
  for (const [name, v] of Object.entries(value)) {
    const field = type.fields[name];
    if (!field) problems.push(`${at}.${name}: no field '${name}' in ${type.fullName.slice(1)}`);
    else if (v !== undefined && v !== null) problems.push(...fieldProblems(field, v, `${at}.${name}`, form));
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter((f) => isSet(value[f.name])).map((f) => f.name);
    if (set.length > 1) problems.push(`${at}: ${set.join(" and ")} are one oneof (${oneof.name}) of ${type.fullName.slice(1)}; set one`);
  }
  for (const field of type.fieldsArray) {
    if (behaviours(field).includes("REQUIRED") && !isSet(value[field.name])) {
      problems.push(`${at}.${field.name}: required by ${type.fullName.slice(1)}, missing`);
    }
  }
  return problems;
}

/** The resource a request is about, for messages: its name, parent or identifying ids. */
export function resourceOf(r: CloudRequest): string {
  const q = r.request as Record<string, unknown>;
  const nested = Object.values(q).find((v): v is Record<string, unknown> => isObject(v) && typeof v.name === "string");
  const ids = ["projectId", "datasetId", "tableId", "bucket", "object"].filter((k) => typeof q[k] === "string").map((k) => q[k]);
  const name = [q.name, q.resource, q.topic, q.subscription, nested?.name, q.parent].find((v) => typeof v === "string");
  return String(name ?? (ids.length > 0 ? ids.join("/") : (q.launchParameter as { jobName?: string } | undefined)?.jobName ?? "?"));
}

const executionType = () => clientProtos("@google-cloud/workflows").lookupType("google.cloud.workflows.executions.v1.Execution");

/** A Scheduler job's HTTP body is the JSON body of the request its URI names. */
function schedulerBodyProblems(r: CloudRequest, at: string): string[] {
  const job = ((r.request as { job?: Record<string, unknown> }).job ?? {}) as { httpTarget?: { uri?: string; body?: Uint8Array } };
  const target = job.httpTarget;
  if (!target?.body) return [];
  if (!/^https:\/\/workflowexecutions\.googleapis\.com\/v1\/projects\/[^/]+\/locations\/[^/]+\/workflows\/[^/]+\/executions$/.test(String(target.uri))) {
    return [`${at}.job.httpTarget.uri: ${target.uri} is not a Workflows executions.create URI, the only body this suite knows`];
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(target.body).toString("utf8"));
  } catch (e) {
    return [`${at}.job.httpTarget.body: not JSON (${(e as Error).message})`];
  }
  return messageProblems(executionType(), body, `${at}.job.httpTarget.body`, "proto3 JSON");
}

/** Every way a request departs from its API's published schema, each naming the API, method, resource and field path. */
export function requestProblems(r: CloudRequest): string[] {
  const at = `${r.api} ${r.method} ${resourceOf(r)}: request`;
  const grpc = grpcRequestType(r);
  if (grpc) {
    const problems = messageProblems(grpc, r.request, at, "client object");
    return r.api === "scheduler" ? [...problems, ...schedulerBodyProblems(r, at)] : problems;
  }
  return restProblems(r, at);
}

interface RestMethod {
  /** Path parameters (Discovery "location": "path", always required), when `params` leaves them out. */
  readonly path?: readonly string[];
  /** The method's parameters as a Discovery-generated type (googleapis' include the path and the requestBody). */
  readonly params?: string;
  /** The request body's schema, when `params` does not carry it. */
  readonly body?: string;
  /** A patch sends only the fields it changes: the resource's own required fields come from the URL. */
  readonly partial?: true;
}

// Discovery documents: https://bigquery.googleapis.com/discovery/v1/apis/bigquery/v2/rest,
// https://storage.googleapis.com/discovery/v1/apis/storage/v1/rest, https://iam.googleapis.com/$discovery/rest?version=v1
// (each as its generated typings carry it; checked 2026-12-01).
const REST_METHODS: Readonly<Record<string, RestMethod>> = {
  "bigquery datasets.get": { path: ["projectId", "datasetId"], params: "bigquery.datasets.IGetParams" },
  "bigquery datasets.insert": { path: ["projectId"], params: "bigquery.datasets.IInsertParams", body: "bigquery.IDataset" },
  "bigquery datasets.patch": { path: ["projectId", "datasetId"], params: "bigquery.datasets.IPatchParams", body: "bigquery.IDataset", partial: true },
  "bigquery tables.get": { path: ["projectId", "datasetId", "tableId"], params: "bigquery.tables.IGetParams" },
  "bigquery tables.insert": { path: ["projectId", "datasetId"], body: "bigquery.ITable" },
  "bigquery jobs.insert": { path: ["projectId"], body: "bigquery.IJob" },
  "bigquery jobs.list": { path: ["projectId"], params: "bigquery.jobs.IListParams" },
  "bigquery tables.patch": { path: ["projectId", "datasetId", "tableId"], params: "bigquery.tables.IPatchParams", body: "bigquery.ITable", partial: true },
  "storage buckets.get": { params: "storage_v1.Params$Resource$Buckets$Get" },
  "storage buckets.insert": { params: "storage_v1.Params$Resource$Buckets$Insert" },
  "storage buckets.patch": { params: "storage_v1.Params$Resource$Buckets$Patch", partial: true },
  "storage buckets.getIamPolicy": { params: "storage_v1.Params$Resource$Buckets$Getiampolicy" },
  "storage buckets.setIamPolicy": { params: "storage_v1.Params$Resource$Buckets$Setiampolicy" },
  "storage objects.get": { params: "storage_v1.Params$Resource$Objects$Get" },
  "storage objects.insert": { params: "storage_v1.Params$Resource$Objects$Insert" },
  "storage objects.list": { params: "storage_v1.Params$Resource$Objects$List" },
  "storage objects.copy": { params: "storage_v1.Params$Resource$Objects$Copy" },
  "iam projects.serviceAccounts.get": { params: "iam_v1.Params$Resource$Projects$Serviceaccounts$Get" },
  "iam projects.serviceAccounts.create": { params: "iam_v1.Params$Resource$Projects$Serviceaccounts$Create" },
  "iam projects.serviceAccounts.patch": { params: "iam_v1.Params$Resource$Projects$Serviceaccounts$Patch", partial: true },
  "iam projects.serviceAccounts.getIamPolicy": { params: "iam_v1.Params$Resource$Projects$Serviceaccounts$Getiampolicy" },
  "iam projects.serviceAccounts.setIamPolicy": { params: "iam_v1.Params$Resource$Projects$Serviceaccounts$Setiampolicy" },
};

/**
 * Request keys that are not parameters: the media of an upload (`content` or a local file,
 * `media`), and HTTP headers (`range`: Range, `etag`: If-Match).
 */
const NOT_PARAMETERS = ["content", "media", "range", "etag"];

/**
 * Secret Manager has no Discovery-generated package; its IAM methods are the google.iam.v1
 * IAMPolicy mixin, so they are checked against its descriptors in proto3 JSON form. A GET's
 * query parameters are the request's non-path fields, dotted (`options.requestedPolicyVersion`).
 */
function iamMixinProblems(r: CloudRequest, at: string): string[] {
  const root = clientProtos("google-gax", "build/protos/iam_service.json");
  const { body, ...params } = r.request as { body?: Record<string, unknown> } & Record<string, unknown>;
  const fields: Record<string, unknown> = { ...body };
  for (const [key, v] of Object.entries(params)) {
    const parts = key.split(".");
    let node = fields;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = v;
  }
  const type = r.method.endsWith("setIamPolicy") ? "google.iam.v1.SetIamPolicyRequest" : "google.iam.v1.GetIamPolicyRequest";
  return messageProblems(root.lookupType(type), fields, at, "proto3 JSON");
}

function restProblems(r: CloudRequest, at: string): string[] {
  if (r.api === "secretmanager" && /^projects\.secrets\.(get|set)IamPolicy$/.test(r.method)) return iamMixinProblems(r, at);
  const m = REST_METHODS[`${r.api} ${r.method}`];
  if (!m) return [`${at}: no published schema known for ${r.api} ${r.method}`];
  const types = discoveryTypes(Object.values(REST_METHODS).flatMap((x) => [x.params, x.body]).filter((x): x is string => !!x));
  const { body, ...rest } = r.request as { body?: unknown } & Record<string, unknown>;
  const problems = (m.path ?? []).filter((p) => typeof rest[p] !== "string" || rest[p] === "").map((p) => `${at}.${p}: path parameter of ${r.api} ${r.method}, missing`);
  const params = Object.fromEntries(Object.entries(rest).filter(([k]) => !NOT_PARAMETERS.includes(k) && !m.path?.includes(k)));
  if (m.body) {
    if (body === undefined) problems.push(`${at}.body: ${r.api} ${r.method} takes a ${m.body} body, missing`);
    else problems.push(...discoveryProblems(types.get(m.body)!, body, `${at}.body`, { partial: m.partial }));
  }
  const withBody = m.body || body === undefined ? params : { ...params, requestBody: body };
  if (m.params) problems.push(...discoveryProblems(types.get(m.params)!, withBody, at));
  else problems.push(...Object.keys(withBody).map((k) => `${at}.${k}: ${r.api} ${r.method} has no parameter '${k}'`));
  return problems;
}
