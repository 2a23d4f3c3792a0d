import type { GigaMartConfig } from "./schema";

/**
 * The Dataform vars an environment compiles with: dataset names, the source time zone, the late
 * window and the monitoring thresholds, all from config, then `dataform.vars` on top. Local runs and the release
 * configurations both use this, and workflow_settings.yaml carries the dev values as defaults for a
 * bare `dataform compile` (a test keeps them equal). Dataform vars are strings.
 */
export function dataformVars(config: GigaMartConfig): Record<string, string> {
  const m = config.monitoring;
  const derived: Record<string, string | number> = {
    raw_dataset: config.datasets.raw,
    curated_dataset: config.datasets.curated,
    mart_dataset: config.datasets.mart,
    monitoring_dataset: config.datasets.monitoring,
    source_time_zone: config.landing.source_time_zone,
    late_window_days: config.late_data.window_days,
    ...Object.fromEntries(
      Object.entries(m.freshness_minutes).flatMap(([source, t]) => [
        [`freshness_${source}_warn_minutes`, t.warn],
        [`freshness_${source}_error_minutes`, t.error],
      ]),
    ),
    ...Object.fromEntries(Object.entries(m.expectations).map(([key, value]) => [`expectation_${key}`, value])),
    // One var: Dataform vars are flat strings and its --vars cannot hold a comma, so
    // "name|starts_on|ends_on|factor|source source;…" (includes_src/names.ts announcedEvents reads it back).
    announced_events: m.announced_events.map((e) => [e.name, e.starts_on, e.ends_on, e.factor, e.sources.join(" ")].join("|")).join(";"),
    schema_drift_days: m.schema_drift_days,
    invalid_share_warn: m.invalid_share.warn,
    invalid_share_error: m.invalid_share.error,
    dead_letter_share_warn: m.dead_letter_share.warn,
    dead_letter_share_error: m.dead_letter_share.error,
    load_settle_minutes: m.load_settle_minutes,
  };
  return { ...Object.fromEntries(Object.entries(derived).map(([k, v]) => [k, String(v)])), ...config.dataform.vars };
}
