import { v1beta3 as dataflow } from "@google-cloud/dataflow";
import { v1 as pubsub } from "@google-cloud/pubsub";
import { BigQuery } from "@google-cloud/bigquery";
import { Storage } from "@google-cloud/storage";
import type { DataflowJob, EnsureOutcome, FileUpload, FlexTemplateLaunch, IngestionCloud, QueryJobInsert, TextUpload } from "./cloud";

function isNotFound(e: unknown): boolean {
  const err = e as { code?: unknown };
  return err.code === 5 || err.code === 404;
}

/** Names the call that failed, so "permission denied" says on what. */
async function calling<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw new Error(`${what}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
}

/**
 * The launcher's calls, sent through Google's client libraries with Application Default
 * Credentials. Clients are made on first use, so constructing this costs nothing.
 */
export class GoogleIngestionCloud implements IngestionCloud {
  private readonly clients = new Map<string, Promise<unknown>>();

  /**
   * A client, authenticated before first use. Google's generated clients otherwise start
   * authenticating inside the call and rethrow a failure there as an unhandled rejection, which
   * kills the process instead of failing the call.
   */
  private ready<T>(key: string, make: () => T, authenticate: (client: T) => Promise<unknown>): Promise<T> {
    let client = this.clients.get(key) as Promise<T> | undefined;
    if (!client) {
      const made = make();
      client = authenticate(made).then(() => made);
      this.clients.set(key, client);
    }
    return client;
  }

  private storage(): Promise<Storage> {
    return this.ready("storage", () => new Storage(), (s) => s.authClient.getClient());
  }
  private publisher(): Promise<pubsub.PublisherClient> {
    return this.ready("publisher", () => new pubsub.PublisherClient(), (c) => c.initialize());
  }
  private subscriber(): Promise<pubsub.SubscriberClient> {
    return this.ready("subscriber", () => new pubsub.SubscriberClient(), (c) => c.initialize());
  }
  private jobs(): Promise<dataflow.JobsV1Beta3Client> {
    return this.ready("jobs", () => new dataflow.JobsV1Beta3Client(), (c) => c.initialize());
  }
  private flex(): Promise<dataflow.FlexTemplatesServiceClient> {
    return this.ready("flex", () => new dataflow.FlexTemplatesServiceClient(), (c) => c.initialize());
  }
  private bigquery(projectId: string): Promise<BigQuery> {
    return this.ready(`bigquery:${projectId}`, () => new BigQuery({ projectId }), (b) => b.authClient.getClient());
  }

  async listObjects(list: { bucket: string; prefix: string }): Promise<Array<{ name: string; bytes: number; created?: string; crc32c?: string }>> {
    return calling(`list gs://${list.bucket}/${list.prefix}`, async () => {
      const [files] = await (await this.storage()).bucket(list.bucket).getFiles({ prefix: list.prefix, autoPaginate: true });
      return files.map((f) => ({
        name: f.name,
        bytes: Number(f.metadata.size ?? 0),
        ...(f.metadata.timeCreated ? { created: String(f.metadata.timeCreated) } : {}),
        ...(f.metadata.crc32c ? { crc32c: String(f.metadata.crc32c) } : {}),
      }));
    });
  }

  async readHead(read: { bucket: string; name: string; bytes: number }): Promise<Buffer> {
    return calling(`read gs://${read.bucket}/${read.name}`, async () => {
      const [head] = await (await this.storage()).bucket(read.bucket).file(read.name).download({ start: 0, end: read.bytes - 1 });
      return head;
    });
  }

  async uploadFile(u: FileUpload): Promise<void> {
    await calling(`upload ${u.localPath} to gs://${u.bucket}/${u.name}`, async () =>
      (await this.storage()).bucket(u.bucket).upload(u.localPath, { destination: u.name, contentType: u.contentType, resumable: u.bytes > 8 * 1024 * 1024, validation: "crc32c" }),
    );
  }

  async uploadText(u: TextUpload): Promise<void> {
    await calling(`upload gs://${u.bucket}/${u.name}`, async () =>
      (await this.storage()).bucket(u.bucket).file(u.name).save(u.content, { contentType: u.contentType, resumable: false, validation: "md5" }),
    );
  }

  async ensureTopic(topic: { name: string; labels: Record<string, string> }): Promise<EnsureOutcome> {
    return calling(`Pub/Sub topic ${topic.name}`, async () => {
      try {
        await (await this.publisher()).getTopic({ topic: topic.name });
        return "exists";
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      await (await this.publisher()).createTopic(topic);
      return "created";
    });
  }

  async ensureSubscription(subscription: { name: string; topic: string } & Record<string, unknown>): Promise<EnsureOutcome> {
    return calling(`Pub/Sub subscription ${subscription.name}`, async () => {
      try {
        await (await this.subscriber()).getSubscription({ subscription: subscription.name });
        return "exists";
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      await (await this.subscriber()).createSubscription(subscription);
      return "created";
    });
  }

  async listJobs(where: { projectId: string; location: string }): Promise<DataflowJob[]> {
    return calling(`Dataflow jobs in ${where.projectId}/${where.location}`, async () => {
      const [jobs] = await (await this.jobs()).listJobs({ projectId: where.projectId, location: where.location, filter: "ALL" });
      return jobs.map((j) => ({ id: String(j.id ?? ""), name: String(j.name ?? ""), state: String(j.currentState ?? "JOB_STATE_UNKNOWN") }));
    });
  }

  async launchFlexTemplate(launch: FlexTemplateLaunch): Promise<string | undefined> {
    return calling(`launch ${launch.launchParameter.jobName}`, async () => {
      const [response] = await (await this.flex()).launchFlexTemplate(launch);
      const id = response.job?.id;
      if (!id) throw new Error("Dataflow accepted the launch but returned no job id");
      return id;
    });
  }

  async insertQueryJob(insert: QueryJobInsert): Promise<void> {
    const reference = insert.body.jobReference as { jobId: string };
    await calling(`BigQuery job ${reference.jobId}`, async () => {
      const [job] = await (await this.bigquery(insert.projectId)).createJob(insert.body);
      // createJob returns once the job is accepted; the manifest rows exist when it is done.
      await job.promise();
    });
  }
}
