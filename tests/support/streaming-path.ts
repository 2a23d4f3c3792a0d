import type { GigaMartConfig } from "../../config/load";

/** The config with the POS stream on the Dataflow job, for tests of that job whatever the environment chose. */
export function onDataflowPath(config: GigaMartConfig): GigaMartConfig {
  return { ...config, streaming: { path: "dataflow" } };
}

export function onSubscriptionPath(config: GigaMartConfig): GigaMartConfig {
  return { ...config, streaming: { path: "bigquery_subscription" } };
}
