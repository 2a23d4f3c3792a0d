import { createHash } from "node:crypto";
import { CRC32C } from "@google-cloud/storage";
import * as fs from "node:fs";
import { requestJson, type CloudApi, type CloudRequest } from "../api";
import { googleCloudApi } from "../connect";
import { batchLaunchParameter, streamingContext, streamingLaunchParameter, streamingUdfFolder } from "../desired/ingestion-jobs";
import { UDF_BUNDLE_FILE, gcsObject, namesFor } from "../desired/names";
import { deadLetterSubscription, posSubscription, topic } from "../desired/pubsub";
import { RecordingCloudApi } from "../recording-api";
import type { DesiredResource } from "../resource";
import type { GigaMartConfig } from "../../config/load";
import { bigQuerySchemaFileText, bronzeTable, sourceContract, sources as allSources, type SourceContract, type SourceName } from "../../ingestion/contracts";
import { udfVersion } from "../../ingestion/load/udf_sandbox";
import { contextScript } from "../../ingestion/udf/context_file";
import { UDF_BUNDLE_PATH } from "../../ingestion/udf/bundle_path";
import { FIRST_LINE_BYTES, firstLine, firstLineOf, localLanding, planBatches, type Batch, type LandedObject, type Selection } from "./batches";
import { manifestJobRequest, manifestJobTemplate } from "./manifest-job";
import {
  TERMINAL_JOB_STATES,
  dataflowJobs,
  fileUpload,
  flexTemplateLaunch,
  listJobs,
  listObjects,
  listedObjects,
  queryJobInsert,
  readHead,
  textUpload,
  type FlexTemplateLaunch,
} from "./requests";
import { scheduledWindow, type Cadence } from "./window";

export { planBatches, localLanding, firstLine, folderDate, type Batch, type LandedObject } from "./batches";
export { scheduledWindow, CADENCE_SECONDS, type Cadence, type LandingWindow } from "./window";
export { TERMINAL_JOB_STATES, type DataflowJob, type FlexTemplateLaunch, type QueryJobInsert } from "./requests";

/** What an ensure call found: made it, found it there, or (dry run) did not look. */
export type EnsureOutcome = "created" | "exists" | "not checked (dry run)";

export const CONTEXT_FILE = "context.js";

export interface LaunchOptions {
  /** The environment's loaded config (`config/load.ts`). */
  config: GigaMartConfig;
  /** Record every request instead of sending it. */
  dryRun?: boolean;
  /** Sources to load in batch; all by default. POS also (re)starts its stream unless `streaming` is false. */
  sources?: readonly SourceName[];
  /** Local folder with the bucket's layout whose files are landed (uploaded) and loaded; default config landing.local_dir. */
  landingDir?: string;
  /** Load what has already landed in the bucket instead (sources write there directly); nothing is uploaded. */
  fromBucket?: boolean;
  /** Only the dated folders of these days (YYYY-MM-DD); all by default. */
  dates?: readonly string[];
  /**
   * Do what the scheduled workflow run started at `at` (default now) does: load from the bucket the
   * files created in its window, with its run id. Implies fromBucket and no stream.
   */
  scheduled?: { cadence: Cadence; at?: Date };
  streaming?: boolean;
  /** Names this run's context files and jobs; default `run-<UTC time>`. */
  runId?: string;
  now?: Date;
  /** Where Google calls go; default: Google's client libraries, or the recorder for a dry run. */
  api?: CloudApi;
  udfBundle?: string;
}

export interface LaunchedBatch {
  id: string;
  source: SourceName;
  files: string[];
  inputFilePattern: string;
  udfPath: string;
  jobName: string;
  /** Set when Dataflow accepted the launch, or when this run's job for the batch already exists; never in a dry run. */
  jobId?: string;
  /** True when a job of this run already loaded (or is loading) the batch, so it was not launched again. */
  alreadyLaunched?: boolean;
}

export interface LaunchResult {
  env: string;
  runId: string;
  dryRun: boolean;
  pubsub: Array<{ name: string; outcome: EnsureOutcome }>;
  batches: LaunchedBatch[];
  streaming?: { jobName: string; status: "launched" | "already running" | "not launched (dry run)"; jobId?: string };
  /** Dry run only: what a real run would have read and sent, in order. */
  requests?: { reads: CloudRequest[]; sent: CloudRequest[] };
}

/** A landed file's CRC32C: from the listing, or from the local file about to be uploaded. */
async function crc32cOf(f: LandedObject): Promise<string> {
  if (!f.localPath) throw new Error(`gs://…/${f.name}: the listing gave no crc32c`);
  return (await CRC32C.fromFile(f.localPath)).toString();
}

/** Dataflow job names: lower-case letters, digits and hyphens, starting with a letter. */
function jobSlug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
}

function contentType(file: string): string {
  if (file.endsWith(".csv")) return "text/csv";
  if (file.endsWith(".gz")) return "application/gzip";
  return "application/x-ndjson";
}

/** Names the call that failed, so "permission denied" says on what. */
async function calling<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw new Error(`${what}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
}

/** The run id a launch at `now` gets: `run-20261127t093000z` (job names allow lower case only). */
export function defaultRunId(now: Date): string {
  return `run-${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "z").toLowerCase()}`;
}

/** The per-batch launch: the source's batch parameters, narrowed to this batch's files and UDF folder. */
export function batchLaunch(config: GigaMartConfig, batch: Batch, runId: string): { launch: FlexTemplateLaunch; udfFolder: string } {
  const n = namesFor(config);
  const udfFolder = `${config.dataflow.udf_folder}/runs/${runId}/${batch.source.name}/${batch.id}`;
  const target = { jobName: jobSlug(`gigamart-${batch.id}-${runId}`), inputFilePattern: `gs://${n.bucket}/${batch.pattern}`, udfFolder };
  const launchParameter = batchLaunchParameter(config, n, batch.source, target) as unknown as FlexTemplateLaunch["launchParameter"];
  return { udfFolder, launch: { projectId: n.project, location: n.region, launchParameter } };
}

/** The POS stream's launch, as `gigamart deploy` builds it: its UDF folder holds the bundle and the stream's context. */
export function streamingLaunch(config: GigaMartConfig, udfBundle: string): { launch: FlexTemplateLaunch; udfFolder: string } {
  const n = namesFor(config);
  const launchParameter = streamingLaunchParameter(config, n, sourceContract("pos"), udfBundle) as unknown as FlexTemplateLaunch["launchParameter"];
  return { udfFolder: streamingUdfFolder(config), launch: { projectId: n.project, location: n.region, launchParameter } };
}

/**
 * `gigamart ingest --target bigquery`: lands the local landing folder in the environment's bucket
 * (or takes what sources already landed there, `fromBucket`) and loads it with Google's Dataflow Flex templates — one GCS_Text_to_BigQuery_Flex job per
 * batch (source × dated folder), each with the UDF bundle and its run context in a folder of its
 * own — and makes sure the POS stream (Pub/Sub topic, subscription with dead-lettering and
 * retries, PubSub_to_BigQuery_Flex job) runs. Every Google call is a CloudRequest sent through `CloudApi`.
 */
export async function launchIngestion(options: LaunchOptions): Promise<LaunchResult> {
  const { config } = options;
  const now = options.now ?? new Date();
  const window = options.scheduled ? scheduledWindow(options.scheduled.at ?? now, options.scheduled.cadence, config.landing.source_time_zone) : undefined;
  if (window && (options.landingDir || options.dates)) throw new Error("launch: a scheduled window reads the bucket; give neither a landing folder nor dates");
  const runId = options.runId ?? window?.runId ?? defaultRunId(now);
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(runId)) throw new Error(`run id '${runId}': use lower-case letters, digits and hyphens, starting with a letter`);
  const selected: SourceContract[] = options.sources ? options.sources.map((s) => sourceContract(s)) : [...allSources];
  const fromBucket = options.fromBucket === true || window !== undefined;
  if (options.fromBucket && options.landingDir) throw new Error("launch: give either a landing folder or fromBucket, not both");
  for (const d of options.dates ?? []) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`launch: date '${d}': expected YYYY-MM-DD`);
  const landingDir = options.landingDir ?? config.landing.local_dir;
  if (!fromBucket && !fs.existsSync(landingDir)) {
    throw new Error(`${landingDir}: landing folder not found (generate one with \`gigamart generate --out ${landingDir}\`)`);
  }
  const bundleFile = options.udfBundle ?? UDF_BUNDLE_PATH;
  if (!fs.existsSync(bundleFile)) throw new Error(`${bundleFile}: UDF bundle missing; build it with \`npx tsx ingestion/udf/build.ts\``);
  const bundle = fs.readFileSync(bundleFile, "utf8");
  const dryRun = options.dryRun === true;
  const recorder = dryRun && !options.api ? new RecordingCloudApi() : undefined;
  const api: CloudApi = options.api ?? recorder ?? (await googleCloudApi());
  const n = namesFor(config);
  const result: LaunchResult = { env: config.env, runId, dryRun, pubsub: [], batches: [] };

  const send = (what: string, request: CloudRequest) => calling(what, () => api.apply(request));
  const upload = (object: { bucket: string; name: string }, contentType: string, content: string) =>
    send(`upload gs://${object.bucket}/${object.name}`, textUpload(object, contentType, content));
  const uploadUdf = async (udfFolder: string, context: string) => {
    await upload(gcsObject(`${udfFolder}/${UDF_BUNDLE_FILE}`), "application/javascript", bundle);
    await upload(gcsObject(`${udfFolder}/${CONTEXT_FILE}`), "application/javascript", context);
  };
  /** Creates the resource unless reading it finds it; a dry run's recorder finds nothing and checks nothing. */
  const ensure = (what: string, resource: DesiredResource): Promise<EnsureOutcome> =>
    calling(what, async () => {
      if ((await api.get(resource.read)) !== undefined) return "exists";
      await api.apply(resource.create);
      return dryRun ? "not checked (dry run)" : "created";
    });
  /** Dataflow's job id of an accepted launch; a dry run launches nothing and gets none. */
  const launchJob = async (launch: FlexTemplateLaunch): Promise<string | undefined> => {
    const response = (await send(`launch ${launch.launchParameter.jobName}`, flexTemplateLaunch(launch))) as { job?: { id?: string } } | undefined;
    const id = response?.job?.id;
    if (!id && !dryRun) throw new Error(`launch ${launch.launchParameter.jobName}: Dataflow accepted the launch but returned no job id`);
    return id;
  };

  // On the bigquery_subscription path the deploy's subscription writes bronze: no job to start.
  const streaming = config.streaming.path === "dataflow" && options.streaming !== false && !window && selected.some((s) => s.name === "pos");
  if (streaming) {
    for (const t of [topic(config, n.topic, "pos-stream"), topic(config, n.deadLetterTopic, "pos-dead-letter")]) {
      result.pubsub.push({ name: t.id, outcome: await ensure(`Pub/Sub topic ${t.id}`, t) });
    }
    for (const s of [posSubscription(config, n), deadLetterSubscription(config, n)]) {
      result.pubsub.push({ name: s.id, outcome: await ensure(`Pub/Sub subscription ${s.id}`, s) });
    }
  }

  for (const source of selected) {
    const table = bronzeTable(source.bronzeTable);
    await upload(gcsObject(`${config.dataflow.schema_folder}/${table.name}.json`), "application/json", bigQuerySchemaFileText(table));
  }

  // Microseconds, as the workflow's time.format writes it: both send the same manifest request.
  const ingestionTs = now.toISOString().replace(/Z$/, "000Z");
  // A window lists only its dated folders, as the workflow does.
  const prefixes = (s: SourceContract) => (window ? window.dates.map((d) => `${s.landingFolder}/${d.replace(/-/g, "/")}/`) : [`${s.landingFolder}/`]);
  const landed: LandedObject[] = fromBucket
    ? (
        await Promise.all(
          selected.flatMap((s) =>
            prefixes(s).map(async (prefix) => listedObjects(await calling(`list gs://${n.bucket}/${prefix}`, () => api.get(listObjects(n.bucket, prefix))))),
          ),
        )
      ).flat()
    : localLanding(landingDir, selected);
  const readFirstLine = async (o: LandedObject) => {
    if (o.localPath) return firstLine(o.localPath);
    if (o.bytes === 0) return "";
    const what = `read gs://${n.bucket}/${o.name}`;
    const head = await calling(what, () => api.get(readHead(n.bucket, o.name, Math.min(FIRST_LINE_BYTES, o.bytes))));
    if (head === undefined && !dryRun) throw new Error(`${what}: the object is gone`);
    return firstLineOf(Buffer.isBuffer(head) ? head : Buffer.alloc(0));
  };
  const selection: Selection = window ? { dates: window.dates, createdBetween: window } : { ...(options.dates ? { dates: options.dates } : {}) };
  const batches = await planBatches(landed, selected, readFirstLine, selection);
  // Job names carry the run id: re-running a run (after a failure part-way) launches only the
  // batches whose job failed or never started, instead of loading the others twice.
  const jobs = dataflowJobs(await calling(`Dataflow jobs in ${n.project}/${n.region}`, () => api.get(listJobs(n.project, n.region))));
  const existing = (name: string, over: (state: string) => boolean) => jobs.find((j) => j.name === name && !over(j.state));
  for (const batch of batches) {
    const { launch, udfFolder } = batchLaunch(config, batch, runId);
    const done = existing(launch.launchParameter.jobName, (state) => state === "JOB_STATE_FAILED" || state === "JOB_STATE_CANCELLED");
    const described = {
      id: batch.id,
      source: batch.source.name,
      files: batch.files.map((f) => f.name),
      inputFilePattern: launch.launchParameter.parameters.inputFilePattern!,
      udfPath: launch.launchParameter.parameters.javascriptTextTransformGcsPath!,
      jobName: launch.launchParameter.jobName,
    };
    if (done) {
      result.batches.push({ ...described, jobId: done.id, alreadyLaunched: true });
      continue;
    }
    for (const f of batch.files) {
      if (f.localPath) await send(`upload ${f.localPath} to gs://${n.bucket}/${f.name}`, fileUpload(n.bucket, f.name, contentType(f.name), f.localPath, f.bytes));
    }
    await uploadUdf(
      udfFolder,
      contextScript({
        source_file: batch.pattern,
        ...(batch.header !== undefined ? { header: batch.header } : {}),
        run_id: runId,
        ingestion_ts: ingestionTs,
        time_zone: config.landing.source_time_zone,
      }),
    );
    const jobId = await launchJob(launch);
    // Counted apart from the Dataflow job, so the accounting assertion can compare the two.
    const files = await Promise.all(
      batch.files.map(async (f) => ({ name: f.name, bytes: f.bytes, crc32c: f.crc32c ?? (await crc32cOf(f)) })),
    );
    const manifest = manifestJobRequest(n, manifestJobTemplate(n, batch.source, udfVersion(bundle)), {
      jobName: launch.launchParameter.jobName,
      inputFilePattern: described.inputFilePattern,
      header: batch.header,
      files,
      runId,
      ingestionTs,
    });
    await send(`BigQuery job ${(manifest.body.jobReference as { jobId: string }).jobId}`, queryJobInsert(manifest));
    result.batches.push({ ...described, ...(jobId ? { jobId } : {}) });
  }

  if (streaming) {
    const { launch, udfFolder } = streamingLaunch(config, bundle);
    const jobName = launch.launchParameter.jobName;
    // A second streaming job on the same subscription would split the messages between two jobs.
    const running = existing(jobName, (state) => TERMINAL_JOB_STATES.includes(state));
    if (running) {
      result.streaming = { jobName, status: "already running", jobId: running.id };
    } else {
      await uploadUdf(udfFolder, streamingContext(config));
      const jobId = await launchJob(launch);
      result.streaming = jobId ? { jobName, status: "launched", jobId } : { jobName, status: "not launched (dry run)" };
    }
  }

  if (recorder) result.requests = { reads: recorder.reads, sent: recorder.sent };
  return result;
}

/** What a launch did, one line per Pub/Sub resource, batch and stream, for a person to read. */
export function describeLaunch(result: LaunchResult): string {
  const lines = [`ingest --target bigquery: ${result.env}, run ${result.runId}${result.dryRun ? " (dry run: nothing was sent)" : ""}`];
  for (const p of result.pubsub) lines.push(`  pubsub  ${p.name}: ${p.outcome}`);
  for (const b of result.batches) {
    const files = `${b.files.length} file${b.files.length === 1 ? "" : "s"}`;
    const status = b.alreadyLaunched ? `already launched in this run, job ${b.jobId}` : b.jobId ? `launched, job ${b.jobId}` : "not launched (dry run)";
    lines.push(`  batch   ${b.jobName} (${b.source}, ${files}, ${b.inputFilePattern}): ${status}`);
  }
  if (result.batches.length === 0) lines.push("  batch   none: no landed files matched");
  if (result.streaming) lines.push(`  stream  ${result.streaming.jobName}: ${result.streaming.status}${result.streaming.jobId ? `, job ${result.streaming.jobId}` : ""}`);
  return lines.join("\n") + "\n";
}

/** A dry run's requests as JSON, with generated file contents shown by size and MD5 rather than in full. */
export function dryRunJson(requests: { reads: CloudRequest[]; sent: CloudRequest[] }): string {
  const brief = (r: CloudRequest): CloudRequest => {
    const content = r.request.content;
    if (typeof content !== "string" || content.length <= 600) return r;
    const md5 = createHash("md5").update(content).digest("base64");
    return { ...r, request: { ...r.request, content: `<${Buffer.byteLength(content)} bytes, md5 ${md5}>` } };
  };
  return requestJson({ reads: requests.reads, sent: requests.sent.map(brief) });
}
