import type { GigaMartConfig } from "../../config/load";
import type { SourceContract } from "../../ingestion/contracts/types";
import { contextScript } from "../../ingestion/udf/context_file";
import { updateMaskPaths, type DesiredResource } from "../resource";
import { tableResource, type Names } from "./names";
import { POS_DEAD_LETTER_TABLE } from "./bigquery";

export const STREAMING_TEMPLATE = "PubSub_to_BigQuery_Flex";
export const BATCH_TEMPLATE = "GCS_Text_to_BigQuery_Flex";
const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

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

export function streamingContext(config: GigaMartConfig): string {
  return contextScript({
    source_file: `pubsub/${config.pubsub.subscription}`,
    run_id: config.dataflow.streaming_job_name,
    time_zone: config.landing.source_time_zone,
  });
}

/** The LaunchFlexTemplateParameter for the POS stream: Pub/Sub subscription -> UDF -> bronze, failures to the dead-letter table. */
export function streamingLaunchParameter(config: GigaMartConfig, n: Names, pos: SourceContract): Record<string, unknown> {
  return {
    jobName: config.dataflow.streaming_job_name,
    containerSpecGcsPath: `${config.dataflow.template_root}/${STREAMING_TEMPLATE}`,
    parameters: {
      inputSubscription: n.subscription,
      outputTableSpec: tableSpec(n, pos.bronzeTable),
      outputDeadletterTable: tableSpec(n, POS_DEAD_LETTER_TABLE.name),
      javascriptTextTransformGcsPath: `${streamingUdfFolder(config)}/*.js`,
      javascriptTextTransformFunctionName: pos.udfFunction,
    },
    environment: environment(config, n, true),
  };
}

/**
 * Where a scheduled load finds its UDF: a copy of the bundle plus a fixed run context (the
 * template loads every file the glob matches). A scheduled launch cannot see the files it will
 * read, so CSV sources get the contract's own header; a file with another header (schema drift)
 * needs the ingestion launcher, which writes a context per batch.
 */
export function scheduledUdfFolder(config: GigaMartConfig, source: SourceContract): string {
  return `${config.dataflow.udf_folder}/scheduled/${source.landingFolder}`;
}

export function scheduledContext(config: GigaMartConfig, source: SourceContract): string {
  return contextScript({
    source_file: `${source.landingFolder}/ (scheduled load)`,
    ...(source.format === "csv" ? { header: source.fields.map((f) => f.name).join(",") } : {}),
    run_id: `scheduled-${source.landingFolder}-${config.env}`,
    time_zone: config.landing.source_time_zone,
  });
}

/** The LaunchFlexTemplateParameter for one source's scheduled batch load from its landing folder. */
export function batchLaunchParameter(config: GigaMartConfig, n: Names, source: SourceContract): Record<string, unknown> {
  return {
    jobName: `gigamart-${source.landingFolder}-batch-${config.env}`,
    containerSpecGcsPath: `${config.dataflow.template_root}/${BATCH_TEMPLATE}`,
    parameters: {
      inputFilePattern: `gs://${n.bucket}/${source.landingFolder}/**`,
      JSONPath: `${config.dataflow.schema_folder}/${source.bronzeTable}.json`,
      outputTable: tableSpec(n, source.bronzeTable),
      javascriptTextTransformGcsPath: `${scheduledUdfFolder(config, source)}/*.js`,
      javascriptTextTransformFunctionName: source.udfFunction,
      bigQueryLoadingTemporaryDirectory: `${config.dataflow.temp_location}/bigquery`,
    },
    environment: environment(config, n, false),
  };
}

/**
 * The streaming job is launched once: jobs.list(ACTIVE) finding a job of the same name means it
 * runs already and is kept (a second launch would duplicate every message into bronze).
 */
export function posStreamingJob(config: GigaMartConfig, n: Names, pos: SourceContract, dependsOn: readonly string[]): DesiredResource {
  const jobName = config.dataflow.streaming_job_name;
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
    state: {},
    create: {
      api: "dataflow",
      method: "launchFlexTemplate",
      request: { projectId: n.project, location: n.region, launchParameter: streamingLaunchParameter(config, n, pos) },
    },
  };
}

export interface ScheduledSource {
  readonly source: SourceContract;
  readonly cadence: "daily" | "hourly";
}

/** A Cloud Scheduler job that POSTs flexTemplates:launch as the ingestion service account. */
export function batchLaunchSchedule(config: GigaMartConfig, n: Names, s: ScheduledSource, dependsOn: readonly string[]): DesiredResource {
  const name = `${n.locationParent}/jobs/gigamart-ingest-${s.source.landingFolder}`;
  const launchBody = { launchParameter: batchLaunchParameter(config, n, s.source) };
  const fields = {
    description: `Launches ${BATCH_TEMPLATE} for ${s.source.landingFolder}/ into ${n.datasets.raw}.${s.source.bronzeTable} (${s.cadence}).`,
    schedule: s.cadence === "daily" ? config.schedules.daily_ingestion : config.schedules.hourly_ingestion,
    timeZone: config.schedules.time_zone,
    httpTarget: {
      uri: `https://dataflow.googleapis.com/v1b3/projects/${n.project}/locations/${n.region}/flexTemplates:launch`,
      httpMethod: "POST",
      headers: { "Content-Type": "application/json" },
      body: Buffer.from(JSON.stringify(launchBody)),
      oauthToken: { serviceAccountEmail: n.ingestionSa, scope: CLOUD_PLATFORM_SCOPE },
    },
    retryConfig: { retryCount: 3, minBackoffDuration: { seconds: 60 }, maxBackoffDuration: { seconds: 600 } },
  };
  return {
    kind: "scheduler.job",
    id: name,
    dependsOn: [tableResource(n, n.datasets.raw, s.source.bronzeTable), ...dependsOn],
    read: { api: "scheduler", method: "getJob", request: { name } },
    state: fields,
    create: { api: "scheduler", method: "createJob", request: { parent: n.locationParent, job: { name, ...fields } } },
    update: (changes) => ({ api: "scheduler", method: "updateJob", request: { job: { name, ...fields }, updateMask: { paths: updateMaskPaths(changes) } } }),
  };
}
