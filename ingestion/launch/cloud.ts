import type { CloudRequest } from "../../cloud/api";

/** A file streamed from disk into the bucket (landing files can be gigabytes). */
export interface FileUpload {
  bucket: string;
  name: string;
  contentType: string;
  localPath: string;
  bytes: number;
}

/** A small generated object: UDF bundle, run context, schema file. */
export interface TextUpload {
  bucket: string;
  name: string;
  contentType: string;
  content: string;
}

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

export interface DataflowJob {
  id: string;
  name: string;
  /** The JobState name, e.g. `JOB_STATE_RUNNING`. */
  state: string;
}

/** Jobs in these states are over; any other state still holds the job name. */
export const TERMINAL_JOB_STATES = ["JOB_STATE_DONE", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED", "JOB_STATE_UPDATED", "JOB_STATE_DRAINED"];

/** What an ensure call found: made it, found it there, or (dry run) did not look. */
export type EnsureOutcome = "created" | "exists" | "not checked (dry run)";

/**
 * Every Google call the ingestion launcher makes. Two implementations: GoogleIngestionCloud over the
 * official client libraries, and DryRunIngestionCloud, which sends nothing and records each request.
 */
export interface IngestionCloud {
  /** Objects whose name starts with `prefix`, with their sizes and creation times. */
  listObjects(list: { bucket: string; prefix: string }): Promise<Array<{ name: string; bytes: number; created?: string; crc32c?: string }>>;
  /** An object's first `bytes` bytes (enough for a CSV header line). */
  readHead(read: { bucket: string; name: string; bytes: number }): Promise<Buffer>;
  uploadFile(upload: FileUpload): Promise<void>;
  uploadText(upload: TextUpload): Promise<void>;
  /** Pub/Sub createTopic unless getTopic finds it. */
  ensureTopic(topic: { name: string; labels: Record<string, string> }): Promise<EnsureOutcome>;
  /** Pub/Sub createSubscription unless getSubscription finds it. */
  ensureSubscription(subscription: { name: string; topic: string } & Record<string, unknown>): Promise<EnsureOutcome>;
  /** Every Dataflow job of the region, whatever its state (`JOB_STATE_RUNNING`, `JOB_STATE_DONE`, …). */
  listJobs(where: { projectId: string; location: string }): Promise<DataflowJob[]>;
  /** Launches a Flex template job; returns its job id (undefined in a dry run: nothing was launched). */
  launchFlexTemplate(launch: FlexTemplateLaunch): Promise<string | undefined>;
  /** BigQuery jobs.insert of a query job, waiting for it to finish (the batch's manifest rows). */
  insertQueryJob(insert: QueryJobInsert): Promise<void>;
}

/** BigQuery `jobs.insert` as its REST method takes it: the project and the Job resource. */
export interface QueryJobInsert {
  projectId: string;
  body: Record<string, unknown>;
}

export type { CloudRequest };
