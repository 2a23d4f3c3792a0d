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

/** What an ensure call found: made it, found it there, or (dry run) did not look. */
export type EnsureOutcome = "created" | "exists" | "not checked (dry run)";

/**
 * Every Google call the ingestion launcher makes. Two implementations: GoogleIngestionCloud over the
 * official client libraries, and DryRunIngestionCloud, which sends nothing and records each request.
 */
export interface IngestionCloud {
  /** Objects whose name starts with `prefix`, with their sizes. */
  listObjects(list: { bucket: string; prefix: string }): Promise<Array<{ name: string; bytes: number }>>;
  /** An object's first `bytes` bytes (enough for a CSV header line). */
  readHead(read: { bucket: string; name: string; bytes: number }): Promise<Buffer>;
  uploadFile(upload: FileUpload): Promise<void>;
  uploadText(upload: TextUpload): Promise<void>;
  /** Pub/Sub createTopic unless getTopic finds it. */
  ensureTopic(topic: { name: string; labels: Record<string, string> }): Promise<EnsureOutcome>;
  /** Pub/Sub createSubscription unless getSubscription finds it. */
  ensureSubscription(subscription: { name: string; topic: string } & Record<string, unknown>): Promise<EnsureOutcome>;
  /** The id of a running (ACTIVE) job of that name, if any. */
  activeJobId(job: { projectId: string; location: string; jobName: string }): Promise<string | undefined>;
  /** Launches a Flex template job; returns its job id (undefined in a dry run: nothing was launched). */
  launchFlexTemplate(launch: FlexTemplateLaunch): Promise<string | undefined>;
}

export type { CloudRequest };
