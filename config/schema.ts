import { z } from "zod";
import { ENVIRONMENTS } from "./environments";
import { credentialFreeUrlProblem, cronProblem, LOCATIONS_CHECKED, scheduleTimeZoneProblem, servicesWithoutRegion, sourceTimeZoneProblem } from "./rules";

// The one description of an environment. Every key is required unless it says otherwise, so a
// typo in config_<env>.yaml is an "unknown key" error instead of a silently ignored setting.
/** A string that `problem` (config/rules.ts) finds nothing wrong with; its message names what is. */
const checked = (problem: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  });
const cron = checked(cronProblem);
const region = checked((r) => {
  const missing = servicesWithoutRegion(r);
  return missing.length === 0 ? undefined : `'${r}' is not a documented location of ${missing.join(", ")} (config/service-locations.json, checked ${LOCATIONS_CHECKED})`;
});
const gcsUri = z.string().regex(/^gs:\/\/[a-z0-9._-]+(\/.*)?$/, "expected a gs:// URI");
const datasetName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected a BigQuery dataset name");
const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "expected an e-mail address");
const serviceAccountId = z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "expected a service account id (6-30 chars, a-z0-9-)");
// A date as BigQuery's DATE literal takes it.
const isoDate = z
  .string()
  .refine((d) => {
    const ms = Date.parse(`${d}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(d);
  }, "expected a date 'YYYY-MM-DD'");
const threshold = z.object({ warn: z.number().nonnegative(), error: z.number().nonnegative() }).strict();

export const configSchema = z
  .object({
    env: z.enum(ENVIRONMENTS),
    gcp: z
      .object({
        project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "expected a Google Cloud project id"),
        region,
        labels: z.record(z.string(), z.string()),
      })
      .strict(),
    datasets: z
      .object({
        raw: datasetName,
        curated: datasetName,
        mart: datasetName,
        monitoring: datasetName,
        assertions: datasetName,
      })
      .strict(),
    landing: z
      .object({
        bucket: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, "expected a bucket name"),
        local_dir: z.string().min(1),
        source_time_zone: checked(sourceTimeZoneProblem),
        delete_after_days: z.number().int().positive(),
      })
      .strict(),
    warehouse: z.object({ local_file: z.string().min(1) }).strict(),
    pubsub: z
      .object({
        topic: z.string().min(1),
        subscription: z.string().min(1),
        dead_letter_topic: z.string().min(1),
        max_delivery_attempts: z.number().int().min(5).max(100),
        ack_deadline_seconds: z.number().int().min(10).max(600),
        min_backoff_seconds: z.number().int().min(0).max(600),
        max_backoff_seconds: z.number().int().min(0).max(600),
      })
      .strict(),
    // How POS messages reach bronze: the PubSub_to_BigQuery_Flex job (always on) or a Pub/Sub BigQuery
    // subscription running the same UDF as a single-message transform (nothing runs at idle).
    streaming: z.object({ path: z.enum(["dataflow", "bigquery_subscription"]) }).strict(),
    dataflow: z
      .object({
        machine_type: z.string().min(1),
        max_workers: z.number().int().positive(),
        temp_location: gcsUri,
        staging_location: gcsUri,
        udf_folder: gcsUri,
        schema_folder: gcsUri,
        template_root: gcsUri,
        streaming_job_name: z.string().min(1),
      })
      .strict(),
    dataform: z
      .object({
        repository: z.string().min(1),
        git_remote_url: checked(credentialFreeUrlProblem),
        default_branch: z.string().min(1),
        // A Secret Manager resource name: where the token lives, never the token itself.
        git_token_secret_version: z.string().regex(/^projects\/[^/]+\/secrets\/[^/]+\/versions\/[^/]+$/),
        release_config: z.string().min(1),
        schema_suffix: z.string(),
        vars: z.record(z.string(), z.string()),
      })
      .strict(),
    schedules: z
      .object({
        time_zone: checked(scheduleTimeZoneProblem),
        daily: cron,
        hourly: cron,
        realtime: cron,
        monitoring: cron,
        daily_ingestion: cron,
        hourly_ingestion: cron,
        release_compile: cron,
      })
      .strict(),
    monitoring: z
      .object({
        freshness_minutes: z.object({ pos: threshold, ecom: threshold, crm: threshold, inventory: threshold }).strict(),
        // Expectations learnt from history: the same weekday over the last training_weeks weeks, median and MAD.
        expectations: z
          .object({
            training_weeks: z.number().int().min(2).max(52),
            min_training_weeks: z.number().int().min(2),
            warn_mads: z.number().positive(),
            error_mads: z.number().positive(),
            // The band is at least this share of the median wide, so a steady source (MAD 0) is not flagged for noise.
            min_band_share: z.number().min(0).max(1),
            report_days: z.number().int().min(1).max(366),
          })
          .strict()
          .refine((e) => e.min_training_weeks <= e.training_weeks, { message: "min_training_weeks must not exceed training_weeks", path: ["min_training_weeks"] })
          .refine((e) => e.error_mads >= e.warn_mads, { message: "error_mads must be at least warn_mads", path: ["error_mads"] }),
        // Days whose volume is expected to differ (a festival sale): expected = weekday median x factor.
        announced_events: z.array(
          z
            .object({
              // Carried in one Dataform var (config/dataform-vars.ts), which these characters would split.
              name: z.string().regex(/^[^|;,]+$/, "expected a name without | ; or ,"),
              starts_on: isoDate,
              ends_on: isoDate,
              factor: z.number().positive(),
              sources: z.array(z.enum(["pos", "ecom", "inventory"])).min(1),
            })
            .strict()
            .refine((e) => e.starts_on <= e.ends_on, { message: "ends_on is before starts_on", path: ["ends_on"] }),
        ),
        // Schema drift (columns against the source contract) is reported over loads of the last this many days.
        schema_drift_days: z.number().int().min(1).max(366),
        invalid_share: threshold,
        dead_letter_share: threshold,
        // A Dataflow batch job is still writing bronze for a while after its manifest rows exist.
        load_settle_minutes: z.number().int().positive(),
      })
      .strict(),
    // How late (days after its normal batch) an event may land and still be placed in its partition;
    // incremental models read back this far, and a later event is quarantined and logged.
    late_data: z.object({ window_days: z.number().int().min(1).max(3650) }).strict(),
    // The offline BigQuery cost estimate (`gigamart cost`): the on-demand price with where and when it
    // was read, and the production volume of each bronze table, which scales local table sizes.
    cost: z
      .object({
        on_demand_usd_per_tib: z.number().positive(),
        price_source: z.string().regex(/^https:\/\/cloud\.google\.com\//, "expected the Google Cloud page the price was read on"),
        price_checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected the date the price was read (yyyy-mm-dd)"),
        production_rows_per_day: z.record(z.string(), z.number().int().nonnegative()),
      })
      .strict(),
    alerts: z.object({ email_on_failure: email }).strict(),
    service_accounts: z
      .object({ ingestion: serviceAccountId, dataform: serviceAccountId, analysts_group: email })
      .strict(),
  })
  .strict()
  .superRefine((config, ctx) => {
    // The ingestion account may write only the landing bucket, whose lifecycle also expires the
    // Dataflow temp files and UDF run folders: every Dataflow path must live there.
    for (const key of ["temp_location", "staging_location", "udf_folder", "schema_folder"] as const) {
      const bucket = /^gs:\/\/([^/]+)/.exec(config.dataflow[key])![1];
      if (bucket !== config.landing.bucket) {
        ctx.addIssue({ code: "custom", path: ["dataflow", key], message: `bucket '${bucket}' is not landing.bucket '${config.landing.bucket}' (the ingestion account may write only there)` });
      }
    }
    // Google publishes the Flex templates per region; a job must launch from its own region's bucket.
    const templates = `gs://dataflow-templates-${config.gcp.region}/`;
    if (!config.dataflow.template_root.startsWith(templates)) {
      ctx.addIssue({ code: "custom", path: ["dataflow", "template_root"], message: `expected Google's template bucket of gcp.region (${templates}…)` });
    }
  });

export type GigaMartConfig = z.infer<typeof configSchema>;
