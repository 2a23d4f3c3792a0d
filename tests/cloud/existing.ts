// Current state as the Google APIs return it for resources that already match config: output-only
// fields added, int64 durations as strings (gRPC), dataset roles under their legacy names,
// IAM policies holding other people's grants and an etag, server-assigned monitoring names.
import { RecordingCloudApi } from "../../cloud/recording-api";
import type { DesiredResource } from "../../cloud/resource";

function grpcInt64(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(grpcInt64);
  if (value && typeof value === "object" && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "seconds" ? String(v) : grpcInt64(v)]));
  }
  return value;
}

const LEGACY: Record<string, string> = { "roles/bigquery.dataViewer": "READER", "roles/bigquery.dataEditor": "WRITER" };

export const OTHERS_GRANT = { role: "roles/viewer", members: ["group:platform-admins@gigamart.example"] };

export function asTheApiReturnsIt(r: DesiredResource): Record<string, unknown> | unknown[] {
  switch (r.kind) {
    case "bigquery.datasetAccess": {
      const access = (r.state.access as { role: string }[]).map((a) => ({ ...a, role: LEGACY[a.role] ?? a.role }));
      return { kind: "bigquery#dataset", etag: "etag-1", access: [{ role: "OWNER", specialGroup: "projectOwners" }, ...access] };
    }
    case "iam.policy":
      return { version: 1, etag: "BwYpolicy", bindings: [OTHERS_GRANT, ...(r.state.bindings as unknown[])] };
    case "dataflow.streamingJob":
      return [{ id: "2026-11-01_01_00_00-123", name: r.id.split("/").pop(), currentState: "JOB_STATE_RUNNING", type: "JOB_TYPE_STREAMING" }];
    case "monitoring.notificationChannel":
      return [{ ...r.state, name: "projects/p/notificationChannels/111", verificationStatus: "VERIFIED" }];
    case "monitoring.alertPolicy":
      return [{ ...grpcInt64(r.state) as object, notificationChannels: ["projects/p/notificationChannels/111"], name: "projects/p/alertPolicies/222" }];
    case "bigquery.dataset":
    case "bigquery.table":
      return { kind: `bigquery#${r.kind.split(".")[1]}`, etag: "etag-1", creationTime: "1764200000000", ...r.state };
    case "storage.object":
    case "storage.bucket":
      return { kind: "storage#object", generation: "1764200000000", ...r.state };
    default:
      return { name: r.id, createTime: { seconds: "1764200000", nanos: 0 }, ...(grpcInt64(r.state) as object) };
  }
}

/**
 * A RecordingCloudApi that answers every read as if the resources exist; `except` leaves some out
 * (deleted), `tweak` changes what the API returns for one (drift). Resources sharing a read (a
 * dataset and its access list, the list of alert policies) share one merged response.
 */
export function apiWhereEverythingExists(
  resources: readonly DesiredResource[],
  options: {
    except?: (r: DesiredResource) => boolean;
    tweak?: (r: DesiredResource, response: any) => unknown;
    /** Changes the second read's response (a running job's details). */
    tweakDetail?: (r: DesiredResource, response: any) => unknown;
  } = {},
): RecordingCloudApi {
  const responses = new Map<string, { read: DesiredResource["read"]; response: unknown }>();
  for (const r of resources) {
    if (options.except?.(r)) continue;
    const response = options.tweak ? options.tweak(r, asTheApiReturnsIt(r)) : asTheApiReturnsIt(r);
    const key = JSON.stringify(r.read);
    const before = responses.get(key)?.response;
    const merged = Array.isArray(before) ? [...before, ...(response as unknown[])] : before ? { ...(before as object), ...(response as object), access: (response as { access?: unknown }).access ?? (before as { access?: unknown }).access } : response;
    responses.set(key, { read: r.read, response: merged });
  }
  const api = new RecordingCloudApi((req) => ({ name: `created/${req.method}` }));
  for (const { read, response } of responses.values()) api.answer(read, response);
  // The details a second read returns: the listed item with the labels it was started with.
  for (const r of resources) {
    if (!r.readDetail || options.except?.(r)) continue;
    const picked = r.pick!(responses.get(JSON.stringify(r.read))!.response) as Record<string, unknown>;
    const detail = { ...picked, labels: { app: "gigamart", ...(r.state.labels as object) } };
    api.answer(r.readDetail(picked), options.tweakDetail ? options.tweakDetail(r, detail) : detail);
  }
  return api;
}
