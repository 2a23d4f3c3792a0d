import type { GigaMartConfig } from "../../config/load";

/** Names every desired-state module derives from config, in one place so they cannot drift apart. */
export interface Names {
  readonly project: string;
  readonly region: string;
  readonly projectResource: string;
  readonly locationParent: string;
  /** Dataset ids as they exist in BigQuery: Dataform suffixes the datasets of its own actions. */
  readonly datasets: { raw: string; curated: string; mart: string; monitoring: string; assertions: string };
  readonly bucket: string;
  readonly ingestionSa: string;
  readonly dataformSa: string;
  readonly analystsGroup: string;
  readonly pubsubAgent: string;
  readonly dataformAgent: string;
  readonly repository: string;
  readonly releaseConfig: string;
  readonly topic: string;
  readonly subscription: string;
  readonly deadLetterTopic: string;
  readonly deadLetterSubscription: string;
}

/** What Google assigns per project; unknown offline, so a dry run shows a marker instead. */
export const UNKNOWN_PROJECT_NUMBER = "PROJECT_NUMBER";

export const UDF_BUNDLE_FILE = "gigamart_udf.js";

export function namesFor(config: GigaMartConfig, projectNumber = UNKNOWN_PROJECT_NUMBER): Names {
  const project = config.gcp.project;
  const suffix = config.dataform.schema_suffix ? `_${config.dataform.schema_suffix}` : "";
  const ds = config.datasets;
  const locationParent = `projects/${project}/locations/${config.gcp.region}`;
  const repository = `${locationParent}/repositories/${config.dataform.repository}`;
  return {
    project,
    region: config.gcp.region,
    projectResource: `projects/${project}`,
    locationParent,
    // giga_raw is written by ingestion and only declared in Dataform, which never suffixes declarations.
    datasets: {
      raw: ds.raw,
      curated: ds.curated + suffix,
      mart: ds.mart + suffix,
      monitoring: ds.monitoring + suffix,
      assertions: ds.assertions + suffix,
    },
    bucket: config.landing.bucket,
    ingestionSa: `${config.service_accounts.ingestion}@${project}.iam.gserviceaccount.com`,
    dataformSa: `${config.service_accounts.dataform}@${project}.iam.gserviceaccount.com`,
    analystsGroup: config.service_accounts.analysts_group,
    pubsubAgent: `service-${projectNumber}@gcp-sa-pubsub.iam.gserviceaccount.com`,
    dataformAgent: `service-${projectNumber}@gcp-sa-dataform.iam.gserviceaccount.com`,
    repository,
    releaseConfig: `${repository}/releaseConfigs/${config.dataform.release_config}`,
    topic: `projects/${project}/topics/${config.pubsub.topic}`,
    subscription: `projects/${project}/subscriptions/${config.pubsub.subscription}`,
    deadLetterTopic: `projects/${project}/topics/${config.pubsub.dead_letter_topic}`,
    deadLetterSubscription: `projects/${project}/subscriptions/${config.pubsub.dead_letter_topic}-sub`,
  };
}

export function datasetResource(n: Names, datasetId: string): string {
  return `projects/${n.project}/datasets/${datasetId}`;
}

export function tableResource(n: Names, datasetId: string, table: string): string {
  return `${datasetResource(n, datasetId)}/tables/${table}`;
}

export function serviceAccountResource(n: Names, email: string): string {
  return `projects/${n.project}/serviceAccounts/${email}`;
}

/** A gs:// object URI as bucket and object name. */
export function gcsObject(uri: string): { bucket: string; name: string } {
  const m = /^gs:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not a gs:// object URI: ${uri}`);
  return { bucket: m[1]!, name: m[2]! };
}
