/**
 * The one boundary between GigaMart and Google Cloud. Every read and every change is a
 * `CloudRequest`: the client-library method and the exact request object it takes, so a dry run
 * can print precisely what a real run would send.
 */
export interface CloudRequest {
  /** Which Google API (and client library) serves it, e.g. "dataform", "bigquery", "pubsub". */
  readonly api: CloudApiName;
  /** The method, named as the client library (gRPC) or REST reference (JSON APIs) names it. */
  readonly method: string;
  readonly request: Record<string, unknown>;
}

export type CloudApiName =
  | "bigquery"
  | "storage"
  | "pubsub"
  | "dataflow"
  | "scheduler"
  | "workflows"
  | "dataform"
  | "monitoring"
  | "resourcemanager"
  | "iam"
  | "secretmanager";

export interface CloudApi {
  /** Current state for a read request; undefined when the resource does not exist. */
  get(read: CloudRequest): Promise<unknown>;
  /** Sends a create/update/launch request and returns the API's response. */
  apply(request: CloudRequest): Promise<unknown>;
}

/** JSON as the REST APIs take it: bytes travel base64-encoded. */
export function requestJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (v && typeof v === "object" && (v as { type?: unknown }).type === "Buffer" && Array.isArray((v as { data?: unknown }).data)) {
        return Buffer.from((v as { data: number[] }).data).toString("base64");
      }
      return v;
    },
    indent,
  );
}
