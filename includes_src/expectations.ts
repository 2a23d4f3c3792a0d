// Expectations learnt from history (config monitoring.expectations): a value is judged against the same
// weekday of the recent weeks, by their median and median absolute deviation (MAD), which one outlier
// week (last week's outage, an unannounced spike) barely moves. Plain GoogleSQL: no PERCENTILE_CONT,
// so the same text runs on BigQuery and, translated, on DuckDB.
import { threshold } from "./names";

/** Settings of config monitoring.expectations, from the Dataform vars. */
export function settings(): { trainingWeeks: number; minTrainingWeeks: number; warnMads: number; errorMads: number; minBandShare: number; reportDays: number } {
  return {
    trainingWeeks: threshold("expectation_training_weeks"),
    minTrainingWeeks: threshold("expectation_min_training_weeks"),
    warnMads: threshold("expectation_warn_mads"),
    errorMads: threshold("expectation_error_mads"),
    minBandShare: threshold("expectation_min_band_share"),
    reportDays: threshold("expectation_report_days"),
  };
}

/**
 * The exact median of `value` per `keys` over the rows of `from`, and how many rows it is of (`points`):
 * the middle row, or the mean of the two middle ones (2 x rank is n, n+1 or n+2 exactly there).
 */
export function median(from: string, keys: readonly string[], value = "value"): string {
  const k = keys.join(", ");
  return `select ${k}, avg(${value}) as median, max(n) as points from (
    select ${k}, ${value}, row_number() over (partition by ${k} order by ${value}) as rk, count(*) over (partition by ${k}) as n
    from ${from}
  ) where 2 * rk between n and n + 2 group by ${k}`;
}

/** The scale of the band: 1.4826 x MAD (a standard deviation for normal data), at least min_band_share of the median. */
export function spread(medianExpr: string, madExpr: string): string {
  return `greatest(1.4826 * ${madExpr}, ${settings().minBandShare} * ${medianExpr})`;
}
