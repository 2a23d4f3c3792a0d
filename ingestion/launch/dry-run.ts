import type { CloudRequest, DataflowJob, EnsureOutcome, FileUpload, FlexTemplateLaunch, IngestionCloud, QueryJobInsert, TextUpload } from "./cloud";

/**
 * Sends nothing. Each call becomes the request a real run would send, in the client libraries'
 * shapes; reads (does it exist? is it running?) are recorded apart and answered "not checked".
 */
export class DryRunIngestionCloud implements IngestionCloud {
  readonly reads: CloudRequest[] = [];
  readonly sent: CloudRequest[] = [];

  constructor(private readonly onRequest?: (request: CloudRequest, kind: "read" | "send") => void) {}

  private read(request: CloudRequest): void {
    this.reads.push(request);
    this.onRequest?.(request, "read");
  }

  private send(request: CloudRequest): void {
    this.sent.push(request);
    this.onRequest?.(request, "send");
  }

  /** Nothing is listed in a dry run: a plan from the bucket shows the listing it would make, and no batch. */
  async listObjects(list: { bucket: string; prefix: string }): Promise<Array<{ name: string; bytes: number; created?: string; crc32c?: string }>> {
    this.read({ api: "storage", method: "objects.list", request: { bucket: list.bucket, prefix: list.prefix } });
    return [];
  }

  async readHead(read: { bucket: string; name: string; bytes: number }): Promise<Buffer> {
    this.read({ api: "storage", method: "objects.get", request: { bucket: read.bucket, object: read.name, alt: "media", range: `bytes=0-${read.bytes - 1}` } });
    return Buffer.alloc(0);
  }

  async uploadFile(u: FileUpload): Promise<void> {
    this.send({ api: "storage", method: "objects.insert", request: { bucket: u.bucket, name: u.name, body: { contentType: u.contentType }, media: { from: u.localPath, bytes: u.bytes } } });
  }

  async uploadText(u: TextUpload): Promise<void> {
    this.send({ api: "storage", method: "objects.insert", request: { bucket: u.bucket, name: u.name, body: { contentType: u.contentType }, content: u.content } });
  }

  async ensureTopic(topic: { name: string; labels: Record<string, string> }): Promise<EnsureOutcome> {
    this.read({ api: "pubsub", method: "getTopic", request: { topic: topic.name } });
    this.send({ api: "pubsub", method: "createTopic", request: { ...topic } });
    return "not checked (dry run)";
  }

  async ensureSubscription(subscription: { name: string; topic: string } & Record<string, unknown>): Promise<EnsureOutcome> {
    this.read({ api: "pubsub", method: "getSubscription", request: { subscription: subscription.name } });
    this.send({ api: "pubsub", method: "createSubscription", request: { ...subscription } });
    return "not checked (dry run)";
  }

  async listJobs(where: { projectId: string; location: string }): Promise<DataflowJob[]> {
    this.read({ api: "dataflow", method: "listJobs", request: { projectId: where.projectId, location: where.location, filter: "ALL" } });
    return [];
  }

  async launchFlexTemplate(launch: FlexTemplateLaunch): Promise<string | undefined> {
    this.send({ api: "dataflow", method: "launchFlexTemplate", request: { ...launch } });
    return undefined;
  }

  async insertQueryJob(insert: QueryJobInsert): Promise<void> {
    this.send({ api: "bigquery", method: "jobs.insert", request: { ...insert } });
  }
}
