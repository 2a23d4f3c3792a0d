// What Google documents about how soon a published POS event can be read in BigQuery on each
// streaming path, and what our own schedule adds. Read 2026-12-03. Where Google gives no number we
// say so rather than invent one; the realtime schedule's share comes from config (schedules.realtime).
import { CronExpressionParser } from "cron-parser";
import type { GigaMartConfig } from "../../config/load";

export const SOURCES_CHECKED = "2026-12-03";

export interface DocumentedFact {
  readonly says: string;
  readonly source: string;
}

/** Per streaming path: what lies between publication and a row pos_sales_today (a view over bronze) can read. */
export const PATH_FACTS: Readonly<Record<"bigquery_subscription" | "dataflow", readonly DocumentedFact[]>> = {
  bigquery_subscription: [
    {
      says: "A BigQuery subscription writes messages to the table as they are received, in batches, through the BigQuery Storage Write API; no separate subscriber runs.",
      source: "https://cloud.google.com/pubsub/docs/bigquery",
    },
    {
      says: "Storage Write API, committed type (the default stream too): data is available for query as soon as the server acknowledges the write request.",
      source: "https://cloud.google.com/bigquery/docs/write-api-streaming",
    },
  ],
  dataflow: [
    {
      says: "PubSub_to_BigQuery_Flex reads the subscription in a streaming Dataflow job; its optional useStorageWriteApi switches the write to the Storage Write API (we leave it unset: streaming inserts).",
      source: "https://cloud.google.com/dataflow/docs/guides/templates/provided/pubsub-to-bigquery",
    },
    {
      says: "Google suggests a Pub/Sub BigQuery subscription with a UDF instead, where it meets the requirements.",
      source: "https://cloud.google.com/dataflow/docs/guides/templates/provided/pubsub-to-bigquery",
    },
  ],
};

/** What we looked for and did not find as a number in Google's pages (searched 2026-12-03). */
export const NOT_DOCUMENTED = [
  "an end-to-end latency figure for a Pub/Sub BigQuery subscription (publication to a queryable row)",
  "an end-to-end latency figure for a Dataflow streaming job or PubSub_to_BigQuery_Flex",
  "a minimum interval for a Dataform workflow configuration's cron schedule",
] as const;

export interface ScheduleShare {
  cron: string;
  /** Longest gap between two scheduled realtime runs over a day, in seconds. */
  interval_seconds: number;
  /** An event arriving at a uniformly random moment waits half the gap for the next run on average, the whole gap at worst. */
  mean_wait_seconds: number;
  max_wait_seconds: number;
}

/** What the realtime schedule adds before sales_fact and the monitoring logs hold an event: the wait for the next run. */
export function realtimeScheduleShare(config: GigaMartConfig): ScheduleShare {
  const cron = config.schedules.realtime;
  const it = CronExpressionParser.parse(cron, { currentDate: new Date("2026-12-01T00:00:00Z"), tz: config.schedules.time_zone });
  const times = Array.from({ length: 200 }, () => it.next().getTime());
  const interval = Math.max(...times.slice(1).map((t, i) => t - times[i]!)) / 1000;
  return { cron, interval_seconds: interval, mean_wait_seconds: interval / 2, max_wait_seconds: interval };
}
