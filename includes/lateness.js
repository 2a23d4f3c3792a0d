"use strict";
// Business dates and lateness. A source's daily batch lands the morning after the business day, so an
// event is late when it was ingested after that: days_late = local ingestion date - event date - 1.
Object.defineProperty(exports, "__esModule", { value: true });
exports.EPOCH = exports.LOOKBACK_DAYS = void 0;
exports.localDate = localDate;
exports.daysLate = daysLate;
exports.recentPartitions = recentPartitions;
/** Days after the normal batch a late event may still arrive; incremental reads look back this far. */
exports.LOOKBACK_DAYS = 30;
/** The calendar date of a timestamp in the source time zone. */
function localDate(tsExpr, timeZone) {
    return `date(${tsExpr}, '${timeZone}')`;
}
/** How many days after its normal batch an event landed (0 = on time). */
function daysLate(eventDateExpr, ingestionTsExpr, timeZone) {
    return `greatest(date_diff(${localDate(ingestionTsExpr, timeZone)}, ${eventDateExpr}, day) - 1, 0)`;
}
/** Partition filter for incremental reads: event dates a batch after the watermark can still hold. */
function recentPartitions(dateColumn, watermarkVariable) {
    return `${dateColumn} >= date_sub(date(${watermarkVariable}), interval ${exports.LOOKBACK_DAYS} day)`;
}
/** A timestamp earlier than any load: the watermark of an empty table. */
exports.EPOCH = "timestamp '1970-01-01 00:00:00+00'";
