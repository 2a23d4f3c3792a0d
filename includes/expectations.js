"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.settings = settings;
exports.median = median;
exports.spread = spread;
// Expectations learnt from history (config monitoring.expectations): a value is judged against the same
// weekday of the recent weeks, by their median and median absolute deviation (MAD), which one outlier
// week (last week's outage, an unannounced spike) barely moves. Plain GoogleSQL: no PERCENTILE_CONT,
// so the same text runs on BigQuery and, translated, on DuckDB.
const names_1 = require("./names");
/** Settings of config monitoring.expectations, from the Dataform vars. */
function settings() {
    return {
        trainingWeeks: (0, names_1.threshold)("expectation_training_weeks"),
        minTrainingWeeks: (0, names_1.threshold)("expectation_min_training_weeks"),
        warnMads: (0, names_1.threshold)("expectation_warn_mads"),
        errorMads: (0, names_1.threshold)("expectation_error_mads"),
        minBandShare: (0, names_1.threshold)("expectation_min_band_share"),
        reportDays: (0, names_1.threshold)("expectation_report_days"),
    };
}
/**
 * The exact median of `value` per `keys` over the rows of `from`, and how many rows it is of (`points`):
 * the middle row, or the mean of the two middle ones (2 x rank is n, n+1 or n+2 exactly there).
 */
function median(from, keys, value = "value") {
    const k = keys.join(", ");
    return `select ${k}, avg(${value}) as median, max(n) as points from (
    select ${k}, ${value}, row_number() over (partition by ${k} order by ${value}) as rk, count(*) over (partition by ${k}) as n
    from ${from}
  ) where 2 * rk between n and n + 2 group by ${k}`;
}
/** The scale of the band: 1.4826 x MAD (a standard deviation for normal data), at least min_band_share of the median. */
function spread(medianExpr, madExpr) {
    return `greatest(1.4826 * ${madExpr}, ${settings().minBandShare} * ${medianExpr})`;
}
