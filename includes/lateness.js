"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EPOCH = void 0;
exports.localDate = localDate;
exports.daysLate = daysLate;
exports.tooLate = tooLate;
exports.recentPartitions = recentPartitions;
// Business dates and lateness. A source's daily batch lands the morning after the business day, so an
// event is late when it was ingested after that: days_late = local ingestion date - event date - 1.
// Lateness is a property of the row (its business date and its own ingestion_ts), never of when the
// pipeline happened to run, so the logs do not depend on how loads were batched into runs.
const names_1 = require("./names");
/** The calendar date of a timestamp in the source time zone. */
function localDate(tsExpr, timeZone) {
    return `date(${tsExpr}, '${timeZone}')`;
}
/** How many days after its normal batch an event landed (0 = on time). */
function daysLate(eventDateExpr, ingestionTsExpr, timeZone) {
    return `greatest(date_diff(${localDate(ingestionTsExpr, timeZone)}, ${eventDateExpr}, day) - 1, 0)`;
}
/**
 * A row later than the late window (config late_data.window_days): it is quarantined and logged to
 * late_arriving_data instead of reopening a partition older than incremental reads look at.
 */
function tooLate(eventDateExpr, ingestionTsExpr) {
    return `${daysLate(eventDateExpr, ingestionTsExpr, (0, names_1.timeZone)())} > ${(0, names_1.lateWindowDays)()}`;
}
/**
 * Partition filter for incremental reads: every event date a row loaded after the watermark can hold
 * without being too late (its local ingestion date is at least the watermark's, so the window plus the
 * normal batch's day back from that).
 */
function recentPartitions(dateColumn, watermarkVariable) {
    return `${dateColumn} >= date_sub(${localDate(watermarkVariable, (0, names_1.timeZone)())}, interval ${(0, names_1.lateWindowDays)() + 1} day)`;
}
/** A timestamp earlier than any load: the watermark of an empty table. */
exports.EPOCH = "timestamp '1970-01-01 00:00:00+00'";
