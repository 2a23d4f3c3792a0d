import * as fs from "node:fs";
import * as path from "node:path";
import type { GigaMartConfig } from "../../config/load";
import type { SourceContract, SourceName } from "../../ingestion/contracts/types";
import { FIRST_LINE_BYTES } from "../launch/batches";
import { manifestJobTemplate, type ManifestJobTemplate } from "../launch/manifest-job";
import { CADENCE_SECONDS, type Cadence } from "../launch/window";
import { udfVersion } from "../../ingestion/load/udf_sandbox";
import { UDF_BUNDLE_PATH } from "../../ingestion/udf/bundle_path";
import { standardResource, updateMaskPaths, type DesiredResource } from "../resource";
import { batchLaunchParameter } from "./ingestion-jobs";
import { gcsObject, tableResource, UDF_BUNDLE_FILE, type Names } from "./names";

export const SCHEDULED_INGEST_WORKFLOW = "gigamart-scheduled-ingest";
export const WORKFLOW_SOURCE_FILE = path.join(__dirname, "..", "workflows", "scheduled-ingest.yaml");
const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/** The workflow definition `gigamart deploy` uploads, as committed. */
export function scheduledIngestSource(): string {
  return fs.readFileSync(WORKFLOW_SOURCE_FILE, "utf8");
}

/** The UDF bundle each scheduled batch copies into its own folder next to its run context. */
export function scheduledBundleUri(config: GigaMartConfig): string {
  return `${config.dataflow.udf_folder}/bundle/${UDF_BUNDLE_FILE}`;
}

/** What the workflow needs to know about one source: all of it from the contracts and config. */
export interface ScheduledIngestArgument {
  source: SourceName;
  landingFolder: string;
  csv: boolean;
  cadence: Cadence;
  windowSeconds: number;
  timeZone: string;
  bucket: string;
  headBytes: number;
  udfBucket: string;
  /** Object prefix of config dataflow.udf_folder; runs write under `<udfPrefix>/runs/`. */
  udfPrefix: string;
  bundleObject: string;
  bundleFile: string;
  projectId: string;
  location: string;
  /** The batch launch with this source's template parameters; the workflow sets the job name, input and UDF path per batch. */
  launchParameter: Record<string, unknown>;
  /** The query job that writes each launched batch's manifest rows; the workflow adds the batch's parameters and files. */
  manifest: ManifestJobTemplate;
}

export function scheduledIngestArgument(config: GigaMartConfig, n: Names, source: SourceContract, cadence: Cadence): ScheduledIngestArgument {
  const udf = gcsObject(config.dataflow.udf_folder);
  return {
    source: source.name,
    landingFolder: source.landingFolder,
    csv: source.format === "csv",
    cadence,
    windowSeconds: CADENCE_SECONDS[cadence],
    timeZone: config.landing.source_time_zone,
    bucket: n.bucket,
    headBytes: FIRST_LINE_BYTES,
    udfBucket: udf.bucket,
    udfPrefix: udf.name,
    bundleObject: gcsObject(scheduledBundleUri(config)).name,
    bundleFile: UDF_BUNDLE_FILE,
    projectId: n.project,
    location: n.region,
    launchParameter: batchLaunchParameter(config, n, source),
    // The bundle deploy uploads to udf/bundle/, which every batch copies.
    manifest: manifestJobTemplate(n, source, udfVersion(fs.readFileSync(UDF_BUNDLE_PATH, "utf8"))),
  };
}

export function workflowName(n: Names): string {
  return `${n.locationParent}/workflows/${SCHEDULED_INGEST_WORKFLOW}`;
}

/** The workflow runs as the ingestion account: it lists and reads landed files, writes UDF folders and launches Dataflow. */
export function scheduledIngestWorkflow(config: GigaMartConfig, n: Names, dependsOn: readonly string[]): DesiredResource {
  const name = workflowName(n);
  const fields = {
    description: "GigaMart scheduled batch load: files landed in the window, one Dataflow GCS_Text_to_BigQuery_Flex job per batch with its CSV header in the run context.",
    labels: { ...config.gcp.labels },
    serviceAccount: `projects/${n.project}/serviceAccounts/${n.ingestionSa}`,
    sourceContents: scheduledIngestSource(),
  };
  return standardResource({
    kind: "workflows.workflow",
    api: "workflows",
    type: "Workflow",
    name,
    parent: n.locationParent,
    resourceId: SCHEDULED_INGEST_WORKFLOW,
    fields,
    dependsOn,
  });
}

export interface ScheduledSource {
  readonly source: SourceContract;
  readonly cadence: Cadence;
}

/** A Cloud Scheduler job that starts the workflow for one source, as the ingestion account. */
export function scheduledIngestJob(config: GigaMartConfig, n: Names, s: ScheduledSource): DesiredResource {
  const name = `${n.locationParent}/jobs/gigamart-ingest-${s.source.landingFolder}`;
  const argument = scheduledIngestArgument(config, n, s.source, s.cadence);
  const fields = {
    description: `Starts ${SCHEDULED_INGEST_WORKFLOW} for ${s.source.landingFolder}/ into ${n.datasets.raw}.${s.source.bronzeTable} (${s.cadence}: files landed in the last ${s.cadence === "daily" ? "day" : "hour"}).`,
    schedule: s.cadence === "daily" ? config.schedules.daily_ingestion : config.schedules.hourly_ingestion,
    timeZone: config.schedules.time_zone,
    httpTarget: {
      uri: `https://workflowexecutions.googleapis.com/v1/${workflowName(n)}/executions`,
      httpMethod: "POST",
      headers: { "Content-Type": "application/json" },
      // executions.create takes the argument as a JSON string.
      body: Buffer.from(JSON.stringify({ argument: JSON.stringify(argument) })),
      oauthToken: { serviceAccountEmail: n.ingestionSa, scope: CLOUD_PLATFORM_SCOPE },
    },
    // Only a failed start is retried: the window is fixed by the hour the execution starts in.
    retryConfig: { retryCount: 3, minBackoffDuration: { seconds: 60 }, maxBackoffDuration: { seconds: 300 } },
  };
  return {
    kind: "scheduler.job",
    id: name,
    dependsOn: [tableResource(n, n.datasets.raw, s.source.bronzeTable), workflowName(n)],
    read: { api: "scheduler", method: "getJob", request: { name } },
    state: fields,
    create: { api: "scheduler", method: "createJob", request: { parent: n.locationParent, job: { name, ...fields } } },
    update: (changes) => ({ api: "scheduler", method: "updateJob", request: { job: { name, ...fields }, updateMask: { paths: updateMaskPaths(changes) } } }),
  };
}
