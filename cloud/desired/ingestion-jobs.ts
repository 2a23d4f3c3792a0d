import { createHash } from "node:crypto";
import type { GigaMartConfig } from "../../config/load";
import type { SourceContract } from "../../ingestion/contracts/types";
import { contextScript, type RunContext } from "../../ingestion/udf/context_file";
import type { DesiredResource } from "../resource";
import type { Names } from "./names";
import { posDeadLetter } from "../../ingestion/contracts/bronze";

export const STREAMING_TEMPLATE = "PubSub_to_BigQuery_Flex";
export const BATCH_TEMPLATE = "GCS_Text_to_BigQuery_Flex";

const tableSpec = (n: Names, table: string) => `${n.project}:${n.datasets.raw}.${table}`;

function environment(config: GigaMartConfig, n: Names, streaming: boolean): Record<string, unknown> {
  const d = config.dataflow;
  return {
    serviceAccountEmail: n.ingestionSa,
    tempLocation: d.temp_location,
    stagingLocation: d.staging_location,
    machineType: d.machine_type,
    maxWorkers: d.max_workers,
    ...(streaming ? { enableStreamingEngine: true } : {}),
    additionalUserLabels: { ...config.gcp.labels },
  };
}

/**
 * The stream's UDF folder: the bundle plus a context naming the subscription as each row's
 * source. The ingestion launcher starts the same job with the same folder and context, so
 * whichever of the two launches it, the rows look alike.
 */
export function streamingUdfFolder(config: GigaMartConfig): string {
  return `${config.dataflow.udf_folder}/streaming/${config.dataflow.streaming_job_name}`;
}

/**
 * The stream's run context: rows name the subscription and what ran the UDF (the Dataflow job, or
 * the BigQuery subscription); no ingestion_ts, so each call stamps its own time.
 */
export function streamingRunContext(config: GigaMartConfig): RunContext {
  return {
    source_file: `pubsub/${config.pubsub.subscription}`,
    run_id: config.streaming.path === "dataflow" ? config.dataflow.streaming_job_name : `bigquery-subscription/${config.pubsub.subscription}`,
    time_zone: config.landing.source_time_zone,
  };
}

export function streamingContext(config: GigaMartConfig): string {
  return contextScript(streamingRunContext(config));
}

/** The job label holding a fingerprint of the stream's launch: parameters, UDF bundle and run context. */
export const LAUNCH_FINGERPRINT_LABEL = "gigamart-launch";

/**
 * The LaunchFlexTemplateParameter for the POS stream: Pub/Sub subscription -> UDF -> bronze,
 * failures to the dead-letter table. A running job loaded its UDF when it started, so the job is
 * labelled with a fingerprint of everything it was started with (`udfBundle` is the bundle's text):
 * a deploy that finds another fingerprint knows the stream runs stale code or parameters.
 */
export function streamingLaunchParameter(config: GigaMartConfig, n: Names, pos: SourceContract, udfBundle: string): Record<string, unknown> {
  const launch = {
    jobName: config.dataflow.streaming_job_name,
    containerSpecGcsPath: `${config.dataflow.template_root}/${STREAMING_TEMPLATE}`,
    parameters: {
      inputSubscription: n.subscription,
      outputTableSpec: tableSpec(n, pos.bronzeTable),
      outputDeadletterTable: tableSpec(n, posDeadLetter.name),
      javascriptTextTransformGcsPath: `${streamingUdfFolder(config)}/*.js`,
      javascriptTextTransformFunctionName: pos.udfFunction,
    },
    environment: environment(config, n, true),
  };
  const fingerprint = createHash("sha256").update(JSON.stringify(launch)).update("\0").update(udfBundle).update("\0").update(streamingContext(config)).digest("hex").slice(0, 16);
  const env = launch.environment as { additionalUserLabels: Record<string, string> };
  return { ...launch, environment: { ...env, additionalUserLabels: { ...env.additionalUserLabels, [LAUNCH_FINGERPRINT_LABEL]: fingerprint } } };
}

/** What differs between two batch loads of one source. */
export interface BatchTarget {
  readonly jobName: string;
  /** gs:// glob of the files the job reads. */
  readonly inputFilePattern: string;
  /** gs:// folder holding the UDF bundle and the batch's run context. */
  readonly udfFolder: string;
}

/**
 * The LaunchFlexTemplateParameter for one source's batch load. Without a target it is the template
 * the scheduled workflow completes per batch (it sets the same three fields).
 */
export function batchLaunchParameter(config: GigaMartConfig, n: Names, source: SourceContract, target?: BatchTarget): Record<string, unknown> {
  return {
    ...(target ? { jobName: target.jobName } : {}),
    containerSpecGcsPath: `${config.dataflow.template_root}/${BATCH_TEMPLATE}`,
    parameters: {
      ...(target ? { inputFilePattern: target.inputFilePattern } : {}),
      JSONPath: `${config.dataflow.schema_folder}/${source.bronzeTable}.json`,
      outputTable: tableSpec(n, source.bronzeTable),
      ...(target ? { javascriptTextTransformGcsPath: `${target.udfFolder}/*.js` } : {}),
      javascriptTextTransformFunctionName: source.udfFunction,
      bigQueryLoadingTemporaryDirectory: `${config.dataflow.temp_location}/bigquery`,
    },
    environment: environment(config, n, false),
  };
}

/**
 * The streaming job is launched once: jobs.list(ACTIVE) finding a job of the same name means it
 * runs already (a second launch would split the subscription's messages between two jobs). Its
 * labels come from jobs.get: when its launch fingerprint differs (a new UDF bundle, changed
 * parameters), the plan updates it in place — a launch with `update: true` replaces the running
 * job under the same name, keeping its unacknowledged messages — instead of leaving stale code.
 */
export function posStreamingJob(config: GigaMartConfig, n: Names, pos: SourceContract, udfBundle: string, dependsOn: readonly string[]): DesiredResource {
  const jobName = config.dataflow.streaming_job_name;
  const launchParameter = streamingLaunchParameter(config, n, pos, udfBundle);
  const labels = (launchParameter.environment as { additionalUserLabels: Record<string, string> }).additionalUserLabels;
  const launch = (parameter: Record<string, unknown>) => ({
    api: "dataflow" as const,
    method: "launchFlexTemplate",
    request: { projectId: n.project, location: n.region, launchParameter: parameter },
  });
  return {
    kind: "dataflow.streamingJob",
    id: `projects/${n.project}/locations/${n.region}/jobs/${jobName}`,
    dependsOn,
    read: { api: "dataflow", method: "listJobs", request: { projectId: n.project, location: n.region, filter: "ACTIVE" } },
    pick: (jobs) => {
      if (jobs === undefined) return undefined;
      // Misreading the list would launch a second job that splits the stream's messages.
      if (!Array.isArray(jobs)) throw new Error(`dataflow listJobs: expected a list of jobs, got ${JSON.stringify(jobs).slice(0, 80)}`);
      return jobs.find((j: { name?: string }) => j.name === jobName);
    },
    // jobs.list returns summaries without labels.
    readDetail: (job) => ({ api: "dataflow", method: "getJob", request: { projectId: n.project, location: n.region, jobId: job.id, view: "JOB_VIEW_DESCRIPTION" } }),
    state: { labels: { [LAUNCH_FINGERPRINT_LABEL]: labels[LAUNCH_FINGERPRINT_LABEL] } },
    why: {
      keep: "a job of this name is running with this launch; kept, not relaunched",
      update: (changed) => `running job was started with another UDF or parameters (${changed}); updated in place`,
    },
    create: launch(launchParameter),
    update: () => launch({ ...launchParameter, update: true }),
  };
}
