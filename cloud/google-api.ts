import { BigQuery } from "@google-cloud/bigquery";
import { v1beta3 as dataflow } from "@google-cloud/dataflow";
import { v1beta1 as dataform } from "@google-cloud/dataform";
import { AlertPolicyServiceClient, NotificationChannelServiceClient } from "@google-cloud/monitoring";
import { v1 as pubsub } from "@google-cloud/pubsub";
import { ProjectsClient } from "@google-cloud/resource-manager";
import { CloudSchedulerClient } from "@google-cloud/scheduler";
import { Storage } from "@google-cloud/storage";
import { v1 as workflows } from "@google-cloud/workflows";
import { GoogleAuth } from "google-auth-library";
import type { CloudApi, CloudRequest } from "./api";

const STORAGE_METHODS = ["buckets.get", "buckets.insert", "buckets.patch", "buckets.getIamPolicy", "buckets.setIamPolicy", "objects.list", "objects.get", "objects.insert"];
/** Above this a landing file goes up in resumable chunks; below, one request is cheaper. */
const RESUMABLE_FROM_BYTES = 8 * 1024 * 1024;

type Call = (request: Record<string, unknown>) => Promise<unknown>;
type AnyClient = Record<string, (request: unknown, options?: unknown) => Promise<unknown[]>> & { initialize?(): Promise<unknown> };

function isNotFound(e: unknown): boolean {
  const err = e as { code?: unknown; status?: unknown; response?: { status?: unknown } };
  return err.code === 5 || err.code === 404 || err.status === 404 || err.response?.status === 404;
}

/**
 * The real CloudApi: each request goes to the official client library that serves it (gRPC
 * clients take the request object as is; the JSON APIs get it as the REST body). Credentials come
 * from Application Default Credentials; clients are made on first use.
 */
export class GoogleCloudApi implements CloudApi {
  private readonly clients = new Map<string, unknown>();
  private readonly authenticated = new Map<string, Promise<unknown>>();
  private readonly auth = new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] });

  private client<T>(key: string, make: () => T): T {
    if (!this.clients.has(key)) this.clients.set(key, make());
    return this.clients.get(key) as T;
  }

  /**
   * Authenticates a client once, before its first call. Google's generated clients otherwise
   * start authenticating inside the call and rethrow a failure there as an unhandled rejection,
   * which kills the process instead of failing the call.
   */
  private async ready<T>(key: string, client: T, authenticate: (client: T) => Promise<unknown>): Promise<T> {
    if (!this.authenticated.has(key)) this.authenticated.set(key, authenticate(client));
    await this.authenticated.get(key);
    return client;
  }

  /**
   * gRPC clients resolve to [response, ...]; list methods to [items, ...]; long-running methods
   * (Workflows create/update) to [operation, ...], whose result is awaited so apply order holds.
   */
  private grpc(make: () => unknown, key: string): (method: string) => Call {
    return (method) => {
      const client = this.client(key, make) as AnyClient;
      const fn = client[method];
      if (typeof fn !== "function") throw new Error(`${key}: the client library has no method ${method}`);
      return async (request) => {
        await this.ready(key, client, (c) => c.initialize?.() ?? Promise.resolve());
        const first = (await fn.call(client, request))[0] as { promise?: () => Promise<unknown[]> } | undefined;
        return typeof first?.promise === "function" ? (await first.promise())[0] : first;
      };
    };
  }

  private rest(base: string): (method: string) => Call {
    return (method) => {
      restRoute(method, {});
      return async (r) => {
        const { verb, path, body } = restRoute(method, r);
        return (await this.auth.request({ url: `${base}/${path}`, method: verb, data: body })).data;
      };
    };
  }

  private bigquery(method: string): Call {
    if (method !== "jobs.insert") restRoute(method, {});
    return async (r) => {
      const key = `bigquery:${String(r.projectId)}`;
      const bq = await this.ready(key, this.client(key, () => new BigQuery({ projectId: String(r.projectId) })), (b) => b.authClient.getClient());
      if (method === "jobs.insert") {
        // Accepted is not done: the next step reads what the job wrote.
        const [job] = await bq.createJob(r.body as never);
        await job.promise();
        return job.metadata;
      }
      const { verb, path, body } = restRoute(method, r);
      const headers = r.etag ? { "If-Match": String(r.etag) } : undefined;
      return new Promise((resolve, reject) =>
        bq.request({ method: verb, uri: `/${path}`, json: body, headers }, (err, response) => (err ? reject(err) : resolve(response))),
      );
    };
  }

  private storage(method: string): Call {
    if (!STORAGE_METHODS.includes(method)) throw new Error(`storage: no method ${method}`);
    return async (r) => {
      const storage = await this.ready("storage", this.client("storage", () => new Storage()), (s) => s.authClient.getClient());
      const bucket = storage.bucket(String(r.bucket));
      switch (method) {
        case "buckets.get":
          return (await bucket.getMetadata())[0];
        case "buckets.insert": {
          const { name, ...metadata } = r.body as { name: string };
          return (await storage.createBucket(name, metadata))[1];
        }
        case "buckets.patch":
          return (await bucket.setMetadata(r.body as Record<string, unknown>))[0];
        case "buckets.getIamPolicy":
          return (await bucket.iam.getPolicy({ requestedPolicyVersion: 3 }))[0];
        case "buckets.setIamPolicy":
          return (await bucket.iam.setPolicy(r.body as never))[0];
        case "objects.list": {
          const [files] = await bucket.getFiles({ prefix: String(r.prefix), autoPaginate: true });
          return { kind: "storage#objects", items: files.map((f) => f.metadata) };
        }
        case "objects.get": {
          const file = bucket.file(String(r.object));
          if (r.alt !== "media") return (await file.getMetadata())[0];
          const range = /^bytes=(\d+)-(\d+)$/.exec(String(r.range ?? ""));
          return (await file.download(range ? { start: Number(range[1]), end: Number(range[2]) } : {}))[0];
        }
        case "objects.insert": {
          const { contentType } = r.body as { contentType: string };
          const media = r.media as { from: string; bytes: number } | undefined;
          if (typeof r.content !== "string" && media) {
            const [file] = await bucket.upload(media.from, { destination: String(r.name), contentType, resumable: media.bytes > RESUMABLE_FROM_BYTES, validation: "crc32c" });
            return file.metadata;
          }
          const file = bucket.file(String(r.name));
          await file.save(String(r.content), { contentType, resumable: false, validation: "md5" });
          return (await file.getMetadata())[0];
        }
      }
      throw new Error(`storage: no method ${method}`);
    };
  }

  private route(request: CloudRequest): Call {
    const { api, method } = request;
    switch (api) {
      case "dataform":
        return this.grpc(() => new dataform.DataformClient(), api)(method);
      case "dataflow":
        return method === "listJobs" || method === "getJob"
          ? this.grpc(() => new dataflow.JobsV1Beta3Client(), "dataflow-jobs")(method)
          : this.grpc(() => new dataflow.FlexTemplatesServiceClient(), "dataflow-flex")(method);
      case "scheduler":
        return this.grpc(() => new CloudSchedulerClient(), api)(method);
      case "workflows":
        return this.grpc(() => new workflows.WorkflowsClient(), api)(method);
      case "monitoring":
        return /NotificationChannel/.test(method)
          ? this.grpc(() => new NotificationChannelServiceClient(), "monitoring-channels")(method)
          : this.grpc(() => new AlertPolicyServiceClient(), "monitoring-alerts")(method);
      case "pubsub": {
        // Subscriptions (and IAM on them) belong to the Subscriber client, topics to the Publisher.
        const onSubscription = /Subscription/.test(method) || String(request.request.resource ?? "").includes("/subscriptions/");
        return onSubscription
          ? this.grpc(() => new pubsub.SubscriberClient(), "pubsub-sub")(method)
          : this.grpc(() => new pubsub.PublisherClient(), "pubsub-pub")(method);
      }
      case "resourcemanager":
        return this.grpc(() => new ProjectsClient(), api)(method);
      case "bigquery":
        return this.bigquery(method);
      case "storage":
        return this.storage(method);
      case "iam":
        return this.rest("https://iam.googleapis.com/v1")(method);
      case "secretmanager":
        return this.rest("https://secretmanager.googleapis.com/v1")(method);
    }
  }

  /** Throws, naming it, when no client library method serves the request; sends nothing. */
  resolve(request: CloudRequest): void {
    this.route(request);
  }

  async get(read: CloudRequest): Promise<unknown> {
    try {
      return await this.route(read)(read.request);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async apply(request: CloudRequest): Promise<unknown> {
    return this.route(request)(request.request);
  }

  /** The project's number, which names its Google-managed service agents. */
  async projectNumber(project: string): Promise<string> {
    const found = (await this.route({ api: "resourcemanager", method: "getProject", request: { name: `projects/${project}` } })({
      name: `projects/${project}`,
    })) as { name?: string };
    return String(found.name).replace(/^projects\//, "");
  }
}

/** The query string of a request's query parameters that are set. */
const query = (r: Record<string, unknown>, names: string[]): string => {
  const set = names.filter((n) => r[n] !== undefined).map((n) => `${n}=${encodeURIComponent(String(r[n]))}`);
  return set.length ? `?${set.join("&")}` : "";
};

/** The REST verb, path and body of a JSON-API method, as its reference documents them. */
export function restRoute(method: string, r: Record<string, unknown>): { verb: "GET" | "POST" | "PATCH"; path: string; body?: unknown } {
  switch (method) {
    case "datasets.get":
      return { verb: "GET", path: `datasets/${r.datasetId}` };
    case "datasets.insert":
      return { verb: "POST", path: "datasets", body: r.body };
    case "datasets.patch":
      return { verb: "PATCH", path: `datasets/${r.datasetId}`, body: r.body };
    case "tables.get":
      return { verb: "GET", path: `datasets/${r.datasetId}/tables/${r.tableId}${query(r, ["view"])}` };
    case "jobs.list":
      return { verb: "GET", path: `jobs${query(r, ["parentJobId", "allUsers", "projection", "pageToken"])}` };
    case "tables.insert":
      return { verb: "POST", path: `datasets/${r.datasetId}/tables`, body: r.body };
    case "tables.patch":
      return { verb: "PATCH", path: `datasets/${r.datasetId}/tables/${r.tableId}`, body: r.body };
    case "projects.serviceAccounts.get":
      return { verb: "GET", path: String(r.name) };
    case "projects.serviceAccounts.create":
      return { verb: "POST", path: `${r.name}/serviceAccounts`, body: r.body };
    case "projects.serviceAccounts.patch":
      return { verb: "PATCH", path: String(r.name), body: r.body };
    // The policy version is a query parameter of both (IAM's is a POST without a body).
    case "projects.serviceAccounts.getIamPolicy":
      return { verb: "POST", path: `${r.resource}:getIamPolicy?options.requestedPolicyVersion=${r["options.requestedPolicyVersion"] ?? 3}` };
    case "projects.secrets.getIamPolicy":
      return { verb: "GET", path: `${r.resource}:getIamPolicy?options.requestedPolicyVersion=${r["options.requestedPolicyVersion"] ?? 3}` };
    case "projects.serviceAccounts.setIamPolicy":
    case "projects.secrets.setIamPolicy":
      return { verb: "POST", path: `${r.resource}:setIamPolicy`, body: r.body };
    default:
      throw new Error(`no REST route for ${method}`);
  }
}
