import type { CloudRequest } from "../api";
import type { LandedObject } from "./batches";

/**
 * The launcher's Google calls as CloudRequests, in the shapes the client libraries and REST methods
 * take, and the readers of the responses those APIs document. The launcher sends them through the
 * one CloudApi, so the Google implementation serves them and the recorder shows them.
 */

/** `projects.locations.flexTemplates.launch`, as the Dataflow client library takes it. */
export interface FlexTemplateLaunch {
  projectId: string;
  location: string;
  launchParameter: {
    jobName: string;
    containerSpecGcsPath: string;
    parameters: Record<string, string>;
    environment: Record<string, unknown>;
  };
}

/** BigQuery `jobs.insert` as its REST method takes it: the project and the Job resource. */
export interface QueryJobInsert {
  projectId: string;
  body: Record<string, unknown>;
}

export interface DataflowJob {
  id: string;
  name: string;
  /** The JobState name, e.g. `JOB_STATE_RUNNING`. */
  state: string;
}

/** Jobs in these states are over; any other state still holds the job name. */
export const TERMINAL_JOB_STATES = ["JOB_STATE_DONE", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED", "JOB_STATE_UPDATED", "JOB_STATE_DRAINED"];

/** Storage `objects.list` of one folder; the Google implementation follows every page. */
export function listObjects(bucket: string, prefix: string): CloudRequest {
  return { api: "storage", method: "objects.list", request: { bucket, prefix } };
}

/** The Objects resource `objects.list` returns: `items` left out when the folder is empty. */
export function listedObjects(response: unknown): LandedObject[] {
  const items = (response as { items?: Array<Record<string, unknown>> } | undefined)?.items ?? [];
  return items.map((o) => ({
    name: String(o.name),
    bytes: Number(o.size ?? 0),
    ...(o.timeCreated ? { created: String(o.timeCreated) } : {}),
    ...(o.crc32c ? { crc32c: String(o.crc32c) } : {}),
  }));
}

/** An object's first `bytes` bytes (`alt=media` with a Range header): enough for a CSV header line. */
export function readHead(bucket: string, object: string, bytes: number): CloudRequest {
  return { api: "storage", method: "objects.get", request: { bucket, object, alt: "media", range: `bytes=0-${bytes - 1}` } };
}

/** A landing file streamed from disk (they can be gigabytes): the media is the local file. */
export function fileUpload(bucket: string, name: string, contentType: string, localPath: string, bytes: number): CloudRequest {
  return { api: "storage", method: "objects.insert", request: { bucket, name, body: { contentType }, media: { from: localPath, bytes } } };
}

/** A small generated object (UDF bundle, run context, schema file), its media given as text. */
export function textUpload(object: { bucket: string; name: string }, contentType: string, content: string): CloudRequest {
  return { api: "storage", method: "objects.insert", request: { bucket: object.bucket, name: object.name, body: { contentType }, content } };
}

/** Every Dataflow job of the region, whatever its state. */
export function listJobs(projectId: string, location: string): CloudRequest {
  return { api: "dataflow", method: "listJobs", request: { projectId, location, filter: "ALL" } };
}

/** The Job messages `listJobs` returns, by id, name and `currentState`. */
export function dataflowJobs(response: unknown): DataflowJob[] {
  return ((response as Array<Record<string, unknown>> | undefined) ?? []).map((j) => ({
    id: String(j.id ?? ""),
    name: String(j.name ?? ""),
    state: String(j.currentState ?? "JOB_STATE_UNKNOWN"),
  }));
}

export function flexTemplateLaunch(launch: FlexTemplateLaunch): CloudRequest {
  return { api: "dataflow", method: "launchFlexTemplate", request: { ...launch } };
}

export function queryJobInsert(insert: QueryJobInsert): CloudRequest {
  return { api: "bigquery", method: "jobs.insert", request: { ...insert } };
}
