import type { GigaMartConfig } from "../../config/load";
import { bigQuerySchemaFileText, bronzeTable, bronzeTables, posDeadLetter, sourceContract, sources } from "../../ingestion/contracts";
import type { Binding, DesiredResource } from "../resource";
import { bronzeTableSpec, dataset, rawTable, type DatasetKey } from "./bigquery";
import { PIPELINE_TAGS, releaseConfig, repository, workflowConfig } from "./dataform";
import { datasetAccess, iamPolicy, serviceAccount } from "./iam";
import { posStreamingJob, streamingContext, streamingRunContext, streamingUdfFolder } from "./ingestion-jobs";
import { alertPolicies, failureEmailChannel } from "./monitoring";
import { datasetResource, namesFor, serviceAccountResource, tableResource, UDF_BUNDLE_FILE, type Names } from "./names";
import { deadLetterSubscription, posSubscription, topic, type BigQueryDelivery } from "./pubsub";
import { BRONZE_SMT_FUNCTION, bronzeSmtCode, DEAD_LETTER_SMT_CODE, DEAD_LETTER_SMT_FUNCTION } from "../../ingestion/stream/smt";
import { scheduledBundleUri, scheduledIngestJob, scheduledIngestWorkflow } from "./scheduled-ingest";
import { landingBucket, uploadedObject } from "./storage";

export interface DeployInputs {
  /** The built UDF bundle (one ES5 file, Nashorn), and where it was read from. */
  readonly udfBundle: { readonly from: string; readonly content: string };
  /** Google's number for the project (names its service agents); unknown offline. */
  readonly projectNumber?: string;
}

const sa = (email: string) => `serviceAccount:${email}`;

function grants(n: Names, secret: string, streaming: GigaMartConfig["streaming"]["path"]): DesiredResource[] {
  const ingestion = sa(n.ingestionSa);
  const dataform = sa(n.dataformSa);
  const analysts = `group:${n.analystsGroup}`;
  const ingestionSaName = serviceAccountResource(n, n.ingestionSa);
  const dataformSaName = serviceAccountResource(n, n.dataformSa);
  // Gold views (e.g. today's POS sales over bronze) read lower layers as authorized views, so
  // analysts need giga_mart only.
  const goldViews = [n.datasets.mart];
  const onDataset = (key: DatasetKey, g: Parameters<typeof datasetAccess>[2], authorizedViewsOf: string[] = []) =>
    datasetAccess(n, n.datasets[key], g, [ingestionSaName, dataformSaName], authorizedViewsOf);
  return [
    // Project-wide only what cannot be granted lower: running BigQuery jobs, and Dataflow's worker/launcher roles.
    iamPolicy(
      "project",
      n.projectResource,
      [
        { role: "roles/bigquery.jobUser", member: ingestion },
        { role: "roles/dataflow.worker", member: ingestion },
        { role: "roles/dataflow.developer", member: ingestion },
        // Cloud Scheduler starts the scheduled-ingest workflow with the ingestion account's token.
        { role: "roles/workflows.invoker", member: ingestion },
        { role: "roles/bigquery.jobUser", member: dataform },
        { role: "roles/bigquery.jobUser", member: analysts },
      ],
      [ingestionSaName, dataformSaName],
    ),
    onDataset(
      "raw",
      [
        { role: "roles/bigquery.dataEditor", member: ingestion },
        { role: "roles/bigquery.dataViewer", member: dataform },
        // A BigQuery subscription writes bronze as Pub/Sub's service agent (its tables.get and updateData).
        ...(streaming === "bigquery_subscription" ? [{ role: "roles/bigquery.dataEditor" as const, member: sa(n.pubsubAgent) }] : []),
      ],
      goldViews,
    ),
    onDataset("curated", [{ role: "roles/bigquery.dataEditor", member: dataform }], goldViews),
    onDataset("mart", [
      { role: "roles/bigquery.dataEditor", member: dataform },
      { role: "roles/bigquery.dataViewer", member: analysts },
    ]),
    onDataset("monitoring", [{ role: "roles/bigquery.dataEditor", member: dataform }]),
    onDataset("assertions", [{ role: "roles/bigquery.dataEditor", member: dataform }]),
    // Dataflow reads landed files and writes/deletes its temp and staging files in the same bucket.
    iamPolicy("bucket", `projects/_/buckets/${n.bucket}`, [{ role: "roles/storage.objectAdmin", member: ingestion }], [`projects/_/buckets/${n.bucket}`, ingestionSaName]),
    iamPolicy(
      "pubsub",
      n.subscription,
      [
        // The Dataflow job pulls as the ingestion account; a BigQuery subscription needs no puller.
        ...(streaming === "dataflow" ? [{ role: "roles/pubsub.subscriber", member: ingestion }] : []),
        // Pub/Sub itself must ack a message it forwards to the dead-letter topic.
        { role: "roles/pubsub.subscriber", member: sa(n.pubsubAgent) },
      ],
      [n.subscription, ingestionSaName],
    ),
    iamPolicy("pubsub", n.deadLetterTopic, [{ role: "roles/pubsub.publisher", member: sa(n.pubsubAgent) }], [n.deadLetterTopic]),
    // Cloud Scheduler launches batch jobs as the ingestion account, whose workers run as itself.
    iamPolicy("serviceAccount", ingestionSaName, [{ role: "roles/iam.serviceAccountUser", member: ingestion }], [ingestionSaName]),
    // Dataform's service agent acts as the Dataform account and reads the Git token.
    iamPolicy("serviceAccount", dataformSaName, [{ role: "roles/iam.serviceAccountTokenCreator", member: sa(n.dataformAgent) }], [dataformSaName]),
    iamPolicy("secret", secret, [{ role: "roles/secretmanager.secretAccessor", member: sa(n.dataformAgent) }], []),
  ];
}

/** Each batch's UDF copy and run context are only read while its job runs: they expire with the landed files. */
function runFolders(config: GigaMartConfig, n: Names): string[] {
  const inBucket = `gs://${n.bucket}/`;
  return config.dataflow.udf_folder.startsWith(inBucket) ? [`${config.dataflow.udf_folder.slice(inBucket.length)}/runs/`] : [];
}

/**
 * The POS subscription and the dead-letter topic's: pull subscriptions for the Dataflow job, or
 * BigQuery subscriptions running the UDF bundle (bronze) and the dead-letter row transform.
 */
function streamSubscriptions(config: GigaMartConfig, n: Names, udfBundle: string): DesiredResource[] {
  if (config.streaming.path === "dataflow") return [posSubscription(config, n), deadLetterSubscription(config, n)];
  const into = (table: string, functionName: string, code: string): BigQueryDelivery => ({
    table: `${n.project}.${n.datasets.raw}.${table}`,
    functionName,
    code,
    dependsOn: [tableResource(n, n.datasets.raw, table), `${datasetResource(n, n.datasets.raw)}#access`],
  });
  const pos = sourceContract("pos");
  return [
    posSubscription(config, n, into(pos.bronzeTable, BRONZE_SMT_FUNCTION, bronzeSmtCode(udfBundle, streamingRunContext(config)))),
    deadLetterSubscription(config, n, into(posDeadLetter.name, DEAD_LETTER_SMT_FUNCTION, DEAD_LETTER_SMT_CODE)),
  ];
}

/** Everything `gigamart deploy` makes exist for an environment, in the APIs' own shapes. */
export function desiredState(config: GigaMartConfig, inputs: DeployInputs): DesiredResource[] {
  const n = namesFor(config, inputs.projectNumber);
  const datasetKeys: DatasetKey[] = ["raw", "curated", "mart", "monitoring", "assertions"];
  const pos = sourceContract("pos");
  const bronzeSpecs = bronzeTables.map(bronzeTableSpec);
  const bucketId = `projects/_/buckets/${n.bucket}`;
  // The JSONPath files GCS_Text_to_BigQuery_Flex reads each output table's schema from.
  const schemaFiles = sources.map((s) =>
    uploadedObject(
      n,
      `${config.dataflow.schema_folder}/${s.bronzeTable}.json`,
      bigQuerySchemaFileText(bronzeTable(s.bronzeTable)),
      "application/json",
      `ingestion/contracts bigQuerySchemaFileText(${s.bronzeTable})`,
    ),
  );
  // Each job's javascriptTextTransformGcsPath globs a folder holding the bundle and its run context.
  const udfFolder = (folder: string, context: string, about: string) => [
    uploadedObject(n, `${folder}/${UDF_BUNDLE_FILE}`, inputs.udfBundle.content, "application/javascript", inputs.udfBundle.from),
    uploadedObject(n, `${folder}/context.js`, context, "application/javascript", about),
  ];
  const dataflowStream = config.streaming.path === "dataflow";
  const jobUdfs = [
    ...(dataflowStream ? udfFolder(streamingUdfFolder(config), streamingContext(config), "streaming run context") : []),
    // Scheduled batches copy this bundle into a folder of their own, beside their run context.
    uploadedObject(n, scheduledBundleUri(config), inputs.udfBundle.content, "application/javascript", inputs.udfBundle.from),
  ];
  const ingestionSaName = serviceAccountResource(n, n.ingestionSa);
  const uploads = [...schemaFiles.map((f) => f.id), ...jobUdfs.map((f) => f.id)];
  const secret = config.dataform.git_token_secret_version.replace(/\/versions\/[^/]+$/, "");
  const dataformSaName = serviceAccountResource(n, n.dataformSa);
  return [
    serviceAccount(n, n.ingestionSa, "GigaMart ingestion", "Dataflow jobs and their launches: writes giga_raw only."),
    serviceAccount(n, n.dataformSa, "GigaMart Dataform", "Dataform workflows: reads bronze, writes silver, gold, monitoring and assertions."),
    ...datasetKeys.map((k) => dataset(config, n, k)),
    ...bronzeSpecs.map((t) => rawTable(config, n, t)),
    landingBucket(config, n, [...sources.map((s) => `${s.landingFolder}/`), "dataflow/", ...runFolders(config, n)]),
    ...schemaFiles,
    ...jobUdfs,
    topic(config, n.topic, "pos-stream"),
    topic(config, n.deadLetterTopic, "pos-dead-letter"),
    ...streamSubscriptions(config, n, inputs.udfBundle.content),
    ...grants(n, secret, config.streaming.path),
    ...(dataflowStream
      ? [
          posStreamingJob(config, n, pos, inputs.udfBundle.content, [
            n.subscription,
            tableResource(n, n.datasets.raw, pos.bronzeTable),
            tableResource(n, n.datasets.raw, posDeadLetter.name),
            ...uploads,
            `${n.subscription}#iamPolicy`,
            `${datasetResource(n, n.datasets.raw)}#access`,
            `${n.projectResource}#iamPolicy`,
            `${bucketId}#iamPolicy`,
          ]),
        ]
      : []),
    scheduledIngestWorkflow(config, n, [ingestionSaName, ...uploads, `${ingestionSaName}#iamPolicy`, `${bucketId}#iamPolicy`, `${n.projectResource}#iamPolicy`]),
    ...sources.map((s) => scheduledIngestJob(config, n, { source: s, cadence: s.name === "ecom" ? "hourly" : "daily" })),
    { ...repository(config, n), dependsOn: [dataformSaName, `${dataformSaName}#iamPolicy`, `${secret}#iamPolicy`] },
    releaseConfig(config, n),
    ...PIPELINE_TAGS.map((tag) => workflowConfig(config, n, tag)),
    failureEmailChannel(config, n),
    ...alertPolicies(config, n),
  ];
}

/** Every IAM grant the plan would make, wherever it lives. */
export function allBindings(resources: readonly DesiredResource[]): Binding[] {
  return resources.flatMap((r) => r.bindings ?? []);
}
